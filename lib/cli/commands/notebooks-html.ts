// `infratwin notebooks-html`: executes every notebook on the tslab kernel and writes shareable HTML copies to out/notebooks.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, stringOption, type Command } from "../command";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT, registerKernel } from "../jupyter";

export const command: Command = {
  name: "notebooks-html",
  summary: "Execute the notebooks and write HTML copies for sharing (npm run notebooks:html)",
  help: ["Usage: infratwin notebooks-html [--out DIR] [name ...]", "", "Runs notebooks/*.ipynb top to bottom with nbconvert and writes HTML to DIR (default out/notebooks)."].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "notebooks-html", values: ["out"] });
    const dir = ensureOutputDir("notebooks-html", stringOption(options, "out") ?? join(PACKAGE_ROOT, "out", "notebooks"));
    const notebooksDir = join(PACKAGE_ROOT, "notebooks");
    const names = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb") && (positionals.length === 0 || positionals.some((p) => f.startsWith(p)))).sort();
    if (names.length === 0) throw new CliUsageError(`infratwin notebooks-html: no notebook matches ${JSON.stringify(positionals.join(" "))}; the notebooks are ${readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).join(", ")}.`);
    const python = findJupyterPython();
    if (!python) {
      console.error(`infratwin notebooks-html: Jupyter is not installed. Install it with: ${JUPYTER_INSTALL_HINT}`);
      return EXIT.failed;
    }
    registerKernel(python);
    let failed = 0;
    for (const name of names) {
      const result = spawnSync(python, ["-m", "nbconvert", "--to", "html", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=900", "--output-dir", dir, join(notebooksDir, name)], {
        cwd: notebooksDir,
        env: jupyterEnv(),
        encoding: "utf8",
      });
      if (result.status === 0) console.log(`ok    ${join(dir, name.replace(/\.ipynb$/, ".html"))}`);
      else {
        failed++;
        console.error(`FAIL  ${name}\n${(result.stderr || "").split("\n").slice(-15).join("\n")}`);
      }
    }
    return failed > 0 ? EXIT.failed : EXIT.ok;
  },
};
