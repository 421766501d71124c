// The live dashboard in real headless Chromium: the page loads, the run advances, a fault turns nodes red, a fork appears, a panel is saved, no console errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDashboard, type Dashboard } from "../../lib/dashboard";
import { chromiumPath, CHROMIUM_ARGS } from "../../lib/notebook/image-renderer";

const ROOT = join(__dirname, "..", "..");
const inCi = process.env.CI === "true" || process.env.CI === "1";
let playwright: typeof import("playwright-core") | undefined;
try {
  playwright = require("playwright-core");
} catch {
  playwright = undefined;
}
const missing = !chromiumPath() ? "no Chromium (apt-get install chromium)" : !playwright ? "playwright-core is not installed" : undefined;
if (missing && !inCi) console.warn(`dashboard browser test skipped: ${missing}`);

const SCENARIO = {
  name: "dashboard-test",
  seed: 5,
  topology: { dataset: "reference-bank" },
  start: "2026-11-25",
  horizon: "4h",
  step: "1m",
  faults: [{ kind: "database_crash", target: "db-core-banking-primary", at: "00:20", duration: "40m", label: "core db crash" }],
  rules: "default",
  supervisor: { kind: "heuristic" },
};

describe("startDashboard() API", () => {
  let dashboard: Dashboard;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "infratwin-dash-api-"));
    dashboard = await startDashboard({ scenario: SCENARIO, studyDir: dir, supervisor: false });
  });
  afterAll(async () => {
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on loopback, steps on request and names the bad field of a bad request", async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const step = await fetch(dashboard.url + "api/control", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ action: "step" }) });
    expect(((await step.json()) as { time: number }).time).toBe(60);
    const bad = await fetch(dashboard.url + "api/fork", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "teleport", node: "x" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('POST /api/fork: expected kind to be failover');
  });
});

describe.skipIf(missing !== undefined && !inCi)("dashboard in headless Chromium", () => {
  let dashboard: Dashboard;
  let dir: string;
  beforeAll(async () => {
    expect(missing, String(missing)).toBeUndefined();
    dir = mkdtempSync(join(tmpdir(), "infratwin-dash-"));
    dashboard = await startDashboard({ scenario: SCENARIO, studyDir: dir, speed: 600 });
  });
  afterAll(async () => {
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads, plays, turns nodes red on the fault, forks, saves a panel, with no console errors", async () => {
    const browser = await playwright!.chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      // Offline: nothing but the dashboard itself may be fetched.
      await page.route((url) => !url.href.startsWith(dashboard.url), (route) => route.abort());
      await page.goto(dashboard.url);
      await page.waitForSelector("#counts-0 .up", { timeout: 60_000 });
      expect(await page.textContent("#title")).toContain("306 nodes");

      await page.selectOption("#speed", "600");
      await page.click("#play");
      // The crash at 00:20 takes the database down until 01:00: the count and the canvas both show red
      // (checked together, in the page, so the run cannot move past the fault between the two).
      const red = await page.waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document;
          const counts = doc.getElementById("counts-0") as { dataset: { down?: string } } | null;
          if (!counts || Number(counts.dataset.down ?? 0) === 0) return 0;
          const canvas = doc.getElementById("topo-0") as { width: number; height: number; getContext(k: string): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] > 190 && data[i + 1] < 80 && data[i + 2] < 70) n++;
          return n;
        },
        undefined,
        { timeout: 90_000 },
      );
      expect(await red.jsonValue()).toBeGreaterThan(0);
      expect(dashboard.runs[0].time).toBeGreaterThan(20 * 60);
      await page.waitForSelector("#timeline li", { timeout: 30_000 });

      await page.click("#play");
      await page.selectOption("#fork-kind", "failover");
      await page.fill("#fork-node", "db-core-banking-primary");
      await page.click("#fork");
      await page.waitForSelector("#topo-1", { timeout: 60_000 });
      expect(await page.textContent("#label-1")).toContain("fork: failover db-core-banking-primary");

      await page.selectOption("#panel-metric", "latency_ms");
      await page.selectOption("#panel-by", "service");
      await page.selectOption("#panel-value", "svc-payments");
      await page.click("#add-panel");
      await page.waitForSelector(".panel svg path", { timeout: 30_000 });
      const saved = JSON.parse(readFileSync(join(dir, "dashboard.json"), "utf8"));
      expect(saved.panels[0]).toMatchObject({ metric: "latency_ms", selection: { by: "service", value: "svc-payments" } });

      mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: join(ROOT, "test-artifacts", "dashboard.png") });
      expect(existsSync(join(ROOT, "test-artifacts", "dashboard.png"))).toBe(true);
      expect(await page.textContent("#error")).toBe("");
    } finally {
      await browser.close();
    }
    expect(errors).toEqual([]);
  }, 240_000);
});
