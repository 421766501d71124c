// The topology drawn in layers and coloured by status (or kind), at one time or with a slider over the run.
import { STATUSES, STATUS_CODES } from "../status";
import { invalidArgument } from "../errors";
import { aggregate, bucketStarts } from "./downsample";
import { baseLayout, SERIES_PALETTE, STATUS_COLOURS, statusColour, statusLabel, type Figure, type FigureFrame, type Trace } from "./figure";
import { KIND_LAYERS, layeredLayout } from "./layered-layout";
import { isStoreLike, positiveInt, type StoreLike } from "./sources";
import { timeAxisFor, type TimeUnit } from "./time-axis";
import { drawnTopologyFor, type DrawnTopology, type DrawnNode, type DrawableTopology } from "./topology-data";
import { labelPlotWidth, placeLabels, type LabelPlacement } from "./topology-labels";

const DEFAULTS = {
  maxFrames: 50,
  rowHeight: 70,
  /** Height plotly takes from the plot area for the slider and its buttons, px (labels are placed for the smaller area). */
  sliderHeight: 130,
  /** Width plotly takes from the plot area for the legend on the right, px. */
  legendWidth: 150,
};

/** Points per arc of an edge within one row. */
const ARC_SEGMENTS = 8;

const EDGE_STYLE: Readonly<Record<string, { colour: string; width: number; dash: string }>> = {
  network: { colour: "#9aa5b1", width: 1, dash: "solid" },
  hosts: { colour: "#c3cad2", width: 1, dash: "dot" },
  depends_on: { colour: "#4a5a6a", width: 1.2, dash: "solid" },
  replicates_to: { colour: "#7b61ff", width: 1.5, dash: "dash" },
  serves: { colour: "#2e6f9e", width: 1.5, dash: "solid" },
};

const KIND_SYMBOL: Readonly<Record<string, string>> = {
  router: "diamond",
  switch: "square",
  firewall: "hexagon",
  load_balancer: "star-diamond",
  server: "square",
  storage: "cross",
  vm: "circle",
  database: "circle",
  queue: "triangle-up",
  application: "circle",
  business_service: "star",
};

/** Options of `topologyFigure`. */
export interface TopologyFigureOptions {
  /** Node colours: "status" (default: up green, degraded amber, down red), "kind", or "group" (from `groups`). */
  colorBy?: "status" | "kind" | "group";
  /** Group per node id, e.g. behaviour clusters from `clusterNodes`; colours by group (colorBy "group" is then the default). Nodes without a group are grey. */
  groups?: Readonly<Record<string, string | number>>;
  /** Where statuses over time come from; a run result's store by default. */
  metrics?: StoreLike;
  /** Show statuses at this time (seconds): the last recorded step at or before it. Without it, the graph's current `status` attributes (or, with a slider, the worst moment). */
  at?: number;
  /** Adds a time slider (plotly frames) over the recorded steps, thinned to `maxFrames`; each frame shows each node's worst status in its period. */
  slider?: boolean;
  /** Most slider frames (50 by default). */
  maxFrames?: number;
  /** Write node names on the drawing where they fit without overlapping (most important first: highlighted, failing, services, data stores); true by default. The rest show on hover. */
  labels?: boolean;
  /** Node ids drawn with a thick outline (fault targets, root-cause candidates). */
  highlight?: readonly string[];
  /** Slider labels: "date" (default with an epoch), "hours", "minutes" or "seconds". */
  time?: TimeUnit;
  title?: string;
  height?: number;
}

/**
 * The topology in layers (network at the top, business services at the bottom), nodes coloured by status.
 * Accepts a graphology graph, a GraphStore, `{nodes, edges}` or a run result (whose store gives statuses
 * over time for `at` and `slider`).
 * `topologyFigure(result, { slider: true, highlight: ["pay-db-1"] })`
 */
