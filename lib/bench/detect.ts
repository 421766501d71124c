// Detector benchmarks: points per second per streaming detector on a real-shaped series, and the twin with ensembles on every node's CPU and latency.
import { createDetector, syntheticLabelledSeries } from "../analytics";
import { bankTopology } from "../graph";
import { AnomalyFactSource } from "../rules";
import { TwinFactSource } from "../scenarios/twin-facts";
import { createTwin } from "../twin";
import { secondsSince, type Bench } from "./types";

/** Issue 12's targets in points per second; detectors without one print target null and meets true only when measured. */
const TARGETS: Record<string, number> = { robust_z: 5e6, seasonal: 5e6, ensemble: 5e5 };
const DETECTORS = ["robust_z", "windowed_gaussian", "seasonal", "holt_winters", "cusum", "relative_entropy", "ensemble"];

/** Median of three timed passes over `points` points (after one warm-up pass). */
function measureDetector(name: string, times: Float64Array, values: Float64Array, points: number): number {
  const pass = () => {
    const d = createDetector(name);
    const n = times.length;
    let sink = 0;
    const started = process.hrtime.bigint();
    // Time keeps increasing across laps so seasonal slots and Holt-Winters positions advance as in a long series.
    const span = times[n - 1] - times[0] + (times[1] - times[0]);
    for (let i = 0; i < points; i++) {
      const lap = Math.floor(i / n);
      const k = i - lap * n;
      sink += d.update(times[k] + lap * span, values[k]);
    }
    if (Number.isNaN(sink)) throw new Error("bench: NaN score");
    return points / secondsSince(started);
  };
  pass();
  const rates = [pass(), pass(), pass()].sort((a, b) => a - b);
  return rates[1];
}

/** A day of one-minute steps at `nodes` nodes with an ensemble on every node's cpu and latency_ms; node-steps per second. */
export function measureTwinWithDetectors(nodes: number): Record<string, unknown> {
  const graph = bankTopology({ seed: 1, size: nodes });
  const run = (withDetectors: boolean) => {
    const twin = createTwin(graph, { seed: 1, start: "2026-11-25", horizon: "1d", step: "1m" });
    if (withDetectors) {
      const facts = new TwinFactSource(twin, 300);
      const anomalies = new AnomalyFactSource(facts);
      anomalies.watch({ metric: "cpu", detector: "ensemble" });
      anomalies.watch({ metric: "latency_ms", detector: "ensemble" });
      twin.onStep((view) => {
        facts.push(view.time);
        anomalies.push(view.time);
      });
    }
    const started = process.hrtime.bigint();
    twin.run();
    return { seconds: secondsSince(started), steps: twin.steps };
  };
  run(true); // warm-up
  const plain = run(false);
  const withDetectors = run(true);
  const nodeSteps = graph.order * withDetectors.steps;
  const rate = nodeSteps / withDetectors.seconds;
  return {
    detector: "twin+ensemble(cpu,latency_ms)",
    nodes: graph.order,
    steps: withDetectors.steps,
    seconds: Math.round(withDetectors.seconds * 1000) / 1000,
    seconds_without_detectors: Math.round(plain.seconds * 1000) / 1000,
    node_steps_per_s: Math.round(rate),
    target: 1e6,
    meets: rate >= 1e6,
  };
}

export const benches: Bench[] = [
  {
    name: "detect",
    run() {
      const [series] = syntheticLabelledSeries("bench", { count: 1 });
      const points = Number(process.env.INFRATWIN_BENCH_DETECT_POINTS ?? 2_000_000);
      const out: Record<string, unknown>[] = DETECTORS.map((name) => {
        const rate = measureDetector(name, series.times, series.values, name === "ensemble" ? points / 4 : points);
        const target = TARGETS[name] ?? null;
        return { detector: name, points_per_s: Math.round(rate), target, meets: target === null ? rate > 0 : rate >= target };
      });
      out.push(measureTwinWithDetectors(Number(process.env.INFRATWIN_BENCH_DETECT_NODES ?? 1000)));
      return out;
    },
  },
];
