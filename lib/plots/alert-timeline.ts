// The alert timeline: one row per rule and node, a faint bar while pending, a solid one while firing, incidents shaded behind.
import { invalidArgument } from "../errors";
import { bandShapes, incidentBands, type IncidentBandLike } from "./bands";
import { baseLayout, SEVERITY_COLOURS, withAlpha, type Figure, type Trace } from "./figure";
import { positiveInt } from "./sources";
import { timeAxisFor, type TimeUnit } from "./time-axis";

const DEFAULTS = {
  maxRows: 60,
  rowHeight: 22,
};

/** An alert as the timeline needs it (lib/rules' `Alert` union fits): times in simulated seconds. */
export interface AlertLike {
  id?: string;
  rule: string;
  node: string;
  severity: string;
  /** pending, firing, resolved or dropped. */
  kind?: string;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  droppedAt?: number;
}

/** Options of `alertTimeline`. */
export interface AlertTimelineOptions {
  /** Where unfinished bars end (seconds); the latest time among the alerts and incidents by default. */
  end?: number;
  /** Incidents drawn as shaded bands behind the bars. */
  incidents?: readonly IncidentBandLike[];
  /** Wall-clock ms of simulated time 0, for a date axis (a store's `epochMs`). */
  epochMs?: number;
  /** "date" (default with an epoch), "hours", "minutes" or "seconds". */
  time?: TimeUnit;
  /** Most rows; beyond it the rows that fired earliest are kept (60 by default). */
  maxRows?: number;
  title?: string;
}

/**
 * A Gantt-style timeline of alerts: rows are `rule · node` in order of first activation; pending time is a
 * faint bar, firing time a solid bar in the severity's colour, dropped alerts a faint bar only.
 * `alertTimeline(engine.alerts(), { incidents: engine.incidents(), epochMs: result.metrics.epochMs })`
 */
export function alertTimeline(alerts: readonly AlertLike[], options: AlertTimelineOptions = {}): Figure {
  const api = "alertTimeline";
  if (!Array.isArray(alerts)) throw invalidArgument(api, "alerts", "an array of alerts", alerts);
  alerts.forEach((a, i) => {
    if (typeof a?.rule !== "string" || typeof a?.node !== "string") throw invalidArgument(api, `alerts[${i}]`, "an alert with rule and node", a);
    if (typeof a.activeAt !== "number" || !Number.isFinite(a.activeAt)) throw invalidArgument(api, `alerts[${i}].activeAt`, "a time in seconds", a.activeAt);
  });
  const maxRows = positiveInt(options.maxRows, DEFAULTS.maxRows, api, "options.maxRows");
  const axis = timeAxisFor(api, options.epochMs, options.time);
  const incidents = options.incidents ?? [];
  const latest = Math.max(0, ...alerts.flatMap((a) => [a.activeAt, a.firedAt ?? 0, a.resolvedAt ?? 0, a.droppedAt ?? 0]), ...incidents.flatMap((i) => [i.openedAt, i.closedAt ?? 0]));
  const end = options.end ?? latest;
  if (typeof end !== "number" || Number.isNaN(end)) throw invalidArgument(api, "options.end", "a time in seconds", end);

  const rowOf = new Map<string, number>();
  const sorted = alerts.slice().sort((a, b) => a.activeAt - b.activeAt || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  for (const a of sorted) {
    const key = `${a.rule} · ${a.node}`;
    if (!rowOf.has(key) && rowOf.size < maxRows) rowOf.set(key, rowOf.size);
  }
  const rows = [...rowOf.keys()];
  const kept = sorted.filter((a) => rowOf.has(`${a.rule} · ${a.node}`));

  // One bar trace per (phase, severity) so the legend reads "critical firing", "warning pending", ...
  const groups = new Map<string, { phase: "pending" | "firing"; severity: string; base: number[]; x: number[]; y: string[]; text: string[] }>();
  const add = (phase: "pending" | "firing", a: AlertLike, from: number, to: number, note: string) => {
    const key = `${a.severity}|${phase}`;
    const g = groups.get(key) ?? { phase, severity: a.severity, base: [], x: [], y: [], text: [] };
    g.base.push(axis.x(from));
    g.x.push(axis.x(Math.max(from, to)) - axis.x(from));
    g.y.push(`${a.rule} · ${a.node}`);
    g.text.push(`${a.rule} on ${a.node} (${a.severity})<br>${phase} ${axis.label(from)} → ${note}`);
    groups.set(key, g);
  };
  for (const a of kept) {
    const pendingEnd = a.firedAt ?? a.droppedAt ?? end;
    add("pending", a, a.activeAt, pendingEnd, a.firedAt !== undefined ? `fired ${axis.label(a.firedAt)}` : a.droppedAt !== undefined ? `dropped ${axis.label(a.droppedAt)}` : "still pending");
    if (a.firedAt !== undefined) add("firing", a, a.firedAt, a.resolvedAt ?? end, a.resolvedAt !== undefined ? `resolved ${axis.label(a.resolvedAt)}` : "still firing");
  }
  const severityRank = (s: string) => {
    const r = ["critical", "warning", "info"].indexOf(s);
    return r < 0 ? 3 : r;
  };
  const data: Trace[] = [...groups.values()]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.phase === b.phase ? 0 : a.phase === "firing" ? -1 : 1))
    .map((g) => {
      const colour = SEVERITY_COLOURS[g.severity] ?? "#7f7f7f";
      return {
        type: "bar",
        orientation: "h",
        name: `${g.severity} ${g.phase}`,
        base: g.base,
        x: g.x,
        y: g.y,
        text: g.text,
        textposition: "none",
        hovertemplate: "%{text}<extra></extra>",
        marker: { color: g.phase === "firing" ? colour : withAlpha(colour, 0.28), line: { color: colour, width: g.phase === "firing" ? 0 : 1 } },
        width: g.phase === "firing" ? 0.7 : 0.5,
      };
    });
  const dropped = alerts.length - kept.length;
  const title = (options.title ?? `Alerts (${alerts.length})`) + (dropped > 0 ? ` — first ${rows.length} rows shown, ${dropped} alerts hidden` : "");
  const layout = baseLayout(title, Math.max(260, rows.length * DEFAULTS.rowHeight + 140));
  layout.barmode = "overlay";
  layout.xaxis = { ...axis.axis };
  layout.yaxis = { type: "category", categoryorder: "array", categoryarray: rows.slice().reverse(), automargin: true, tickfont: { size: 10 } };
  layout.margin = { l: 200, r: 30, t: 70, b: 50 };
  const t0 = Math.min(0, ...kept.map((a) => a.activeAt));
  const shaded = bandShapes(incidentBands(incidents), t0, end, axis, "y2");
  layout.shapes = shaded.shapes;
  if (shaded.traces.length > 0) {
    data.push(...shaded.traces);
    layout.yaxis2 = { overlaying: "y", range: [0, 1], visible: false, fixedrange: true };
  }
  if (rows.length === 0) {
    layout.annotations = [{ text: "no alerts", xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false, font: { size: 16, color: "#777777" } }];
  }
  return { data, layout };
}
