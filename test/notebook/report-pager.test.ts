// The report's collapsed tables in headless Chromium: pages of 25 rows with prev/next, and the row filter pages through its matches.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { report, type AlertRecordLike } from "../../lib/notebook";
import { CHROMIUM_ARGS } from "../../lib/notebook/image-renderer";
import { crashRun } from "./fixtures";

// The callbacks below run in the page; the test's TypeScript has no DOM library.
declare const document: { querySelector(s: string): { open: boolean; value: string; dispatchEvent(e: unknown): void; textContent: string } | null; querySelectorAll(s: string): ArrayLike<{ style: { display: string }; textContent: string }> };
declare const Event: new (type: string) => unknown;

const CHROMIUM = "/usr/bin/chromium";
const inCi = process.env.CI === "true";
const available = existsSync(CHROMIUM);

/** 60 alerts: 20 on each of three nodes, so a filter on one node matches 20. */
function manyAlerts(): AlertRecordLike[] {
  return Array.from({ length: 60 }, (_, i) => ({ id: `A${i}`, rule: "HighLatency", node: `node-${i % 3}`, severity: "warning", kind: "resolved", activeAt: 100 * i, firedAt: 100 * i + 60, resolvedAt: 100 * i + 90 }));
}

if (!available && !inCi) console.warn(`report pager test skipped: Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`);

describe.skipIf(!available && !inCi)("report tables in headless Chromium", () => {
  it("page the alert table 25 rows at a time, and the filter pages through its matches only", async () => {
    expect(available, `Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`).toBe(true);
    const { chromium } = await import("playwright-core");
    const dir = mkdtempSync(join(tmpdir(), "itw-pager-"));
    const path = report(crashRun(), { path: join(dir, "report.html"), alerts: manyAlerts(), standardCharts: false });
    const context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`file://${path}`, { timeout: 120_000 });
      await page.evaluate(() => {
        document.querySelector("#alerts details")!.open = true;
      });
      const shown = () =>
        page.evaluate(() => {
          const rows = Array.from(document.querySelectorAll("#alerts tbody tr")).filter((tr) => tr.style.display !== "none");
          return { rows: rows.length, first: rows[0]?.textContent ?? "", label: document.querySelector("#alerts .page-label")!.textContent };
        });
      const first = await shown();
      expect(first.rows).toBe(25);
      expect(first.label).toBe("page 1 of 3 (60 rows)");
      expect(await page.isDisabled("#alerts button.prev")).toBe(true);
      await page.click("#alerts button.next");
      await page.click("#alerts button.next");
      const last = await shown();
      expect(last.rows).toBe(10);
      expect(last.label).toBe("page 3 of 3 (60 rows)");
      expect(await page.isDisabled("#alerts button.next")).toBe(true);
      await page.click("#alerts button.prev");
      expect((await shown()).label).toBe("page 2 of 3 (60 rows)");
      // Filtering goes back to page 1 of the matches: 20 alerts on node-1, one page of 20.
      await page.fill("#alerts input.row-filter", "node-1");
      const filtered = await shown();
      expect(filtered.rows).toBe(20);
      expect(filtered.first).toContain("node-1");
      expect(filtered.label).toBe("page 1 of 1 (20 rows matching)");
      await page.fill("#alerts input.row-filter", "");
      expect((await shown()).label).toBe("page 1 of 3 (60 rows)");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
