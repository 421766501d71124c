import { vi, describe, expect, it } from "vitest";
import { readTelemetry } from "../../lib/ingest";
import { bundleOf } from "../../lib/notebook";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

describe("bundleOf() an ingest report", () => {
  it("renders what was detected and the per-series cleaning table", async () => {
    const { report } = await readTelemetry("timestamp,host,cpu\n2026-11-25 10:00,a,45\n2026-11-25 10:01,a,50\n2026-11-25 10:01,a,55\n2026-11-25 10:03,b,60\n");
    const bundle = bundleOf(report);
    const html = String(bundle.data["text/html"]);
    const text = String(bundle.data["text/plain"]);
    expect(html).toContain("Cleaning per series");
    expect(html).toMatch(/<td[^>]*>a<\/td>/);
    expect(text).toMatch(/wide layout/);
    expect(text).toMatch(/without a zone, read as UTC/);
    expect(text).toMatch(/unit of cpu: percent/);
    expect(text).toMatch(/1 duplicates/);
  });
});
