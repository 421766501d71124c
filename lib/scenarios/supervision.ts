// Maps the run's incidents and state onto the supervisor's plain-data inputs (lib/llm reads only these).
import { STATUSES } from "../status";
import { rootCauseCandidates, type GraphIndex } from "../graph";
import type { AtRiskNode, ContextNode, IncidentInput, StateInput } from "../llm";
import type { Incident, RuleEngine } from "../rules";
import { TWIN_KINDS, type Twin } from "../twin";
import { latestRisk } from "./risk";

/** Context nodes sent with an incident at most (a model's prompt stays bounded). */
const CONTEXT_LIMIT = 80;
const NETWORK_KINDS: ReadonlySet<string> = new Set(["router", "switch", "firewall", "load_balancer"]);
const indexes = new WeakMap<object, GraphIndex>();

function graphIndex(twin: Twin): GraphIndex {
  let index = indexes.get(twin);
  if (!index) {
    index = twin.store.index();
    indexes.set(twin, index);
  }
  return index;
}

/** One node as the supervisor sees it: its live values and its direct edges. */
export function contextNode(twin: Twin, v: number): ContextNode {
  const topo = twin.topology;
  const s = twin.state;
  const dependsOn = new Set<string>();
  for (let k = topo.dependsOn.offsets[v]; k < topo.dependsOn.offsets[v + 1]; k++) dependsOn.add(topo.ids[topo.dependsOn.targets[k]]);
  for (let k = topo.servedBy.offsets[v]; k < topo.servedBy.offsets[v + 1]; k++) dependsOn.add(topo.ids[topo.servedBy.targets[k]]);
  if (topo.host[v] >= 0) dependsOn.add(topo.ids[topo.host[v]]);
  // Packets reach a node through the network devices beside it: a device on every failing path explains them.
  for (let k = topo.network.offsets[v]; k < topo.network.offsets[v + 1]; k++) {
    const y = topo.network.targets[k];
    if (NETWORK_KINDS.has(TWIN_KINDS[topo.kind[y]])) dependsOn.add(topo.ids[y]);
  }
  const dependents = new Set<string>();
  for (let k = topo.dependents.offsets[v]; k < topo.dependents.offsets[v + 1]; k++) dependents.add(topo.ids[topo.dependents.targets[k]]);
  for (let k = topo.hosted.offsets[v]; k < topo.hosted.offsets[v + 1]; k++) dependents.add(topo.ids[topo.hosted.targets[k]]);
  const g = topo.group[v];
  const group = g >= 0 ? topo.groups[g] : undefined;
  let status: string = STATUSES[s.status[v]];
  if (group?.mode === "active-passive" && s.active[g] !== v && !s.down[v]) status = "standby";
  const standby = group?.mode === "active-passive" && s.active[g] === v ? group.members.find((m) => m !== v) : undefined;
  const risk = latestRisk(twin)?.[v];
  return {
    id: topo.ids[v],
    kind: TWIN_KINDS[topo.kind[v]],
    status,
    cpu: round(s.cpu[v]),
    error_rate: round(s.errorRate[v]),
    latency_ms: round(s.latency[v]),
    dependsOn: [...dependsOn],
    dependents: [...dependents],
    ...(group ? { redundancyGroup: group.name } : {}),
    ...(standby !== undefined ? { standby: topo.ids[standby] } : {}),
    ...(risk !== undefined && Number.isFinite(risk) ? { risk: round(risk) } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The supervisor's view of an incident at `time`: its firing alerts, services, graph root candidates and the nodes around them. */
export function incidentInput(incident: Incident, engine: RuleEngine, twin: Twin, time: number): IncidentInput {
  const topo = twin.topology;
  const ids = new Set(incident.alertIds);
  const alerts = engine
    .allAlerts()
    .filter((a) => ids.has(a.id) && (a.kind === "firing" || a.kind === "resolved"))
    .map((a) => ({
      rule: a.rule,
      node: a.node,
      nodeKind: TWIN_KINDS[topo.kind[topo.indexOf.get(a.node) ?? 0]] ?? "unknown",
      severity: a.severity,
      ...(typeof a.value === "number" ? { value: round(a.value) } : {}),
      since: "firedAt" in a ? a.firedAt : a.activeAt,
      ...(a.kind === "resolved" ? { until: a.resolvedAt } : {}),
      ...((a.kind === "firing" ? a.inhibitedBy.length > 0 : a.kind === "resolved" && a.notifiedAt === undefined) ? { inhibited: true } : {}),
      ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
    }));
  const alerting = incident.nodes.filter((n) => topo.indexOf.has(n));
  const candidates = alerting.length > 0 ? rootCauseCandidates(graphIndex(twin), alerting, { limit: 5 }) : [];
  // The alerting nodes and the graph's candidates first, then what they stand on, so the context cap cuts the periphery.
  const around = new Set<number>();
  const focus = [...alerting, ...candidates.map((c) => c.id)];
  for (const id of focus) {
    const v = topo.indexOf.get(id);
    if (v !== undefined) around.add(v);
  }
  for (const id of focus) {
    const v = topo.indexOf.get(id);
    if (v === undefined) continue;
    for (let k = topo.dependsOn.offsets[v]; k < topo.dependsOn.offsets[v + 1]; k++) around.add(topo.dependsOn.targets[k]);
    if (topo.host[v] >= 0) around.add(topo.host[v]);
    for (let k = topo.network.offsets[v]; k < topo.network.offsets[v + 1]; k++) if (NETWORK_KINDS.has(TWIN_KINDS[topo.kind[topo.network.targets[k]]])) around.add(topo.network.targets[k]);
    const g = topo.group[v];
    if (g >= 0) for (const m of topo.groups[g].members) around.add(m);
  }
  return {
    id: incident.id,
    time,
    severity: incident.severity,
    alerts,
    services: [...incident.services],
    rootCandidates: candidates.map((c) => ({ node: c.id, score: round(c.score), reason: `upstream of ${c.explains.length} of ${alerting.length} alerting nodes` })),
    context: { nodes: [...around].slice(0, CONTEXT_LIMIT).map((v) => contextNode(twin, v)) },
  };
}

/** The estate at the twin's current step, for a summary. */
export function stateInput(twin: Twin, engine: RuleEngine | undefined): StateInput {
  const topo = twin.topology;
  const s = twin.state;
  const services = [];
  for (let v = 0; v < topo.n; v++) {
    if (TWIN_KINDS[topo.kind[v]] !== "business_service") continue;
    const status = twin.metrics.nodeIds.includes(topo.ids[v]) ? twin.metrics.series("status", topo.ids[v]) : undefined;
    let availability: number | undefined;
    if (status && status.length > 0) {
      let up = 0;
      for (const x of status) if (x < 2) up++;
      availability = round(up / status.length);
    }
    services.push({ id: topo.ids[v], name: topo.names[v], tier: topo.tier[v], status: STATUSES[s.status[v]], ...(availability !== undefined ? { availability } : {}) });
  }
  const time = Math.max(0, (twin.steps - 1) * twin.stepSeconds);
  const firing = engine ? engine.alerts().filter((a) => a.kind === "firing").map((a) => ({ rule: a.rule, node: a.node, severity: a.severity, since: a.kind === "firing" ? a.firedAt : a.activeAt })) : [];
  const incidents = engine ? engine.incidents().filter((i) => i.kind === "open").map((i) => incidentInput(i, engine, twin, time)) : [];
  const atRisk = atRiskNodes(twin);
  return { time, services, firing, incidents, ...(atRisk.length > 0 ? { atRisk } : {}) };
}

/** Nodes a failure-risk model names in the state summary at most. */
const AT_RISK_LIMIT = 5;

/** The nodes not already down that the latest risk prediction ranks highest (none without a risk model). */
function atRiskNodes(twin: Twin): AtRiskNode[] {
  const risk = latestRisk(twin);
  if (!risk) return [];
  const topo = twin.topology;
  const order: number[] = [];
  for (let v = 0; v < topo.n; v++) if (Number.isFinite(risk[v]) && STATUSES[twin.state.status[v]] !== "down") order.push(v);
  order.sort((a, b) => risk[b] - risk[a] || (topo.ids[a] < topo.ids[b] ? -1 : 1));
  return order.slice(0, AT_RISK_LIMIT).map((v) => ({ id: topo.ids[v], kind: TWIN_KINDS[topo.kind[v]], risk: round(risk[v]), status: STATUSES[twin.state.status[v]] }));
}
