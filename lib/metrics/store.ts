// The columnar metrics store: per metric, step-major blocks of typed arrays (node × step), grown in chunks.
import { checkMemoryBudget, defaultMemoryBudget, parseByteSize } from "../limits";
import { InvalidArgumentError, UsageError, describeValue, invalidArgument, notFound } from "../errors";
import { toJSON, type MetricsDocument } from "./export";
import { MetricWindow, type WindowRange } from "./window";

const DEFAULTS = {
  startTime: 0,
  every: 1,
  precision: "float32" as Precision,
  /** A chunk holds about this many values per metric (4 MB of float32) so growth never copies much. */
  chunkValues: 1 << 20,
  /** Steps per chunk when no `expectedSteps` hint is given and nodes are few. */
  chunkSteps: 256,
  kind: "unknown",
};

/**
 * Storage precision. `"float32"` (default) halves memory and keeps about 7 significant digits:
 * ratios to ~1e-7, latencies like 123.4567 ms to ~1e-5 ms, integers (status codes, counts) exactly up to
 * 16,777,216. Use `"float64"` for imported telemetry with large or exact values (byte counters, epochs).
 */
export type Precision = "float32" | "float64";

/** The typed array a store reads back: Float32Array or Float64Array, following the store's precision. */
export type ValueArray = Float32Array | Float64Array;

/** What to keep from what the producer appends; everything, every step, by default. */
export interface RecordOptions {
  /** Metric names to keep (a subset of `metrics`); all by default. */
  metrics?: readonly string[];
  /** Node ids to keep, or a predicate on (id, node number); all by default. */
  nodes?: readonly string[] | ((id: string, index: number) => boolean);
  /** Keep one step in `every` (the 1st, the k+1-th, ...); 1 by default. */
  every?: number;
  /** Memory budget in bytes for the recorded values; `INFRATWIN_MAX_MEMORY` or a quarter of the machine's memory by default. Checked before allocating. */
  maxBytes?: number;
}

/** Options of `new MetricsStore(...)`. */
export interface MetricsStoreOptions {
  /** Node ids; index i is node number i in the producer's columns. */
  nodes: readonly string[];
  /** Kind per node (same length as `nodes`), carried into long frames and exports; "unknown" by default. */
  kinds?: readonly string[];
  /** Metric names the producer supplies, in the order of `append`'s columns. */
  metrics: readonly string[];
  /** Nominal seconds between two producer steps: the time of step s is `startTime + s * stepSeconds`. */
  stepSeconds: number;
  /** Time of step 0 in seconds (simulated or observed); 0 by default. */
  startTime?: number;
  /** Wall-clock instant of time 0 (ISO string, ms since 1970, or Date); enables `timestamp` columns. */
  epoch?: string | number | Date;
  /** Which metrics, nodes and steps to keep, so large runs fit in memory. */
  record?: RecordOptions;
  /** Preallocation hint in producer steps; the store still grows past it. */
  expectedSteps?: number;
  /** Storage precision; "float32" by default (see `Precision`). */
  precision?: Precision;
  /** Extra string labels per node (each array the same length as `nodes`), kept by exports. */
  labels?: Readonly<Record<string, readonly string[]>>;
}

/** Options of `store.series(...)`: a step range, or a time range in seconds (both ends included). */
export interface SeriesOptions {
  /** First recorded step included; 0 by default. */
  fromStep?: number;
  /** Recorded step after the last one included; `recordedSteps` by default. */
  toStep?: number;
  /** Only steps with time >= from (seconds); instead of fromStep/toStep. */
  from?: number;
  /** Only steps with time <= to (seconds); instead of fromStep/toStep. */
  to?: number;
}

/**
 * The columnar metrics store the twin writes into every step and that rules, analyses, frames and exports
 * read. Values are kept per metric as step-major chunks (all recorded nodes of one step are contiguous),
 * so `append` is a few block copies and `snapshot` is a view; `series` gathers one node across steps.
 * Chunks never move once allocated, so views stay valid as the store grows.
 * @example
 * const store = new MetricsStore({ nodes: ["db-1", "app-1"], metrics: TWIN_METRICS, stepSeconds: 60, record: { every: 5 } });
 * store.append(0, columns);                       // columns[m][i]: metric m of node i, one Float64Array per metric
 * store.series("latency_ms", "app-1");            // Float32Array over recorded steps
 * store.window("cpu", "db-1", { steps: 10 }).percentile(95);
 */
