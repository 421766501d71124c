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
        const results = rolling(store, "x", { nodes: "all", steps, stat });
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
  }, 120_000); // 5 windows × 10 statistics × 1500 series points against a naive reference: seconds on a busy 2-core machine

  test("`rolling()` gives NaN until a window holds `minCount` observed samples", () => {
    const out = rolling(store, "x", { node: "a", steps: 5, stat: "mean", minCount: 5 });
    const values = store.series("x", "a");
    for (let s = 0; s < values.length; s++) {
      const observed = referenceStat(values, store.times, s - 4, s + 1, "count");
      expect(Number.isNaN(out[s])).toBe(observed < 5);
    }
    expect(rolling(store, "x", { node: "a", steps: 5, stat: "count", minCount: 5 })[0]).toBe(Number.isNaN(values[0]) ? 0 : 1);
  });

  test("`rolling()` returns one array for a node id and one per node for a list or \"all\"", () => {
    expect(rolling(store, "x", { node: "b", steps: 3, stat: "max" })).toBeInstanceOf(Float64Array);
    const listed = rolling(store, "x", { nodes: ["c", "a"], steps: 3, stat: "max" });
    expect(listed).toHaveLength(2);
    expect(Array.from(listed[1])).toEqual(Array.from(rolling(store, "x", { node: "a", steps: 3, stat: "max" })));
    expect(rolling(store, "x", { nodes: "all", steps: 3, stat: "max" })).toHaveLength(3);
  });

  test("`rolling()` names bad arguments", () => {
    expect(() => rolling(store, "x", { steps: 3, stat: "mean" } as never)).toThrow(/rolling: expected options.node \/ options.nodes to be either node/);
    expect(() => rolling(store, "y", { node: "a", steps: 3, stat: "mean" })).toThrow('rolling: metric "y" not found. Recorded metrics: x.');
    expect(() => rolling(store, "x", { node: "z", steps: 3, stat: "mean" })).toThrow('rolling: node "z" not found.');
    expect(() => rolling(store, "x", { node: "a", steps: 0, stat: "mean" })).toThrow("rolling: expected options.steps to be an integer >= 1 but found 0.");
    expect(() => rolling(store, "x", { node: "a", steps: 3, stat: "avg" as never })).toThrow(/rolling: expected stat to be/);
  });
});
