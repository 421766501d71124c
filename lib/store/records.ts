// What a run leaves besides metrics (alerts, transitions, incidents, ground truth, annotations, KPIs) as table rows and back.
import type { Annotation } from "../llm/queue";
import type { ServiceKpi } from "../metrics/kpis";
import type { AlertTransition, Incident, RuleAlert } from "../rules/alerts";
import type { GroundTruth } from "../twin";

/** The records of a run, all optional: a backtest on telemetry has alerts but no ground truth. */
export interface RunRecords {
  alerts?: readonly RuleAlert[];
  transitions?: readonly AlertTransition[];
  incidents?: readonly Incident[];
  groundTruth?: GroundTruth;
  annotations?: readonly Annotation[];
  kpis?: readonly ServiceKpi[];
}

/** One table's share of a run: its columns (after run_id) and rows. */
export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

/** The rows each table gets for `records` of run `runId`. */
export function recordRows(runId: number, records: RunRecords): TableRows[] {
  const out: TableRows[] = [];
  const alerts = records.alerts ?? [];
  out.push({
    table: "alerts",
    columns: ["run_id", "alert_id", "rule", "node", "severity", "state", "active_at", "fired_at", "resolved_at", "doc"],
    rows: alerts.map((a) => [runId, a.id, a.rule, a.node, a.severity, a.kind, finite(a.activeAt), "firedAt" in a ? finite(a.firedAt) : null, "resolvedAt" in a ? finite(a.resolvedAt) : null, JSON.stringify(a)]),
  });
  out.push({
    table: "alert_transitions",
    columns: ["run_id", "seq", "alert_id", "rule", "node", "state", "time", "doc"],
    rows: (records.transitions ?? []).map((t, seq) => [runId, seq, t.alertId, t.rule, t.node, t.kind, t.time, JSON.stringify(t)]),
  });
  out.push({
    table: "incidents",
    columns: ["run_id", "incident_id", "state", "severity", "opened_at", "closed_at", "probable_root", "title", "doc"],
    rows: (records.incidents ?? []).map((i) => [runId, i.id, i.kind, i.severity, finite(i.openedAt), i.kind === "closed" ? finite(i.closedAt) : null, text(i.probableRoot), text(i.title), JSON.stringify(i)]),
  });
  const truth = records.groundTruth;
  const truthRows: unknown[][] = [];
  if (truth) {
    let seq = 0;
    for (const f of truth.faults) truthRows.push([runId, seq++, "fault", f.kind, f.target, f.at, f.at + f.duration, JSON.stringify(f)]);
    for (const e of truth.events) truthRows.push([runId, seq++, "event", e.kind, e.node, e.time, null, JSON.stringify(e)]);
    for (const i of truth.impacts) truthRows.push([runId, seq++, "impact", i.status, i.service, i.start, finite(i.end), JSON.stringify(i)]);
  }
  out.push({ table: "ground_truth", columns: ["run_id", "seq", "record", "kind", "node", "start_time", "end_time", "doc"], rows: truthRows });
  out.push({
    table: "annotations",
    columns: ["run_id", "annotation_id", "request", "status", "subject", "sim_time", "supervisor", "doc"],
    rows: (records.annotations ?? []).map((a) => [runId, a.id, a.request, a.status, text(a.subject), a.simTime, a.supervisor, JSON.stringify(a)]),
  });
  out.push({
    table: "kpis",
    columns: ["run_id", "service", "availability", "p95_latency_ms", "down_minutes", "degraded_minutes", "doc"],
    rows: (records.kpis ?? []).map((k) => [runId, k.service, finite(k.availability), finite(k.p95LatencyMs), finite(k.downMinutes), finite(k.degradedMinutes), JSON.stringify(k)]),
  });
  return out;
}

/** Parses `doc` columns back into records, in stored order. */
export function docsOf<T>(docs: readonly (string | null)[]): T[] {
  return docs.filter((d): d is string => d !== null).map((d) => JSON.parse(d) as T);
}
