// Shared fixtures of the metrics tests: seeded stores and naive reference statistics.
import { MetricsStore, type MetricsStoreOptions } from "../../lib/metrics";
import { RandomStreams } from "../../lib/random";

/** value(metric m, node i, step s) = 1000·m + i + s/128: every cell distinct and exact in float32. */
export function cellValue(m: number, i: number, s: number): number {
  return 1000 * m + i + s / 128;
}

/** Appends `steps` producer steps of `cellValue` data to a new store built from `options`. */
export function patternStore(steps: number, options: Partial<MetricsStoreOptions> = {}): MetricsStore {
  const nodes = options.nodes ?? ["a", "b", "c", "d"];
  const metrics = options.metrics ?? ["cpu", "latency_ms", "status"];
  const store = new MetricsStore({ stepSeconds: 60, ...options, nodes, metrics });
  const columns = metrics.map(() => new Float64Array(nodes.length));
  for (let s = 0; s < steps; s++) {
    metrics.forEach((_, m) => nodes.forEach((_, i) => (columns[m][i] = cellValue(m, i, s))));
    store.append(store.startTime + s * store.stepSeconds, columns);
  }
  return store;
}

/** Seeded random values in [0, 100) with about `missing` of them NaN. */
export function randomSeries(seed: string, length: number, missing = 0.1): Float64Array {
  const rng = new RandomStreams(1).stream(seed);
  const out = new Float64Array(length);
  for (let k = 0; k < length; k++) out[k] = rng.random() < missing ? NaN : Math.round(rng.random() * 100000) / 1000;
  return out;
}

/** Reference statistic by sorting: the slow, obvious definition of every `WindowStat`. */
export function referenceStat(values: ArrayLike<number>, times: ArrayLike<number>, from: number, to: number, stat: string): number {
  const idx: number[] = [];
  for (let k = Math.max(0, from); k < to; k++) if (!Number.isNaN(values[k])) idx.push(k);
  const xs = idx.map((k) => values[k]);
  if (stat === "count") return xs.length;
  if (xs.length === 0) return NaN;
  switch (stat) {
    case "mean":
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case "sum":
      return xs.reduce((a, b) => a + b, 0);
    case "min":
      return Math.min(...xs);
    case "max":
      return Math.max(...xs);
    case "last":
      return xs[xs.length - 1];
    case "rate":
      return xs.length < 2 ? NaN : (xs[xs.length - 1] - xs[0]) / (times[idx[idx.length - 1]] - times[idx[0]]);
    case "std": {
      if (xs.length < 2) return NaN;
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    }
    default: {
      const p = Number(stat.slice(1));
      const sorted = xs.slice().sort((a, b) => a - b);
      const h = ((sorted.length - 1) * p) / 100;
      const lo = Math.floor(h);
      return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
  }
}

/** Asserts two numbers are equal to ~1e-9 relative, NaN matching NaN. */
export function close(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}
