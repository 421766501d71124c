import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TwinError } from "../../lib/errors";
import { readTelemetry } from "../../lib/ingest";

const SEED = 20261201;

/** Runs the reader; the only acceptable outcomes are a store or a TwinError (a named, typed error). */
async function outcome(input: string | Uint8Array): Promise<"ok" | "error"> {
  try {
    await readTelemetry(input);
    return "ok";
  } catch (error) {
    if (!(error instanceof TwinError)) throw new Error(`not a TwinError: ${(error as Error)?.stack ?? error}`);
    return "error";
  }
}

const cell = fc.oneof(
  fc.constantFrom("", "0", "0.5", "NaN", "null", "web-01", "cpu", "2026-11-25T00:00:00Z", "1795600000", '"q,uoted"', '"', "\r", "\ufeff", "1e309", "-1"),
  fc.string({ maxLength: 8 }),
);

describe("readTelemetry() never crashes on bad input (seeded property tests)", () => {
  it("arbitrary text made of CSV-like pieces gives a store or a TwinError", async () => {
    const line = fc.array(cell, { minLength: 1, maxLength: 6 }).map((cells) => cells.join(","));
    const text = fc.tuple(fc.constantFrom("time,node,metric,value", "timestamp,host,cpu,latency_ms", "timestamp,value", "", "{"), fc.array(line, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r")).map(([header, lines, eol]) => [header, ...lines].join(eol));
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        await outcome(t);
      }),
      { numRuns: 1500, seed: SEED },
    );
  }, 120_000);

  it("arbitrary bytes give a store or a TwinError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        await outcome(bytes);
      }),
      { numRuns: 500, seed: SEED },
    );
  }, 120_000);

  it("long CSV written in any line-end and quoting style reads back exactly", async () => {
    const sample = fc.record({ step: fc.integer({ min: 0, max: 20 }), node: fc.constantFrom("a", "b,c", 'd"e', "f g"), metric: fc.constantFrom("cpu", "queue_depth", "q,len"), value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) });
    const quote = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 30 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), async (samples, eol, bom) => {
        const rows = samples.map((s) => [String(s.step * 60), quote(s.node), quote(s.metric), String(s.value)].join(","));
        const text = (bom ? "\ufeff" : "") + ["time,node,metric,value", ...rows].join(eol);
        // Units and cleaning must not touch the values: cpu declared a ratio, impossible values only flagged.
        const { store } = await readTelemetry(text, { step: 60, units: { cpu: "ratio" }, impossible: "flag", aggregate: "last" }).catch((e) => {
          throw new Error(`${e.message}\n${text}`);
        });
        const last = new Map<string, number>();
        for (const s of samples) last.set(`${s.node}|${s.metric}|${s.step}`, s.value);
        const first = Math.min(...samples.map((s) => s.step));
        for (const [key, value] of last) {
          const [node, metric, step] = key.split("|");
          const got = store.value(metric, node, Number(step) - first);
          expect(got).toBe(value === 0 ? 0 : value); // String(-0) is "0"
        }
      }),
      { numRuns: 500, seed: SEED },
    );
  }, 120_000);
});
