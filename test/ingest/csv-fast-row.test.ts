// The CSV fast lane: plainDecimal() agrees with Number(), and lines it declines (quotes, spaces, exponents, bad cells) are read or refused as the general reader does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainDecimal } from "../../lib/ingest/csv-fast-row";
import { readTelemetry, TelemetryFormatError } from "../../lib/ingest";

describe("plainDecimal()", () => {
  it("equals Number() whenever it answers, and answers for plain decimals of up to 15 digits", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 12 }), (x, digits) => {
        const text = x.toFixed(digits);
        const got = plainDecimal(`,${text},`, 1, text.length + 1);
        const significant = text.replace(/^-?0*\.?0*/, "").replace(".", "").length;
        if (significant <= 15) expect(got, text).toBe(Number(text));
        else if (got !== undefined) expect(got, text).toBe(Number(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(plainDecimal("-0", 0, 2)).toBe(-0);
    expect(plainDecimal(".5", 0, 2)).toBe(0.5);
    expect(plainDecimal("5.", 0, 2)).toBe(5);
  });

  it("declines what is not a plain decimal", () => {
    for (const text of ["", "-", ".", "1e3", " 1", "1 ", "+1", "NaN", "1.2.3", "0x10", "1234567890123456"]) expect(plainDecimal(text, 0, text.length), JSON.stringify(text)).toBeUndefined();
  });
});

describe("readTelemetry() CSV lines the fast lane declines", () => {
  it("reads quoted, padded, empty, NA and exponent cells between plain lines like the general reader", async () => {
    const lines = ["time,node,metric,value"];
    const cells = ["0.5", '"0.25"', " 0.75", "", "NA", "2.5e-1", "1", "0.125"];
    const nodes = ["a", " a", '"a"', "a", "a", "a", "a", "a"];
    cells.forEach((cell, s) => lines.push(`2026-11-25T10:0${s}:00Z,${nodes[s]},cpu,${cell}`));
    const { store, report } = await readTelemetry(lines.join("\n"), { step: 60 });
    expect(store.nodeIds).toEqual(["a"]);
    expect(report.rows).toBe(8);
    expect(Array.from(store.series("cpu", "a"))).toEqual([0.5, 0.25, 0.75, NaN, NaN, 0.25, 1, 0.125]);
  });

  it("a bad time or value after plain lines is still reported with its line and column", async () => {
    const good = "time,host,cpu,latency_ms\n2026-11-25T10:00:00Z,a,0.5,10\n2026-11-25T10:01:00Z,a,0.5,11\n";
    await expect(readTelemetry(good + "2026-11-25T10:02:00Z,a,0.5,fast\n")).rejects.toThrow(TelemetryFormatError);
    await expect(readTelemetry(good + "2026-11-25T10:02:00Z,a,0.5,fast\n")).rejects.toThrow(/line 4.*column 4.*"fast" is not a number/);
    await expect(readTelemetry(good + "yesterday,a,0.5,12\n")).rejects.toThrow(/line 4.*column 1/);
    await expect(readTelemetry(good + "2026-11-25T10:02:00Z,a,0.5\n")).rejects.toThrow(/line 4.*3 fields where the header has 4/);
  });
});
