// The shape every forecasting model returns: point forecast with a prediction interval, one value per future step.
import { invalidArgument } from "../errors";

/** A forecast `horizon` steps past the end of the data. */
export interface Forecast {
  kind: "forecast";
  model: string;
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Coverage of [lower, upper], e.g. 0.95. */
  level: number;
}

/** Options every model takes. */
export interface ForecastOptions {
  /** Season length in points (288 = a day of 5-minute points; 2016 = a week). */
  period: number;
  /** Steps to forecast. */
  horizon: number;
  /** Prediction interval coverage (default 0.95). */
  level?: number;
}

/** The two-sided normal quantile for coverage `level` (0.8 → 1.2816, 0.95 → 1.96), by bisection on the tail. */
export function normalQuantile(level: number): number {
  const tail = (1 - level) / 2;
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    // Complementary error function through the same approximation as score.ts, inlined to keep this file standalone.
    const x = mid / Math.SQRT2;
    const t = 1 / (1 + 0.3275911 * x);
    const q = (t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x)) / 2;
    if (q > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Validates the common options against the data; returns them with defaults. */
export function checkForecastOptions(api: string, values: ArrayLike<number>, options: ForecastOptions, seasonsNeeded = 2): Required<ForecastOptions> {
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object like {period: 288, horizon: 288}", options);
  const { period, horizon } = options;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(period) || period < 2) throw invalidArgument(api, "options.period", "an integer >= 2 (points per season)", period);
  if (!Number.isInteger(horizon) || horizon < 1) throw invalidArgument(api, "options.horizon", "an integer >= 1", horizon);
  if (!(level > 0 && level < 1)) throw invalidArgument(api, "options.level", "a number in (0, 1)", options.level);
  if (values.length < seasonsNeeded * period) throw invalidArgument(api, "values.length", `at least ${seasonsNeeded} seasons (${seasonsNeeded * period} points); pass more data or a shorter options.period`, values.length);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw invalidArgument(api, `values[${i}]`, "a finite number (fill gaps first)", values[i]);
  return { period, horizon, level };
}
