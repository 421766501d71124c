// Capacity questions answered directly: when does the daily peak cross a threshold at the current growth?
import { invalidArgument } from "../errors";

/** Options of `peakCrossing`. */
export interface PeakCrossingOptions {
  /** The level that must not be crossed, e.g. 0.85 for 85 % CPU. */
  threshold: number;
  /** Seconds per peak period (default 86400: daily peaks). */
  periodSeconds?: number;
  /** Coverage of the crossing-time interval (default 0.9). */
  level?: number;
  /** Only the last `days` periods are fitted (default all): "current growth". */
  recent?: number;
}

/** The answer. */
export interface PeakCrossing {
  kind: "peak_crossing";
  threshold: number;
  /** Peak per period: period start time (s) and its maximum. */
  peaks: { time: number; peak: number }[];
  /** Growth of the peak per period (Theil–Sen slope: the median of pairwise slopes, robust to one odd day). */
  slopePerPeriod: number;
  /** The fitted peak at the last period. */
  currentPeak: number;
  /** When the fitted peak reaches the threshold (s); undefined when the peak is not growing (never at this growth). */
  crossesAt?: number;
  /** Interval of the crossing time from the spread of peaks around the line (earliest, latest; latest undefined when the pessimistic line never crosses). */
  earliest?: number;
  latest?: number;
  /** Already above the threshold at the last period. */
  alreadyCrossed: boolean;
  level: number;
}

/**
 * "When does this service's daily peak cross 85 % CPU at the current growth?" Takes each day's maximum, fits a
 * robust line through the peaks (Theil–Sen), and solves line = threshold. The interval shifts the line by the
 * empirical quantiles of the peaks' residuals (e.g. the 5th and 95th for level 0.9), so a noisy peak history gives a
 * wide window. Pure: times in seconds, values in the metric's unit.
 */
export function peakCrossing(times: ArrayLike<number>, values: ArrayLike<number>, options: PeakCrossingOptions): PeakCrossing {
  const api = "peakCrossing";
  if (times.length !== values.length) throw invalidArgument(api, "values.length", `${times.length} (times.length)`, values.length);
  if (options === null || typeof options !== "object" || typeof options.threshold !== "number" || !Number.isFinite(options.threshold)) {
    throw invalidArgument(api, "options.threshold", "a finite number such as 0.85", options?.threshold);
  }
  const period = options.periodSeconds ?? 86400;
  if (!(period > 0)) throw invalidArgument(api, "options.periodSeconds", "a number > 0", options.periodSeconds);
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw invalidArgument(api, "options.level", "a number in (0, 1)", options.level);
  const byPeriod = new Map<number, number>();
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    const k = Math.floor(times[i] / period);
    const prev = byPeriod.get(k);
    if (prev === undefined || values[i] > prev) byPeriod.set(k, values[i]);
  }
  let peaks = [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([k, peak]) => ({ time: k * period, peak }));
  if (options.recent !== undefined) {
    if (!Number.isInteger(options.recent) || options.recent < 3) throw invalidArgument(api, "options.recent", "an integer >= 3 (periods)", options.recent);
    peaks = peaks.slice(-options.recent);
  }
  if (peaks.length < 3) throw invalidArgument(api, "times", `data spanning at least 3 periods of ${period} s`, `${peaks.length} periods`);
  const x = peaks.map((p) => p.time / period);
  const y = peaks.map((p) => p.peak);
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  const slope = median(slopes);
  const intercept = median(y.map((v, i) => v - slope * x[i]));
  const residuals = y.map((v, i) => v - (intercept + slope * x[i])).sort((a, b) => a - b);
  const lowQ = quantile(residuals, (1 - level) / 2);
  const highQ = quantile(residuals, 1 - (1 - level) / 2);
  const lastX = x[x.length - 1];
  const currentPeak = intercept + slope * lastX;
  const solve = (shift: number): number | undefined => {
    if (intercept + shift + slope * lastX >= options.threshold) return peaks[peaks.length - 1].time;
    if (!(slope > 0)) return undefined;
    return ((options.threshold - intercept - shift) / slope) * period;
  };
  return {
    kind: "peak_crossing",
    threshold: options.threshold,
    peaks,
    slopePerPeriod: slope,
    currentPeak,
    crossesAt: solve(0),
    earliest: solve(highQ),
    latest: solve(lowQ),
    alreadyCrossed: currentPeak >= options.threshold,
    level,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function quantile(sorted: number[], q: number): number {
  const r = (sorted.length - 1) * q;
  const lo = Math.floor(r);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (r - lo) * (sorted[hi] - sorted[lo]);
}
