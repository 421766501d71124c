// Converts a store to danfo DataFrames (long and wide); danfo is loaded lazily, once, because it pulls in TensorFlow.js.
import type { DataFrame } from "danfojs-node";
import { InvalidArgumentError, UsageError, invalidArgument } from "../errors";
import { selectNodes, timestampsOf } from "./export";
import type { MetricsStore } from "./store";

const DEFAULTS = {
  /** danfo builds ~1e5 rows in a few tens of ms and slows down sharply beyond; past this, ask for a filter. */
  maxRows: 200_000,
};

/** Filters shared by the frame builders. */
export interface FrameOptions {
  /** Nodes to include, in this order; all recorded by default. */
  nodes?: readonly string[];
  /** Only steps with time >= from (seconds). */
  from?: number;
  /** Only steps with time <= to (seconds). */
  to?: number;
  /** Most rows allowed; 200,000 by default. Past it the call throws and suggests a filter. */
  maxRows?: number;
}

/** Options of `longColumns` / `toLongFrame`. */
export interface LongFrameOptions extends FrameOptions {
  /** Metrics to include, in this order; all recorded by default. */
  metrics?: readonly string[];
  /** Leave out rows whose value is missing (NaN); false by default. */
  dropMissing?: boolean;
}

/** Columns of a long frame: one row per metric, node and time (in that nesting order). */
export interface LongColumns {
  time: number[];
  /** ISO 8601 wall-clock time, present when the store has an epoch. */
  timestamp?: string[];
  node: string[];
  kind: string[];
  metric: string[];
  value: number[];
}

/** Columns of a wide frame: `time` (and `timestamp`), then one column per node id. */
export type WideColumns = Record<string, number[] | string[]>;

let danfo: typeof import("danfojs-node") | undefined;

/** The danfojs-node module, required on first use and cached (loading it takes about a second). */
export function loadDanfo(): typeof import("danfojs-node") {
  // A plain require keeps `import "infratwin"` light: TensorFlow.js loads only when a frame is asked for.
  if (danfo === undefined) danfo = require("danfojs-node") as typeof import("danfojs-node");
  return danfo;
}

/**
 * Long-form columns (`time, [timestamp], node, kind, metric, value`) as plain arrays, ready for plotly traces
 * or a DataFrame; rows nest metric → node → time, so each series is contiguous.
 */
export function longColumns(store: MetricsStore, options: LongFrameOptions = {}): LongColumns {
  return longColumnsAs("longColumns", store, options);
}

function longColumnsAs(api: string, store: MetricsStore, options: LongFrameOptions): LongColumns {
  const metrics = (options.metrics ?? store.metricNames).map((name) => store.metricIndex(name, api));
  const nodes = selectNodes(store, api, options.nodes);
  const [fromStep, toStep] = store.stepRange(options.from ?? -Infinity, options.to ?? Infinity);
  const steps = toStep - fromStep;
  const rows = metrics.length * nodes.length * steps;
  checkRows(api, rows, options.maxRows, `${metrics.length} metrics × ${nodes.length} nodes × ${steps} steps`, "options.metrics, options.nodes or options.from/to");
  const stamps = timestampsOf(store, fromStep, toStep);
  const times = store.times;
  const out: LongColumns = stamps
    ? { time: [], timestamp: [], node: [], kind: [], metric: [], value: [] }
    : { time: [], node: [], kind: [], metric: [], value: [] };
  const series = new Float64Array(steps);
  const dropMissing = options.dropMissing === true;
  for (const m of metrics) {
    const metric = store.metricNames[m];
    for (const i of nodes) {
      store.readSeries(m, i, series, fromStep, toStep);
      const node = store.nodeIds[i];
      const kind = store.kinds[i];
      for (let k = 0; k < steps; k++) {
        const v = series[k];
        if (dropMissing && v !== v) continue;
        out.time.push(times[fromStep + k]);
        if (stamps) (out.timestamp as string[]).push(stamps[k]);
        out.node.push(node);
        out.kind.push(kind);
        out.metric.push(metric);
        out.value.push(v);
      }
    }
  }
  return out;
}

