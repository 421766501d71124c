// Rolling statistics over a store's recorded steps, for analyses and plots (rules use RollingWindows instead).
import { invalidArgument } from "../errors";
import { STAT, parseStat, quantileInPlace, type ParsedStat, type WindowStat } from "./stats";
import type { MetricsStore } from "./store";

const DEFAULTS = { minCount: 1 };

/** What `rolling` computes: the window and statistic, and how few samples a window may hold. */
export interface RollingOptions {
  /** Window length in recorded steps (an integer >= 1). */
  steps: number;
  /** The statistic, as in `WindowStat` ("mean", "max", "p95", "rate", ...). */
  stat: WindowStat;
  /** Fewest observed (non-NaN) samples a window needs for a value, otherwise NaN ("count" is never NaN). 1 by default (pandas uses the window size). */
  minCount?: number;
}

/** `rolling` over one node: returns one array. */
export interface RollingNodeOptions extends RollingOptions {
  /** The node id. */
  node: string;
}

/** `rolling` over several nodes: returns one array per node, in the order given (store order for "all"). */
export interface RollingNodesOptions extends RollingOptions {
  /** Node ids, or "all" for every recorded node. */
  nodes: "all" | readonly string[];
}

/**
 * Rolling statistic over the last `steps` recorded steps ending at each step: `out[s]` covers steps
 * `s - steps + 1 .. s` (partial windows at the start, subject to `minCount`). With `record.every = k`
 * a window of `steps` spans `steps * k` producer steps. Statistics as in `WindowStat`; NaN is missing.
 * Cost: O(steps recorded) per node for mean/sum/count/std/min/max/last/rate, O(steps × window) for percentiles.
 * @example
 * const p95 = rolling(store, "latency_ms", { node: "api-gw-1", steps: 15, stat: "p95" }); // Float64Array, one value per recorded step
 * const cpu = rolling(store, "cpu", { nodes: "all", steps: 60, stat: "mean" });            // one Float64Array per recorded node
 */
export function rolling(store: MetricsStore, metric: string, options: RollingNodesOptions): Float64Array[];
/** One node's rolling statistic over recorded steps (see the overload above for definitions). */
export function rolling(store: MetricsStore, metric: string, options: RollingNodeOptions): Float64Array;
export function rolling(store: MetricsStore, metric: string, options: RollingNodeOptions | RollingNodesOptions): Float64Array | Float64Array[] {
  const api = "rolling";
  const m = store.metricIndex(metric, api);
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object { node | nodes, steps, stat }", options);
  const { steps, stat } = options;
  if (!Number.isInteger(steps) || steps < 1) throw invalidArgument(api, "options.steps", "an integer >= 1", steps);
  const parsed = parseStat(api, stat);
  const minCount = options.minCount ?? DEFAULTS.minCount;
  if (!Number.isInteger(minCount) || minCount < 0) throw invalidArgument(api, "options.minCount", "an integer >= 0", minCount);
  const node = "node" in options ? options.node : undefined;
  const nodes = "nodes" in options ? options.nodes : undefined;
  let indexes: number[];
  if (typeof node === "string" && nodes === undefined) indexes = [store.nodeIndex(node, api)];
  else if (nodes === "all" && node === undefined) indexes = store.nodeIds.map((_, i) => i);
  else if (Array.isArray(nodes) && node === undefined) indexes = nodes.map((id) => store.nodeIndex(id, api));
  else throw invalidArgument(api, "options.node / options.nodes", 'either node: "<id>" or nodes: ["<id>", ...] | "all"', "node" in options ? node : nodes);

  const n = store.recordedSteps;
  const times = store.times;
  const values = new Float64Array(n);
  const work = new RollingWork(n, steps);
  const results = indexes.map((index) => {
    store.readSeries(m, index, values);
    const out = new Float64Array(n);
    work.run(values, times, steps, parsed, Math.max(minCount, 0), out);
    return out;
  });
  return node !== undefined ? results[0] : results;
}

/** Scratch space reused across nodes so a whole-store rolling pass allocates once. */
class RollingWork {
  private readonly deque: Int32Array;
  private readonly scratch: Float64Array;
  constructor(n: number, steps: number) {
    this.deque = new Int32Array(Math.max(1, n));
    this.scratch = new Float64Array(Math.max(1, Math.min(n, steps)));
  }