export class MetricsStore {
  /** Node ids the producer supplies (all of them, recorded or not). */
  readonly sourceNodes: readonly string[];
  /** Metric names the producer supplies, in `append` column order. */
  readonly sourceMetrics: readonly string[];
  /** Recorded node ids; recorded node i is `nodeIds[i]`. */
  readonly nodeIds: readonly string[];
  /** Kind of each recorded node. */
  readonly kinds: readonly string[];
  /** Recorded metric names. */
  readonly metricNames: readonly string[];
  /** Extra labels of each recorded node, by label name. */
  readonly labels: Readonly<Record<string, readonly string[]>>;
  /** Nominal seconds between two producer steps. */
  readonly stepSeconds: number;
  /** Time of producer step 0, in seconds. */
  readonly startTime: number;
  /** One producer step in `every` is recorded. */
  readonly every: number;
  /** Wall-clock ms since 1970 of time 0, when known. */
  readonly epochMs: number | undefined;
  /** Storage precision. */
  readonly precision: Precision;
  /** Recorded steps per storage chunk. */
  readonly chunkSteps: number;

  private readonly nodeSource: Int32Array;
  private readonly metricSource: Int32Array;
  private readonly identityNodes: boolean;
  private readonly nodeLookup = new Map<string, number>();
  private readonly metricLookup = new Map<string, number>();
  private readonly chunks: ValueArray[][];
  private timeBuffer: Float64Array;
  private readonly maxBytes: number;
  private recorded = 0;
  private appended = 0;
  private lastTime = -Infinity;

