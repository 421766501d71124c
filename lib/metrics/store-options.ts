// The metrics store's options: their types, defaults and checks, resolved once into what the store keeps (store.ts holds the data).
import { InvalidArgumentError, describeValue, invalidArgument, notFound } from "../errors";
import { defaultMemoryBudget, parseByteSize } from "../limits";

export const STORE_DEFAULTS = {
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

/** What `new MetricsStore(options)` keeps, checked: which producer nodes and metrics are recorded, and how storage is sized. */
export interface StorePlan {
  sourceNodes: readonly string[];
  sourceMetrics: readonly string[];
  stepSeconds: number;
  startTime: number;
  every: number;
  precision: Precision;
  epochMs: number | undefined;
  /** Producer metric positions kept, ascending. */
  keptMetrics: number[];
  /** Producer node positions kept, ascending. */
  keptNodes: number[];
  kinds: readonly string[];
  labels: Readonly<Record<string, readonly string[]>>;
  chunkSteps: number;
  /** Recorded steps expected (from `expectedSteps`), 0 when unknown. */
  expectedRecorded: number;
  /** Memory budget for recorded values, bytes. */
  maxBytes: number;
}

/** Checks a store's options and resolves them; errors name `api`, the field and the bad value. */
export function resolveStoreOptions(api: string, options: MetricsStoreOptions): StorePlan {
  const DEFAULTS = STORE_DEFAULTS;

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

  const epochMs = options.epoch === undefined ? undefined : parseEpoch(api, options.epoch);

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

  const labels: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(options.labels ?? {})) {
    if (!Array.isArray(values) || values.length !== nodes.length) {
      throw invalidArgument(api, `labels.${name}`, `an array of ${nodes.length} strings (one per node)`, values);
    }
    labels[name] = keptNodes.map((i) => String(values[i]));
  }
  const width = Math.max(1, keptNodes.length);
  const maxChunkSteps = Math.max(1, Math.floor(DEFAULTS.chunkValues / width));
  const expected = options.expectedSteps;
  if (expected !== undefined && !(Number.isInteger(expected) && expected >= 0)) throw invalidArgument(api, "expectedSteps", "an integer >= 0", expected);
  const expectedRecorded = expected === undefined ? 0 : Math.ceil(expected / every);
  const chunkSteps = Math.min(maxChunkSteps, expectedRecorded > 0 ? expectedRecorded : DEFAULTS.chunkSteps);
  return {
    sourceNodes: nodes.slice(),
    sourceMetrics: metrics.slice(),
    stepSeconds: options.stepSeconds,
    startTime,
    every,
    precision,
    epochMs,
    keptMetrics,
    keptNodes,
    kinds: keptNodes.map((i) => (kinds ? kinds[i] : DEFAULTS.kind)),
    labels,
    chunkSteps,
    expectedRecorded,
    maxBytes: record.maxBytes === undefined ? defaultMemoryBudget() : parseByteSize(record.maxBytes, api, "record.maxBytes"),
  };
}

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
