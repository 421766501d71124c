// Node × time heatmaps: status (discrete green/amber/red) or any metric, bucketed to a readable number of columns.
import { STATUSES, statusName } from "../status";
import { invalidArgument } from "../errors";
import { bandShapes, faultMarkers, markerTraces, type Band, type Marker } from "./bands";
import { aggregate, bucketStarts } from "./downsample";
import { baseLayout, roundValue, STATUS_COLOURS, type Figure, type Trace } from "./figure";
import { metricFormat } from "./metric-format";
import { checkMetric, checkNodes, positiveInt, resolveSource, stepWindow, type ResultLike, type StoreLike } from "./sources";
import { timeAxisFor, type TimeUnit } from "./time-axis";

const DEFAULTS = {
  metric: "status",
  /** Time buckets across the chart. */
  maxColumns: 360,
  /** Rows beyond this keep the worst nodes (largest total of the metric). */
  maxRows: 80,
  rowHeight: 14,
  digits: 4,
};

/** Options of `heatmap`. */
export interface HeatmapOptions {
  /** Metric to colour by; "status" by default. */
  metric?: string;
  /** Nodes (rows, in this order); every recorded node of `kinds` by default. */
  nodes?: readonly string[];
  /** Only nodes of these kinds (when `nodes` is not given). */
  kinds?: readonly string[];
  /** Only times >= from (seconds). */
  from?: number;
  /** Only times <= to (seconds). */
  to?: number;
  /** How a time bucket is summarised: "max" (default: the worst), "mean" or "min". */
  aggregate?: "max" | "mean" | "min";
  /** Time buckets across the chart (360 by default). */
  maxColumns?: number;
  /** Most rows; beyond it the nodes with the largest total of the metric are kept (80 by default). */
  maxRows?: number;
  /** Shaded periods over the heatmap (outlined, so the cells stay readable). */
  bands?: readonly Band[];
  /** Markers: true for the ground truth's fault events (default false). */
  markers?: boolean | readonly Marker[];
  /** "date" (default when the store has an epoch), "hours", "minutes" or "seconds". */
  time?: TimeUnit;
  title?: string;
}

/**
 * A node × time heatmap of one metric over a store or a run result; status uses the status colours with
 * the worst value of each time bucket, so a one-minute outage stays visible over a month.
 * `heatmap(result, { kinds: ["application", "database"] })`
 */
