// Benchmarks of the metrics store: appending a day of a large estate, rolling statistics, ring-buffer windows.
import { MetricsStore, RollingWindows, TWIN_METRICS, rolling } from "../metrics";
import { RandomStreams } from "../random";
import { peakRssMb, secondsSince, type Bench } from "./types";

function columnsFor(nodes: number, seed: number): Float64Array[] {
  const rng = new RandomStreams(seed).stream("bench-metrics");
  return TWIN_METRICS.map(() => {
    const column = new Float64Array(nodes);
    for (let i = 0; i < nodes; i++) column[i] = rng.random();
    return column;
  });
}

function appendBench(nodes: number, steps: number, hint: boolean): Record<string, unknown> {
  (globalThis as { gc?: () => void }).gc?.();
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  const columns = columnsFor(nodes, 7);
  const start = process.hrtime.bigint();
  const store = new MetricsStore({ nodes: ids, metrics: TWIN_METRICS, stepSeconds: 60, expectedSteps: hint ? steps : undefined });
  for (let s = 0; s < steps; s++) store.append(s * 60, columns);
  const seconds = secondsSince(start);
  return {
    nodes,
    steps,
    metrics: TWIN_METRICS.length,
    expectedSteps: hint,
    seconds: Number(seconds.toFixed(3)),
    node_steps_per_s: Math.round((nodes * steps) / seconds),
    store_mb: Math.round(store.memoryBytes / 1e6),
    peak_rss_mb: peakRssMb(),
    target: "≤ 5 s",
    meets: seconds <= 5,
  };
}

/** The metrics store's benchmarks. */
export const benches: Bench[] = [
  {
    name: "metrics-append",
    run: () => [appendBench(10_000, 1440, true), appendBench(10_000, 1440, false), appendBench(100, 1440 * 30, false)],
  },
  {
    name: "metrics-rolling",
    run: () => {
      const nodes = 1000;
      const steps = 1440;
      const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
      const rng = new RandomStreams(3).stream("bench-rolling");
      const store = new MetricsStore({ nodes: ids, metrics: ["cpu"], stepSeconds: 60, expectedSteps: steps });
      const column = [new Float64Array(nodes)];
      for (let s = 0; s < steps; s++) {
        for (let i = 0; i < nodes; i++) column[0][i] = rng.random();
        store.append(s * 60, column);
      }
      return (["mean", "max", "p95"] as const).map((stat) => {
        const start = process.hrtime.bigint();
        rolling(store, "cpu", { nodes: "all", steps: 15, stat });
        const seconds = secondsSince(start);
        return { stat, nodes, steps, window: 15, seconds: Number(seconds.toFixed(3)), node_steps_per_s: Math.round((nodes * steps) / seconds), target: "≤ 1 s", meets: seconds <= 1 };
      });
    },
  },
  {
    name: "metrics-windows",
    run: () => {
      const nodes = 10_000;
      const steps = 1440;
      const windows = new RollingWindows({ nodes, metrics: TWIN_METRICS, capacity: 15, stepSeconds: 60 });
      const columns = columnsFor(nodes, 11);
      const out = new Float64Array(nodes);
      const start = process.hrtime.bigint();
      for (let s = 0; s < steps; s++) {
        windows.push(columns, s * 60);
        windows.statAll("cpu", 5, "mean", out);
        windows.statAll("latency_ms", 15, "p95", out);
      }
      const seconds = secondsSince(start);
      // The rules' windows run inside the twin's step, so a day of 10,000 nodes must fit the twin's own 15 s budget.
      return { nodes, steps, stats_per_step: "mean(5)+p95(15)", seconds: Number(seconds.toFixed(3)), node_steps_per_s: Math.round((nodes * steps) / seconds), target: "≤ 15 s", meets: seconds <= 15 };
    },
  },
];