export function topologyFigure(source: DrawableTopology, options: TopologyFigureOptions = {}): Figure {
  const api = "topologyFigure";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object", options);
  const colorBy = options.colorBy ?? (options.groups ? "group" : "status");
  if (colorBy !== "status" && colorBy !== "kind" && colorBy !== "group") throw invalidArgument(api, "options.colorBy", '"status", "kind" or "group"', colorBy);
  if (colorBy === "group" && (options.groups === null || typeof options.groups !== "object")) throw invalidArgument(api, "options.groups", "an object of node id → group (needed by colorBy group)", options.groups);
  GROUPS = colorBy === "group" ? options.groups : undefined;
  const topo = drawnTopologyFor(api, source);
  if (topo.nodes.length === 0) throw invalidArgument(api, "source", "a topology with at least one node", "an empty topology");
  const store = options.metrics ?? ((source as { metrics?: unknown }).metrics as StoreLike | undefined);
  if (options.metrics !== undefined && !isStoreLike(options.metrics)) throw invalidArgument(api, "options.metrics", "a MetricsStore", options.metrics);
  const needsTime = options.at !== undefined || options.slider === true;
  if (needsTime && (!isStoreLike(store) || !store.metricNames.includes("status") || store.recordedSteps === 0)) {
    throw invalidArgument(api, "options.metrics", "a store with recorded status steps (needed by at and slider)", store);
  }
  if (options.at !== undefined && (typeof options.at !== "number" || Number.isNaN(options.at))) throw invalidArgument(api, "options.at", "a time in seconds", options.at);
  const maxFrames = positiveInt(options.maxFrames, DEFAULTS.maxFrames, api, "options.maxFrames");
  const highlight = new Set(options.highlight ?? []);
  const known = new Set(topo.nodes.map((n) => n.id));
  for (const id of highlight) if (!known.has(id)) throw invalidArgument(api, "options.highlight", "ids of nodes of the topology", id);

  const positions = layeredLayout(topo);
  const nodes = topo.nodes.slice().sort((a, b) => positions.get(a.id)!.row - positions.get(b.id)!.row || positions.get(a.id)!.x - positions.get(b.id)!.x);
  const data: Trace[] = edgeTraces(topo, positions);
  const nodeTraceIndex = data.length;
  const labels = options.labels ?? true;

  // Status codes per node: the graph's attributes, replaced by the store's values at `at` / in frames.
  let codes = nodes.map((n) => (STATUS_CODES as Readonly<Record<string, number>>)[n.status ?? "up"] ?? NaN);
  let frames: FigureFrame[] | undefined;
  let sliders: Record<string, unknown>[] | undefined;
  let subtitle = "";
  if (needsTime && isStoreLike(store)) {
    const axis = timeAxisFor(api, store.epochMs, options.time);
    const series = nodes.map((n) => (store.hasNode(n.id) ? store.series("status", n.id) : undefined));
    const times = store.times;
    const steps = store.recordedSteps;
    if (options.at !== undefined) {
      let step = 0;
      while (step + 1 < steps && times[step + 1] <= options.at) step++;
      codes = series.map((s, i) => (s ? s[step] : codes[i]));
      subtitle = ` at ${axis.label(times[step])}`;
    }
    if (options.slider) {
      const starts = bucketStarts(0, steps, maxFrames);
      const frameCodes = starts.map((s, b) => series.map((values, i) => (values ? aggregate(values, s, b + 1 < starts.length ? starts[b + 1] : steps, "max") : codes[i])));
      let active = 0;
      if (options.at !== undefined) {
        while (active + 1 < starts.length && times[starts[active + 1]] <= options.at) active++;
      } else {
        const badness = frameCodes.map((c) => c.reduce((a, v) => a + (Number.isNaN(v) ? 0 : v), 0));
        active = badness.indexOf(Math.max(...badness));
        subtitle = ` (worst moment: ${axis.label(times[starts[active]])})`;
      }
      codes = frameCodes[active];
      frames = starts.map((s, b) => ({
        name: `f${b}`,
        traces: [nodeTraceIndex],
        // Frames are merged into the trace: only what changes (colours, status words) is repeated.
        data: [{ marker: { color: nodeColours(nodes, frameCodes[b], colorBy) }, customdata: frameCodes[b].map(statusLabel) }],
      }));
      sliders = [
        {
          active,
          pad: { t: 40, l: 10, r: 10 },
          currentvalue: { prefix: "period from ", font: { size: 12 } },
          steps: starts.map((s, b) => ({
            label: axis.label(times[s]),
            method: "animate",
            args: [[`f${b}`], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }],
          })),
        },
      ];
    }
  }

  const rows = Math.max(...[...positions.values()].map((p) => p.row)) + 1;
  const height = options.height ?? Math.max(380, rows * DEFAULTS.rowHeight + (sliders ? 190 : 110));
  const margin = { l: 110, r: 20, t: 60, b: sliders ? 30 : 20 };
  const xRange = [-0.02, 1.05] as const;
  const yRange = [-(rows - 1) - 0.45, 0.35] as const;
  const marker = nodeMarker(nodes, codes, colorBy, highlight);
  const placed = labels ? nodeLabels(topo, nodes, { codes, highlight, sizes: marker.size, positions, frame: { xRange, yRange, widthPx: labelPlotWidth(margin.l, margin.r + DEFAULTS.legendWidth), heightPx: height - margin.t - margin.b - (sliders ? DEFAULTS.sliderHeight : 0) } }) : undefined;
  data.push({
    type: "scatter",
    mode: placed ? "markers+text" : "markers",
    name: "nodes",
    showlegend: false,
    x: nodes.map((n) => positions.get(n.id)!.x),
    y: nodes.map((n) => positions.get(n.id)!.y),
    ...(placed ? { text: placed.position.map((at, i) => (at ? nodes[i].name ?? nodes[i].id : "")), textposition: placed.position.map((at) => at ?? "bottom center"), textfont: { size: 9, color: "#333333" } } : {}),
    hovertext: hoverTexts(nodes),
    customdata: codes.map(statusLabel),
    hovertemplate: "%{hovertext}<br>status: %{customdata}<extra></extra>",
    marker,
    cliponaxis: false,
  });
  data.push(...legendTraces(colorBy, nodes));

  const layout = baseLayout((options.title ?? `Topology by ${colorBy}`) + subtitle, height);
  layout.xaxis = { visible: false, range: [...xRange], fixedrange: false };
  layout.yaxis = { visible: false, range: [...yRange] };
  layout.margin = margin;
  layout.annotations = rowAnnotations(nodes, positions);
  if (sliders) {
    layout.sliders = sliders;
    layout.updatemenus = [
      {
        type: "buttons",
        showactive: false,
        direction: "left",
        x: 0,
        y: 0,
        xanchor: "right",
        yanchor: "top",
        pad: { t: 45, r: 10 },
        buttons: [
          { label: "▶", method: "animate", args: [null, { fromcurrent: true, frame: { duration: 500, redraw: true }, transition: { duration: 0 } }] },
          { label: "❚❚", method: "animate", args: [[null], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }] },
        ],
      },
    ];
  }
  return frames ? { data, layout, frames } : { data, layout };
}

