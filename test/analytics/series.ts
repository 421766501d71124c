// Synthetic real-shaped telemetry for analytics tests: daily seasonality, noise, and planted anomalies at known points.
import { Rng } from "../../lib/random";

export const STEP = 300;
export const DAY_POINTS = 86400 / STEP;

/** A seasonal series: 14 days of 5-minute points, daily curve (business hours high), weekend lower, Gaussian noise. */
export function seasonalSeries(seed: string, options: { days?: number; level?: number; amplitude?: number; noise?: number; growthPerDay?: number } = {}): { times: Float64Array; values: Float64Array } {
  const rng = new Rng(seed);
  const n = (options.days ?? 14) * DAY_POINTS;
  const level = options.level ?? 50;
  const amplitude = options.amplitude ?? 20;
  const noise = options.noise ?? 1;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const t0 = Date.UTC(2024, 0, 1) / 1000; // a Monday
  for (let i = 0; i < n; i++) {
    const t = t0 + i * STEP;
    const hour = ((t % 86400) / 3600);
    const weekday = Math.floor(t / 86400 + 3) % 7; // 0 = Monday
    const weekend = weekday >= 5 ? 0.5 : 1;
    const daily = Math.max(0, Math.sin(((hour - 7) / 12) * Math.PI));
    times[i] = t;
    values[i] = level + amplitude * weekend * daily + (options.growthPerDay ?? 0) * (i / DAY_POINTS) + noise * rng.normal();
  }
  return { times, values };
}

/** Adds a one-point spike of `size` at index `at`. */
export function withSpike(series: { times: Float64Array; values: Float64Array }, at: number, size: number): { times: Float64Array; values: Float64Array } {
  const values = Float64Array.from(series.values);
  values[at] += size;
  return { times: series.times, values };
}

/** Adds `size` to every point from index `at` on. */
export function withShift(series: { times: Float64Array; values: Float64Array }, at: number, size: number): { times: Float64Array; values: Float64Array } {
  const values = Float64Array.from(series.values);
  for (let i = at; i < values.length; i++) values[i] += size;
  return { times: series.times, values };
}
