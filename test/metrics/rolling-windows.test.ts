import { describe, expect, test } from "vitest";
import { RollingWindows } from "../../lib/metrics";
import { close, randomSeries, referenceStat } from "./helpers";

const STATS = ["mean", "min", "max", "sum", "count", "last", "rate", "std", "p50", "p95", "p99"] as const;

describe("RollingWindows", () => {
  // 4 nodes, 2 metrics, 90 steps through a ring of 16: the ring wraps many times.
  const steps = 90;
  const nodes = 4;
  const data = [0, 1].map((m) => Array.from({ length: nodes }, (_, i) => randomSeries(`windows-${m}-${i}`, steps, 0.2)));
  const times = Float64Array.from({ length: steps }, (_, s) => s * 60 + (s % 5));

  test("`stat()` and `statAll()` match a naive reference after every push, across ring wrap-around", () => {
    const windows = new RollingWindows({ nodes, metrics: ["cpu", "latency_ms"], capacity: 16 });
    const out = new Float64Array(nodes);
    for (let s = 0; s < steps; s++) {
      windows.push([0, 1].map((m) => Float64Array.from(data[m], (series) => series[s])), times[s]);
      for (const window of [1, 3, 16]) {
        for (const stat of STATS) {
          for (const m of [0, 1]) {
            windows.statAll(m, window, stat, out);
            for (let i = 0; i < nodes; i++) {
              const expected = referenceStat(data[m][i], times, s - window + 1, s + 1, stat);
              const one = windows.stat(m, i, window, stat);
              expect(close(one, expected), `stat ${stat}/${window} step ${s} node ${i}: ${one} vs ${expected}`).toBe(true);
              expect(close(out[i], expected), `statAll ${stat}/${window} step ${s} node ${i}: ${out[i]} vs ${expected}`).toBe(true);
            }
          }
        }
      }
    }
    expect(windows.size).toBe(16);
    expect(windows.pushed).toBe(steps);
    expect(windows.latestTime).toBe(times[steps - 1]);
  });

  test("`value()` reads back steps ago and NaN beyond what is held", () => {
    const windows = new RollingWindows({ nodes: 2, metrics: ["cpu"], capacity: 3 });
    for (let s = 0; s < 5; s++) windows.push([Float64Array.from([s, 10 + s])]);
    expect(windows.value("cpu", 1, 0)).toBe(14);
    expect(windows.value(0, 0, 2)).toBe(2);
    expect(windows.value(0, 0, 3)).toBeNaN();
    expect(windows.latestTime).toBe(4);
  });

  test("`push()` without times spaces steps by `stepSeconds` for rates", () => {
    const windows = new RollingWindows({ nodes: 1, metrics: ["lag"], capacity: 10, stepSeconds: 60 });
    for (const v of [0, 30, 90]) windows.push([Float64Array.from([v])]);
    expect(windows.stat("lag", 0, 3, "rate")).toBe(90 / 120);
  });

  test("`stat()` over a longer window than pushed covers what there is, and empty windows are NaN", () => {
    const windows = new RollingWindows({ nodes: 1, metrics: ["cpu"], capacity: 10 });
    expect(windows.stat(0, 0, 5, "mean")).toBeNaN();
    expect(windows.stat(0, 0, 5, "count")).toBe(0);
    windows.push([Float64Array.from([4])]);
    windows.push([Float64Array.from([8])]);
    expect(windows.stat(0, 0, 10, "mean")).toBe(6);
    windows.reset();
    expect(windows.size).toBe(0);
    expect(windows.stat(0, 0, 5, "max")).toBeNaN();
  });

  test("`RollingWindows` names bad arguments", () => {
    const windows = new RollingWindows({ nodes: 2, metrics: ["cpu"], capacity: 4 });
    expect(() => windows.stat(0, 0, 5, "mean")).toThrow("RollingWindows.stat: expected steps to be an integer in 1..4 (the capacity) but found 5.");
    expect(() => windows.stat(0, 2, 1, "mean")).toThrow("RollingWindows.stat: expected node to be a node number in 0..1 but found 2.");
    expect(() => windows.stat("ram", 0, 1, "mean")).toThrow('RollingWindows.stat: metric "ram" not found. Known metrics: cpu.');
    expect(() => windows.statAll(0, 1, "mean", new Float64Array(1))).toThrow(/expected out to be a Float64Array of length >= 2/);
    expect(() => windows.push([])).toThrow(/expected columns to be 1 arrays/);
    expect(() => new RollingWindows({ nodes: 2, metrics: ["cpu"], capacity: 0 })).toThrow("new RollingWindows: expected capacity to be an integer >= 1 but found 0.");
  });
});

describe("RollingWindows printing", () => {
  test("`toString()` and console inspection summarise the windows", async () => {
    const { inspect } = await import("node:util");
    const windows = new RollingWindows({ nodes: 3, metrics: ["cpu", "ram"], capacity: 4 });
    windows.push([new Float64Array(3), new Float64Array(3)]);
    expect(inspect(windows)).toBe("RollingWindows { 3 nodes × 2 metrics (cpu, ram), 1/4 steps held, 1 pushed }");
  });
});
