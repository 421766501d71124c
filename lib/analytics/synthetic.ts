// Real-shaped labelled telemetry for evaluation without downloads: seasonal load, heavy-tailed noise, benign blips, planted anomalies with windows.
import { Rng } from "../random";
import type { LabelledSeries } from "./nab";

/** Options of `syntheticLabelledSeries`. */
export interface SyntheticOptions {
  /** How many series (default 12). */
  count?: number;
  /** Days per series at 5-minute points (default 14, like a NAB file). */
  days?: number;
}

const STEP = 300;
const KINDS = ["spike_burst", "level_shift", "variance_burst", "stall"] as const;

/**
 * Series shaped like cloud monitoring data: a daily business-hours curve (weaker at weekends), noise with heavy tails
 * (Student-t-like: a normal divided by a random scale), benign one-point blips a few times a day, and one to three
 * planted anomalies after the first 20 % (a burst of spikes, a level shift, a burst of variance, a stall at a flat
 * value). Each anomaly is labelled with a window like NAB's: 10 % of the series split among the anomalies, centred on
 * the anomaly's start. Deterministic per seed.
 */
export function syntheticLabelledSeries(seed: number | string, options: SyntheticOptions = {}): LabelledSeries[] {
  const count = options.count ?? 12;
  const days = options.days ?? 14;
  const n = Math.round((days * 86400) / STEP);
  const out: LabelledSeries[] = [];
  for (let s = 0; s < count; s++) {
    const rng = new Rng(`${seed}/synthetic/${s}`);
    const t0 = Date.UTC(2024, 0, 1) / 1000;
    const level = 20 + 60 * rng.random();
    const amplitude = level * (0.1 + 0.5 * rng.random());
    const noise = level * (0.01 + 0.04 * rng.random());
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = t0 + i * STEP;
      const hour = (t % 86400) / 3600;
      const weekday = Math.floor(t / 86400 + 3) % 7;
      const daily = Math.max(0, Math.sin(((hour - 7) / 12) * Math.PI)) * (weekday >= 5 ? 0.4 : 1);
      const tail = rng.normal() / Math.sqrt(0.3 + rng.random());
      const blip = rng.random() < 3 / 288 ? noise * (3 + 4 * rng.random()) : 0;
      times[i] = t;
      values[i] = level + amplitude * daily + noise * tail + blip;
    }
    const anomalies = 1 + rng.int(0, 2);
    const width = Math.round((0.1 * n) / anomalies);
    const windows = [];
    for (let a = 0; a < anomalies; a++) {
      const lo = Math.round(n * (0.2 + (0.75 * a) / anomalies));
      const hi = Math.round(n * (0.2 + (0.75 * (a + 1)) / anomalies)) - width;
      const at = lo + rng.int(0, Math.max(0, hi - lo));
      const kind = KINDS[rng.int(0, KINDS.length - 1)];
      const length = 12 + rng.int(0, 60);
      for (let i = at; i < Math.min(n, at + length); i++) {
        if (kind === "spike_burst" && rng.random() < 0.3) values[i] += amplitude + 10 * noise;
        if (kind === "level_shift") values[i] += Math.max(amplitude * 0.8, 12 * noise);
        if (kind === "variance_burst") values[i] += 8 * noise * rng.normal();
        if (kind === "stall") values[i] = values[at];
      }
      if (kind === "level_shift") for (let i = at + length; i < n; i++) values[i] += Math.max(amplitude * 0.8, 12 * noise);
      windows.push({ start: times[Math.max(0, at - (width >> 1))], end: times[Math.min(n - 1, at + (width >> 1))] });
    }
    out.push({ id: `synthetic/${s}`, times, values, windows });
  }
  return out;
}
