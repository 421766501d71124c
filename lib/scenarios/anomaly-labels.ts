// The twin's own labelled telemetry for detector evaluation: one series per (faulted node, metric), windows from the ground truth.
import type { LabelledSeries } from "../analytics";
import { groundTruthLabels } from "./backtest";
import type { ScenarioResult } from "./runner";

/** Options of `twinLabelledSeries`. */
export interface TwinLabelledSeriesOptions {
  /** Metrics to turn into series (default cpu and latency_ms). */
  metrics?: readonly string[];
  /** Also this many fault-free nodes (no windows: any alarm on them is false), chosen evenly by id (default 10). */
  quietNodes?: number;
}

/**
 * Series of a finished run labelled with what the twin injected: for every faulted node (a `*` fault labels the
 * business services) and each metric, the recorded values with the fault windows; plus a few fault-free nodes whose
 * series have no window. Scored with `evaluateDetectors` like NAB's series.
 */
export function twinLabelledSeries(result: ScenarioResult, options: TwinLabelledSeriesOptions = {}): LabelledSeries[] {
  const store = result.metrics;
  const metrics = (options.metrics ?? ["cpu", "latency_ms"]).filter((m) => store.hasMetric(m));
  const labels = groundTruthLabels(result.groundTruth, result.twin.horizon, result.run.services);
  const faulted = [...new Set(labels.map((l) => l.node))].filter((id) => store.hasNode(id)).sort();
  const quietCount = options.quietNodes ?? 10;
  const quietPool = store.nodeIds.filter((id) => !faulted.includes(id)).sort();
  const stride = Math.max(1, Math.floor(quietPool.length / Math.max(1, quietCount)));
  const quiet = quietPool.filter((_, i) => i % stride === 0).slice(0, quietCount);
  const times = Float64Array.from(store.times.subarray(0, store.recordedSteps));
  const out: LabelledSeries[] = [];
  for (const id of [...faulted, ...quiet]) {
    const windows = labels.filter((l) => l.node === id).map((l) => ({ start: l.start, end: l.end }));
    for (const m of metrics) out.push({ id: `${result.scenario.name}/${id}/${m}`, times, values: Float64Array.from(store.series(m, id)), windows });
  }
  return out;
}
