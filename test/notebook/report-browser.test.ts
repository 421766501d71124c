// Opens a report in headless Chromium (Debian's, through playwright-core): every chart must render, offline, without errors.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { report } from "../../lib/notebook";
import { ALERTS, ANNOTATIONS, crashRun, INCIDENTS } from "./fixtures";

// The callbacks below run in the page; the test's TypeScript has no DOM library, so name the page's globals loosely.
declare const document: { querySelectorAll(s: string): ArrayLike<PageElement>; getElementById(id: string): PageElement; documentElement: { scrollHeight: number } };
declare const window: Record<string, any>;
type PageElement = { id: string; data: { name?: string; marker?: { color?: string[] } }[]; querySelector(s: string): unknown; querySelectorAll(s: string): ArrayLike<unknown> };

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ARTIFACTS = resolve(__dirname, "..", "..", "test-artifacts");
const inCi = process.env.CI === "true";
const available = existsSync(CHROMIUM);

if (!available && !inCi) console.warn(`report browser test skipped: Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`);

describe.skipIf(!available && !inCi)("report() in headless Chromium", () => {
  it("renders every chart offline, with working topology frames, and keeps a screenshot", async () => {
    expect(available, `Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`).toBe(true);
    const { chromium } = await import("playwright-core");
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = report(crashRun(), { path: join(ARTIFACTS, "report.html"), alerts: ALERTS, incidents: INCIDENTS, annotations: ANNOTATIONS, scenario: { name: "crash day" } });
    const profile = mkdtempSync(join(tmpdir(), "itw-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      // Loading a 5 MB page and drawing four charts takes seconds alone; allow minutes on a busy 2-core machine.
      await page.goto(`file://${path}`, { timeout: 180_000 });
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".plotly-graph-div")).every((d) => d.querySelector("svg.main-svg")), null, { timeout: 180_000 });
      const charts = await page.evaluate(() => Array.from(document.querySelectorAll(".plotly-graph-div")).map((d) => ({ id: d.id, svg: d.querySelectorAll("svg.main-svg").length })));
      expect(charts.map((c) => c.id)).toEqual(["chart-1", "chart-2", "chart-3", "chart-4"]);
      for (const c of charts) expect(c.svg, c.id).toBeGreaterThan(0);
      // The topology slider's frames recolour the nodes: the first period is before any fault (all up).
      const colours = await page.evaluate(async () => {
        const div = document.getElementById("chart-3");
        const plotly = window.Plotly as { animate(d: unknown, f: unknown, o: unknown): Promise<void> };
        const nodes = () => new Set(div.data.find((t) => t.name === "nodes")!.marker!.color);
        const before = [...nodes()];
        await plotly.animate(div, ["f0"], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } });
        return { before, after: [...nodes()] };
      });
      expect(colours.before.length).toBeGreaterThan(1);
      expect(colours.after).toEqual(["#2e9e44"]);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://") && !u.startsWith("data:") && !u.startsWith("blob:"))).toEqual([]);
      // Long tables are collapsed: the page is about the summary and the charts (issue 15 measured ~31,000 px before).
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(JSON.stringify({ reportPageHeightPx: height }));
      await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
      expect(existsSync(join(ARTIFACTS, "report.png"))).toBe(true);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 420_000);
});
