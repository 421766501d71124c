// The registered kernel reports failing cells as Jupyter errors (name, message, cell line) under nbclient and nbconvert, and the runner fails on them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT, registerKernel } from "../../lib/cli/jupyter";

const python = findJupyterPython();
const inCi = process.env.CI === "true" || process.env.CI === "1";
if (!python && !inCi) console.warn(`kernel error tests skipped: Jupyter (nbclient) is not installed. Install it with: ${JUPYTER_INSTALL_HINT}`);

function notebook(sources: string[]): string {
  const cells = sources.map((source, i) => ({ id: `c${i}`, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source }));
  return JSON.stringify({ cells, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 });
}

const CELLS = [
  "const base = 40;",
  'class LedgerMismatch extends Error {\n  name = "LedgerMismatch";\n}\nconst total = base + 2;\nthrow new LedgerMismatch(`ledger off by ${total}`);',
  'const wrong: number = "text";',
  'console.log("later cell ran", base + 1);',
];

describe.skipIf(!python && !inCi)("tslab kernel errors", () => {
  let dir: string;
  beforeAll(() => {
    expect(python, `Jupyter (nbclient) not found; install it with: ${JUPYTER_INSTALL_HINT}`).toBeDefined();
    registerKernel(python);
    dir = mkdtempSync(join(tmpdir(), "infratwin-kernel-"));
    writeFileSync(join(dir, "failing.ipynb"), notebook(CELLS));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("run_notebook.py fails on the first error and reports its name, message and cell line", () => {
    const out = join(dir, "executed.ipynb");
    const result = spawnSync(python!, [join(PACKAGE_ROOT, "test", "notebooks", "run_notebook.py"), join(dir, "failing.ipynb"), "--timeout", "120", "--out", out], {
      encoding: "utf8",
      env: jupyterEnv(),
      cwd: dir,
    });
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout.trim().split("\n").pop()!);
    expect(report).toMatchObject({ ok: false, cell: 1, ename: "LedgerMismatch", evalue: "ledger off by 42" });
    expect(report.traceback).toContain("5 | throw new LedgerMismatch(`ledger off by ${total}`);");
    const executed = JSON.parse(readFileSync(out, "utf8"));
    expect(executed.cells[0].execution_count).toBe(1);
    const error = executed.cells[1].outputs.find((o: { output_type: string }) => o.output_type === "error");
    expect(error).toMatchObject({ ename: "LedgerMismatch", evalue: "ledger off by 42" });
    expect(executed.cells[1].execution_count).toBe(2);
  }, 180_000);

  it("nbconvert --allow-errors shows each error in its cell and runs the cells after it", () => {
    const result = spawnSync(
      python!,
      ["-m", "nbconvert", "--to", "html", "--execute", "--allow-errors", "--ExecutePreprocessor.kernel_name=tslab", "--output-dir", dir, "--output", "failing", join(dir, "failing.ipynb")],
      { encoding: "utf8", env: jupyterEnv(), cwd: dir },
    );
    expect(result.status, result.stderr).toBe(0);
    const html = readFileSync(join(dir, "failing.html"), "utf8");
    expect(html).toContain("LedgerMismatch");
    expect(html).toContain("ledger off by 42");
    expect(html).toContain("Type &#39;string&#39; is not assignable to type &#39;number&#39;");
    expect(html).toContain("later cell ran 41");
  }, 180_000);
});
