// Units of imported metrics: what each metric's values are (percent or ratio, s or ms, bytes, counter) and how they become the store's units.
import { AmbiguousTelemetryError } from "./errors";

/** A unit a user can name in `options.units`. */
export type SourceUnit = "ratio" | "percent" | "ms" | "s" | "us" | "bytes" | "counter" | "gauge";

/** The unit the store keeps a metric in, from its (final) name. */
export type StoreUnit = "ratio" | "ms" | "s" | "status" | "other";

/** Value statistics of one metric, gathered while reading (cheap counters, no second pass). */
export interface ValueStats {
  n: number;
  min: number;
  max: number;
  /** Values > 1, > 100, < 1 (and >= 0), < 0. */
  above1: number;
  above100: number;
  below1: number;
  negative: number;
}

/** A fresh statistics record. */
export function emptyStats(): ValueStats {
  return { n: 0, min: Infinity, max: -Infinity, above1: 0, above100: 0, below1: 0, negative: 0 };
}

/** Adds one finite value to `s`. */
export function observe(s: ValueStats, v: number): void {
  s.n++;
  if (v < s.min) s.min = v;
  if (v > s.max) s.max = v;
  if (v > 1) {
    s.above1++;
    if (v > 100) s.above100++;
  } else if (v >= 0) s.below1++;
  else s.negative++;
}

const RATIO_METRICS = new Set(["cpu", "ram", "disk", "error_rate", "memory", "mem"]);

/** The unit the store keeps `metric` in: catalogue ratios, `*_ms`, `*_s`, status, else as given. */
export function storeUnitOf(metric: string): StoreUnit {
  if (RATIO_METRICS.has(metric) || /_(ratio|fraction|utilisation|utilization)$/.test(metric)) return "ratio";
  if (metric === "status") return "status";
  if (/(^|_)ms$/.test(metric)) return "ms";
  if (/_s$|_seconds$/.test(metric)) return "s";
  return "other";
}

/** The source unit a metric's original name announces, if any. */
export function unitFromName(name: string): SourceUnit | undefined {
  const n = name.toLowerCase();
  if (/(_total|_count|_counter)$/.test(n)) return "counter";
  if (/(percent|pct|_perc$|%)/.test(n)) return "percent";
  if (/(_ratio|_fraction)$/.test(n)) return "ratio";
  if (/_bytes$/.test(n)) return "bytes";
  if (/(_ms|_millis|_milliseconds)$/.test(n)) return "ms";
  if (/(_us|_micros|_microseconds)$/.test(n)) return "us";
  if (/(_s|_sec|_seconds)$/.test(n)) return "s";
  return undefined;
}

/** How one metric's values were interpreted and converted. */
export interface UnitDecision {
  metric: string;
  /** Name in the input, before `rename`. */
  source: string;
  from: SourceUnit | "unknown";
  to: StoreUnit;
  /** "option" (options.units), "name" (the metric's name said so), "data" (the values' range), "default". */
  basis: "option" | "name" | "data" | "default";
  /** Multiply values by this (1 = unchanged); NaN for counters, which become rates. */
  factor: number;
  counter: boolean;
  note: string;
}

/** Options that settle units. */
export interface UnitOptions {
  /** Unit of a metric's values in the input, by final metric name: `{ cpu: "percent", latency_ms: "s", requests_total: "counter" }`. */
  units?: Readonly<Record<string, SourceUnit>>;
  /** Capacity in bytes of a ratio metric given in bytes: `{ ram: 64e9 }`. */
  capacity?: Readonly<Record<string, number>>;
}

/**
 * Decides one metric's unit from `options.units`, then its original name, then its values; converts only
 * when the reading is unambiguous, and throws `AmbiguousTelemetryError` naming `units` (or `capacity`) otherwise.
 */
