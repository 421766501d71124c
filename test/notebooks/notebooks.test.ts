// Runs every notebooks/*.ipynb top to bottom on the tslab kernel; the first cell error fails the test.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findJupyterPython, jupyterEnv, JUPYTER_INSTALL_HINT, PACKAGE_ROOT, registerKernel } from "../../lib/cli/jupyter";

const notebooksDir = join(PACKAGE_ROOT, "notebooks");
const notebooks = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
const python = findJupyterPython();
const inCi = process.env.CI === "true" || process.env.CI === "1";

if (!python && !inCi) {
  console.warn(`notebook tests skipped: Jupyter (nbclient) is not installed. Install it with: ${JUPYTER_INSTALL_HINT}`);
}

describe.skipIf(!python && !inCi)("notebooks on the tslab kernel", () => {
  it("Jupyter is installed (required with CI=true)", () => {
    expect(python, `Jupyter (nbclient) not found; install it with: ${JUPYTER_INSTALL_HINT}`).toBeDefined();
    registerKernel(python!);
  });

  it.each(notebooks)("%s runs top to bottom", (name) => {
    expect(python, "Jupyter missing").toBeDefined();
    const result = spawnSync(python!, [join(__dirname, "run_notebook.py"), join(notebooksDir, name), "--timeout", "600"], {
      encoding: "utf8",
      env: jupyterEnv(),
      cwd: notebooksDir,
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = result.stdout.trim().split("\n").pop() ?? "";
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(line);
    } catch {
      throw new Error(`${name}: the notebook runner printed no report.\nstdout: ${result.stdout}\nstderr: ${result.stderr.slice(-4000)}`);
    }
    if (!report.ok) {
      const where = report.cell === null || report.cell === undefined ? "before any cell failed" : `cell ${report.cell}`;
      throw new Error(
        `${name}, ${where}: ${report.ename}: ${report.evalue}\n--- cell source ---\n${report.source ?? ""}\n--- traceback ---\n${report.traceback ?? ""}`,
      );
    }
    expect(report.ok).toBe(true);
  }, 900_000);
});
