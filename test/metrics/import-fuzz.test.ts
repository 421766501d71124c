// Telemetry and label imports against hostile input: hexadecimal and infinite values refused, implausible dates refused, and seeded fuzzes of 2,000 files each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TwinError } from "../../lib/errors";
import { telemetryFromCsv, fromJSON } from "../../lib/index";
import { labelsFromCsv, parseLabels } from "../../lib/rules";
import { FUZZ_PARAMS, jsonish, mutated, nasty, typedErrorOrResult } from "../fuzz";

const csv = ["time,node,metric,value", "0,app-1,cpu,0.5", "60,app-1,cpu,0.6", "120,app-1,cpu,0.7"].join("\n");

function finiteStore(store: { recordedSteps: number; times: Float64Array }): boolean {
  return store.recordedSteps >= 0 && Array.from(store.times.subarray(0, store.recordedSteps)).every(Number.isFinite);
}

describe("telemetry import on hostile values", () => {
  it("refuses 0x10, Infinity and 1e999 as values and as times, naming the line and column", () => {
    for (const bad of ["0x10", "Infinity", "1e999", "-Infinity"]) {
      expect(() => telemetryFromCsv(csv.replace("0.6", bad)), bad).toThrow(/line 3.*not a finite decimal number/);
      expect(() => telemetryFromCsv(csv.replace("\n60,", `\n${bad},`)), bad).toThrow(TwinError);
    }
    expect(() => fromJSON([{ time: 0, node: "a", metric: "cpu", value: Infinity }])).toThrow(/finite number/);
    expect(() => fromJSON([{ time: "+275760-09-13T00:00:00Z", node: "a", metric: "cpu", value: 1 }])).toThrow(TwinError);
  });

  it("reads JSON telemetry that starts with a byte-order mark", () => {
    expect(fromJSON("\uFEFF" + JSON.stringify([{ time: 0, node: "a", metric: "cpu", value: 1 }])).recordedSteps).toBe(1);
  });

  it("labels refuse 0x10 and implausible dates", () => {
    expect(() => labelsFromCsv("node,start,end\napp-1,0x10,100")).toThrow(TwinError);
    expect(() => parseLabels([{ node: "a", start: "9999-01-01T00:00:00Z", end: "9999-01-02T00:00:00Z" }], { epochMs: 0 })).toThrow(/years 1970 to 2200/);
  });
});

describe("telemetry and labels fuzzed", () => {
  const cell = fc.oneof(nasty.map((v) => (v === undefined ? "" : String(v))), fc.constantFrom("0", "60", "0.5", "app-1", "cpu", "2026-11-25T10:00:00Z", "", "NaN", "0x1F", "1e400", '"'));
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }).map((c) => c.join(",")), { maxLength: 5 });

  it("CSV telemetry: a typed error or a store with finite times (seeded, 2,000+ cases)", () => {
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(rows, fc.boolean(), (extra, bom) => {
        const text = (bom ? "\uFEFF" : "") + [csv, ...extra].join("\n");
        outcomes[typedErrorOrResult(() => telemetryFromCsv(text), finiteStore)]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);

  it("JSON telemetry records and documents: a typed error or a store with finite times (seeded, 2,000+ cases)", () => {
    const record = { time: 0, node: "app-1", metric: "cpu", value: 0.5 };
    const doc = { format: "infratwin.metrics", version: 1, stepSeconds: 60, nodes: ["a"], kinds: ["server"], metrics: ["cpu"], times: [0, 60], values: { cpu: { a: [0.1, null] } } };
    const arb = fc.oneof(fc.array(fc.oneof(mutated(record), fc.constant(record)), { maxLength: 4 }), mutated(doc), jsonish);
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(arb, (input) => {
        outcomes[typedErrorOrResult(() => fromJSON(input as never), finiteStore)]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);

  it("labels: a typed error or windows with finite times (seeded, 2,000+ cases)", () => {
    const label = { node: "app-1", start: 0, end: 600, kind: "fault" };
    const arb = fc.oneof(fc.array(fc.oneof(mutated(label), fc.constant(label)), { maxLength: 4 }), jsonish);
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(arb, (input) => {
        outcomes[typedErrorOrResult(() => parseLabels(input, { epochMs: Date.UTC(2026, 10, 25) }), (w) => w.every((x) => Number.isFinite(x.start) && Number.isFinite(x.end)))]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);
});