export function decideUnit(api: string, metric: string, source: string, stats: ValueStats, options: UnitOptions): UnitDecision {
  const to = storeUnitOf(metric);
  const given = options.units?.[metric] ?? options.units?.[source];
  const named = unitFromName(source);
  let from: SourceUnit | "unknown" = given ?? named ?? "unknown";
  let basis: UnitDecision["basis"] = given !== undefined ? "option" : named !== undefined ? "name" : "default";
  const range = stats.n === 0 ? "no values" : `values ${round(stats.min)} to ${round(stats.max)}`;
  const decision = (factor: number, note: string): UnitDecision => ({ metric, source, from, to, basis, factor, counter: from === "counter", note });
  if (from === "counter") return decision(NaN, `counter (${basis === "option" ? "options.units" : "name ends in _total/_count"}): converted to a rate per second, resets handled`);
  if (from === "gauge") from = "unknown";
  if (to === "ratio") {
    if (from === "unknown" && stats.n > 0) {
      basis = "data";
      if (stats.max <= 1) from = "ratio";
      else if (stats.above100 > stats.n / 2 && /^(ram|disk|mem|memory)$/.test(metric)) from = "bytes";
      else if (stats.above100 > stats.n / 2) {
        throw new AmbiguousTelemetryError(api, "units", `metric "${metric}" (${range}) is a ratio 0..1 in the store, but most values are above 100: neither a ratio nor percent. Say what they are, e.g. { units: { ${metric}: "percent" } } with { impossible: "clip" }, or rename the metric (options.rename) to keep it as it is.`);
      }
      else if (stats.above1 >= Math.max(1, stats.n * 0.01)) from = "percent";
      else {
        throw new AmbiguousTelemetryError(api, `units`, `metric "${metric}" (${range}) is a ratio 0..1 in the store, but ${stats.above1} of ${stats.n} values are above 1: too few for percent, too many for a ratio. Say { units: { ${metric}: "percent" } } or { units: { ${metric}: "ratio" } }.`);
      }
    }
    if (from === "percent") return decision(0.01, `percent (${range}, ${basis === "data" ? "values above 1" : basis === "name" ? "the name says so" : "options.units"}): divided by 100 to a ratio 0..1`);
    if (from === "bytes") {
      const capacity = options.capacity?.[metric];
      if (!(typeof capacity === "number" && capacity > 0)) {
        throw new AmbiguousTelemetryError(api, "capacity", `metric "${metric}" holds bytes (${range}) but the store keeps it as a ratio 0..1 of capacity. Give the capacity in bytes, { capacity: { ${metric}: 64e9 } }, or rename the metric (options.rename) to keep bytes.`);
      }
      return decision(1 / capacity, `bytes: divided by the capacity ${capacity} to a ratio 0..1`);
    }
    if (from === "ratio" || from === "unknown") return decision(1, `ratio 0..1 (${range}${basis === "default" ? "" : `, ${basis === "data" ? "all values <= 1" : basis === "name" ? "the name says so" : "options.units"}`}): kept`);
    return decision(1, `${from}: kept as given (the store wants a ratio; check options.units)`);
  }
  if (to === "ms" || to === "s") {
    if (from === "unknown" && stats.n > 0) {
      // Latencies below 1 ms are possible but rarely the majority; seconds written as "0.25" usually are.
      if (to === "ms" && stats.below1 > stats.n / 2 && stats.max < 120) {
        throw new AmbiguousTelemetryError(api, "units", `metric "${metric}" is kept in milliseconds, but most of its values are below 1 (${range}): seconds or sub-millisecond latencies? Say { units: { ${metric}: "s" } } or { units: { ${metric}: "ms" } }.`);
      }
      basis = "data";
      from = to;
    }
    const factors: Record<string, number> = { "s>ms": 1000, "us>ms": 0.001, "ms>s": 0.001, "us>s": 1e-6, "ms>ms": 1, "s>s": 1 };
    const factor = factors[`${from}>${to}`];
    if (factor === undefined) return decision(1, `${from}: kept as given`);
    return decision(factor, factor === 1 ? `${to} (${range}): kept` : `${from} (${basis === "name" ? "the name says so" : "options.units"}): multiplied by ${factor} to ${to}`);
  }
  if (from === "percent" && stats.max > 1) return decision(1, `percent by its name (${range}): kept (rename it to a ratio metric, e.g. { rename: { ${source}: "cpu" } }, to convert)`);
  return decision(1, from === "unknown" ? `no unit to convert (${range})` : `${from}: kept`);
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}
