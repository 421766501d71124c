// The cleaning pipeline of one series: order, duplicates, units, counters → rates, impossible values, resampling to the step, gaps.
import type { StoreUnit } from "./units";

/** How a step with several samples is summarised. */
export type Aggregate = "mean" | "max" | "last";

/** What to do with empty steps between samples: leave them missing, hold the last value for at most `hold` steps, or interpolate linearly. */
export type GapPolicy = "none" | "interpolate" | { hold: number };

/** What to do with impossible values (a ratio outside 0..1, a negative latency): count them only, clamp them, or drop them (missing). */
export type ImpossiblePolicy = "flag" | "clip" | "drop";

/** Everything done to one series, counted. Nothing is dropped without being counted here. */
export interface SeriesReport {
  node: string;
  metric: string;
  /** Samples read (empty ones included). */
  samples: number;
  /** Empty samples (empty cell, NaN, null): missing. */
  empty: number;
  /** Samples that arrived earlier than the latest sample before them (they were sorted into place). */
  outOfOrder: number;
  /** Samples at a time already given: the later one in the input was kept. */
  duplicates: number;
  /** Counter resets (a drop in a counter): the rate restarts from the value after the reset. */
  resets: number;
  /** Impossible values found (and clipped, dropped or only flagged, per policy). */
  impossible: number;
  /** Samples merged into a step that already had one (resampling to the step). */
  merged: number;
  /** Samples moved to the nearest step of the grid. */
  snapped: number;
  /** Steps between samples that were empty and were filled (hold or interpolate). */
  filled: number;
  /** Steps between the series' first and last samples that stay missing. */
  gaps: number;
}

/** Per-series settings the pipeline needs. */
export interface CleanSettings {
  origin: number;
  /** Step in ms. */
  stepMs: number;
  steps: number;
  factor: number;
  counter: boolean;
  unit: StoreUnit;
  aggregate: Aggregate;
  gaps: GapPolicy;
  impossible: ImpossiblePolicy;
}

/** Range of possible values per store unit (counters become rates >= 0). */
function bounds(unit: StoreUnit, counter: boolean): [number, number] {
  if (unit === "ratio") return [0, 1];
  if (unit === "ms" || unit === "s" || counter) return [0, Infinity];
  if (unit === "status") return [0, 2];
  return [-Infinity, Infinity];
}

/** Runs the pipeline on one series' samples and returns its value on every step of the grid (NaN = missing). */
export function cleanSeries(times: Float64Array, values: Float64Array, settings: CleanSettings, report: SeriesReport): Float64Array {
  let n = times.length;
  if (report.outOfOrder > 0) {
    // Stable sort by time keeps the input order among equal times, so the later duplicate still wins.
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => times[a] - times[b] || a - b);
    const t2 = new Float64Array(n);
    const v2 = new Float64Array(n);
    order.forEach((k, j) => {
      t2[j] = times[k];
      v2[j] = values[k];
    });
    times = t2;
    values = v2;
  }
  // Duplicates: keep the later sample of a time.
  let w = 0;
  for (let k = 0; k < n; k++) {
    if (w > 0 && times[w - 1] === times[k]) {
      report.duplicates++;
      values[w - 1] = values[k];
    } else {
      times[w] = times[k];
      values[w++] = values[k];
    }
  }
  n = w;
  if (settings.counter) {
    // Rate per second between consecutive samples; a drop is a reset, after which the counter counted from 0.
    let prevT = NaN;
    let prevV = NaN;
    for (let k = 0; k < n; k++) {
      const v = values[k];
      if (v !== v) continue;
      if (prevV !== prevV) values[k] = NaN;
      else {
        const dt = (times[k] - prevT) / 1000;
        let delta = v - prevV;
        if (delta < 0) {
          report.resets++;
          delta = v;
        }
        values[k] = delta / dt;
      }
      prevT = times[k];
      prevV = v;
    }
  } else if (settings.factor !== 1) {
    for (let k = 0; k < n; k++) values[k] *= settings.factor;
  }
  const [low, high] = bounds(settings.unit, settings.counter);
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v < low || v > high) {
      report.impossible++;
      if (settings.impossible === "clip") values[k] = v < low ? low : high;
      else if (settings.impossible === "drop") values[k] = NaN;
    }
  }
  // Resample: each sample goes to the nearest step; a step with several is summarised by the metric's aggregate.
  const grid = new Float64Array(settings.steps).fill(NaN);
  const counts = new Uint32Array(settings.steps);
  let first = settings.steps;
  let last = -1;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v !== v) continue;
    const exact = (times[k] - settings.origin) / settings.stepMs;
    const s = Math.round(exact);
    if (Math.abs(exact - s) > 1e-9) report.snapped++;
    if (s < first) first = s;
    if (s > last) last = s;
    const c = counts[s]++;
    if (c === 0) grid[s] = v;
    else {
      report.merged++;
      if (settings.aggregate === "mean") grid[s] += v;
      else if (settings.aggregate === "max") grid[s] = Math.max(grid[s], v);
      else grid[s] = v;
    }
  }
  if (settings.aggregate === "mean") for (let s = first; s <= last; s++) if (counts[s] > 1) grid[s] /= counts[s];
  fillGaps(grid, first, last, settings.gaps, report);
  return grid;
}

function fillGaps(grid: Float64Array, first: number, last: number, policy: GapPolicy, report: SeriesReport): void {
  let s = first + 1;
  while (s < last) {
    if (grid[s] === grid[s]) {
      s++;
      continue;
    }
    let end = s;
    while (grid[end] !== grid[end]) end++;
    const length = end - s;
    const before = grid[s - 1];
    const after = grid[end];
    if (policy === "interpolate") {
      for (let k = 0; k < length; k++) grid[s + k] = before + ((after - before) * (k + 1)) / (length + 1);
      report.filled += length;
    } else if (typeof policy === "object") {
      const held = Math.min(length, policy.hold);
      for (let k = 0; k < held; k++) grid[s + k] = before;
      report.filled += held;
      report.gaps += length - held;
    } else report.gaps += length;
    s = end;
  }
}