/** Wide-form columns for one metric: `time` (and `timestamp`), then one column per node id, as plain arrays. */
export function wideColumns(store: MetricsStore, metric: string, options: FrameOptions = {}): WideColumns {
  return wideColumnsAs("wideColumns", store, metric, options);
}

function wideColumnsAs(api: string, store: MetricsStore, metric: string, options: FrameOptions): WideColumns {
  const m = store.metricIndex(metric, api);
  const nodes = selectNodes(store, api, options.nodes);
  const [fromStep, toStep] = store.stepRange(options.from ?? -Infinity, options.to ?? Infinity);
  const steps = toStep - fromStep;
  checkRows(api, steps, options.maxRows, `${steps} steps`, "options.from/to");
  const stamps = timestampsOf(store, fromStep, toStep);
  const out: WideColumns = { time: Array.from(store.times.subarray(fromStep, toStep)) };
  if (stamps) out.timestamp = stamps;
  const series = new Float64Array(steps);
  for (const i of nodes) {
    const id = store.nodeIds[i];
    if (Object.prototype.hasOwnProperty.call(out, id)) throw new InvalidArgumentError(`${api}: node id ${JSON.stringify(id)} clashes with the ${id} column of a wide frame; rename the node or use a long frame.`);
    store.readSeries(m, i, series, fromStep, toStep);
    out[id] = Array.from(series);
  }
  return out;
}

/**
 * A danfo DataFrame in long form: columns `time` (seconds), `timestamp` (ISO, when the store has an epoch),
 * `node`, `kind`, `metric`, `value` (float32 dtype). Good for `groupby(["node","metric"])` and faceted plots.
 * Throws past `maxRows` (200,000 by default), naming the filters that shrink it.
 * @example
 * const df = toLongFrame(store, { metrics: ["cpu"], nodes: ["db-1", "db-2"] });
 * df.groupby(["node"]).col(["value"]).mean().print();
 */
export function toLongFrame(store: MetricsStore, options: LongFrameOptions = {}): DataFrame {
  const columns = longColumnsAs("toLongFrame", store, options);
  const names = Object.keys(columns) as (keyof LongColumns)[];
  const dtypes = names.map((n) => (n === "time" || n === "value" ? "float32" : "string"));
  return makeFrame(columns as unknown as Record<string, unknown[]>, names, dtypes);
}

/** A danfo DataFrame in wide form for one metric: `time`, optional `timestamp`, then one float column per node. */
export function toWideFrame(store: MetricsStore, metric: string, options: FrameOptions = {}): DataFrame {
  const columns = wideColumnsAs("toWideFrame", store, metric, options);
  const names = Object.keys(columns);
  const dtypes = names.map((n) => (n === "timestamp" ? "string" : "float32"));
  return makeFrame(columns, names, dtypes);
}

function makeFrame(columns: Record<string, unknown[]>, names: string[], dtypes: string[]): DataFrame {
  const dfd = loadDanfo();
  // danfo cannot build a frame from zero-length columns; an empty frame with the column names is what a caller expects.
  if (columns[names[0]].length === 0) return new dfd.DataFrame([], { columns: names });
  return new dfd.DataFrame(columns, { columns: names, dtypes });
}

function checkRows(api: string, rows: number, maxRows: number | undefined, shape: string, filters: string): void {
  const limit = maxRows ?? DEFAULTS.maxRows;
  if (!(Number.isInteger(limit) && limit >= 0)) throw invalidArgument(api, "maxRows", "an integer >= 0", maxRows);
  if (rows > limit) {
    throw new UsageError(
      `${api}: ${rows} rows (${shape}) exceed maxRows ${limit}; danfo slows down sharply past ~100,000 rows. ` +
        `Narrow it with ${filters}, work on the store directly (series, rolling, snapshot), or raise maxRows.`,
    );
  }
}
