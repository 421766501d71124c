import { describe, expect, it } from "vitest";
import { evaluateForecasts, holtWinters, mase, normalQuantile, peakCrossing, seasonalNaive, trendSeasonal } from "../../lib/analytics";
import { Rng } from "../../lib/random";
import { DAY_POINTS, seasonalSeries } from "./series";

/** Simulates additive Holt-Winters in its innovations form with known α, β, γ. */
function simulateHw(seed: string, n: number, m: number, alpha: number, beta: number, gamma: number): number[] {
  const rng = new Rng(seed);
  let level = 100;
  let trend = 0.05;
  const season = Array.from({ length: m }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / m));
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    const e = rng.normal();
    const i = t % m;
    out.push(level + trend + season[i] + e);
    const prev = level;
    level = prev + trend + alpha * e;
    trend = trend + beta * e;
    season[i] = season[i] + gamma * e;
    void prev;
  }
  return out;
}

describe("forecasting", () => {
  it("holtWinters recovers known smoothing parameters of simulated data", () => {
    const values = simulateHw("hw", 24 * 120, 24, 0.3, 0.01, 0.2);
    const fit = holtWinters(values, { period: 24, horizon: 24 });
    // The recursion's parameters relate to the innovations form's as α = α, β* = β/α, γ* = γ/(1 − α).
    expect(fit.alpha).toBeGreaterThan(0.2);
    expect(fit.alpha).toBeLessThan(0.4);
    expect(fit.gamma).toBeGreaterThan(0.2 / 0.7 - 0.1);
    expect(fit.gamma).toBeLessThan(0.2 / 0.7 + 0.1);
    expect(fit.beta).toBeLessThan(0.01 / 0.3 + 0.05);
    // One-step errors were N(0, 1).
    expect(fit.sigma).toBeGreaterThan(0.9);
    expect(fit.sigma).toBeLessThan(1.15);
  }, 60_000);

  it("Holt-Winters with weekly seasonality beats seasonal naive on a held-out week (MASE < 1), and its intervals cover", () => {
    const { values } = seasonalSeries("mase", { days: 28, noise: 2 });
    const scores = evaluateForecasts(values, { period: 7 * DAY_POINTS, holdout: 7 * DAY_POINTS, folds: 1, models: ["seasonal_naive", "holt_winters_additive", "trend_seasonal"] });
    const by = Object.fromEntries(scores.map((s) => [s.model, s]));
    expect(by.holt_winters_additive.meanMase).toBeLessThan(1);
    expect(by.trend_seasonal.meanMase).toBeLessThan(1);
    expect(by.holt_winters_additive.coverage).toBeGreaterThan(0.8);
  }, 120_000);

  it("Holt-Winters intervals widen to the fit's own multi-step errors on heavy-tailed data (95 % nominal covers >= 90 %)", () => {
    const rng = new Rng("heavy");
    const quiet = seasonalSeries("heavy", { days: 21, amplitude: 0, noise: 0 }).values;
    const shape = seasonalSeries("heavy", { days: 21, level: 0, noise: 0 }).values;
    // Each day's swing is 50-150 % of the usual one and the noise is heavy-tailed: errors a day ahead are correlated
    // and larger than the one-step errors the state-space interval is built from. This is what real telemetry does.
    const dayFactor = Array.from({ length: 21 }, () => 0.5 + rng.random());
    const values = Array.from(quiet, (v, i) => {
      const chi = (rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) / 3;
      return v + shape[i] * dayFactor[Math.floor(i / DAY_POINTS)] + rng.normal() / Math.sqrt(Math.max(chi, 1e-3));
    });
    const [score] = evaluateForecasts(values, { period: DAY_POINTS, holdout: 2 * DAY_POINTS, folds: 3, models: ["holt_winters_additive"], level: 0.95 });
    expect(score.coverage).toBeGreaterThanOrEqual(0.9);
    const fit = holtWinters(values, { period: DAY_POINTS, horizon: 2 * DAY_POINTS, level: 0.95 });
    // Wider than the plain state-space interval would be at one step ahead.
    expect((fit.forecast.upper[0] - fit.forecast.mean[0]) / fit.sigma).toBeGreaterThan(normalQuantile(0.95));
  }, 120_000);

  it("multiplicative Holt-Winters follows a season that grows with the level", () => {
    const values: number[] = [];
    for (let t = 0; t < 24 * 30; t++) {
      const level = 100 + t * 0.2;
      values.push(level * (1 + 0.3 * Math.sin((2 * Math.PI * (t % 24)) / 24)));
    }
    const train = values.slice(0, 24 * 28);
    const actual = values.slice(24 * 28);
    const mult = holtWinters(train, { period: 24, horizon: 48, seasonality: "multiplicative" });
    const add = holtWinters(train, { period: 24, horizon: 48, seasonality: "additive" });
    expect(mase(actual, mult.forecast.mean, train, 24)).toBeLessThan(mase(actual, add.forecast.mean, train, 24));
    expect(mase(actual, mult.forecast.mean, train, 24)).toBeLessThan(0.2);
  }, 60_000);

  it("seasonalNaive repeats the last season and widens its interval season by season", () => {
    const values = [1, 2, 3, 4, 1, 2, 3, 5];
    const fc = seasonalNaive(values, { period: 4, horizon: 8 });
    expect(Array.from(fc.mean)).toEqual([1, 2, 3, 5, 1, 2, 3, 5]);
    expect(fc.upper[5] - fc.lower[5]).toBeGreaterThan(fc.upper[1] - fc.lower[1]);
    expect(normalQuantile(0.95)).toBeCloseTo(1.96, 3);
  });

  it("trendSeasonal recovers a planted slope and profile", () => {
    const values = Array.from({ length: 24 * 10 }, (_, t) => 5 + 0.1 * t + [0, 3, -3][t % 3]);
    const fc = trendSeasonal(values, { period: 3, horizon: 3 });
    expect(fc.slope).toBeCloseTo(0.1, 9);
    expect(fc.profile[1] - fc.profile[0]).toBeCloseTo(3, 9);
    expect(fc.mean[0]).toBeCloseTo(5 + 0.1 * 240 + 0, 6);
  });

  it("errors name the call, the option and the value", () => {
    expect(() => holtWinters([1, 2, 3], { period: 4, horizon: 1 })).toThrow(/holtWinters: expected values.length to be at least 2 seasons \(8 points\).* but found 3/);
    expect(() => holtWinters([1, 2, 3, 4, 5, 6, 7, -1], { period: 4, horizon: 1, seasonality: "multiplicative" })).toThrow(/values\[7\]/);
    expect(() => peakCrossing([0], [1], { threshold: Number.NaN })).toThrow(/peakCrossing: expected options.threshold/);
  });
});

