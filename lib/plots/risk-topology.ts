// The topology coloured by a value per node in [0, 1] (a model's failure risk): the layered drawing of `topologyFigure` with a colour scale instead of statuses.
import { invalidArgument } from "../errors";
import type { Figure, Trace } from "./figure";
import { drawnTopology, type DrawableTopology } from "./topology-data";
import { topologyFigure, type TopologyFigureOptions } from "./topology-figure";

/** Options of `riskTopology`: those of `topologyFigure` that make sense for values, and the colour bar's title. */
export interface RiskTopologyOptions extends Pick<TopologyFigureOptions, "labels" | "highlight" | "title" | "height"> {
  /** Title of the colour bar ("risk" by default). */
  valueLabel?: string;
}

/**
 * Draws the topology with each node coloured by its value (0 green … 1 red); nodes without a value are grey.
 * `values` maps node ids to values, e.g. a risk model's output at one moment.
 * `riskTopology(graph, Object.fromEntries(trace.nodes.map((id, i) => [id, trace.values[k][i]])), { highlight: ["app-1"] })`
 */
export function riskTopology(source: DrawableTopology, values: Readonly<Record<string, number>>, options: RiskTopologyOptions = {}): Figure {
  const api = "riskTopology";
  if (typeof values !== "object" || values === null) throw invalidArgument(api, "values", "an object of node id → value in [0, 1]", values);
  for (const [id, v] of Object.entries(values)) if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw invalidArgument(api, `values["${id}"]`, "a number in [0, 1]", v);
  const nodes = drawnTopology(source).nodes;
  const figure = topologyFigure(source, { colorBy: "kind", labels: options.labels, highlight: options.highlight, height: options.height, title: options.title ?? "Failure risk" });
  const label = options.valueLabel ?? "risk";
  const data = figure.data
    .filter((t) => (t as { name?: string }).name === "nodes" || (t as { mode?: string }).mode === "lines")
    .map((trace): Trace => {
      if ((trace as { name?: string }).name !== "nodes") return trace;
      const v = nodes.map((n) => values[n.id]);
      const marker = (trace as { marker?: Record<string, unknown> }).marker ?? {};
      return {
        ...trace,
        customdata: v.map((x) => (x === undefined ? "no value" : x.toFixed(2))),
        hovertemplate: `%{hovertext}<br>${label}: %{customdata}<extra></extra>`,
        marker: {
          ...marker,
          color: v.map((x) => (x === undefined ? "#bbbbbb" : x)),
          colorscale: [[0, "#2ca02c"], [0.5, "#ffbf00"], [1, "#d62728"]],
          cmin: 0,
          cmax: 1,
          showscale: true,
          colorbar: { title: { text: label }, thickness: 12 },
        },
      } as Trace;
    });
  return { ...figure, data };
}
