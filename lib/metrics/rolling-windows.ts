// Ring buffers of the last N steps of every node and metric, at full resolution, for rules' windowed facts.
import { InvalidArgumentError, invalidArgument, notFound } from "../errors";
import { STAT, parseStat, statOfRange, type WindowStat } from "./stats";

const DEFAULTS = { stepSeconds: 1 };

/** Options of `new RollingWindows(...)`. */
export interface RollingWindowsOptions {
  /** Number of nodes (columns are indexed by node number 0..nodes-1). */
  nodes: number;
  /** Metric names, in the order of `push`'s columns. */
  metrics: readonly string[];
  /** Most steps kept (the longest window any rule asks for). */
  capacity: number;
  /** Seconds between pushes when `push` is given no time (for "rate"); 1 by default. */
  stepSeconds?: number;
}

/**
 * The last `capacity` steps of every node and metric in ring buffers, independent of what the metrics store
 * records: rules read windowed facts (mean of the last 5 steps, p95, rate per second, ...) at full resolution.
 * `push` copies one step; `stat` is O(window) and `statAll` O(window × nodes); neither allocates.
 * Statistics and NaN handling are those of `WindowStat`; a window longer than what was pushed so far
 * covers what there is.
 * @example
 * const windows = new RollingWindows({ nodes: n, metrics: TWIN_METRICS, capacity: 30, stepSeconds: 60 });
 * windows.push(columns, time);                     // every step
 * windows.stat("cpu", node, 5, "mean");            // mean CPU of one node over the last 5 steps
 * windows.statAll("latency_ms", 15, "p95", out);   // p95 latency of every node into `out`
 */
export class RollingWindows {
  /** Number of nodes. */
  readonly nodes: number;
  /** Metric names, in column order. */
  readonly metrics: readonly string[];
  /** Most steps kept. */
  readonly capacity: number;
  /** Seconds between pushes without a time. */
  readonly stepSeconds: number;

  private readonly buffers: Float64Array[];
  private readonly timeRing: Float64Array;
  private readonly gathered: Float64Array;
  private readonly gatheredTimes: Float64Array;
  private readonly counts: Float64Array;
  private readonly means: Float64Array;
  private readonly lookup = new Map<string, number>();
  private head = 0;
  private filled = 0;
  private pushes = 0;

  constructor(options: RollingWindowsOptions) {
    const api = "new RollingWindows";
    if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
    const { nodes, metrics, capacity } = options;
    if (!Number.isInteger(nodes) || nodes < 0) throw invalidArgument(api, "nodes", "an integer >= 0 (the number of nodes)", nodes);
    if (!Array.isArray(metrics) || metrics.some((m) => typeof m !== "string")) throw invalidArgument(api, "metrics", "an array of metric names", metrics);
    if (!Number.isInteger(capacity) || capacity < 1) throw invalidArgument(api, "capacity", "an integer >= 1", capacity);
    const stepSeconds = options.stepSeconds ?? DEFAULTS.stepSeconds;
    if (!(stepSeconds > 0 && Number.isFinite(stepSeconds))) throw invalidArgument(api, "stepSeconds", "a finite number > 0", stepSeconds);
    this.nodes = nodes;
    this.metrics = metrics.slice();
    this.capacity = capacity;
    this.stepSeconds = stepSeconds;
    this.buffers = metrics.map(() => new Float64Array(capacity * nodes).fill(NaN));
    this.timeRing = new Float64Array(capacity);
    this.gathered = new Float64Array(capacity);
    this.gatheredTimes = new Float64Array(capacity);
    this.counts = new Float64Array(nodes);
    this.means = new Float64Array(nodes);
    metrics.forEach((m, i) => this.lookup.set(m, i));
  }

  /** Steps currently held (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /** Steps pushed since creation or the last `reset`. */
  get pushed(): number {
    return this.pushes;
  }

  /** Time of the latest push; NaN before the first. */
  get latestTime(): number {
    return this.filled === 0 ? NaN : this.timeRing[(this.head - 1 + this.capacity) % this.capacity];
  }