  constructor(options: MetricsStoreOptions) {
    const api = "new MetricsStore";
    if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
    const { nodes, metrics, kinds } = options;
    checkNames(api, "nodes", nodes);
    checkNames(api, "metrics", metrics);
    if (kinds !== undefined && (!Array.isArray(kinds) || kinds.length !== nodes.length || kinds.some((k) => typeof k !== "string"))) {
      throw invalidArgument(api, "kinds", `an array of ${nodes.length} strings (one per node)`, kinds);
    }
    if (!(typeof options.stepSeconds === "number" && options.stepSeconds > 0 && Number.isFinite(options.stepSeconds))) {
      throw invalidArgument(api, "stepSeconds", "a finite number > 0", options.stepSeconds);
    }
    const startTime = options.startTime ?? DEFAULTS.startTime;
    if (typeof startTime !== "number" || !Number.isFinite(startTime)) throw invalidArgument(api, "startTime", "a finite number", startTime);
    const precision = options.precision ?? DEFAULTS.precision;
    if (precision !== "float32" && precision !== "float64") throw invalidArgument(api, "precision", '"float32" or "float64"', precision);
    const record = options.record ?? {};
    const every = record.every ?? DEFAULTS.every;
    if (!Number.isInteger(every) || every < 1) throw invalidArgument(api, "record.every", "an integer >= 1", every);

    this.sourceNodes = nodes.slice();
    this.sourceMetrics = metrics.slice();
    this.stepSeconds = options.stepSeconds;
    this.startTime = startTime;
    this.every = every;
    this.precision = precision;
    this.epochMs = options.epoch === undefined ? undefined : parseEpoch(api, options.epoch);

    const metricPositions = new Map(metrics.map((m, i) => [m, i]));
    let keptMetrics: number[];
    if (record.metrics === undefined) keptMetrics = metrics.map((_, i) => i);
    else {
      if (!Array.isArray(record.metrics)) throw invalidArgument(api, "record.metrics", "an array of metric names", record.metrics);
      keptMetrics = [];
      for (const name of record.metrics) {
        const position = metricPositions.get(name);
        if (position === undefined) throw notFound(api, "record.metrics: metric", name, `Known metrics: ${metrics.join(", ")}.`);
        if (!keptMetrics.includes(position)) keptMetrics.push(position);
      }
      keptMetrics.sort((a, b) => a - b);
    }
    let keptNodes: number[];
    const selector = record.nodes;
    if (selector === undefined) keptNodes = nodes.map((_, i) => i);
    else if (typeof selector === "function") keptNodes = nodes.map((_, i) => i).filter((i) => selector(nodes[i], i));
    else if (Array.isArray(selector)) {
      const positions = new Map(nodes.map((n, i) => [n, i]));
      const set = new Set<number>();
      for (const id of selector) {
        const position = positions.get(id);
        if (position === undefined) throw notFound(api, "record.nodes: node", id);
        set.add(position);
      }
      keptNodes = [...set].sort((a, b) => a - b);
    } else throw invalidArgument(api, "record.nodes", "an array of node ids or a predicate", selector);

    this.metricSource = Int32Array.from(keptMetrics);
    this.nodeSource = Int32Array.from(keptNodes);
    this.identityNodes = keptNodes.length === nodes.length;
    this.metricNames = keptMetrics.map((i) => metrics[i]);
    this.nodeIds = keptNodes.map((i) => nodes[i]);
    this.kinds = keptNodes.map((i) => (kinds ? kinds[i] : DEFAULTS.kind));
    const labels: Record<string, readonly string[]> = {};
    for (const [name, values] of Object.entries(options.labels ?? {})) {
      if (!Array.isArray(values) || values.length !== nodes.length) {
        throw invalidArgument(api, `labels.${name}`, `an array of ${nodes.length} strings (one per node)`, values);
      }
      labels[name] = keptNodes.map((i) => String(values[i]));
    }
    this.labels = labels;
    this.nodeIds.forEach((id, i) => this.nodeLookup.set(id, i));
    this.metricNames.forEach((name, i) => this.metricLookup.set(name, i));

    const width = Math.max(1, this.nodeIds.length);
    const maxChunkSteps = Math.max(1, Math.floor(DEFAULTS.chunkValues / width));
    const expected = options.expectedSteps;
    if (expected !== undefined && !(Number.isInteger(expected) && expected >= 0)) throw invalidArgument(api, "expectedSteps", "an integer >= 0", expected);
    const expectedRecorded = expected === undefined ? 0 : Math.ceil(expected / every);
    this.chunkSteps = Math.min(maxChunkSteps, expectedRecorded > 0 ? expectedRecorded : DEFAULTS.chunkSteps);
    this.chunks = this.metricNames.map(() => []);
    const preallocated = Math.ceil(expectedRecorded / this.chunkSteps);
    this.maxBytes = record.maxBytes === undefined ? defaultMemoryBudget() : parseByteSize(record.maxBytes, api, "record.maxBytes");
    // Checked before the first allocation: a horizon that cannot fit fails here with its size, not in the kernel's allocator.
    checkMemoryBudget(api, { steps: expectedRecorded, nodes: this.nodeIds.length, metrics: this.metricNames.length, bytesPerValue: this.bytesPerValue() }, this.maxBytes);
    for (let c = 0; c < preallocated; c++) this.addChunk();
    this.timeBuffer = new Float64Array(Math.max(16, expectedRecorded));
  }

  private bytesPerValue(): number {
    return this.precision === "float32" ? 4 : 8;
  }

  /** Number of recorded steps so far. */
  get recordedSteps(): number {
    return this.recorded;
  }

  /** Number of `append` calls so far (recorded or not). */
  get appendedSteps(): number {
    return this.appended;
  }

  /** Seconds between two recorded steps (`stepSeconds * every`): the time a recorded sample stands for. */
  get recordInterval(): number {
    return this.stepSeconds * this.every;
  }

  /** Times of the recorded steps, in seconds (a view; do not write). */
  get times(): Float64Array {
    return this.timeBuffer.subarray(0, this.recorded);
  }

  /** Bytes held by value chunks and times. */
  get memoryBytes(): number {
    let bytes = this.timeBuffer.byteLength;
    for (const list of this.chunks) for (const chunk of list) bytes += chunk.byteLength;
    return bytes;
  }

