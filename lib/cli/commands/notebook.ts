// `infratwin notebook`: registers the tslab kernel and starts Jupyter on notebooks/ (of this package, or of the study folder it runs in).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT, parseCommandArgs, type Command } from "../command";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT, registerKernel } from "../jupyter";

/** The study folder the command runs in (a package.json that depends on infratwin), or undefined. */
export function studyRoot(dir: string = process.cwd()): string | undefined {
  const path = join(dir, "package.json");
  if (resolve(dir) === PACKAGE_ROOT || !existsSync(path)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(path, "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    return pkg.dependencies?.infratwin || pkg.devDependencies?.infratwin ? resolve(dir) : undefined;
  } catch {
    return undefined;
  }
}

export const command: Command = {
  name: "notebook",
  summary: "Register the tslab kernel and start Jupyter on the notebooks folder",
  help: [
    "Usage: infratwin notebook [--register-only] [--port N]",
    "",
    "Registers the TypeScript kernel (tslab, with error outputs Jupyter can show) in .cache/jupyter and starts",
    "Jupyter Notebook on notebooks/. In a study folder made by `infratwin init` both are the study's own.",
    "Needs Jupyter: " + JUPYTER_INSTALL_HINT,
  ].join("\n"),
  async run(args) {
    const { options } = parseCommandArgs(args, { command: "notebook", values: ["port"], switches: ["register-only"] });
    const study = studyRoot();
    const root = study ?? PACKAGE_ROOT;
    registerKernel(undefined, { root });
    const env = jupyterEnv(process.env, { root });
    console.log(`kernel "tslab" registered for ${root} (JUPYTER_PATH=${env.JUPYTER_PATH})`);
    if (options["register-only"]) return EXIT.ok;
    const python = findJupyterPython();
    if (!python) {
      console.error(`infratwin notebook: Jupyter is not installed. Install it with: ${JUPYTER_INSTALL_HINT}`);
      return EXIT.failed;
    }
    const notebookArgs = ["-m", "notebook", `--notebook-dir=${join(root, "notebooks")}`];
    if (typeof options.port === "string") notebookArgs.push(`--port=${options.port}`);
    const probe = spawnSync(python, ["-c", "import notebook"], { stdio: "ignore" });
    if (probe.status !== 0) {
      console.error(`infratwin notebook: the notebook server is not installed; ${JUPYTER_INSTALL_HINT}`);
      return EXIT.failed;
    }
    const child = spawn(python, notebookArgs, { stdio: "inherit", env });
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? EXIT.failed)));
  },
};
