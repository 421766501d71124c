// Baseline vs fork over time: the same metric and nodes from two runs on one chart, the baseline dashed grey.
import { invalidArgument } from "../errors";
import { bandShapes, faultMarkers, impactBands, markerTraces } from "./bands";
import { minMaxIndices } from "./downsample";
import { baseLayout, roundValue, SERIES_PALETTE, type Figure, type Trace } from "./figure";
import { metricFormat } from "./metric-format";
import { checkMetric, checkNodes, positiveInt, resolveSource, stepWindow, type ResultLike, type StoreLike } from "./sources";
import { timeAxisFor, type TimeUnit } from "./time-axis";

/** Options of `compareSeries`. */
export interface CompareSeriesOptions {
  metric: string;
  /** Nodes to compare (up to a handful reads well); the first business service by default. */
  nodes?: readonly string[];
  /** Names of the two runs ("baseline", "what-if" by default). */
  labels?: readonly [string, string];
  /** Shade the fork's service impacts and mark its fault events (true by default). */
  truth?: boolean;
  from?: number;
  to?: number;
  maxPoints?: number;
  time?: TimeUnit;
  title?: string;
}

/**
 * One metric of the same nodes in two runs (a baseline and a fork), overlaid; the fork's impacts and faults
 * are drawn when it is a twin result.
 * `compareSeries(base, fork, { metric: "latency_ms", nodes: ["svc-payments"] })`
 */
export function compareSeries(baseline: StoreLike | ResultLike, fork: StoreLike | ResultLike, options: CompareSeriesOptions): Figure {
  const api = "compareSeries";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object with a metric", options);
  const a = resolveSource(baseline, api);
  const b = resolveSource(fork, api);
  const metric = checkMetric(a.store, options.metric, api);
  checkMetric(b.store, metric, api);
  const services = a.store.nodeIds.filter((_, i) => a.store.kinds[i] === "business_service");
  const nodes = options.nodes ? checkNodes(a.store, options.nodes, api) : [services[0] ?? a.store.nodeIds[0]];
  checkNodes(b.store, nodes, api);
  const labels = options.labels ?? ["baseline", "what-if"];
  const maxPoints = positiveInt(options.maxPoints, 2000, api, "options.maxPoints");
  const axis = timeAxisFor(api, b.store.epochMs ?? a.store.epochMs, options.time);
  const fmt = metricFormat(metric);
  const data: Trace[] = [];
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const [run, { store }] of [a, b].entries()) {
    const [first, end] = stepWindow(store, options.from, options.to, api);
    if (end > first) {
      t0 = Math.min(t0, store.times[first]);
      t1 = Math.max(t1, store.times[end - 1] + store.recordInterval);
    }
    nodes.forEach((node, i) => {
      const values = store.series(metric, node);
      const idx = minMaxIndices(values, first, end, maxPoints);
      const colour = SERIES_PALETTE[i % SERIES_PALETTE.length];
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${node} (${labels[run]})`,
        x: idx.map((s) => axis.x(store.times[s])),
        y: idx.map((s) => roundValue(values[s])),
        line: run === 0 ? { color: "#8a949e", width: 1.5, dash: "dash" } : { color: colour, width: 1.8 },
        hovertemplate: `%{y:${fmt.hover}}${fmt.unit}`,
      });
    });
  }
  if (!Number.isFinite(t0)) t0 = t1 = 0;
  const layout = baseLayout(options.title ?? `${fmt.title}: ${labels[0]} vs ${labels[1]}`, 340);
  layout.hovermode = "x unified";
  layout.xaxis = { ...axis.axis, range: [axis.x(t0), axis.x(t1)] };
  layout.yaxis = { title: { text: fmt.title }, zeroline: false, ...fmt.axis };
  const shapes: Record<string, unknown>[] = [];
  if (options.truth !== false && b.truth) {
    const shaded = bandShapes(impactBands(b.truth.impacts ?? []), t0, t1, axis, "y2");
    const marked = markerTraces(faultMarkers(b.truth.events?.length ? b.truth.events : (b.truth.faults ?? [])), t0, t1, axis, "y2");
    shapes.push(...shaded.shapes, ...marked.shapes);
    data.push(...shaded.traces, ...marked.traces);
    if (shaded.traces.length + marked.traces.length > 0) layout.yaxis2 = { overlaying: "y", range: [0, 1], visible: false, fixedrange: true };
  }
  layout.shapes = shapes;
  return { data, layout };
}