describe("peakCrossing", () => {
  it("answers when a growing daily peak crosses 85 % CPU, with an interval around it", () => {
    // Peak 0.60 on day 0 growing 0.01 a day: crosses 0.85 on day 25.
    const { times, values } = seasonalSeries("capacity", { days: 21, level: 0.3, amplitude: 0.3, noise: 0.005, growthPerDay: 0.01 });
    const answer = peakCrossing(times, values, { threshold: 0.85 });
    const day0 = Math.floor(times[0] / 86400) * 86400;
    const crossDay = (answer.crossesAt! - day0) / 86400;
    expect(answer.slopePerPeriod).toBeCloseTo(0.01, 2);
    expect(crossDay).toBeGreaterThan(23);
    expect(crossDay).toBeLessThan(27);
    expect(answer.earliest!).toBeLessThanOrEqual(answer.crossesAt!);
    expect(answer.latest!).toBeGreaterThanOrEqual(answer.crossesAt!);
    expect(answer.alreadyCrossed).toBe(false);
  });

  it("puts the crossing beyond a year when the peak is flat, and says never when it falls", () => {
    const { times, values } = seasonalSeries("flat", { days: 10, level: 0.3, amplitude: 0.3, noise: 0.005 });
    const flat = peakCrossing(times, values, { threshold: 0.85 });
    expect(flat.crossesAt === undefined || flat.crossesAt - times[times.length - 1] > 365 * 86400).toBe(true);
    const falling = seasonalSeries("falling", { days: 10, level: 0.3, amplitude: 0.3, noise: 0.005, growthPerDay: -0.01 });
    expect(peakCrossing(falling.times, falling.values, { threshold: 0.85 }).crossesAt).toBeUndefined();
  });
});
