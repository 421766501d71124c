// reportPdf() and `infratwin demo --pdf`: the demo report printed by headless Chromium has several pages, its summary text and drawn charts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, UsageError } from "../../lib/errors";
import { reportPdf } from "../../lib/notebook";
import { runCli } from "../cli/helpers";
import { pdfPageCount, pdfTexts } from "./pdf-text";

const CHROMIUM = "/usr/bin/chromium";
const inCi = process.env.CI === "true";
const available = existsSync(CHROMIUM);
const saved = process.env.INFRATWIN_CHROMIUM;

afterEach(() => {
  if (saved === undefined) delete process.env.INFRATWIN_CHROMIUM;
  else process.env.INFRATWIN_CHROMIUM = saved;
});

describe("reportPdf()", () => {
  it("names the missing report and the missing Chromium with typed errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "itw-pdf-"));
    await expect(reportPdf(join(dir, "none.html"))).rejects.toThrow(InvalidArgumentError);
    const html = join(dir, "r.html");
    writeFileSync(html, "<!DOCTYPE html><title>x</title><p>x</p>");
    await expect(reportPdf(html, { timeoutMs: 0 })).rejects.toThrow(/options\.timeoutMs/);
    process.env.INFRATWIN_CHROMIUM = join(dir, "no-chromium");
    const error = await reportPdf(html).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).toMatch(/^reportPdf: no Chromium found.*INFRATWIN_CHROMIUM.*--pdf/);
  });

  it("`run --pdf` without Chromium exits 2 before simulating, naming the option", () => {
    const dir = mkdtempSync(join(tmpdir(), "itw-pdf-"));
    const r = runCli(["run", "db-crash-payday", "--out", join(dir, "out"), "--pdf"], { env: { INFRATWIN_CHROMIUM: join(dir, "no-chromium") } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--pdf needs Chromium.*INFRATWIN_CHROMIUM/);
    expect(r.stdout).not.toContain("tier-1");
  }, 60_000);
});

if (!available && !inCi) console.warn(`PDF test skipped: Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`);

describe.skipIf(!available && !inCi)("infratwin demo --pdf in headless Chromium", () => {
  it("prints the demo report to a PDF of several pages with its summary and the charts drawn", () => {
    expect(available, `Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`).toBe(true);
    const out = mkdtempSync(join(tmpdir(), "itw-pdf-demo-"));
    const r = runCli(["demo", "--out", out, "--quiet", "--pdf"], { maxOldSpaceMb: 4096, timeoutMs: 400_000, env: { INFRATWIN_LLM_PROVIDER: "heuristic" } });
    expect(r.code, r.stderr).toBe(0);
    const path = join(out, "report.pdf");
    expect(r.stdout).toContain(path);
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfPageCount(pdf)).toBeGreaterThan(1);
    const texts = pdfTexts(pdf);
    // The summary comes first and prints as text; the charts print as drawn plotly SVG (their titles and axes are text too).
    for (const phrase of ["Summary", "Service KPIs", "Charts", "Status of every node over time"]) expect(texts.some((t) => t.includes(phrase)), phrase).toBe(true);
  }, 420_000);
});
