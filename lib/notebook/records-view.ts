// Tables of the records a run produces (alerts, incidents, faults, fault events, service impacts), as HTML and as text.
import { SEVERITY_COLOURS, STATUS_COLOURS } from "../plots/figure";
import type { AlertLike } from "../plots/alert-timeline";
import type { GroundTruthLike } from "../plots/sources";
import { formatDuration } from "../time";
import { escapeHtml, tableHtml, textTable } from "./html";
import { simTimeText } from "./sim-time";

/** Something rendered twice: HTML for notebooks and reports, text for logs and `text/plain`. */
export interface View {
  html: string;
  text: string;
}

/** Options of the record views. */
export interface RecordViewOptions {
  /** Rows shown before "… N more rows" (20 by default in notebooks). */
  maxRows?: number;
  /** Wall-clock ms of simulated time 0, to show dates instead of "d1 10:00". */
  epochMs?: number;
}

/** An alert as the tables read it (lib/rules' `Alert` fits). */
export interface AlertRecordLike extends AlertLike {
  annotations?: Record<string, string>;
  value?: unknown;
  /** When a receiver was told; absent on fired alerts inhibition silenced. */
  notifiedAt?: number;
}

/** An incident as the tables read it (lib/rules' `Incident` fits). */
export interface IncidentLike {
  id: string;
  kind?: string;
  openedAt: number;
  closedAt?: number;
  severity?: string;
  title?: string;
  services?: readonly string[];
  nodes?: readonly string[];
  alertIds?: readonly string[];
  probableRoot?: string;
  mergedInto?: string;
}

/** A coloured label chip; the text is escaped. */
export function chip(text: string, colour: string): string {
  return `<span class="chip" style="background:${escapeHtml(colour)}">${escapeHtml(text)}</span>`;
}

/** A cell renderer that draws the value as a chip coloured by `colours`. */
function chipCell(colours: (v: string) => string): (value: unknown) => string {
  return (value) => (value === "" || value === undefined || value === null ? "" : chip(String(value), colours(String(value))));
}

const severityChip = chipCell((v) => SEVERITY_COLOURS[v] ?? "#7f7f7f");

/** Alerts, most recent activation last: severity, rule, node, state, times, value, summary. */
export function alertsView(alerts: readonly AlertRecordLike[], options: RecordViewOptions = {}): View {
  const t = (s: number | undefined) => simTimeText(s, options.epochMs);
  const rows = alerts
    .slice()
    .sort((a, b) => a.activeAt - b.activeAt)
    .map((a) => ({
      severity: a.severity,
      rule: a.rule,
      node: a.node,
      state: a.kind ?? "",
      active: t(a.activeAt),
      fired: t(a.firedAt),
      ended: a.resolvedAt !== undefined ? `resolved ${t(a.resolvedAt)}` : a.droppedAt !== undefined ? `dropped ${t(a.droppedAt)}` : "",
      notified: a.notifiedAt !== undefined ? t(a.notifiedAt) : a.firedAt !== undefined ? "no (inhibited)" : "",
      value: typeof a.value === "number" ? a.value : a.value === undefined ? "" : a.value,
      summary: a.annotations?.summary ?? a.annotations?.description ?? "",
    }));
  const fired = alerts.filter((a) => a.firedAt !== undefined);
  const notified = fired.filter((a) => a.notifiedAt !== undefined).length;
  const caption = `${alerts.length} alert${alerts.length === 1 ? "" : "s"}; ${fired.length} fired: ${notified} notified, ${fired.length - notified} inhibited`;
  const html = tableHtml(rows, { maxRows: options.maxRows, caption, cellHtml: { severity: severityChip } });
  return { html, text: textTable(rows, { maxRows: options.maxRows, caption, columns: ["severity", "rule", "node", "state", "active", "fired", "ended", "notified"] }) };
}

/** Incidents in opening order: id, state, severity, title, times, services, probable root, alert count. */
export function incidentsView(incidents: readonly IncidentLike[], options: RecordViewOptions = {}): View {
  const t = (s: number | undefined) => simTimeText(s, options.epochMs);
  const rows = incidents.map((i) => ({
    id: i.id,
    state: i.kind === "closed" && i.mergedInto ? `merged into ${i.mergedInto}` : (i.kind ?? ""),
    severity: i.severity ?? "",
    title: i.title ?? "",
    opened: t(i.openedAt),
    closed: t(i.closedAt),
    duration: i.closedAt !== undefined ? formatDuration(i.closedAt - i.openedAt) : "",
    services: (i.services ?? []).join(", "),
    "probable root": i.probableRoot ?? "",
    alerts: i.alertIds?.length ?? "",
  }));
  const caption = `${incidents.length} incident${incidents.length === 1 ? "" : "s"}`;
  const html = tableHtml(rows, { maxRows: options.maxRows, caption, cellHtml: { severity: severityChip } });
  return { html, text: textTable(rows, { maxRows: options.maxRows, caption, columns: ["id", "state", "severity", "title", "opened", "closed"] }) };
}

/** The ground truth: injected faults, what they did (events), and the service impacts they caused. */
export function groundTruthView(truth: GroundTruthLike, options: RecordViewOptions = {}): View {
  const t = (s: number | null | undefined) => simTimeText(s, options.epochMs);
  const faults = (truth.faults ?? []).map((f) => ({
    id: f.id,
    kind: f.kind,
    target: f.target,
    start: t(f.at),
    duration: formatDuration(f.duration),
    label: f.label ?? "",
  }));
  const events = (truth.events ?? []).map((e) => ({ time: t(e.time), event: e.kind, fault: e.fault, node: e.node, detail: e.detail ?? "" }));
  const impacts = (truth.impacts ?? []).map((i) => ({
    service: i.name && i.name !== i.service ? `${i.name} (${i.service})` : i.service,
    status: i.status,
    start: t(i.start),
    end: i.end === null ? "ongoing" : t(i.end),
    duration: i.end === null ? "" : formatDuration(i.end - i.start),
    faults: (i.faults ?? []).join(", "),
  }));
  const maxRows = options.maxRows ?? 50;
  const statusChip = chipCell((v) => (v === "down" ? STATUS_COLOURS.down : STATUS_COLOURS.degraded));
  const impactsHtml = tableHtml(impacts, { maxRows, caption: `Service impacts (${impacts.length})`, cellHtml: { status: statusChip } });
  const html = [
    tableHtml(faults, { maxRows, caption: `Injected faults (${faults.length})` }),
    tableHtml(events, { maxRows, caption: `Fault events (${events.length})` }),
    impactsHtml,
  ].join("\n");
  const text = [
    textTable(faults, { maxRows, caption: `Injected faults (${faults.length})` }),
    textTable(events, { maxRows, caption: `Fault events (${events.length})` }),
    textTable(impacts, { maxRows, caption: `Service impacts (${impacts.length})` }),
  ].join("\n\n");
  return { html, text };
}
