import { describe, expect, test } from "vitest";
import { MetricsStore, rolling } from "../../lib/metrics";
import { randomSeries, referenceStat } from "./helpers";

function randomStore(steps: number, missing: number): MetricsStore {
  const nodes = ["a", "b", "c"];
  const store = new MetricsStore({ nodes, metrics: ["x"], stepSeconds: 30, precision: "float64", expectedSteps: 64 });
  const series = nodes.map((n) => randomSeries(`rolling-${n}`, steps, missing));
  // Throughput-sized values around 5000 with small spread test the running sums' cancellation.
  series[2] = series[2].map((v) => 5000 + v / 1000);
  for (let s = 0; s < steps; s++) store.append(s * 30 + (s % 4), [Float64Array.from(series, (column) => column[s])]);
  return store;
}

describe("rolling", () => {
  const store = randomStore(500, 0.15);
  const stats = ["mean", "sum", "count", "std", "min", "max", "last", "rate", "p50", "p95"] as const;

  test("`rolling()` matches a naive window-by-window reference for every statistic and window size", () => {
    const times = store.times;
    for (const steps of [1, 2, 7, 60, 600]) {
      for (const stat of stats) {
        const results = rolling(store, "x", "all", steps, stat);
        results.forEach((out, i) => {
          const values = store.series("x", store.nodeIds[i]);
          for (let s = 0; s < values.length; s++) {
            const expected = referenceStat(values, times, s - steps + 1, s + 1, stat);
            // Running sums carry rounding: allow 1e-9 of the magnitude of the values involved (up to 5000 here).
            if (Number.isNaN(expected)) expect(out[s], `${stat}/${steps} node ${i} step ${s}`).toBeNaN();
            else expect(Math.abs(out[s] - expected), `${stat}/${steps} node ${i} step ${s}`).toBeLessThan(1e-9 * Math.max(5000, Math.abs(expected)));
          }
        });
      }
    }
  });

  test("`rolling()` gives NaN until a window holds `minCount` observed samples", () => {
    const out = rolling(store, "x", "a", 5, "mean", { minCount: 5 });
    const values = store.series("x", "a");
    for (let s = 0; s < values.length; s++) {
      const observed = referenceStat(values, store.times, s - 4, s + 1, "count");
      expect(Number.isNaN(out[s])).toBe(observed < 5);
    }
    expect(rolling(store, "x", "a", 5, "count", { minCount: 5 })[0]).toBe(Number.isNaN(values[0]) ? 0 : 1);
  });

  test("`rolling()` returns one array for a node id and one per node for a list or \"all\"", () => {
    expect(rolling(store, "x", "b", 3, "max")).toBeInstanceOf(Float64Array);
    const listed = rolling(store, "x", ["c", "a"], 3, "max");
    expect(listed).toHaveLength(2);
    expect(Array.from(listed[1])).toEqual(Array.from(rolling(store, "x", "a", 3, "max")));
    expect(rolling(store, "x", "all", 3, "max")).toHaveLength(3);
  });

  test("`rolling()` names bad arguments", () => {
    expect(() => rolling(store, "y", "a", 3, "mean")).toThrow('rolling: metric "y" not found. Recorded metrics: x.');
    expect(() => rolling(store, "x", "z", 3, "mean")).toThrow('rolling: node "z" not found.');
    expect(() => rolling(store, "x", "a", 0, "mean")).toThrow("rolling: expected steps to be an integer >= 1 but found 0.");
    expect(() => rolling(store, "x", "a", 3, "avg" as never)).toThrow(/rolling: expected stat to be/);
  });
});
