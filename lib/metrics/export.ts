// Exports a metrics store as CSV (long, wide or table form) or as a JSON document.
import { InvalidArgumentError, invalidArgument } from "../errors";
import { csvField } from "../csv";
import type { MetricsStore, Precision } from "./store";

const DEFAULTS = { format: "long" as CsvFormat };

/**
 * CSV layouts:
 * - `long`: one row per time, node and metric: `time[,timestamp],node,kind,metric,value[,labels...]`
 *   (rows by time, then node, then metric);
 * - `wide`: one metric, one row per time, one column per node: `time[,timestamp],<node>...`;
 * - `table`: one row per time and node, one column per metric: `time[,timestamp],node,kind,<metric>...[,labels...]`.
 * `timestamp` (ISO 8601) is present when the store has an epoch. Missing values are empty cells.
 */
export type CsvFormat = "long" | "wide" | "table";

/** Options of `toCsv`. */
export interface CsvExportOptions {
  /** Layout; "long" by default. */
  format?: CsvFormat;
  /** The metric of a wide export (optional when the store records one metric). */
  metric?: string;
  /** Metrics to include (long and table); all recorded by default. */
  metrics?: readonly string[];
  /** Nodes to include; all recorded by default. */
  nodes?: readonly string[];
  /** Only steps with time >= from (seconds). */
  from?: number;
  /** Only steps with time <= to (seconds). */
  to?: number;
}

/** The JSON document of a store (`toJSON` / `fromJSON`); values per metric, per node, per recorded step (null = missing). */
export interface MetricsDocument {
  format: "infratwin.metrics";
  version: 1;
  stepSeconds: number;
  startTime: number;
  every: number;
  precision: Precision;
  /** Wall-clock time of time 0, ISO 8601, when known. */
  epoch?: string;
  nodes: string[];
  kinds: string[];
  labels?: Record<string, string[]>;
  metrics: string[];
  times: number[];
  values: Record<string, Record<string, (number | null)[]>>;
}

/** The store as CSV text in one of the `CsvFormat` layouts. */
export function toCsv(store: MetricsStore, options: CsvExportOptions = {}): string {
  const api = "toCsv";
  const format = options.format ?? DEFAULTS.format;
  if (format !== "long" && format !== "wide" && format !== "table") throw invalidArgument(api, "format", '"long", "wide" or "table"', format);
  const nodes = selectNodes(store, api, options.nodes);
  const [fromStep, toStep] = store.stepRange(options.from ?? -Infinity, options.to ?? Infinity);
  const times = store.times;
  const stamps = timestampsOf(store, fromStep, toStep);
  const lead = (k: number): string => (stamps ? `${times[fromStep + k]},${stamps[k]}` : String(times[fromStep + k]));
  const leadHeader = stamps ? "time,timestamp" : "time";
  const labelNames = Object.keys(store.labels);
  const labelCells = nodes.map((i) => labelNames.map((l) => "," + csvField(store.labels[l][i])).join(""));
  const nodeCells = nodes.map((i) => csvField(store.nodeIds[i]) + "," + csvField(store.kinds[i]));
  const format32 = store.precision === "float32";
  const cell = (v: number): string => (v !== v ? "" : format32 ? formatFloat32(v) : String(v));
  const out: string[] = [];

  if (format === "wide") {
    let metric = options.metric;
    if (metric === undefined) {
      if (store.metricNames.length !== 1) {
        throw new InvalidArgumentError(`${api}: a wide export holds one metric: pass options.metric (one of ${store.metricNames.join(", ")}).`);
      }
      metric = store.metricNames[0];
    }
    const m = store.metricIndex(metric, api);
    out.push(leadHeader + nodes.map((i) => "," + csvField(store.nodeIds[i])).join(""));
    for (let k = 0; k < toStep - fromStep; k++) {
      const row = store.snapshotView(m, fromStep + k);
      let line = lead(k);
      for (const i of nodes) line += "," + cell(row[i]);
      out.push(line);
    }
    return out.join("\n") + "\n";
  }

  const metrics = (options.metrics ?? store.metricNames).map((name) => store.metricIndex(name, api));
  const labelHeader = labelNames.map((l) => "," + csvField(l)).join("");
  if (format === "long") {
    out.push(`${leadHeader},node,kind,metric,value${labelHeader}`);
    const metricCells = metrics.map((m) => csvField(store.metricNames[m]));
    for (let k = 0; k < toStep - fromStep; k++) {
      const prefix = lead(k) + ",";
      const rows = metrics.map((m) => store.snapshotView(m, fromStep + k));
      nodes.forEach((i, position) => {
        for (let j = 0; j < metrics.length; j++) out.push(`${prefix}${nodeCells[position]},${metricCells[j]},${cell(rows[j][i])}${labelCells[position]}`);
      });
    }
  } else {
    out.push(`${leadHeader},node,kind${metrics.map((m) => "," + csvField(store.metricNames[m])).join("")}${labelHeader}`);
    for (let k = 0; k < toStep - fromStep; k++) {
      const prefix = lead(k) + ",";
      const rows = metrics.map((m) => store.snapshotView(m, fromStep + k));
      nodes.forEach((i, position) => {
        let line = prefix + nodeCells[position];
        for (let j = 0; j < metrics.length; j++) line += "," + cell(rows[j][i]);
        out.push(line + labelCells[position]);
      });
    }
  }
  return out.join("\n") + "\n";
}

