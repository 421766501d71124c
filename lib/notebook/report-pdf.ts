// PDF export of a self-contained HTML report: printed by headless Chromium (playwright-core) once every plotly chart has drawn.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { invalidArgument, UsageError } from "../errors";
import { CHROMIUM_ARGS, chromiumPath } from "./image-renderer";

const DEFAULTS = {
  /** Loading a 5 MB report and drawing its charts takes seconds alone; a busy 2-core machine needs minutes. */
  timeoutMs: 180_000,
  format: "A4",
};

/** Options of `reportPdf`. */
export interface ReportPdfOptions {
  /** PDF file to write (folders are created); the HTML path with `.pdf` by default. */
  path?: string;
  /** Paper size Chromium knows ("A4", "Letter", …); A4 by default. */
  format?: string;
  /** Landscape pages (portrait by default). */
  landscape?: boolean;
  /** How long to wait for the page and its charts, in ms (180,000 by default). */
  timeoutMs?: number;
}

// Callbacks below run in the page; this package's TypeScript has no DOM library.
declare const document: { querySelectorAll(s: string): ArrayLike<{ querySelector(s: string): unknown; open?: boolean; classList?: { add(c: string): void } }> };

/**
 * Prints a report written by `report()` to PDF with headless Chromium and returns the PDF's absolute path.
 * Waits until every plotly chart has drawn, opens the collapsed sections so the tables print, and needs no network.
 * Throws UsageError naming `INFRATWIN_CHROMIUM` when no Chromium is installed.
 * `await reportPdf("out/payday/report.html")`
 */
export async function reportPdf(htmlPath: string, options: ReportPdfOptions = {}): Promise<string> {
  const api = "reportPdf";
  if (typeof htmlPath !== "string" || htmlPath.trim() === "") throw invalidArgument(api, "htmlPath", "the path of a report written by report()", htmlPath);
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object", options);
  const source = resolve(htmlPath);
  if (!existsSync(source)) throw invalidArgument(api, "htmlPath", "an existing HTML file (write it with report() first)", htmlPath);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (typeof timeoutMs !== "number" || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 3_600_000) throw invalidArgument(api, "options.timeoutMs", "an integer from 1 to 3,600,000 ms", timeoutMs);
  if (options.path !== undefined && (typeof options.path !== "string" || options.path.trim() === "")) throw invalidArgument(api, "options.path", "a file path", options.path);
  const target = resolve(options.path ?? source.replace(/\.html?$/i, "") + ".pdf");
  const executablePath = chromiumPath();
  if (!executablePath) throw new UsageError(`${api}: no Chromium found for the PDF${process.env.INFRATWIN_CHROMIUM ? ` at INFRATWIN_CHROMIUM=${JSON.stringify(process.env.INFRATWIN_CHROMIUM)}` : ""}; install it (apt-get install chromium) or set INFRATWIN_CHROMIUM to its path, or leave out --pdf.`);
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    throw new UsageError(`${api}: playwright-core is not installed (npm install playwright-core), or leave out --pdf.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "itw-pdf-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1240, height: 900 } });
  try {
    const page = await context.newPage();
    // The report is one offline file: refuse anything else so a PDF never depends on the network.
    await page.route(/^(?!file:|data:|blob:)/, (route) => route.abort());
    await page.goto(pathToFileURL(source).href, { timeout: timeoutMs, waitUntil: "load" });
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".plotly-graph-div")).every((d) => d.querySelector("svg.main-svg")), null, { timeout: timeoutMs });
    await page.evaluate(() => {
      for (const d of Array.from(document.querySelectorAll("details"))) d.open = true;
    });
    await page.emulateMedia({ media: "print" });
    // At 60 % a chart drawn for the 1,240 px screen page fits the printable width of A4 portrait.
    await page.pdf({ path: target, format: options.format ?? DEFAULTS.format, landscape: options.landscape === true, scale: 0.6, printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" } });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return target;
}
