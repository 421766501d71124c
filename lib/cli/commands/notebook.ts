// `infratwin notebook`: registers the tslab kernel against this package's tslab and starts Jupyter on notebooks/.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { EXIT, parseCommandArgs, type Command } from "../command";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT, registerKernel } from "../jupyter";

export const command: Command = {
  name: "notebook",
  summary: "Register the tslab kernel and start Jupyter on the notebooks folder",
  help: [
    "Usage: infratwin notebook [--register-only] [--port N]",
    "",
    "Registers the TypeScript kernel (tslab, from this package's node_modules) in .cache/jupyter and starts",
    "Jupyter Notebook on notebooks/. Needs Jupyter: " + JUPYTER_INSTALL_HINT,
  ].join("\n"),
  async run(args) {
    const { options } = parseCommandArgs(args, { command: "notebook", values: ["port"], switches: ["register-only"] });
    const python = findJupyterPython();
    if (!python) {
      console.error(`infratwin notebook: Jupyter is not installed. Install it with: ${JUPYTER_INSTALL_HINT}`);
      return EXIT.failed;
    }
    registerKernel(python);
    console.log(`kernel "tslab" registered for ${python} (JUPYTER_PATH=${jupyterEnv().JUPYTER_PATH})`);
    if (options["register-only"]) return EXIT.ok;
    const notebookArgs = ["-m", "notebook", `--notebook-dir=${join(PACKAGE_ROOT, "notebooks")}`];
    if (typeof options.port === "string") notebookArgs.push(`--port=${options.port}`);
    const probe = spawnSync(python, ["-c", "import notebook"], { stdio: "ignore" });
    if (probe.status !== 0) {
      console.error(`infratwin notebook: the notebook server is not installed; ${JUPYTER_INSTALL_HINT}`);
      return EXIT.failed;
    }
    const child = spawn(python, notebookArgs, { stdio: "inherit", env: jupyterEnv() });
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? EXIT.failed)));
  },
};
