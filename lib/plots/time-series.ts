// Metric time series per node, one stacked panel per metric, with impact/incident bands and fault markers.
import { invalidArgument } from "../errors";
import { bandShapes, faultMarkers, impactBands, markerTraces, type Band, type Marker } from "./bands";
import { minMaxIndices } from "./downsample";
import { baseLayout, roundValue, SERIES_PALETTE, type Figure, type Trace } from "./figure";
import { metricFormat } from "./metric-format";
import { checkMetric, checkNodes, positiveInt, resolveSource, stepWindow, type GroundTruthLike, type ResultLike, type StoreLike } from "./sources";
import { timeAxisFor, type TimeUnit } from "./time-axis";

const DEFAULTS = {
  /** Points per series after min/max decimation: enough for a 1000-px wide chart. */
  maxPoints: 2000,
  /** Default series when no nodes are named: the business services, or the first nodes. */
  defaultNodes: 8,
  panelHeight: 260,
  digits: 6,
};

/** Options of `timeSeries`. */
export interface TimeSeriesOptions {
  /** Metric to draw, or several (one stacked panel each, sharing the time axis). */
  metric: string | readonly string[];
  /** Nodes to draw; the business services by default (else the first 8 recorded nodes). */
  nodes?: readonly string[];
  /** Shaded periods: true (default) for the ground truth's service impacts, false for none, or your own (see `incidentBands`). */
  bands?: boolean | readonly Band[];
  /** Vertical markers: true (default) for the ground truth's fault events, false for none, or your own (see `faultMarkers`). */
  markers?: boolean | readonly Marker[];
  /** Only times >= from (seconds). */
  from?: number;
  /** Only times <= to (seconds). */
  to?: number;
  /** Most points per series; longer series are decimated keeping each bucket's min and max (2000 by default). */
  maxPoints?: number;
  /** "date" (default when the store has an epoch), "hours", "minutes" or "seconds". */
  time?: TimeUnit;
  /** Figure title; a default names the metrics. */
  title?: string;
  /** Height in px of one metric panel (260 by default). */
  panelHeight?: number;
  /** Significant digits kept in values (6 by default). */
  digits?: number;
  /** Metrics drawn on a logarithmic axis (latency spans 20 ms to a 5 s timeout). */
  log?: readonly string[];
}

/**
 * Time series of one or more metrics for some nodes, over a store or a run result; with a result, service
 * impacts are shaded and fault events marked by default.
 * `timeSeries(result, { metric: ["latency_ms", "error_rate"], nodes: ["svc-payments"] })`
 */
