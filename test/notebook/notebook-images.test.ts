// An executed notebook with five charts carries a PNG per chart, stays small, and its nbconvert HTML shows the charts with scripts disabled.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJupyterPython, JUPYTER_INSTALL_HINT, jupyterEnv, PACKAGE_ROOT, registerKernel } from "../../lib/cli/jupyter";
import { chromiumPath, CHROMIUM_ARGS, staticImageProblem } from "../../lib/notebook/image-renderer";

const python = findJupyterPython();
const problem = staticImageProblem();
const inCi = process.env.CI === "true" || process.env.CI === "1";
const missing = !python ? `Jupyter is not installed (${JUPYTER_INSTALL_HINT})` : problem;
if (missing && !inCi) console.warn(`notebook image tests skipped: ${missing}`);

// The byte budget pins the charts' encoding (PNG beside plotly JSON), so the run records the model's own values
// ("clean"): the default realism's noise adds ~55 KB of PNG detail to the line charts and would mix the two questions.
const CELLS = [
  'import { loadTopology, createTwin, show, timeSeries, heatmap } from "infratwin";',
  'const bank = loadTopology("reference-bank");\nconst run = createTwin(bank, { seed: 3, start: "2026-11-25", horizon: "6h", step: "1m", realism: "clean", faults: [{ kind: "database_crash", target: "db-core-banking-primary", at: "02:00", duration: "30m" }] }).run();',
  'const tier1 = ["svc-payments", "svc-mobile-banking", "svc-core-accounts"];\nshow(timeSeries(run, { metric: "latency_ms", nodes: tier1, log: ["latency_ms"], title: "latency" }));',
  'show(timeSeries(run, { metric: "error_rate", nodes: tier1, title: "errors" }));',
  'show(timeSeries(run, { metric: "cpu", nodes: ["db-core-banking-primary"], title: "cpu" }));',
  "show(heatmap(run));",
  "show(bank);",
];

describe.skipIf(missing !== undefined && !inCi)("charts in executed notebooks", () => {
  let dir: string;
  beforeAll(() => {
    expect(missing, String(missing)).toBeUndefined();
    registerKernel(python);
    // Inside the package so `import ... from "infratwin"` resolves as it does for notebooks/.
    mkdirSync(join(PACKAGE_ROOT, ".cache"), { recursive: true });
    dir = mkdtempSync(join(PACKAGE_ROOT, ".cache", "notebook-images-"));
    const cells = CELLS.map((source, i) => ({ id: `c${i}`, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source }));
    writeFileSync(join(dir, "charts.ipynb"), JSON.stringify({ cells, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 }));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("each chart has a static image beside its plotly JSON, the notebook stays under 1.6 MB, and nbconvert HTML shows the images with scripts off", async () => {
    const executed = join(dir, "executed.ipynb");
    const run = spawnSync(python!, [join(PACKAGE_ROOT, "test", "notebooks", "run_notebook.py"), join(dir, "charts.ipynb"), "--timeout", "300", "--out", executed], {
      encoding: "utf8",
      env: jupyterEnv(),
      cwd: dir,
    });
    expect(run.status, `${run.stdout}\n${run.stderr.slice(-3000)}`).toBe(0);
    const nb = JSON.parse(readFileSync(executed, "utf8"));
    const images = nb.cells.flatMap((c: { outputs: { data?: Record<string, string> }[] }) => c.outputs.filter((o) => o.data?.["image/png"] || o.data?.["image/jpeg"]));
    expect(images).toHaveLength(5);
    // Line charts stay PNG; only dense figures switch to JPEG.
    expect(images.filter((o: { data: Record<string, string> }) => o.data["image/png"]).length).toBeGreaterThanOrEqual(3);
    for (const o of images) expect(o.data["application/vnd.plotly.v1+json"]).toBeDefined();
    const bytes = statSync(executed).size;
    console.log(JSON.stringify({ executedNotebookBytes: bytes, charts: 5 }));
    // 1.6 MB: the topology's image now carries every label that fits (placed without overlap), ~70 KB more than bare markers.
    expect(bytes).toBeLessThanOrEqual(1.6 * 1024 * 1024);

    const html = join(dir, "executed.html");
    const convert = spawnSync(python!, ["-m", "nbconvert", "--to", "html", "--output", "executed", executed], { encoding: "utf8", env: jupyterEnv(), cwd: dir });
    expect(convert.status, convert.stderr).toBe(0);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.route(/^(https?|wss?):/, (route) => route.abort());
      await page.goto(`file://${html}`);
      const images = await page.$$eval('img[src^="data:image/"]', (imgs) =>
        imgs.map((i) => {
          const img = i as unknown as { naturalWidth: number; naturalHeight: number; getBoundingClientRect(): { height: number } };
          return { w: img.naturalWidth, h: img.naturalHeight, shown: img.getBoundingClientRect().height };
        }),
      );
      expect(images).toHaveLength(5);
      for (const image of images) {
        expect(image.w).toBeGreaterThan(100);
        expect(image.shown).toBeGreaterThan(100);
      }
      mkdirSync(join(PACKAGE_ROOT, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: join(PACKAGE_ROOT, "test-artifacts", "notebook-no-scripts.png"), fullPage: false });
    } finally {
      await browser.close();
    }
  }, 600_000);
});
