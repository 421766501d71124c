// Layout detection: which column (or record field) holds the time, the node, the metric, the value, the kind, and which are metrics.
import { AmbiguousTelemetryError, TelemetryFormatError } from "./errors";

/** Options that name columns and settle the layout. */
export interface LayoutOptions {
  /** "long" (time,node,metric,value), "wide" (time,node,metric columns...), "single" (time,value); detected by default. */
  layout?: "long" | "wide" | "single";
  /** Column of the time; found by name by default (time, timestamp, ts, date, datetime, @timestamp, _time). */
  timeColumn?: string;
  /** Column of the node in long and wide layouts; found by name by default (node, host, hostname, instance, server). */
  nodeColumn?: string;
  /** Long layout: columns of the metric name and of the value (metric/name, value). */
  metricColumn?: string;
  valueColumn?: string;
  /** Column of the node kind (kind, node_kind). */
  kindColumn?: string;
  /** Wide layout: the columns that are metrics; by default every column whose first value is a number or empty. */
  metricColumns?: readonly string[];
  /** The node of a file that has no node column (single series, or one file per node). */
  node?: string;
  /** The metric of a single-series file (`timestamp,value`). */
  metric?: string;
}

/** Column roles found in a header. */
export interface Layout {
  layout: "long" | "wide" | "single";
  reason: string;
  time: number;
  node: number;
  metric: number;
  value: number;
  kind: number;
  /** Wide and single: metric columns and their metric names. */
  metricColumns: number[];
  labelColumns: number[];
}

const ALIASES = {
  time: ["time", "timestamp", "ts", "date", "datetime", "@timestamp", "_time", "time_stamp"],
  node: ["node", "host", "hostname", "instance", "server", "node_id", "host_name", "device"],
  metric: ["metric", "metric_name", "__name__", "name"],
  value: ["value", "val", "metric_value"],
  kind: ["kind", "node_kind"],
};

function find(api: string, header: readonly string[], option: string | undefined, field: string, aliases: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  if (option !== undefined) {
    const at = header.indexOf(option);
    const at2 = at >= 0 ? at : lower.indexOf(option.toLowerCase());
    if (at2 < 0) throw new TelemetryFormatError(api, { line: 1 }, `options.${field} ${JSON.stringify(option)} is not a column (found: ${header.join(", ")}).`);
    return at2;
  }
  for (const alias of aliases) {
    const at = lower.indexOf(alias);
    if (at >= 0) return at;
  }
  return -1;
}

function isNumberOrEmpty(text: string | undefined): boolean {
  if (text === undefined) return true;
  const t = text.trim();
  return t === "" || Number.isFinite(Number(t)) || /^(nan|na|n\/a|null|none)$/i.test(t);
}

/**
 * Finds the layout of a header, looking at the first data row to tell metric columns (numbers) from label
 * columns (text). Throws an error naming the option that settles what the header cannot say.
 */
export function detectLayout(api: string, header: readonly string[], firstRow: readonly string[] | undefined, options: LayoutOptions): Layout {
  const time = find(api, header, options.timeColumn, "timeColumn", ALIASES.time);
  if (time < 0) throw new AmbiguousTelemetryError(api, "timeColumn", `no time column among ${header.map((h) => JSON.stringify(h)).join(", ")}.`);
  const metric = find(api, header, options.metricColumn, "metricColumn", ALIASES.metric);
  const value = find(api, header, options.valueColumn, "valueColumn", ALIASES.value);
  const kind = find(api, header, options.kindColumn, "kindColumn", ALIASES.kind);
  const givenNode = options.node !== undefined;
  const node = givenNode && options.nodeColumn === undefined ? -1 : find(api, header, options.nodeColumn, "nodeColumn", ALIASES.node);
  const others = header.map((_, c) => c).filter((c) => c !== time && c !== node && c !== kind);
  const base = { time, node, metric, value, kind };
  let layout = options.layout;
  let reason: string;
  if (layout !== undefined) reason = "options.layout";
  else if (metric >= 0 && value >= 0 && (node >= 0 || givenNode)) {
    layout = "long";
    reason = `columns "${header[metric]}" and "${header[value]}" hold metric names and values`;
  } else if (node < 0 && !givenNode) {
    if (others.length === 1 && value >= 0) {
      throw new AmbiguousTelemetryError(api, "node", `a single series (${header.join(",")}) has no node or metric column: say which node and metric it is, e.g. { node: "web-01", metric: "cpu" }.`);
    }
    throw new AmbiguousTelemetryError(api, "nodeColumn", `no node column among ${header.map((h) => JSON.stringify(h)).join(", ")}: name it ({ nodeColumn: "host" }), or give { node: "web-01" } for a file that holds one node.`);
  } else if (others.length === 1 && (value >= 0 || options.metric !== undefined)) {
    layout = "single";
    reason = `one value column "${header[others[0]]}"${givenNode ? `, node "${options.node}" from options.node` : ""}`;
  } else {
    layout = "wide";
    reason = node >= 0 ? `node column "${header[node]}", one column per metric` : `node "${options.node}" from options.node, one column per metric`;
  }
  if (layout === "long") {
    if (metric < 0 || value < 0) throw new AmbiguousTelemetryError(api, metric < 0 ? "metricColumn" : "valueColumn", `the long layout needs a metric column and a value column (found: ${header.join(", ")}).`);
    if (node < 0 && !givenNode) throw new AmbiguousTelemetryError(api, "nodeColumn", `the long layout needs a node column (found: ${header.join(", ")}).`);
    const used = new Set([time, node, metric, value, kind]);
    return { ...base, layout, reason, metricColumns: [], labelColumns: header.map((_, c) => c).filter((c) => !used.has(c)) };
  }
  if (layout === "single") {
    if (options.metric === undefined) throw new AmbiguousTelemetryError(api, "metric", `a single series (${header.join(",")}) needs its metric name, e.g. { metric: "cpu" }.`);
    if (!givenNode && node < 0) throw new AmbiguousTelemetryError(api, "node", `a single series (${header.join(",")}) needs its node, e.g. { node: "web-01" }.`);
    const valueColumn = value >= 0 ? value : others[0];
    return { ...base, layout, reason, metricColumns: [valueColumn], labelColumns: [] };
  }
  let metricColumns: number[];
  if (options.metricColumns !== undefined) {
    metricColumns = options.metricColumns.map((name) => {
      const at = header.indexOf(name);
      if (at < 0) throw new TelemetryFormatError(api, { line: 1 }, `options.metricColumns names ${JSON.stringify(name)}, which is not a column (found: ${header.join(", ")}).`);
      return at;
    });
  } else metricColumns = others.filter((c) => isNumberOrEmpty(firstRow?.[c]));
  const labelColumns = others.filter((c) => !metricColumns.includes(c));
  if (metricColumns.length === 0) throw new AmbiguousTelemetryError(api, "metricColumns", `no metric column found (columns ${header.join(", ")}; the first row has no number outside the time and node columns).`);
  for (const c of metricColumns) if (header[c].trim() === "") throw new TelemetryFormatError(api, { line: 1, column: c + 1 }, "a metric column has no name in the header.");
  return { ...base, layout, reason, metricColumns, labelColumns };
}