export function timeSeries(source: StoreLike | ResultLike, options: TimeSeriesOptions): Figure {
  const api = "timeSeries";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object with a metric", options);
  const { store, truth } = resolveSource(source, api);
  const metricList = typeof options.metric === "string" ? [options.metric] : Array.isArray(options.metric) ? options.metric : undefined;
  if (!metricList || metricList.length === 0) throw invalidArgument(api, "options.metric", "a metric name or a non-empty array of them", options.metric);
  const metrics = metricList.map((m) => checkMetric(store, m, api));
  if (options.log !== undefined && (!Array.isArray(options.log) || options.log.some((m) => !metrics.includes(m)))) {
    throw invalidArgument(api, "options.log", `an array of the drawn metrics (${metrics.join(", ")})`, options.log);
  }
  const nodes = options.nodes === undefined ? defaultNodes(store) : checkNodes(store, options.nodes, api);
  if (nodes.length === 0) throw invalidArgument(api, "options.nodes", "at least one node id", options.nodes);
  const maxPoints = positiveInt(options.maxPoints, DEFAULTS.maxPoints, api, "options.maxPoints");
  const digits = positiveInt(options.digits, DEFAULTS.digits, api, "options.digits");
  const panelHeight = positiveInt(options.panelHeight, DEFAULTS.panelHeight, api, "options.panelHeight");
  const axis = timeAxisFor(api, store.epochMs, options.time);
  const [first, end] = stepWindow(store, options.from, options.to, api);
  const times = store.times;
  const t0 = end > first ? times[first] : (options.from ?? 0);
  const t1 = end > first ? times[end - 1] + store.recordInterval : (options.to ?? t0);

  const k = metrics.length;
  const gap = k > 1 ? 0.08 / (k - 1) : 0;
  const height = (1 - gap * (k - 1)) / k;
  const data: Trace[] = [];
  const layout = baseLayout(options.title ?? defaultTitle(metrics, nodes), panelHeight * k + 80);
  layout.hovermode = "x unified";
  metrics.forEach((metric, m) => {
    const fmt = metricFormat(metric);
    const yId = m === 0 ? "y" : `y${m + 1}`;
    const top = 1 - m * (height + gap);
    const log = options.log?.includes(metric) ?? false;
    const { rangemode: _linearOnly, ...logFormat } = fmt.axis;
    // One labelled tick per decade, with the unit, so 5 s and 50 ms never read alike (plotly's default labels 2 and 5 between decades without units).
    const axisFormat = log ? { ...logFormat, type: "log", dtick: 1, tickformat: ",~g", ticksuffix: fmt.unit, exponentformat: "none", minor: { dtick: "D1", showgrid: true } } : fmt.axis;
    layout[m === 0 ? "yaxis" : `yaxis${m + 1}`] = { title: { text: fmt.title + (log ? " (log)" : "") }, domain: [Math.max(0, top - height), top], zeroline: false, ...axisFormat };
    nodes.forEach((node, i) => {
      const values = store.series(metric, node);
      const idx = minMaxIndices(values, first, end, maxPoints);
      data.push({
        type: "scatter",
        mode: "lines",
        name: node,
        legendgroup: node,
        showlegend: m === 0,
        x: idx.map((s) => axis.x(times[s])),
        y: idx.map((s) => roundValue(values[s], digits)),
        yaxis: yId,
        line: { color: SERIES_PALETTE[i % SERIES_PALETTE.length], width: 1.5, ...(metric === "status" ? { shape: "hv" } : {}) },
        hovertemplate: `%{y:${fmt.hover}}${fmt.unit}`,
      });
    });
  });
  layout.xaxis = { ...axis.axis, anchor: k === 1 ? "y" : `y${k}`, range: [axis.x(t0), axis.x(t1)] };

  const bands = pickBands(options.bands, truth, api);
  const markers = pickMarkers(options.markers, truth, api);
  // Bands and markers live on an invisible 0..1 axis over the top panel, so their symbols sit at fixed heights.
  const overlay = `y${k + 1}`;
  const shaded = bandShapes(bands, t0, t1, axis, overlay);
  const marked = markerTraces(markers, t0, t1, axis, overlay);
  data.push(...shaded.traces, ...marked.traces);
  if (shaded.traces.length + marked.traces.length > 0) layout[`yaxis${k + 1}`] = { overlaying: "y", range: [0, 1], visible: false, fixedrange: true };
  layout.shapes = [...shaded.shapes, ...marked.shapes];
  return { data, layout };
}

function defaultNodes(store: StoreLike): string[] {
  const services = store.nodeIds.filter((_, i) => store.kinds[i] === "business_service");
  return (services.length > 0 ? services : store.nodeIds).slice(0, DEFAULTS.defaultNodes);
}

function defaultTitle(metrics: readonly string[], nodes: readonly string[]): string {
  const what = metrics.map((m) => metricFormat(m).title).join(", ");
  return nodes.length === 1 ? `${what}: ${nodes[0]}` : `${what} of ${nodes.length} nodes`;
}

function pickBands(option: TimeSeriesOptions["bands"], truth: GroundTruthLike | undefined, api: string): readonly Band[] {
  if (option === undefined || option === true) return truth?.impacts ? impactBands(truth.impacts) : [];
  if (option === false) return [];
  if (!Array.isArray(option)) throw invalidArgument(api, "options.bands", "true, false or an array of bands", option);
  return option;
}

function pickMarkers(option: TimeSeriesOptions["markers"], truth: GroundTruthLike | undefined, api: string): readonly Marker[] {
  if (option === undefined || option === true) {
    if (truth?.events && truth.events.length > 0) return faultMarkers(truth.events);
    return truth?.faults ? faultMarkers(truth.faults) : [];
  }
  if (option === false) return [];
  if (!Array.isArray(option)) throw invalidArgument(api, "options.markers", "true, false or an array of markers", option);
  return option;
}
