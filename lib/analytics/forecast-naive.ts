// Seasonal naive forecast: the value one season earlier, the baseline every other model must beat (MASE < 1).
import { checkForecastOptions, normalQuantile, type Forecast, type ForecastOptions } from "./forecast-types";

/**
 * Seasonal naive: ŷ(n + h) = y(n − m + (h mod m)): the last season, repeated. The interval grows with
 * the square root of the seasons looked back, from the spread of in-sample seasonal differences.
 */
export function seasonalNaive(values: ArrayLike<number>, options: ForecastOptions): Forecast {
  const { period: m, horizon, level } = checkForecastOptions("seasonalNaive", values, options, 1);
  const n = values.length;
  let ss = 0;
  let count = 0;
  for (let i = m; i < n; i++) {
    const d = values[i] - values[i - m];
    ss += d * d;
    count++;
  }
  const sd = count > 0 ? Math.sqrt(ss / count) : 0;
  const z = normalQuantile(level);
  const mean = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const k = Math.floor(h / m) + 1;
    mean[h] = values[n - m + (h % m)];
    const half = z * sd * Math.sqrt(k);
    lower[h] = mean[h] - half;
    upper[h] = mean[h] + half;
  }
  return { kind: "forecast", model: "seasonal_naive", mean, lower, upper, level };
}
