// Shaded time bands (service impacts, incidents) and event markers (fault starts, ends, failovers) drawn over time charts.
import { invalidArgument } from "../errors";
import { SEVERITY_COLOURS, STATUS_COLOURS, withAlpha, type Trace } from "./figure";
import type { FaultEventLike, FaultRecordLike, ImpactLike } from "./sources";
import type { TimeAxis } from "./time-axis";

/** A shaded period: [start, end) in simulated seconds; `end: null` means still open (drawn to the end of the data). */
export interface Band {
  start: number;
  end: number | null;
  /** Text shown when hovering the band's foot marker. */
  label?: string;
  /** Picks the colour: degraded/down (status) or critical/warning/info (severity). */
  level?: string;
  /** Overrides the colour (`#rrggbb`). */
  colour?: string;
  /** Legend entry the band belongs to ("service down", "incident (critical)"); `<level> period` by default. */
  group?: string;
}

/** A point in time worth marking: a fault starting or ending, a failover, an out-of-memory crash. */
export interface Marker {
  time: number;
  /** Hover text. */
  label: string;
  /** start, end, failover, oom, restart, or anything else (drawn as a circle). */
  kind?: string;
}

/** An incident, as far as bands need it (lib/rules' `Incident` fits). */
export interface IncidentBandLike {
  id: string;
  openedAt: number;
  closedAt?: number;
  severity?: string;
  title?: string;
}

const BAND_ALPHA = 0.16;

const MARKER_STYLE: Readonly<Record<string, { symbol: string; colour: string }>> = {
  start: { symbol: "triangle-down", colour: "#b2182b" },
  end: { symbol: "triangle-up", colour: "#1a7f37" },
  failover: { symbol: "diamond", colour: "#0072b2" },
  oom: { symbol: "x", colour: "#7b1113" },
  restart: { symbol: "circle", colour: "#555555" },
};

/** Bands of service impacts from the ground truth: amber while degraded, red while down. */
export function impactBands(impacts: readonly ImpactLike[]): Band[] {
  if (!Array.isArray(impacts)) throw invalidArgument("impactBands", "impacts", "an array of service impacts", impacts);
  return impacts.map((i) => ({
    start: i.start,
    end: i.end,
    level: i.status,
    group: `service ${i.status}`,
    label: `${i.name ?? i.service} ${i.status}${i.faults && i.faults.length ? ` (${i.faults.join(", ")})` : ""}`,
  }));
}

/** Bands of incidents, coloured by severity; open incidents run to the end of the data. */
export function incidentBands(incidents: readonly IncidentBandLike[]): Band[] {
  if (!Array.isArray(incidents)) throw invalidArgument("incidentBands", "incidents", "an array of incidents", incidents);
  return incidents.map((i) => ({
    start: i.openedAt,
    end: i.closedAt ?? null,
    level: i.severity ?? "warning",
    group: `incident (${i.severity ?? "warning"})`,
    label: i.title ? `${i.id}: ${i.title}` : i.id,
  }));
}

