// Statistics that say how much a monitoring series looks like real telemetry: spike rate, max/p95, lag-1 autocorrelation.

/** What `seriesStats` measures on one series. */
export interface SeriesStats {
  /** Samples far above their neighbourhood (> rolling median + 6 × the series' median absolute deviation from it, at least 1 % of its level), per day. */
  spikesPerDay: number;
  /** Largest value over the 95th percentile (how far the tail reaches). */
  maxOverP95: number;
  /** Correlation of consecutive samples (how smooth the series is from one sample to the next). */
  lag1: number;
}

/**
 * Spike rate, max/p95 and lag-1 autocorrelation of a series sampled every `stepSeconds`; NaN samples (gaps) are
 * skipped. A spike is a sample above the median of the 25 samples around it by more than 6 robust deviations.
 */
export function seriesStats(values: ArrayLike<number>, stepSeconds: number): SeriesStats {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) xs.push(values[i]);
  const n = xs.length;
  if (n < 30) return { spikesPerDay: NaN, maxOverP95: NaN, lag1: NaN };
  const half = 12;
  const residual = new Float64Array(n);
  const window: number[] = [];
  for (let i = 0; i < n; i++) {
    window.length = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) window.push(xs[j]);
    residual[i] = xs[i] - median(window);
  }
  // A floor of 1 % of the typical level keeps a smooth, noise-free curve from calling its own bends spikes.
  const mad = Math.max(median(Array.from(residual, Math.abs)), 0.01 * median(xs.map(Math.abs)), 1e-12);
  let spikes = 0;
  for (let i = 0; i < n; i++) if (residual[i] > 6 * mad) spikes++;
  const sorted = xs.slice().sort((a, b) => a - b);
  const p95 = sorted[Math.floor(0.95 * (n - 1))];
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (xs[i] - mean) ** 2;
    if (i > 0) num += (xs[i] - mean) * (xs[i - 1] - mean);
  }
  return { spikesPerDay: spikes / ((n * stepSeconds) / 86400), maxOverP95: p95 > 0 ? sorted[n - 1] / p95 : NaN, lag1: den > 0 ? num / den : NaN };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The same statistics measured on real cloud monitoring: the 17 series of the Numenta Anomaly Benchmark's
 * realAWSCloudwatch set (EC2/RDS CPU, disk writes, network in, ELB request counts; 5-minute samples), quartiles
 * over the series. `typical` realism aims inside the interquartile range of each. Measured with `seriesStats`.
 */
export const REAL_MONITORING_STATS = {
  source: "NAB data/realAWSCloudwatch (17 series, 5-minute samples)",
  stepSeconds: 300,
  spikesPerDay: { q25: 4.7, median: 14.8, q75: 43.6 },
  maxOverP95: { q25: 1.31, median: 3.5, q75: 11.96 },
  lag1: { q25: 0.192, median: 0.367, q75: 0.959 },
} as const;
