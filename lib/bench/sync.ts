// Sync benchmarks: replay of a day of observed telemetry against a model-driven run, and calibration with its held-out MAPE, at 306 and 10,000 nodes.
import type Graph from "graphology";
import { bankTopology, loadTopology } from "../graph";
import { calibrate, replay, syntheticReality, telemetryDays } from "../sync";
import { createTwin } from "../twin";
import { peakRssMb, secondsSince, type Bench } from "./types";

/** The estates: the reference bank at one-minute steps; 10,000 nodes at five-minute steps (a day of one-minute telemetry for 10,000 nodes is 350 MB before the twin starts). */
const SIZES: { nodes: number; step: number; graph: () => Graph }[] = [
  { nodes: 306, step: 60, graph: () => loadTopology("reference-bank") },
  { nodes: 10_000, step: 300, graph: () => bankTopology({ seed: 3, size: 10_000 }) },
];
const RECORD = { metrics: ["cpu", "ram", "latency_ms"] };
const REPLAY_RATIO_TARGET = 1.5;
const CALIBRATE_SECONDS_TARGET = 60;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A day replayed from observed telemetry vs the same day driven by the load model, same estate, step and recording. */
function measureReplay(size: (typeof SIZES)[number]): Record<string, unknown> {
  const graph = size.graph();
  const world = syntheticReality(graph, { seed: 11, days: 1, step: size.step, start: "2026-11-24" });
  gc();
  const modelRun = () => {
    const started = process.hrtime.bigint();
    const twin = createTwin(graph, { seed: 1, start: "2026-11-24", horizon: "1d", step: size.step, record: RECORD });
    twin.run();
    return secondsSince(started);
  };
  const replayRun = () => {
    const started = process.hrtime.bigint();
    const result = replay(graph, world.telemetry, { seed: 1, step: size.step, record: RECORD });
    if (result.steps !== 86400 / size.step) throw new Error(`bench replay: ${result.steps} steps`);
    return secondsSince(started);
  };
  modelRun(); // warm-up
  const model = Math.min(modelRun(), modelRun());
  gc();
  const replayed = Math.min(replayRun(), replayRun());
  const ratio = replayed / model;
  const steps = 86400 / size.step;
  return {
    bench: "replay",
    nodes: graph.order,
    step_s: size.step,
    steps,
    node_steps_per_s: Math.round((graph.order * steps) / replayed),
    model_run_s: round(model),
    replay_s: round(replayed),
    ratio_to_model_run: round(ratio),
    peak_rss_mb: peakRssMb(),
    target: `replay ≤ ${REPLAY_RATIO_TARGET}× a model-driven run`,
    meets: ratio <= REPLAY_RATIO_TARGET,
  };
}

/** Calibration on day 1 of a differently parameterised reality, MAPE of hourly medians on day 2. */
function measureCalibrate(size: (typeof SIZES)[number]): Record<string, unknown> {
  const graph = size.graph();
  const world = syntheticReality(graph, { seed: 29, days: 2, step: size.step, start: "2026-11-23" });
  const train = telemetryDays(world.telemetry, 0, 1);
  const holdout = telemetryDays(world.telemetry, 1, 2);
  gc();
  const started = process.hrtime.bigint();
  const report = calibrate(graph, { train, holdout, fitStep: Math.max(size.step, 300) });
  const seconds = secondsSince(started);
  const meets = report.after.cpu < 0.05 && report.after.latency < 0.1 && (size.nodes < 10_000 || seconds <= CALIBRATE_SECONDS_TARGET);
  return {
    bench: "calibrate",
    nodes: graph.order,
    step_s: size.step,
    seconds: round(seconds),
    mape_cpu: round(report.after.cpu, 4),
    mape_latency: round(report.after.latency, 4),
    mape_cpu_before: round(report.before.cpu, 4),
    mape_latency_before: round(report.before.latency, 4),
    latency_passes: report.latencyPasses,
    peak_rss_mb: peakRssMb(),
    target: `held-out MAPE < 5 % CPU and < 10 % latency (hourly medians)${size.nodes >= 10_000 ? `, ≤ ${CALIBRATE_SECONDS_TARGET} s` : ""}`,
    meets,
  };
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const benches: Bench[] = [
  { name: "sync-replay", run: () => SIZES.map(measureReplay) },
  { name: "sync-calibrate", run: () => SIZES.map(measureCalibrate) },
];
