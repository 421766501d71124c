// How far a twin's prediction is from production: MAPE of hourly medians per node and metric, and over the estate.
import type { MetricsStore } from "../metrics";

/** Below these observed values a percentage error means nothing (an idle node, a 0.4 ms network hop). */
const OBSERVED_FLOOR: Record<string, number> = { cpu: 0.005, ram: 0.005, latency_ms: 0.05 };

/** MAPE of one metric: over the estate (mean of the per-node figures) and per node (NaN: never observed). */
export interface MetricMape {
  metric: string;
  overall: number;
  /** Per node, in the stores' node order. */
  perNode: Float64Array;
  /** Nodes that counted. */
  nodes: number;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const h = values.length >> 1;
  return values.length % 2 ? values[h] : (values[h - 1] + values[h]) / 2;
}

/**
 * Mean absolute percentage error of the prediction per node: the predicted and observed medians of each hour
 * (an hour counts when at least half its steps were observed and its observed median is above the metric's
 * floor), |p − o| / o averaged over the hours. Hourly medians compare the twin with production where it can
 * be right: not on a scrape's noise or a one-minute spike, which no twin predicts.
 */
export function hourlyMape(predicted: MetricsStore, observed: MetricsStore, metric: string, options: { hourSeconds?: number } = {}): MetricMape {
  const hour = options.hourSeconds ?? 3600;
  const m = predicted.metricIndex(metric);
  const mo = observed.metricIndex(metric);
  const steps = Math.min(predicted.recordedSteps, observed.recordedSteps);
  const times = observed.times;
  const n = observed.nodeIds.length;
  const perNode = new Float64Array(n).fill(NaN);
  const floor = OBSERVED_FLOOR[metric] ?? 1e-9;
  let sum = 0;
  let counted = 0;
  const p: number[] = [];
  const o: number[] = [];
  for (let v = 0; v < n; v++) {
    const pv = predicted.nodeIndex(observed.nodeIds[v]);
    let errors = 0;
    let hours = 0;
    let s = 0;
    while (s < steps) {
      const bucket = Math.floor(times[s] / hour);
      p.length = 0;
      o.length = 0;
      let total = 0;
      for (; s < steps && Math.floor(times[s] / hour) === bucket; s++) {
        total++;
        const x = observed.valueAt(mo, v, s);
        if (x !== x) continue;
        o.push(x);
        p.push(predicted.valueAt(m, pv, s));
      }
      if (o.length * 2 < total) continue;
      const om = median(o);
      if (!(om > floor)) continue;
      errors += Math.abs(median(p) - om) / om;
      hours++;
    }
    if (hours === 0) continue;
    perNode[v] = errors / hours;
    sum += perNode[v];
    counted++;
  }
  return { metric, overall: counted > 0 ? sum / counted : NaN, perNode, nodes: counted };
}