function edgeTraces(topo: DrawnTopology, positions: Map<string, { x: number; y: number }>): Trace[] {
  const byKind = new Map<string, (number | null)[][]>();
  for (const e of topo.edges) {
    const a = positions.get(e.source)!;
    const b = positions.get(e.target)!;
    const xy = byKind.get(e.kind) ?? [[], []];
    if (a.y === b.y && a.x !== b.x) {
      // Edges within a row would run through the nodes between them: draw them as arcs above the row.
      const lift = 0.12 + 0.5 * Math.abs(b.x - a.x);
      for (let k = 0; k <= ARC_SEGMENTS; k++) {
        const t = k / ARC_SEGMENTS;
        xy[0].push(round(a.x + (b.x - a.x) * t));
        xy[1].push(round(a.y + 4 * lift * t * (1 - t) * 0.5));
      }
      xy[0].push(null);
      xy[1].push(null);
    } else {
      xy[0].push(a.x, b.x, null);
      xy[1].push(a.y, b.y, null);
    }
    byKind.set(e.kind, xy);
  }
  const order = [...byKind.keys()].sort((a, b) => (EDGE_STYLE[a] ? 0 : 1) - (EDGE_STYLE[b] ? 0 : 1) || (a < b ? -1 : 1));
  return order.map((kind) => {
    const style = EDGE_STYLE[kind] ?? { colour: "#bbbbbb", width: 1, dash: "solid" };
    const [x, y] = byKind.get(kind)!;
    return { type: "scatter", mode: "lines", name: kind.replace("_", " "), x, y, hoverinfo: "skip", line: { color: style.colour, width: style.width, dash: style.dash }, legendgroup: "edges" };
  });
}

function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}

/** The groups of the figure being built (set per call; figures are built synchronously). */
let GROUPS: Readonly<Record<string, string | number>> | undefined;
const NO_GROUP = "#c3cad2";

