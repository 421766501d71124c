// Forecast evaluation on held-out stretches: MASE (mean absolute scaled error) against the seasonal naive forecast.
import { invalidArgument } from "../errors";
import { seasonalNaive } from "./forecast-naive";
import { holtWinters } from "./forecast-holt-winters";
import { trendSeasonal } from "./forecast-trend";
import type { Forecast } from "./forecast-types";

/** Forecasting models `evaluateForecasts` compares. */
export const FORECAST_MODELS = ["seasonal_naive", "holt_winters_additive", "holt_winters_multiplicative", "trend_seasonal"] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];

/** Forecast with a model by name. */
export function forecastWith(model: ForecastModel, values: ArrayLike<number>, options: { period: number; horizon: number; level?: number }): Forecast {
  switch (model) {
    case "seasonal_naive":
      return seasonalNaive(values, options);
    case "holt_winters_additive":
      return holtWinters(values, { ...options, seasonality: "additive" }).forecast;
    case "holt_winters_multiplicative":
      return holtWinters(values, { ...options, seasonality: "multiplicative" }).forecast;
    case "trend_seasonal":
      return trendSeasonal(values, options);
    default:
      throw invalidArgument("forecastWith", "model", `one of ${FORECAST_MODELS.join(", ")}`, model);
  }
}

/**
 * MASE of a forecast of `actual`: its mean absolute error divided by the in-sample mean absolute error of the
 * seasonal naive forecast on `train` (Hyndman & Koehler, 2006). Below 1: better than repeating last season.
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, train: ArrayLike<number>, period: number): number {
  let e = 0;
  for (let i = 0; i < actual.length; i++) e += Math.abs(actual[i] - forecast[i]);
  let d = 0;
  for (let i = period; i < train.length; i++) d += Math.abs(train[i] - train[i - period]);
  const scale = d / Math.max(1, train.length - period);
  return e / actual.length / (scale > 0 ? scale : Number.EPSILON);
}

/** One model's score over the held-out stretches. */
export interface ForecastScore {
  model: ForecastModel;
  /** MASE per held-out stretch, oldest first. */
  mase: number[];
  meanMase: number;
  /** Share of held-out points inside the prediction interval. */
  coverage: number;
}

/**
 * Rolling-origin evaluation: for each of the last `folds` stretches of `holdout` points, fit on everything before it,
 * forecast it, score MASE and interval coverage. `holdout` = a week of points evaluates "on held-out weeks".
 */
export function evaluateForecasts(
  values: ArrayLike<number>,
  options: { period: number; holdout: number; folds?: number; models?: readonly ForecastModel[]; level?: number },
): ForecastScore[] {
  const api = "evaluateForecasts";
  const folds = options.folds ?? 1;
  if (!Number.isInteger(options.holdout) || options.holdout < 1) throw invalidArgument(api, "options.holdout", "an integer >= 1 (points per held-out stretch)", options.holdout);
  if (!Number.isInteger(folds) || folds < 1) throw invalidArgument(api, "options.folds", "an integer >= 1", options.folds);
  if (values.length - folds * options.holdout < 2 * options.period) throw invalidArgument(api, "values.length", `at least ${folds * options.holdout + 2 * options.period} points (two seasons before the held-out stretches)`, values.length);
  const all = Array.from(values);
  return (options.models ?? FORECAST_MODELS).map((model) => {
    const scores: number[] = [];
    let inside = 0;
    let total = 0;
    for (let f = folds; f >= 1; f--) {
      const cut = all.length - f * options.holdout;
      const train = all.slice(0, cut);
      const actual = all.slice(cut, cut + options.holdout);
      const fc = forecastWith(model, train, { period: options.period, horizon: options.holdout, level: options.level });
      scores.push(mase(actual, fc.mean, train, options.period));
      for (let i = 0; i < actual.length; i++) {
        if (actual[i] >= fc.lower[i] && actual[i] <= fc.upper[i]) inside++;
        total++;
      }
    }
    return { model, mase: scores, meanMase: scores.reduce((s, x) => s + x, 0) / scores.length, coverage: inside / total };
  });
}