  run(values: Float64Array, times: Float64Array, steps: number, stat: ParsedStat, minCount: number, out: Float64Array): void {
    const n = values.length;
    switch (stat.code) {
      case STAT.min:
      case STAT.max:
        return this.extremum(values, steps, stat.code === STAT.max, minCount, out);
      case STAT.percentile: {
        let count = 0;
        for (let i = 0; i < n; i++) {
          if (values[i] === values[i]) count++;
          if (i >= steps && values[i - steps] === values[i - steps]) count--;
          if (count < minCount || count === 0) {
            out[i] = NaN;
            continue;
          }
          let k = 0;
          for (let j = Math.max(0, i - steps + 1); j <= i; j++) if (values[j] === values[j]) this.scratch[k++] = values[j];
          out[i] = quantileInPlace(this.scratch, k, stat.p);
        }
        return;
      }
      default:
        return this.running(values, times, steps, stat, minCount, out);
    }
  }

  /** mean, sum, count, std, last and rate with running sums (shifted by a reference value and rebuilt once per window, so rounding does not drift). */
  private running(values: Float64Array, times: Float64Array, steps: number, stat: ParsedStat, minCount: number, out: Float64Array): void {
    const n = values.length;
    let count = 0;
    let sum = 0;
    let squares = 0;
    let reference = 0;
    let lastValid = -1;
    let firstValid = 0;
    for (let i = 0; i < n; i++) {
      const start = i - steps + 1;
      if (i % steps === 0) {
        // Rebuild the sums over the window ending at i exactly, around a fresh reference value.
        reference = 0;
        for (let j = Math.max(0, start); j <= i; j++) if (values[j] === values[j]) {
          reference = values[j];
          break;
        }
        count = 0;
        sum = 0;
        squares = 0;
        for (let j = Math.max(0, start); j <= i; j++) {
          const v = values[j];
          if (v === v) {
            count++;
            sum += v - reference;
            squares += (v - reference) * (v - reference);
          }
        }
      } else {
        const v = values[i];
        if (v === v) {
          count++;
          sum += v - reference;
          squares += (v - reference) * (v - reference);
        }
        if (start > 0) {
          const old = values[start - 1];
          if (old === old) {
            count--;
            sum -= old - reference;
            squares -= (old - reference) * (old - reference);
          }
        }
      }
      if (values[i] === values[i]) lastValid = i;
      if (stat.code === STAT.count) {
        out[i] = count;
        continue;
      }
      if (count === 0 || count < minCount) {
        out[i] = NaN;
        continue;
      }
      switch (stat.code) {
        case STAT.sum:
          out[i] = sum + count * reference;
          break;
        case STAT.mean:
          out[i] = reference + sum / count;
          break;
        case STAT.std:
          out[i] = count < 2 ? NaN : Math.sqrt(Math.max(0, (squares - (sum * sum) / count) / (count - 1)));
          break;
        case STAT.last:
          out[i] = values[lastValid];
          break;
        default: {
          // rate: first and last observed samples of the window.
          if (firstValid < start) firstValid = start;
          while (firstValid <= i && values[firstValid] !== values[firstValid]) firstValid++;
          out[i] = lastValid > firstValid ? (values[lastValid] - values[firstValid]) / (times[lastValid] - times[firstValid]) : NaN;
        }
      }
    }
  }

  /** Sliding min or max with a monotonic deque of indexes: O(n) whatever the window. */
  private extremum(values: Float64Array, steps: number, isMax: boolean, minCount: number, out: Float64Array): void {
    const deque = this.deque;
    let head = 0;
    let tail = 0;
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === v) {
        count++;
        while (tail > head && (isMax ? values[deque[tail - 1]] <= v : values[deque[tail - 1]] >= v)) tail--;
        deque[tail++] = i;
      }
      if (i >= steps && values[i - steps] === values[i - steps]) count--;
      while (tail > head && deque[head] <= i - steps) head++;
      out[i] = tail > head && count >= minCount ? values[deque[head]] : NaN;
    }
  }
}