/** Markers from fault events (start, end, failover, oom, restart), or from faults alone (start and end). */
export function faultMarkers(events: readonly (FaultEventLike | FaultRecordLike)[]): Marker[] {
  if (!Array.isArray(events)) throw invalidArgument("faultMarkers", "events", "an array of fault events or faults", events);
  const out: Marker[] = [];
  for (const e of events) {
    if ("time" in e) {
      out.push({ time: e.time, kind: e.kind, label: `${e.kind} ${e.fault || "(no fault)"} on ${e.node}${e.detail ? `: ${e.detail}` : ""}` });
    } else {
      out.push({ time: e.at, kind: "start", label: `start ${e.id}: ${e.kind} on ${e.target}${e.label ? ` (${e.label})` : ""}` });
      out.push({ time: e.at + e.duration, kind: "end", label: `end ${e.id}: ${e.kind} on ${e.target}` });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The colour of a band. */
export function bandColour(band: Band): string {
  if (band.colour) return band.colour;
  const level = band.level ?? "degraded";
  if (level === "down") return STATUS_COLOURS.down;
  if (level === "degraded") return STATUS_COLOURS.degraded;
  return SEVERITY_COLOURS[level] ?? STATUS_COLOURS.degraded;
}

/**
 * Plotly shapes for bands clipped to [t0, t1] (seconds), plus one trace per level on the overlay axis
 * `yaxisId`: a small square at the foot of each band that names it on hover, and the level's legend entry.
 */
export function bandShapes(bands: readonly Band[], t0: number, t1: number, axis: TimeAxis, yaxisId: string, xref = "x"): { shapes: Record<string, unknown>[]; traces: Trace[] } {
  const shapes: Record<string, unknown>[] = [];
  const groups = new Map<string, { colour: string; x: number[]; text: string[] }>();
  const visible = bands.filter((b) => b.start <= t1 && (b.end === null || b.end >= t0));
  for (const band of visible) {
    const colour = bandColour(band);
    const start = Math.max(t0, band.start);
    const end = band.end === null ? t1 : Math.min(t1, band.end);
    shapes.push({
      type: "rect",
      xref,
      yref: "paper",
      x0: axis.x(start),
      x1: axis.x(Math.max(start, end)),
      y0: 0,
      y1: 1,
      fillcolor: withAlpha(colour, BAND_ALPHA),
      line: { width: 0 },
      layer: "below",
    });
    const group = band.group ?? `${band.level ?? "shaded"} period`;
    const entry = groups.get(group) ?? { colour, x: [], text: [] };
    entry.x.push(axis.x(start));
    entry.text.push(`${band.label ?? group}<br>${axis.label(band.start)} → ${band.end === null ? "ongoing" : axis.label(band.end)}`);
    groups.set(group, entry);
  }
  const traces: Trace[] = [...groups].map(([group, { colour, x, text }]) => ({
    type: "scatter",
    mode: "markers",
    x,
    y: x.map(() => 0.02),
    yaxis: yaxisId,
    name: group,
    text,
    hovertemplate: "%{text}<extra></extra>",
    marker: { symbol: "square", size: 9, color: withAlpha(colour, 0.7) },
    legendgroup: "bands",
  }));
  return { shapes, traces };
}

/**
 * Markers as dotted vertical lines plus one hoverable trace of symbols along the top of the plot, on an
 * invisible 0..1 axis (`yaxisId`) that overlays the main one.
 */
export function markerTraces(markers: readonly Marker[], t0: number, t1: number, axis: TimeAxis, yaxisId: string, xref = "x"): { shapes: Record<string, unknown>[]; traces: Trace[] } {
  const inside = markers.filter((m) => m.time >= t0 && m.time <= t1);
  const shapes = inside.map((m) => ({
    type: "line",
    xref,
    yref: "paper",
    x0: axis.x(m.time),
    x1: axis.x(m.time),
    y0: 0,
    y1: 1,
    line: { color: (MARKER_STYLE[m.kind ?? ""] ?? MARKER_STYLE.restart).colour, width: 1, dash: "dot" },
    layer: "below",
  }));
  const byKind = new Map<string, Marker[]>();
  for (const m of inside) {
    const k = MARKER_STYLE[m.kind ?? ""] ? (m.kind as string) : "other";
    byKind.set(k, [...(byKind.get(k) ?? []), m]);
  }
  const traces: Trace[] = [...byKind].map(([kind, list]) => {
    const style = MARKER_STYLE[kind] ?? { symbol: "circle-open", colour: "#555555" };
    return {
      type: "scatter",
      mode: "markers",
      name: kind === "start" ? "fault start" : kind === "end" ? "fault end" : kind,
      x: list.map((m) => axis.x(m.time)),
      y: list.map(() => 0.97),
      yaxis: yaxisId,
      marker: { symbol: style.symbol, size: 10, color: style.colour },
      text: list.map((m) => m.label),
      hovertemplate: "%{text}<extra></extra>",
      legendgroup: "markers",
    };
  });
  return { shapes, traces };
}