export function heatmap(source: StoreLike | ResultLike, options: HeatmapOptions = {}): Figure {
  const api = "heatmap";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object", options);
  const { store, truth } = resolveSource(source, api);
  const metric = checkMetric(store, options.metric ?? DEFAULTS.metric, api);
  const how = options.aggregate ?? "max";
  if (!["max", "mean", "min"].includes(how)) throw invalidArgument(api, "options.aggregate", '"max", "mean" or "min"', how);
  const maxColumns = positiveInt(options.maxColumns, DEFAULTS.maxColumns, api, "options.maxColumns");
  const maxRows = positiveInt(options.maxRows, DEFAULTS.maxRows, api, "options.maxRows");
  if (options.kinds !== undefined && (!Array.isArray(options.kinds) || options.kinds.some((k) => typeof k !== "string")))
    throw invalidArgument(api, "options.kinds", "an array of node kinds", options.kinds);
  let nodes = options.nodes !== undefined ? checkNodes(store, options.nodes, api) : store.nodeIds.filter((_, i) => !options.kinds || options.kinds.includes(store.kinds[i]));
  if (nodes.length === 0) throw invalidArgument(api, options.nodes ? "options.nodes" : "options.kinds", `a selection with at least one recorded node (kinds recorded: ${[...new Set(store.kinds)].join(", ")})`, options.nodes ?? options.kinds);
  const axis = timeAxisFor(api, store.epochMs, options.time);
  const [first, end] = stepWindow(store, options.from, options.to, api);
  const starts = bucketStarts(first, end, maxColumns);
  const times = store.times;

  const total = nodes.length;
  let rows = nodes.map((node) => {
    const values = store.series(metric, node);
    const z = starts.map((s, b) => aggregate(values, s, b + 1 < starts.length ? starts[b + 1] : end, how));
    return { node, z, weight: z.reduce((a, v) => (Number.isNaN(v) ? a : a + v), 0) };
  });
  if (rows.length > maxRows) {
    // Keep the worst rows, then restore the caller's order so related nodes stay together.
    const keep = new Set(
      rows
        .map((r, i) => ({ i, w: r.weight }))
        .sort((a, b) => b.w - a.w || a.i - b.i)
        .slice(0, maxRows)
        .map((r) => r.i),
    );
    rows = rows.filter((_, i) => keep.has(i));
    nodes = rows.map((r) => r.node);
  }

  const fmt = metricFormat(metric);
  const isStatus = metric === "status";
  const x = starts.map((s) => axis.x(times[s]));
  const trace: Trace = {
    type: "heatmap",
    x,
    // Top row first, as people read a table.
    y: nodes.slice().reverse(),
    z: rows
      .slice()
      .reverse()
      .map((r) => r.z.map((v) => roundValue(v, DEFAULTS.digits))),
    xgap: 0,
    ygap: 1,
    hoverongaps: false,
    hovertemplate: `%{y}<br>%{x}<br>${isStatus ? "%{text}" : `%{z:${fmt.hover}}${fmt.unit}`}<extra></extra>`,
    ...(isStatus
      ? {
          zmin: 0,
          zmax: 2,
          colorscale: [
            [0, STATUS_COLOURS.up],
            [0.25, STATUS_COLOURS.up],
            [0.25, STATUS_COLOURS.degraded],
            [0.75, STATUS_COLOURS.degraded],
            [0.75, STATUS_COLOURS.down],
            [1, STATUS_COLOURS.down],
          ],
          text: rows
            .slice()
            .reverse()
            .map((r) => r.z.map((v) => (Number.isNaN(v) ? "no data" : statusName(v) ?? String(v)))),
          colorbar: { tickvals: [0, 1, 2], ticktext: [...STATUSES], len: 0.6, thickness: 12 },
        }
      : { colorscale: "YlOrRd", colorbar: { title: { text: fmt.title }, thickness: 12, ...(fmt.axis.tickformat ? { tickformat: fmt.axis.tickformat } : {}) } }),
  };
  const note = total > nodes.length ? ` (worst ${nodes.length} of ${total} nodes)` : "";
  const title = (options.title ?? `${fmt.title} by node over time${how === "max" ? "" : ` (${how} per bucket)`}`) + note;
  const layout = baseLayout(title, Math.max(260, nodes.length * DEFAULTS.rowHeight + 130));
  const t0 = end > first ? times[first] : 0;
  const t1 = end > first ? times[end - 1] + store.recordInterval : 0;
  layout.xaxis = { ...axis.axis, range: [axis.x(t0), axis.x(t1)] };
  layout.yaxis = { automargin: true, type: "category", tickfont: { size: nodes.length > 40 ? 9 : 11 } };
  layout.margin = { l: 120, r: 30, t: 60, b: 50 };
  const data: Trace[] = [trace];
  const shapes: Record<string, unknown>[] = [];
  if (options.bands) {
    const shaded = bandShapes(options.bands, t0, t1, axis, "y2");
    // Outlines only: a fill would tint the status colours.
    for (const s of shaded.shapes) shapes.push({ ...s, fillcolor: "rgba(0,0,0,0)", line: { width: 1.5, color: "#333333", dash: "dash" }, layer: "above" });
    data.push(...shaded.traces);
  }
  const markers = options.markers === true ? faultMarkers(truth?.events?.length ? truth.events : (truth?.faults ?? [])) : Array.isArray(options.markers) ? options.markers : [];
  if (markers.length > 0) {
    const marked = markerTraces(markers, t0, t1, axis, "y2");
    shapes.push(...marked.shapes.map((s) => ({ ...s, layer: "above" })));
    data.push(...marked.traces);
  }
  if (data.length > 1) {
    layout.yaxis2 = { overlaying: "y", range: [0, 1], visible: false, fixedrange: true };
    // The colour bar takes the right side; the legend goes above the plot.
    layout.legend = { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" };
    layout.margin = { l: 120, r: 30, t: 90, b: 50 };
  }
  layout.shapes = shapes;
  return { data, layout };
}
