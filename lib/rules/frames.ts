// Alerts, transitions and incidents as columns and danfo DataFrames (danfo is loaded on first use).
import type { DataFrame } from "danfojs-node";
import { invalidArgument } from "../errors";
import { loadDanfo } from "../metrics";
import type { AlertTransition, Incident, RuleAlert } from "./alerts";
import type { FactValue } from "./facts";
import { formatFactValue } from "./template";

type Column = (string | number)[];

function numeric(value: FactValue): number {
  return typeof value === "number" ? value : NaN;
}

function frame(columns: Record<string, Column>, dtypes: string[]): DataFrame {
  const dfd = loadDanfo();
  const names = Object.keys(columns);
  // danfo cannot build a frame from zero-length columns.
  if (columns[names[0]].length === 0) return new dfd.DataFrame([], { columns: names });
  return new dfd.DataFrame(columns, { columns: names, dtypes });
}

/**
 * Transitions as plain columns: time, kind, alert_id, rule, node, severity, value (NaN when not a
 * number), value_text, active_at, fired_at, resolved_at (NaN when not applicable), inhibited_by.
 */
export function transitionColumns(history: readonly AlertTransition[]): Record<string, Column> {
  if (!Array.isArray(history)) throw invalidArgument("transitionColumns", "history", "an array of alert transitions (engine.history())", history);
  const out: Record<string, Column> = {
    time: [],
    kind: [],
    alert_id: [],
    rule: [],
    node: [],
    severity: [],
    value: [],
    value_text: [],
    active_at: [],
    fired_at: [],
    resolved_at: [],
    inhibited_by: [],
  };
  for (const t of history) {
    out.time.push(t.time);
    out.kind.push(t.kind);
    out.alert_id.push(t.alertId);
    out.rule.push(t.rule);
    out.node.push(t.node);
    out.severity.push(t.severity);
    out.value.push(numeric(t.value));
    out.value_text.push(formatFactValue(t.value));
    out.active_at.push("activeAt" in t ? t.activeAt : NaN);
    out.fired_at.push("firedAt" in t ? t.firedAt : NaN);
    out.resolved_at.push(t.kind === "resolved" ? t.resolvedAt : NaN);
    out.inhibited_by.push(t.kind === "inhibited" ? t.by.join(",") : "");
  }
  return out;
}

/** Transitions (`engine.history()`) as a danfo DataFrame with the columns of `transitionColumns`. */
export function alertsFrame(history: readonly AlertTransition[]): DataFrame {
  const columns = transitionColumns(history);
  return frame(columns, ["float32", "string", "string", "string", "string", "string", "float32", "string", "float32", "float32", "float32", "string"]);
}

/** Alert records (`engine.allAlerts()`) as a DataFrame: id, kind, rule, node, severity, value, active_at, fired_at, ended_at, summary. */
export function alertRecordsFrame(alerts: readonly RuleAlert[]): DataFrame {
  if (!Array.isArray(alerts)) throw invalidArgument("alertRecordsFrame", "alerts", "an array of alerts (engine.allAlerts())", alerts);
  const columns: Record<string, Column> = { id: [], kind: [], rule: [], node: [], severity: [], value: [], active_at: [], fired_at: [], ended_at: [], summary: [] };
  for (const a of alerts) {
    columns.id.push(a.id);
    columns.kind.push(a.kind);
    columns.rule.push(a.rule);
    columns.node.push(a.node);
    columns.severity.push(a.severity);
    columns.value.push(numeric(a.value));
    columns.active_at.push(a.activeAt);
    columns.fired_at.push(a.kind === "firing" || a.kind === "resolved" ? a.firedAt : NaN);
    columns.ended_at.push(a.kind === "resolved" ? a.resolvedAt : a.kind === "dropped" ? a.droppedAt : NaN);
    columns.summary.push(a.annotations.summary ?? "");
  }
  return frame(columns, ["string", "string", "string", "string", "string", "float32", "float32", "float32", "float32", "string"]);
}

/** Incidents (`engine.incidents()`) as a DataFrame, one row each. */
export function incidentsFrame(incidents: readonly Incident[]): DataFrame {
  if (!Array.isArray(incidents)) throw invalidArgument("incidentsFrame", "incidents", "an array of incidents (engine.incidents())", incidents);
  const columns: Record<string, Column> = {
    id: [],
    kind: [],
    opened_at: [],
    closed_at: [],
    severity: [],
    probable_root: [],
    alerts: [],
    nodes: [],
    rules: [],
    services: [],
    title: [],
  };
  for (const i of incidents) {
    columns.id.push(i.id);
    columns.kind.push(i.kind);
    columns.opened_at.push(i.openedAt);
    columns.closed_at.push(i.kind === "closed" ? i.closedAt : NaN);
    columns.severity.push(i.severity);
    columns.probable_root.push(i.probableRoot ?? "");
    columns.alerts.push(i.alertIds.length);
    columns.nodes.push(i.nodes.join(", "));
    columns.rules.push(i.rules.join(", "));
    columns.services.push(i.services.join(", "));
    columns.title.push(i.title);
  }
  return frame(columns, ["string", "string", "float32", "float32", "string", "string", "int32", "string", "string", "string", "string"]);
}
