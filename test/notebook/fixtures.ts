// A small twin run with a database crash, plus alerts, an incident and supervisor annotations shaped like the rules' and the queue's, for report tests.
import type { Annotation } from "../../lib/llm";
import type { AlertRecordLike, IncidentLike } from "../../lib/notebook";
import { createTwin, type TwinResult } from "../../lib/twin";
import { miniBank } from "../twin/fixtures";

/** Node name that would run script if any table or chart forgot to escape it. */
export const EVIL = "<script>window.__pwned = 1</script>";

/** A day of the mini bank with a database crash at 10:00 and a load surge at 14:00. */
export function crashRun(): TwinResult {
  const graph = miniBank();
  graph.setNodeAttribute("pay-db-1", "name", `pay-db-1 ${EVIL}`);
  return createTwin(graph, {
    seed: 7,
    start: "2026-11-25",
    faults: [
      { kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "1h", params: { detectionDelay: 120 } },
      { kind: "load_surge", target: "svc-payments", at: "14:00", duration: "30m", params: { multiplier: 3 } },
    ],
  }).run();
}

export const ALERTS: AlertRecordLike[] = [
  { id: "DatabaseDown/pay-db-1/36000", rule: "DatabaseDown", node: "pay-db-1", severity: "critical", kind: "resolved", activeAt: 36000, firedAt: 36060, resolvedAt: 39600, annotations: { summary: `pay-db-1 is down ${EVIL}` }, value: 2 },
  { id: "HighLatency/svc-payments/50400", rule: "HighLatency", node: "svc-payments", severity: "warning", kind: "firing", activeAt: 50400, firedAt: 50700, value: 812.5 },
];

export const INCIDENTS: IncidentLike[] = [
  { id: "INC-0001", kind: "closed", openedAt: 36060, closedAt: 39600, severity: "critical", title: "pay-db-1: DatabaseDown", services: ["svc-payments"], alertIds: [ALERTS[0].id!], probableRoot: "pay-db-1" },
];

export const ANNOTATIONS: Annotation[] = [
  {
    id: "q1",
    simTime: 36060,
    request: "diagnose",
    subject: "INC-0001",
    status: "answered",
    supervisor: "heuristic",
    latencyMs: 3,
    answer: { kind: "diagnosis", supervisor: "heuristic", incidentId: "INC-0001", time: 36060, candidates: [{ node: "pay-db-1", confidence: 0.9, evidence: ["status down"] }], warnings: [] },
  },
];