  /** Metric number of a metric name; throws NotFoundError listing the known metrics. */
  metricIndex(metric: string): number {
    const index = this.lookup.get(metric);
    if (index === undefined) throw notFound("RollingWindows.metricIndex", "metric", metric, `Known metrics: ${this.metrics.join(", ")}.`);
    return index;
  }

  /**
   * Adds one step: `columns[m][i]` is metric m of node i (NaN for a missing sample). `time` (seconds) defaults
   * to `pushed * stepSeconds`. The oldest step is dropped once `capacity` steps are held.
   */
  push(columns: readonly ArrayLike<number>[], time?: number): void {
    if (columns.length !== this.metrics.length) {
      throw new InvalidArgumentError(
        `RollingWindows.push: expected columns to be ${this.metrics.length} arrays (one per metric: ${this.metrics.join(", ")}) but found ${columns.length}.`,
      );
    }
    for (let m = 0; m < columns.length; m++) {
      if (!(columns[m] && columns[m].length >= this.nodes)) {
        throw invalidArgument("RollingWindows.push", `columns[${m}] (${this.metrics[m]})`, `an array of at least ${this.nodes} values`, columns[m] && `an array of length ${columns[m].length}`);
      }
    }
    const t = time ?? this.pushes * this.stepSeconds;
    const offset = this.head * this.nodes;
    for (let m = 0; m < columns.length; m++) {
      const column = columns[m];
      const buffer = this.buffers[m];
      if (column.length === this.nodes) buffer.set(column, offset);
      else for (let i = 0; i < this.nodes; i++) buffer[offset + i] = column[i];
    }
    this.timeRing[this.head] = t;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.filled < this.capacity) this.filled++;
    this.pushes++;
  }

  /** Value of a metric of a node `ago` steps back (0 = latest push); NaN if not held. */
  value(metric: number | string, node: number, ago = 0): number {
    const m = this.resolveMetric("RollingWindows.value", metric);
    this.checkNode("RollingWindows.value", node);
    if (!(Number.isInteger(ago) && ago >= 0 && ago < this.filled)) return NaN;
    const slot = (this.head - 1 - ago + 2 * this.capacity) % this.capacity;
    return this.buffers[m][slot * this.nodes + node];
  }

  /** A statistic of one node over the last `steps` pushes (see `WindowStat`); O(steps), allocation-free. */
  stat(metric: number | string, node: number, steps: number, stat: WindowStat): number {
    const api = "RollingWindows.stat";
    const m = this.resolveMetric(api, metric);
    this.checkNode(api, node);
    const parsed = parseStat(api, stat);
    const window = this.windowLength(api, steps);
    if (window === 0) return parsed.code === STAT.count ? 0 : NaN;
    this.gather(m, node, window, parsed.code === STAT.rate);
    return statOfRange(this.gathered, this.gatheredTimes, 0, window, parsed, this.gathered);
  }

  /** The statistic for every node at once into `out[0..nodes)` (returned); allocation-free. */
  statAll(metric: number | string, steps: number, stat: WindowStat, out: Float64Array): Float64Array {
    const api = "RollingWindows.statAll";
    const m = this.resolveMetric(api, metric);
    const parsed = parseStat(api, stat);
    const window = this.windowLength(api, steps);
    if (!(out instanceof Float64Array) || out.length < this.nodes) throw invalidArgument(api, "out", `a Float64Array of length >= ${this.nodes}`, out);
    const nodes = this.nodes;
    if (window === 0) {
      out.fill(parsed.code === STAT.count ? 0 : NaN, 0, nodes);
      return out;
    }
    const buffer = this.buffers[m];
    const counts = this.counts;
    const first = (this.head - window + this.capacity) % this.capacity;
    switch (parsed.code) {
      case STAT.mean:
      case STAT.sum:
      case STAT.count:
      case STAT.std:
      case STAT.min:
      case STAT.max:
      case STAT.last: {
        // Row by row: each step's nodes are contiguous, so this walks memory in order.
        const code = parsed.code;
        const init = code === STAT.min ? Infinity : code === STAT.max ? -Infinity : code === STAT.last ? NaN : 0;
        out.fill(init, 0, nodes);
        counts.fill(0);
        for (let k = 0, slot = first; k < window; k++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
          const offset = slot * nodes;
          for (let i = 0; i < nodes; i++) {
            const v = buffer[offset + i];
            if (v !== v) continue;
            counts[i]++;
            if (code === STAT.min) {
              if (v < out[i]) out[i] = v;
            } else if (code === STAT.max) {
              if (v > out[i]) out[i] = v;
            } else if (code === STAT.last) out[i] = v;
            else out[i] += v;
          }
        }
        if (code === STAT.std) this.finishStd(buffer, first, window, out);
        else
          for (let i = 0; i < nodes; i++) {
            if (code === STAT.count) out[i] = counts[i];
            else if (counts[i] === 0) out[i] = NaN;
            else if (code === STAT.mean) out[i] /= counts[i];
          }
        return out;
      }
      default:
        for (let i = 0; i < nodes; i++) {
          this.gather(m, i, window, parsed.code === STAT.rate);
          out[i] = statOfRange(this.gathered, this.gatheredTimes, 0, window, parsed, this.gathered);
        }
        return out;
    }
  }

  /** Forgets every pushed step. */
  reset(): void {
    this.head = 0;
    this.filled = 0;
    this.pushes = 0;
    for (const buffer of this.buffers) buffer.fill(NaN);
  }

  /** A one-line summary, also what `console.log` and notebooks show. */
  toString(): string {
    return `RollingWindows { ${this.nodes} nodes × ${this.metrics.length} metrics (${this.metrics.join(", ")}), ${this.filled}/${this.capacity} steps held, ${this.pushes} pushed }`;
  }

  /** Second pass of std: `out` holds sums on entry, standard deviations on exit. */
  private finishStd(buffer: Float64Array, first: number, window: number, out: Float64Array): void {
    const nodes = this.nodes;
    const means = this.means;
    for (let i = 0; i < nodes; i++) means[i] = this.counts[i] > 0 ? out[i] / this.counts[i] : NaN;
    out.fill(0, 0, nodes);
    for (let k = 0, slot = first; k < window; k++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      const offset = slot * nodes;
      for (let i = 0; i < nodes; i++) {
        const v = buffer[offset + i];
        if (v === v) out[i] += (v - means[i]) * (v - means[i]);
      }
    }
    for (let i = 0; i < nodes; i++) out[i] = this.counts[i] < 2 ? NaN : Math.sqrt(out[i] / (this.counts[i] - 1));
  }

  /** Copies the last `window` values of one node (oldest first) into `gathered`, and their times if asked. */
  private gather(m: number, node: number, window: number, withTimes: boolean): void {
    const buffer = this.buffers[m];
    const nodes = this.nodes;
    for (let k = 0, slot = (this.head - window + this.capacity) % this.capacity; k < window; k++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      this.gathered[k] = buffer[slot * nodes + node];
      if (withTimes) this.gatheredTimes[k] = this.timeRing[slot];
    }
  }

  private windowLength(api: string, steps: number): number {
    if (!(Number.isInteger(steps) && steps >= 1 && steps <= this.capacity)) throw invalidArgument(api, "steps", `an integer in 1..${this.capacity} (the capacity)`, steps);
    return steps < this.filled ? steps : this.filled;
  }

  private resolveMetric(api: string, metric: number | string): number {
    if (typeof metric === "number") {
      if (Number.isInteger(metric) && metric >= 0 && metric < this.metrics.length) return metric;
      throw invalidArgument(api, "metric", `a metric number in 0..${this.metrics.length - 1} or a metric name`, metric);
    }
    const index = this.lookup.get(metric);
    if (index === undefined) throw notFound(api, "metric", metric, `Known metrics: ${this.metrics.join(", ")}.`);
    return index;
  }

  private checkNode(api: string, node: number): void {
    if (!(Number.isInteger(node) && node >= 0 && node < this.nodes)) throw invalidArgument(api, "node", `a node number in 0..${this.nodes - 1}`, node);
  }
}

// Printing the windows shows the summary, not the ring buffers.
Object.defineProperty(RollingWindows.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value(this: RollingWindows): string {
    return this.toString();
  },
});
