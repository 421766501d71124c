// Deviation of production from the twin per node and metric: observed − predicted, and its robust z against a rolling median/MAD.
import { SortedWindow } from "../analytics";
import { invalidArgument } from "../errors";
import { SYNC_METRICS, type DeviationOptions, type MetricArrays, type SyncMetric } from "./types";

export const DEVIATION_DEFAULTS: Required<DeviationOptions> = { window: 60, warmup: 10, threshold: 4, gapSteps: 2, minSteps: 2 };

/**
 * Smallest scale of each metric's deviation: a twin that matched production to the last digit for an hour would
 * otherwise turn the first 0.1 % wobble into a huge z. Latency also gets 2 % of the prediction.
 */
const SCALE_FLOOR: Record<SyncMetric, number> = { cpu: 0.01, ram: 0.01, latency_ms: 1, error_rate: 0.002, status: 0.2 };
const LATENCY_RELATIVE_FLOOR = 0.02;
/** 1.4826 × MAD estimates a normal standard deviation. */
const MAD_TO_SIGMA = 1.4826;
const REFRESH_STEPS = 4;

/** Checks deviation options and fills defaults. */
export function deviationOptions(options: DeviationOptions = {}, api = "openSync"): Required<DeviationOptions> {
  const o = { ...DEVIATION_DEFAULTS, ...options };
  const int = (key: keyof DeviationOptions, min: number) => {
    if (!(Number.isInteger(o[key]) && o[key] >= min)) throw invalidArgument(api, `deviation.${key}`, `an integer >= ${min}`, o[key]);
  };
  int("window", 5);
  int("warmup", 0);
  int("gapSteps", 0);
  int("minSteps", 1);
  if (!(o.threshold > 0 && Number.isFinite(o.threshold))) throw invalidArgument(api, "deviation.threshold", "a number > 0", o.threshold);
  if (o.warmup >= o.window) throw invalidArgument(api, "deviation.warmup", `fewer steps than deviation.window (${o.window})`, o.warmup);
  return o;
}

function metricArrays(n: number, fill: number): Record<SyncMetric, Float64Array> {
  return Object.fromEntries(SYNC_METRICS.map((m) => [m, new Float64Array(n).fill(fill)])) as Record<SyncMetric, Float64Array>;
}

/** The session's per-step buffers and the rolling windows behind the z-scores. Status is categorical: its z is the code difference over its floor. */
export class DeviationTracker {
  readonly predicted: MetricArrays;
  readonly observed: MetricArrays;
  readonly deviation: MetricArrays;
  readonly z: MetricArrays;
  private readonly windows: Record<SyncMetric, (SortedWindow | undefined)[]>;
  /** Median and MAD of each window, refreshed every REFRESH_STEPS steps (they move by a few ranks at most meanwhile, as in analytics' robust z). */
  private readonly median: Record<SyncMetric, Float64Array>;
  private readonly mad: Record<SyncMetric, Float64Array>;
  private steps = 0;
  private readonly options: Required<DeviationOptions>;

  constructor(
    readonly n: number,
    options: Required<DeviationOptions>,
  ) {
    this.options = options;
    this.predicted = metricArrays(n, 0);
    this.observed = metricArrays(n, NaN);
    this.deviation = metricArrays(n, NaN);
    this.z = metricArrays(n, NaN);
    this.median = metricArrays(n, 0);
    this.mad = metricArrays(n, 0);
    this.windows = Object.fromEntries(SYNC_METRICS.map((m) => [m, new Array(n)])) as Record<SyncMetric, (SortedWindow | undefined)[]>;
  }

  /** Clears the observed values before a step's samples arrive. */
  clearObserved(): void {
    for (const m of SYNC_METRICS) this.observed[m].fill(NaN);
  }

  /** After `predicted` and `observed` are filled: deviations and z-scores, then each window learns its deviation. */
  score(): void {
    const { window, warmup } = this.options;
    const refresh = this.steps++ % REFRESH_STEPS === 0;
    for (const m of SYNC_METRICS) {
      const medians = this.median[m];
      const mads = this.mad[m];
      const pred = this.predicted[m];
      const obs = this.observed[m];
      const dev = this.deviation[m];
      const z = this.z[m];
      const wins = this.windows[m];
      const floor = SCALE_FLOOR[m];
      for (let v = 0; v < this.n; v++) {
        const o = obs[v];
        if (o !== o) {
          dev[v] = NaN;
          z[v] = NaN;
          continue;
        }
        const d = o - pred[v];
        dev[v] = d;
        if (m === "status") {
          z[v] = d / floor;
          continue;
        }
        let w = wins[v];
        if (w === undefined) w = wins[v] = new SortedWindow(window);
        if (w.size < warmup || w.size === 0) z[v] = 0;
        else {
          // Until the window is full, or at a refresh, median and MAD are exact.
          if (refresh || w.size < window) {
            medians[v] = w.median();
            mads[v] = w.mad();
          }
          const scaleFloor = m === "latency_ms" ? Math.max(floor, LATENCY_RELATIVE_FLOOR * Math.abs(pred[v])) : floor;
          z[v] = (d - medians[v]) / Math.max(MAD_TO_SIGMA * mads[v], scaleFloor);
        }
        w.push(d);
      }
    }
  }
}
