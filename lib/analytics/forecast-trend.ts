// Trend + seasonal profile regression: y = a + b·t + s[t mod period], fitted by least squares, with residual intervals.
import { checkForecastOptions, normalQuantile, type Forecast, type ForecastOptions } from "./forecast-types";

/**
 * Trend-seasonal regression. Idea: a straight-line trend plus a fixed seasonal profile, fitted jointly by
 * alternating least squares (detrend → profile = mean per season position → refit the line on the deseasonalised
 * data; three rounds converge for these two orthogonal-ish parts). Less adaptive than Holt-Winters but steadier
 * far out, which suits capacity questions. Interval: residual sd, plus the trend's standard error growing with h.
 */
export function trendSeasonal(values: ArrayLike<number>, options: ForecastOptions): Forecast & { slope: number; intercept: number; profile: number[] } {
  const { period: m, horizon, level } = checkForecastOptions("trendSeasonal", values, options, 2);
  const n = values.length;
  const profile = new Float64Array(m);
  let a = 0;
  let b = 0;
  const tMean = (n - 1) / 2;
  let stt = 0;
  for (let t = 0; t < n; t++) stt += (t - tMean) * (t - tMean);
  for (let round = 0; round < 3; round++) {
    // Line on deseasonalised data.
    let yMean = 0;
    for (let t = 0; t < n; t++) yMean += values[t] - profile[t % m];
    yMean /= n;
    let sty = 0;
    for (let t = 0; t < n; t++) sty += (t - tMean) * (values[t] - profile[t % m] - yMean);
    b = sty / stt;
    a = yMean - b * tMean;
    // Profile on detrended data, centred so the line keeps the level.
    const sum = new Float64Array(m);
    const count = new Float64Array(m);
    for (let t = 0; t < n; t++) {
      sum[t % m] += values[t] - a - b * t;
      count[t % m]++;
    }
    let centre = 0;
    for (let i = 0; i < m; i++) centre += (profile[i] = sum[i] / count[i]);
    centre /= m;
    for (let i = 0; i < m; i++) profile[i] -= centre;
  }
  let ss = 0;
  for (let t = 0; t < n; t++) {
    const e = values[t] - (a + b * t + profile[t % m]);
    ss += e * e;
  }
  const sd = Math.sqrt(ss / Math.max(1, n - m - 2));
  const z = normalQuantile(level);
  const mean = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const t = n + h;
    mean[h] = a + b * t + profile[t % m];
    const half = z * sd * Math.sqrt(1 + 1 / n + ((t - tMean) * (t - tMean)) / stt);
    lower[h] = mean[h] - half;
    upper[h] = mean[h] + half;
  }
  return { kind: "forecast", model: "trend_seasonal", mean, lower, upper, level, slope: b, intercept: a, profile: Array.from(profile) };
}