  /**
   * Appends one producer step: `columns[m][i]` is metric `metrics[m]` of node number i. Only one step in
   * `record.every` is kept, and only the recorded nodes and metrics are copied. Times must increase.
   * Returns whether the step was recorded. Allocates only when a new chunk is started.
   */
  append(time: number, columns: readonly ArrayLike<number>[]): boolean {
    if (columns.length !== this.sourceMetrics.length) {
      throw new InvalidArgumentError(
        `MetricsStore.append: expected columns to be ${this.sourceMetrics.length} arrays (one per metric: ${this.sourceMetrics.join(", ")}) but found ${columns.length}.`,
      );
    }
    if (!(time > this.lastTime)) {
      if (typeof time !== "number" || !Number.isFinite(time)) throw invalidArgument("MetricsStore.append", "time", "a finite number", time);
      throw new UsageError(`MetricsStore.append: time ${time} is not after the previous time ${this.lastTime}; times must increase.`);
    }
    const width = this.sourceNodes.length;
    for (let m = 0; m < this.metricSource.length; m++) {
      const column = columns[this.metricSource[m]];
      if (column === undefined || column === null || !(column.length >= width)) {
        throw invalidArgument(
          "MetricsStore.append",
          `columns[${this.metricSource[m]}] (${this.metricNames[m]})`,
          `an array of at least ${width} values (one per node)`,
          column === undefined || column === null ? column : `an array of length ${column.length}`,
        );
      }
    }
    const due = this.appended % this.every === 0;
    this.appended++;
    this.lastTime = time;
    if (!due) return false;

    const step = this.recorded;
    const chunkIndex = Math.floor(step / this.chunkSteps);
    if (this.chunks.length > 0 && chunkIndex >= this.chunks[0].length) this.addChunk();
    if (step >= this.timeBuffer.length) {
      const grown = new Float64Array(this.timeBuffer.length * 2);
      grown.set(this.timeBuffer);
      this.timeBuffer = grown;
    }
    const recordedWidth = this.nodeSource.length;
    const offset = (step - chunkIndex * this.chunkSteps) * recordedWidth;
    const sources = this.nodeSource;
    for (let m = 0; m < this.metricSource.length; m++) {
      const column = columns[this.metricSource[m]];
      const chunk = this.chunks[m][chunkIndex];
      if (this.identityNodes && column.length === width) chunk.set(column, offset);
      else for (let i = 0; i < recordedWidth; i++) chunk[offset + i] = column[sources[i]];
    }
    this.timeBuffer[step] = time;
    this.recorded = step + 1;
    return true;
  }

  /** Recorded node number of a node id; throws NotFoundError naming the node if it is not recorded. */
  nodeIndex(nodeId: string, api = "MetricsStore.nodeIndex"): number {
    const index = this.nodeLookup.get(nodeId);
    if (index !== undefined) return index;
    if (this.sourceNodes.includes(nodeId)) throw notFound(api, "node", nodeId, "It exists but is not recorded (see record.nodes).");
    throw notFound(api, "node", nodeId);
  }

  /** Recorded metric number of a metric name; throws NotFoundError listing the recorded metrics. */
  metricIndex(metric: string, api = "MetricsStore.metricIndex"): number {
    const index = this.metricLookup.get(metric);
    if (index !== undefined) return index;
    const why = this.sourceMetrics.includes(metric) ? "It exists but is not recorded (see record.metrics). " : "";
    throw notFound(api, "metric", metric, `${why}Recorded metrics: ${this.metricNames.join(", ") || "none"}.`);
  }

  /** Whether a node id is recorded. */
  hasNode(nodeId: string): boolean {
    return this.nodeLookup.has(nodeId);
  }

  /** Whether a metric is recorded. */
  hasMetric(metric: string): boolean {
    return this.metricLookup.has(metric);
  }

  /** Time in seconds of a recorded step. */
  timeOf(step: number): number {
    this.checkStep("MetricsStore.timeOf", step);
    return this.timeBuffer[step];
  }

