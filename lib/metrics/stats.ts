// Window statistics over typed arrays (mean, min, max, sum, count, last, rate, std, percentiles); NaN means missing.
import { invalidArgument } from "../errors";

/**
 * A statistic over a window of samples. Missing samples (NaN) are skipped by every statistic; a window
 * without any observed sample gives NaN (and `count` 0).
 * - `mean`, `min`, `max`, `sum`, `count`: over the observed samples.
 * - `last`: the most recent observed sample.
 * - `rate`: change per second between the first and the last observed samples,
 *   `(v_last - v_first) / (t_last - t_first)`; NaN with fewer than two observed samples.
 * - `std`: sample standard deviation (n - 1 in the denominator, as pandas); NaN with fewer than two.
 * - `p50`, `p95`, `p99.9`, ...: percentile with linear interpolation between closest ranks
 *   (numpy's default, "type 7"): rank h = (n - 1) p / 100, value x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
 */
export type WindowStat = "mean" | "min" | "max" | "sum" | "count" | "last" | "rate" | "std" | `p${number}`;

/** A parsed statistic: a code from `STAT` and, for percentiles, p in 0..100. */
export interface ParsedStat {
  readonly code: number;
  readonly p: number;
}

/** Codes of parsed statistics (plain numbers so hot loops switch on small integers). */
export const STAT = { mean: 0, min: 1, max: 2, sum: 3, count: 4, last: 5, rate: 6, std: 7, percentile: 8 } as const;

const parsedCache = new Map<string, ParsedStat>();

/** Parses a `WindowStat` once (results are cached, so hot paths can call it every step without allocating). */
export function parseStat(api: string, stat: string): ParsedStat {
  const cached = parsedCache.get(stat);
  if (cached !== undefined) return cached;
  let parsed: ParsedStat | undefined;
  if (typeof stat === "string") {
    if (Object.prototype.hasOwnProperty.call(STAT, stat) && stat !== "percentile") parsed = { code: STAT[stat as keyof typeof STAT], p: NaN };
    else if (/^p\d+(\.\d+)?$/.test(stat)) {
      const p = Number(stat.slice(1));
      if (p >= 0 && p <= 100) parsed = { code: STAT.percentile, p };
    }
  }
  if (parsed === undefined) {
    throw invalidArgument(api, "stat", '"mean", "min", "max", "sum", "count", "last", "rate", "std" or a percentile such as "p95"', stat);
  }
  if (parsedCache.size < 1000) parsedCache.set(stat, parsed);
  return parsed;
}

/** Options of `windowStat`. */
export interface WindowStatOptions {
  /** Sample times in seconds, same indexing as `values`; required by "rate". */
  times?: ArrayLike<number>;
  /** First index included; 0 by default. */
  from?: number;
  /** Index after the last one included; `values.length` by default. */
  to?: number;
  /** Scratch space for percentiles (length ≥ to - from) to avoid allocating. */
  scratch?: Float64Array;
}

/** One statistic of `values[from..to)`; see `WindowStat` for definitions. */
export function windowStat(values: ArrayLike<number>, stat: WindowStat, options: WindowStatOptions = {}): number {
  const api = "windowStat";
  const parsed = parseStat(api, stat);
  const from = options.from ?? 0;
  const to = options.to ?? values.length;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= values.length)) {
    throw invalidArgument(api, "from/to", `integers with 0 <= from <= to <= ${values.length}`, { from, to });
  }
  if (parsed.code === STAT.rate && options.times === undefined) throw invalidArgument(api, "times", "sample times (rate is per second)", undefined);
  return statOfRange(values, options.times, from, to, parsed, options.scratch);
}

/** Percentile p (0..100) of the observed samples in `values[from..to)`, with linear interpolation. */
export function percentileOf(values: ArrayLike<number>, p: number, from = 0, to = values.length, scratch?: Float64Array): number {
  if (!(typeof p === "number" && p >= 0 && p <= 100)) throw invalidArgument("percentileOf", "p", "a number in 0..100", p);
  const buffer = scratch && scratch.length >= to - from ? scratch : new Float64Array(to - from);
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v === v) buffer[n++] = v;
  }
  return quantileInPlace(buffer, n, p);
}

/** Change per second between the first and last observed samples of `values[from..to)`. */
export function rateOfChange(values: ArrayLike<number>, times: ArrayLike<number>, from = 0, to = values.length): number {
  let first = from;
  while (first < to && values[first] !== values[first]) first++;
  let last = to - 1;
  while (last > first && values[last] !== values[last]) last--;
  if (last <= first) return NaN;
  return (values[last] - values[first]) / (times[last] - times[first]);
}

/** The workhorse of every window statistic: no checks, no allocation when `scratch` is large enough. */
export function statOfRange(
  values: ArrayLike<number>,
  times: ArrayLike<number> | undefined,
  from: number,
  to: number,
  stat: ParsedStat,
  scratch?: Float64Array,
): number {
  switch (stat.code) {
    case STAT.mean:
    case STAT.sum:
    case STAT.count: {
      let sum = 0;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === v) {
          sum += v;
          n++;
        }
      }
      if (stat.code === STAT.count) return n;
      if (n === 0) return NaN;
      return stat.code === STAT.sum ? sum : sum / n;
    }
    case STAT.min: {
      let best = Infinity;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === v) {
          n++;
          if (v < best) best = v;
        }
      }
      return n === 0 ? NaN : best;
    }
    case STAT.max: {
      let best = -Infinity;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === v) {
          n++;
          if (v > best) best = v;
        }
      }
      return n === 0 ? NaN : best;
    }
    case STAT.last: {
      for (let i = to - 1; i >= from; i--) if (values[i] === values[i]) return values[i];
      return NaN;
    }
    case STAT.rate:
      return times === undefined ? NaN : rateOfChange(values, times, from, to);
    case STAT.std: {
      let sum = 0;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === v) {
          sum += v;
          n++;
        }
      }
      if (n < 2) return NaN;
      const mean = sum / n;
      let squares = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === v) squares += (v - mean) * (v - mean);
      }
      return Math.sqrt(squares / (n - 1));
    }
    default:
      return percentileOf(values, stat.p, from, to, scratch);
  }
}

/**
 * Percentile p (0..100) of `buffer[0..n)` by quickselect in O(n); reorders the buffer. NaN when n is 0.
 * Deterministic (median-of-three pivots, no randomness).
 */
export function quantileInPlace(buffer: Float64Array, n: number, p: number): number {
  if (n === 0) return NaN;
  if (n === 1) return buffer[0];
  const rank = ((n - 1) * p) / 100;
  const low = Math.floor(rank);
  selectKth(buffer, 0, n - 1, low);
  const lowValue = buffer[low];
  const fraction = rank - low;
  if (fraction === 0 || low + 1 >= n) return lowValue;
  // After selection everything right of `low` is >= buffer[low]: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = low + 1; i < n; i++) if (buffer[i] < next) next = buffer[i];
  return lowValue + fraction * (next - lowValue);
}

/** Rearranges a[lo..hi] so that a[k] is the value of rank k, smaller ones left of it and larger right. */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
