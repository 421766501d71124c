// `infratwin init` end to end: a study in a temporary folder installs the packed tarball and runs its starter notebook on tslab.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT } from "../../lib/cli/jupyter";

const python = findJupyterPython();
const inCi = process.env.CI === "true" || process.env.CI === "1";
if (!python && !inCi) console.warn(`init test skipped: Jupyter is not installed (${JUPYTER_INSTALL_HINT})`);

describe.skipIf(!python && !inCi)("infratwin init", () => {
  const dir = mkdtempSync(join(tmpdir(), "infratwin-init-"));
  // A study holds a full node_modules: removing it takes a while on a busy machine.
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

  it("creates a study that installs from the npm pack tarball and runs its starter notebook", () => {
    expect(python, JUPYTER_INSTALL_HINT).toBeDefined();
    // The tarball is what a user gets; --ignore-scripts because dist/ is already built (pretest).
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: PACKAGE_ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    const study = join(dir, "study");
    // Offline-first from the npm cache the repository's own install filled.
    const init = spawnSync(process.execPath, [join(PACKAGE_ROOT, "dist", "cli", "main.js"), "init", study, "--from", join(dir, tarball!)], { cwd: dir, encoding: "utf8" });
    expect(init.status, `${init.stdout}\n${init.stderr.slice(-3000)}`).toBe(0);
    expect(existsSync(join(study, "node_modules", "infratwin", "dist", "index.js"))).toBe(true);
    expect(existsSync(join(study, "node_modules", "danfojs-node"))).toBe(true);
    const spec = JSON.parse(readFileSync(join(study, ".cache", "jupyter", "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
    expect(spec.argv[1]).toBe(join(study, "node_modules", "infratwin", "dist", "cli", "tslab-kernel.js"));

    const notebooks = join(study, "notebooks");
    const run = spawnSync(python!, [join(PACKAGE_ROOT, "test", "notebooks", "run_notebook.py"), join(notebooks, "01-first-study.ipynb"), "--timeout", "300"], {
      cwd: notebooks,
      encoding: "utf8",
      env: jupyterEnv(process.env, { root: study }),
    });
    const report = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
    expect(report, run.stderr.slice(-3000)).toMatchObject({ ok: true, cells: 4 });
  }, 900_000);
});