  /** The last recorded step at or before `time` (binary search); -1 if `time` is before the first step. */
  stepAt(time: number): number {
    let lo = 0;
    let hi = this.recorded - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeBuffer[mid] <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The recorded steps whose times lie in [from, to] (seconds, both included) as [fromStep, toStep). */
  stepRange(from = -Infinity, to = Infinity): [number, number] {
    const at = this.stepAt(from);
    const first = at >= 0 && this.timeBuffer[at] === from ? at : at + 1;
    const end = to === Infinity ? this.recorded : this.stepAt(to) + 1;
    return [first, Math.max(first, end)];
  }

  /** One node's values of one metric over recorded steps (a copy in the store's precision). */
  series(metric: string, nodeId: string, options: SeriesOptions = {}): ValueArray {
    const api = "MetricsStore.series";
    const m = this.metricIndex(metric, api);
    const node = this.nodeIndex(nodeId, api);
    let from: number;
    let to: number;
    if (options.from !== undefined || options.to !== undefined) {
      if (options.fromStep !== undefined || options.toStep !== undefined) throw invalidArgument(api, "options", "either fromStep/toStep or from/to, not both", options);
      [from, to] = this.stepRange(options.from ?? -Infinity, options.to ?? Infinity);
    } else [from, to] = this.checkRange(api, options.fromStep, options.toStep);
    const out = this.precision === "float32" ? new Float32Array(to - from) : new Float64Array(to - from);
    this.readSeries(m, node, out, from, to);
    return out;
  }

  /**
   * Copies recorded steps [fromStep, toStep) of one node into `out` (from index 0), allocation-free:
   * the building block of analyses that loop over many nodes.
   */
  readSeries(metricIndex: number, nodeIndex: number, out: { [i: number]: number; length: number }, fromStep = 0, toStep = this.recorded): void {
    const width = this.nodeSource.length;
    const chunkSteps = this.chunkSteps;
    const chunks = this.chunks[metricIndex];
    let k = 0;
    let step = fromStep;
    while (step < toStep) {
      const c = Math.floor(step / chunkSteps);
      const chunk = chunks[c];
      const stop = Math.min(toStep, (c + 1) * chunkSteps);
      let at = (step - c * chunkSteps) * width + nodeIndex;
      for (; step < stop; step++, at += width) out[k++] = chunk[at];
    }
  }

  /** Values of all recorded nodes of one metric at a recorded step: a read-only view into storage. */
  snapshot(metric: string, step: number): ValueArray {
    const api = "MetricsStore.snapshot";
    const m = this.metricIndex(metric, api);
    this.checkStep(api, step);
    return this.snapshotView(m, step);
  }

  /** Same as `snapshot` by metric number, without checks: for loops over many steps. */
  snapshotView(metricIndex: number, step: number): ValueArray {
    const c = Math.floor(step / this.chunkSteps);
    const width = this.nodeSource.length;
    const start = (step - c * this.chunkSteps) * width;
    return this.chunks[metricIndex][c].subarray(start, start + width);
  }

  /**
   * Every recorded metric's values at a recorded step, in `metricNames` order (views into storage):
   * the shape `append` and `RollingWindows.push` take, for replaying a store step by step.
   */
  columnsAt(step: number): ValueArray[] {
    this.checkStep("MetricsStore.columnsAt", step);
    return this.metricNames.map((_, m) => this.snapshotView(m, step));
  }

  /** One value: metric of a node at a recorded step. */
  value(metric: string, nodeId: string, step: number): number {
    const api = "MetricsStore.value";
    const m = this.metricIndex(metric, api);
    const node = this.nodeIndex(nodeId, api);
    this.checkStep(api, step);
    return this.valueAt(m, node, step);
  }

  /** Same as `value` by metric and node number, without checks. */
  valueAt(metricIndex: number, nodeIndex: number, step: number): number {
    const c = Math.floor(step / this.chunkSteps);
    return this.chunks[metricIndex][c][(step - c * this.chunkSteps) * this.nodeSource.length + nodeIndex];
  }

  /**
   * The last `steps` recorded steps (or the last `seconds` of time) of one node ending at recorded step
   * `end` (included; the latest by default), with statistics: mean, min, max, percentile(p), rate().
   */
  window(metric: string, nodeId: string, range: WindowRange): MetricWindow {
    const api = "MetricsStore.window";
    const m = this.metricIndex(metric, api);
    const node = this.nodeIndex(nodeId, api);
    const [from, to] = this.resolveWindow(api, range);
    const values = new Float64Array(to - from);
    this.readSeries(m, node, values, from, to);
    return new MetricWindow(metric, nodeId, from, this.timeBuffer.slice(from, to), values);
  }

  /** Recorded steps [from, to) covered by a window range; throws on a bad range. */
  private resolveWindow(api: string, range: WindowRange): [number, number] {
    if (range === null || typeof range !== "object") throw invalidArgument(api, "range", "an object with steps or seconds", range);
    const end = range.end ?? this.recorded - 1;
    if (this.recorded === 0) return [0, 0];
    this.checkStep(api, end, "end");
    if ((range.steps === undefined) === (range.seconds === undefined)) {
      throw invalidArgument(api, "range", "an object with exactly one of steps or seconds", range);
    }
    if (range.steps !== undefined) {
      if (!Number.isInteger(range.steps) || range.steps < 1) throw invalidArgument(api, "range.steps", "an integer >= 1", range.steps);
      return [Math.max(0, end - range.steps + 1), end + 1];
    }
    const seconds = range.seconds as number;
    if (!(typeof seconds === "number" && seconds > 0)) throw invalidArgument(api, "range.seconds", "a number > 0", seconds);
    // Times in (t_end - seconds, t_end]: a 300 s window at 60 s steps holds 5 samples.
    const tEnd = this.timeBuffer[end];
    let from = end;
    while (from > 0 && this.timeBuffer[from - 1] > tEnd - seconds) from--;
    return [from, end + 1];
  }

  /** The store as a plain JSON document, so `JSON.stringify(store)` works (see `toJSON` in ./export). */
  toJSON(): MetricsDocument {
    return toJSON(this);
  }

  /** A one-line summary, also what notebooks and `console.log` show instead of the raw buffers. */
  toString(): string {
    const times = this.recorded === 0 ? "no steps yet" : `${this.recorded} steps, t = ${this.timeBuffer[0]}..${this.timeBuffer[this.recorded - 1]} s`;
    const metrics = this.metricNames.length <= 8 ? this.metricNames.join(", ") : `${this.metricNames.slice(0, 8).join(", ")}, ... (${this.metricNames.length})`;
    const every = this.every > 1 ? `, every ${this.every} steps` : "";
    return `MetricsStore { ${this.nodeIds.length} nodes × ${this.metricNames.length} metrics (${metrics}), ${times}${every}, ${this.precision}, ${(this.memoryBytes / 1e6).toFixed(1)} MB }`;
  }

  private addChunk(): void {
    const size = this.chunkSteps * this.nodeSource.length;
    // Growth past the expected steps is held to the same budget.
    const steps = (this.chunks[0]?.length ?? 0) * this.chunkSteps + this.chunkSteps;
    checkMemoryBudget("MetricsStore.append", { steps, nodes: this.nodeSource.length, metrics: this.metricNames.length, bytesPerValue: this.bytesPerValue() }, this.maxBytes);
    for (const list of this.chunks) list.push(this.precision === "float32" ? new Float32Array(size) : new Float64Array(size));
  }

  private checkStep(api: string, step: number, field = "step"): void {
    if (!(Number.isInteger(step) && step >= 0 && step < this.recorded)) {
      throw invalidArgument(api, field, `a recorded step index in 0..${this.recorded - 1}`, step);
    }
  }

  private checkRange(api: string, fromStep = 0, toStep = this.recorded): [number, number] {
    if (!(Number.isInteger(fromStep) && fromStep >= 0 && fromStep <= this.recorded)) {
      throw invalidArgument(api, "fromStep", `an integer in 0..${this.recorded}`, fromStep);
    }
    if (!(Number.isInteger(toStep) && toStep >= fromStep && toStep <= this.recorded)) {
      throw invalidArgument(api, "toStep", `an integer in ${fromStep}..${this.recorded}`, toStep);
    }
    return [fromStep, toStep];
  }
}

// Printing a store (console.log, a notebook cell's value) shows the summary, not megabytes of buffers.
Object.defineProperty(MetricsStore.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value(this: MetricsStore): string {
    return this.toString();
  },
});

function checkNames(api: string, field: string, names: unknown): void {
  if (!Array.isArray(names)) throw invalidArgument(api, field, "an array of unique strings", names);
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== "string" || name === "") throw invalidArgument(api, `${field}[${i}]`, "a non-empty string", name);
    if (seen.has(name)) throw new InvalidArgumentError(`${api}: expected ${field} to be unique but found ${describeValue(name)} twice.`);
    seen.add(name);
  }
}

/** Parses an epoch given as ISO string, ms since 1970 or Date into ms since 1970. */
export function parseEpoch(api: string, epoch: string | number | Date): number {
  const ms = epoch instanceof Date ? epoch.getTime() : typeof epoch === "number" ? epoch : typeof epoch === "string" ? Date.parse(epoch) : NaN;
  if (!Number.isFinite(ms)) throw invalidArgument(api, "epoch", "an ISO timestamp, ms since 1970 or a Date", epoch);
  return ms;
}
