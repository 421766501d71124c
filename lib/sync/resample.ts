// Recorded telemetry averaged onto a coarser step, so calibration's repeated replays read one value per node, metric and step.
import { MetricsStore } from "../metrics";
import type { ReplaySource } from "./replay";

/**
 * The mean of each node's metric over steps of `stepSeconds` (NaN samples skipped; a step with none stays NaN),
 * from the first sample's step on. Sample arrays are returned as they are: replay averages them per step itself.
 */
export function resampleSource(source: ReplaySource, stepSeconds: number, metrics: readonly string[]): ReplaySource {
  if (Array.isArray(source)) return source;
  const store = source instanceof MetricsStore ? source : (source as { store: MetricsStore }).store;
  if (!(store instanceof MetricsStore) || store.stepSeconds >= stepSeconds) return source;
  const kept = metrics.filter((m) => store.hasMetric(m));
  const mIdx = kept.map((m) => store.metricIndex(m));
  const n = store.nodeIds.length;
  const times = store.times;
  const steps = store.recordedSteps;
  const epochMs = store.epochMs ?? 0;
  const origin = steps > 0 ? Math.floor(times[0] / stepSeconds) * stepSeconds : 0;
  const out = new MetricsStore({ nodes: store.nodeIds, kinds: store.kinds, metrics: kept, stepSeconds, startTime: origin, epoch: epochMs, expectedSteps: Math.ceil((steps * store.stepSeconds) / stepSeconds) + 1 });
  const sums = kept.map(() => new Float64Array(n));
  const counts = kept.map(() => new Float64Array(n));
  const columns = kept.map(() => new Float64Array(n));
  let bucket = NaN;
  let next = Math.round(origin / stepSeconds);
  const flush = () => {
    // Steps the source skipped entirely stay NaN.
    for (; next < bucket; next++) out.append(next * stepSeconds, kept.map(() => new Float64Array(n).fill(NaN)));
    next = bucket + 1;
    for (let i = 0; i < kept.length; i++) for (let v = 0; v < n; v++) columns[i][v] = counts[i][v] > 0 ? sums[i][v] / counts[i][v] : NaN;
    out.append(bucket * stepSeconds, columns);
    for (let i = 0; i < kept.length; i++) {
      sums[i].fill(0);
      counts[i].fill(0);
    }
  };
  for (let s = 0; s < steps; s++) {
    const k = Math.floor(times[s] / stepSeconds + 1e-9);
    if (k !== bucket && bucket === bucket) flush();
    bucket = k;
    for (let i = 0; i < kept.length; i++)
      for (let v = 0; v < n; v++) {
        const x = store.valueAt(mIdx[i], v, s);
        if (x === x) {
          sums[i][v] += x;
          counts[i][v]++;
        }
      }
  }
  if (bucket === bucket) flush();
  return out;
}