function groupNames(): string[] {
  return [...new Set(Object.values(GROUPS ?? {}).map(String))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

function nodeColours(nodes: DrawnNode[], codes: number[], colorBy: "status" | "kind" | "group"): string[] {
  if (colorBy === "status") return codes.map(statusColour);
  if (colorBy === "group") {
    const names = groupNames();
    return nodes.map((n) => (GROUPS?.[n.id] === undefined ? NO_GROUP : SERIES_PALETTE[names.indexOf(String(GROUPS[n.id])) % SERIES_PALETTE.length]));
  }
  const kinds = [...new Set(nodes.map((n) => n.kind))].sort();
  return nodes.map((n) => SERIES_PALETTE[kinds.indexOf(n.kind) % SERIES_PALETTE.length]);
}

function nodeMarker(nodes: DrawnNode[], codes: number[], colorBy: "status" | "kind" | "group", highlight: Set<string>): { color: string[]; symbol: string[]; size: number[]; line: Record<string, unknown> } {
  return {
    color: nodeColours(nodes, codes, colorBy),
    symbol: nodes.map((n) => KIND_SYMBOL[n.kind] ?? "circle"),
    size: nodes.map((n) => (n.kind === "business_service" ? 18 : (KIND_LAYERS[n.kind] ?? 3) <= 1 ? 13 : 12)),
    line: { color: nodes.map((n) => (highlight.has(n.id) ? "#000000" : "#ffffff")), width: nodes.map((n) => (highlight.has(n.id) ? 3 : 1)) },
  };
}

/** Label placement for the node trace: highlighted and failing nodes first, then services and data stores, then the most connected. */
function nodeLabels(
  topo: DrawnTopology,
  nodes: DrawnNode[],
  o: { codes: number[]; highlight: Set<string>; sizes: number[]; positions: Map<string, { x: number; y: number }>; frame: Parameters<typeof placeLabels>[1] },
): LabelPlacement {
  const degree = new Map<string, number>();
  for (const e of topo.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const KIND_WEIGHT: Readonly<Record<string, number>> = { business_service: 60, database: 40, router: 30, firewall: 30, load_balancer: 25, storage: 25, application: 20, queue: 20 };
  const candidates = nodes.map((n, i) => ({
    text: n.name ?? n.id,
    x: o.positions.get(n.id)!.x,
    y: o.positions.get(n.id)!.y,
    size: o.sizes[i],
    importance: (o.highlight.has(n.id) ? 10_000 : 0) + (Number.isNaN(o.codes[i]) ? 0 : o.codes[i] * 1_000) + (KIND_WEIGHT[n.kind] ?? 0) + (n.tier !== undefined ? 10 * Math.max(0, 4 - n.tier) : 0) + Math.min(degree.get(n.id) ?? 0, 50) / 10,
  }));
  return placeLabels(candidates, o.frame);
}

function hoverTexts(nodes: DrawnNode[]): string[] {
  return nodes.map((n) => `<b>${escapeText(n.name ?? n.id)}</b> (${escapeText(n.id)})<br>${n.kind.replace("_", " ")}${n.tier !== undefined ? ` · tier ${n.tier}` : ""}${GROUPS?.[n.id] !== undefined ? ` · group ${escapeText(String(GROUPS[n.id]))}` : ""}`);
}

function legendTraces(colorBy: "status" | "kind" | "group", nodes: DrawnNode[]): Trace[] {
  const entries =
    colorBy === "group"
      ? [...groupNames().map((g, i) => [`group ${g}`, SERIES_PALETTE[i % SERIES_PALETTE.length]] as const), ...(nodes.some((n) => GROUPS?.[n.id] === undefined) ? [["no group", NO_GROUP] as const] : [])]
      : colorBy === "status"
      ? STATUSES.map((s) => [s, STATUS_COLOURS[s]] as const)
      : [...new Set(nodes.map((n) => n.kind))].sort().map((k, i) => [k.replace("_", " "), SERIES_PALETTE[i % SERIES_PALETTE.length]] as const);
  return entries.map(([name, colour]) => ({ type: "scatter", mode: "markers", name, x: [null], y: [null], marker: { color: colour, size: 11 }, hoverinfo: "skip", legendgroup: "status" }));
}

const ROW_NAMES: Readonly<Record<string, string>> = {
  router: "routers",
  firewall: "firewalls",
  load_balancer: "load balancers",
  switch: "switches",
  server: "servers",
  storage: "storage",
  vm: "VMs",
  database: "databases",
  queue: "queues",
  application: "applications",
  business_service: "services",
};

function rowAnnotations(nodes: DrawnNode[], positions: Map<string, { y: number; row: number }>): Record<string, unknown>[] {
  const rows = new Map<number, Set<string>>();
  for (const n of nodes) {
    const p = positions.get(n.id)!;
    const set = rows.get(p.y) ?? new Set<string>();
    set.add(ROW_NAMES[n.kind] ?? n.kind);
    rows.set(p.y, set);
  }
  return [...rows].map(([y, names]) => ({
    xref: "paper",
    yref: "y",
    x: 0,
    y,
    xanchor: "right",
    text: [...names].join("<br>"),
    showarrow: false,
    font: { size: 10, color: "#666666" },
  }));
}

/** Plotly renders hover text as HTML: node names from a CMDB must not inject markup. */
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