/** The store as a plain JSON document (`MetricsDocument`), readable back with `fromJSON`. */
export function toJSON(store: MetricsStore): MetricsDocument {
  const format32 = store.precision === "float32";
  const values: Record<string, Record<string, (number | null)[]>> = {};
  const scratch = new Float64Array(store.recordedSteps);
  store.metricNames.forEach((metric, m) => {
    const perNode: Record<string, (number | null)[]> = {};
    store.nodeIds.forEach((node, i) => {
      store.readSeries(m, i, scratch);
      const list = new Array<number | null>(scratch.length);
      for (let k = 0; k < scratch.length; k++) {
        const v = scratch[k];
        list[k] = v !== v ? null : format32 ? Number(formatFloat32(v)) : v;
      }
      perNode[node] = list;
    });
    values[metric] = perNode;
  });
  const document: MetricsDocument = {
    format: "infratwin.metrics",
    version: 1,
    stepSeconds: store.stepSeconds,
    startTime: store.startTime,
    every: store.every,
    precision: store.precision,
    nodes: store.nodeIds.slice(),
    kinds: store.kinds.slice(),
    metrics: store.metricNames.slice(),
    times: Array.from(store.times),
    values,
  };
  if (store.epochMs !== undefined) document.epoch = new Date(store.epochMs).toISOString();
  if (Object.keys(store.labels).length > 0) document.labels = Object.fromEntries(Object.entries(store.labels).map(([k, v]) => [k, v.slice()]));
  return document;
}

/**
 * The shortest decimal text that reads back to the same float32 value: 0.1f prints "0.1", not
 * "0.10000000149011612". Infinities print as "Infinity"/"-Infinity".
 */
export function formatFloat32(value: number): string {
  // Integers below 2^24 are exact in float32 and print exactly; larger ones still need the shortest-digits search.
  if ((Number.isInteger(value) && Math.abs(value) <= 16777216) || !Number.isFinite(value)) return String(value);
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}

/** ISO timestamps of steps [from, to) when the store has an epoch. */
export function timestampsOf(store: MetricsStore, from: number, to: number): string[] | undefined {
  if (store.epochMs === undefined) return undefined;
  const times = store.times;
  const out = new Array<string>(to - from);
  for (let k = 0; k < to - from; k++) out[k] = new Date(store.epochMs + times[from + k] * 1000).toISOString();
  return out;
}

/** Recorded node numbers for an optional list of node ids (all, in store order, by default). */
export function selectNodes(store: MetricsStore, api: string, nodes: readonly string[] | undefined): number[] {
  if (nodes === undefined) return store.nodeIds.map((_, i) => i);
  if (!Array.isArray(nodes)) throw invalidArgument(api, "nodes", "an array of node ids", nodes);
  return nodes.map((id) => store.nodeIndex(id, api));
}
