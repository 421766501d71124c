// Shared supervisor inputs: a core-database outage, variants for each playbook, a state and a what-if context.
import type { ContextNode, IncidentAlert, IncidentInput, StateInput, WhatIfContext } from "../../lib/llm";

function node(id: string, kind: string, status: string, dependsOn: string[], extra: Partial<ContextNode> = {}): ContextNode {
  return { id, kind, status, dependsOn, dependents: [], ...extra };
}

/** Fills `dependents` from `dependsOn`. */
function linked(nodes: ContextNode[]): ContextNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) for (const up of n.dependsOn) byId.get(up)?.dependents.push(n.id);
  return nodes;
}

/** The estate around the core database: routers, a server, the primary and standby databases, two apps, a load balancer. */
export function baseNodes(): ContextNode[] {
  return linked([
    node("core-router-1", "router", "up", [], { redundancyGroup: "core-net" }),
    node("core-router-2", "router", "up", [], { redundancyGroup: "core-net" }),
    node("srv-1", "server", "up", ["core-router-1"], { cpu: 0.4 }),
    node("db-core-1", "database", "up", ["srv-1"], { standby: "db-core-2", redundancyGroup: "core-db" }),
    node("db-core-2", "database", "standby", ["core-router-1"], { redundancyGroup: "core-db" }),
    node("app-payments-1", "application", "up", ["db-core-1", "srv-1"], { cpu: 0.3, error_rate: 0.001 }),
    node("app-cards-1", "application", "up", ["db-core-1", "srv-1"], { cpu: 0.3, error_rate: 0.001 }),
    node("lb-1", "load_balancer", "up", ["app-payments-1", "app-cards-1", "core-router-1"]),
  ]);
}

function patch(nodes: ContextNode[], id: string, change: Partial<ContextNode>): ContextNode[] {
  return nodes.map((n) => (n.id === id ? { ...n, ...change } : n));
}

function incident(id: string, time: number, alerts: IncidentAlert[], nodes: ContextNode[], services: string[] = ["payments", "cards"]): IncidentInput {
  return { id, time, severity: "critical", alerts, services, context: { nodes } };
}

/** The core database crashes: its dependents fail with errors and the load balancer slows down. */
export function databaseOutage(): IncidentInput {
  let nodes = baseNodes();
  nodes = patch(nodes, "db-core-1", { status: "down" });
  nodes = patch(nodes, "app-payments-1", { status: "degraded", error_rate: 0.4 });
  nodes = patch(nodes, "app-cards-1", { status: "degraded", error_rate: 0.3 });
  nodes = patch(nodes, "lb-1", { latency_ms: 2500 });
  return incident(
    "inc-db",
    3700,
    [
      { rule: "DatabaseDown", node: "db-core-1", nodeKind: "database", severity: "critical", since: 3600 },
      { rule: "HighErrorRate", node: "app-payments-1", nodeKind: "application", severity: "critical", value: 0.4, since: 3630 },
      { rule: "HighErrorRate", node: "app-cards-1", nodeKind: "application", severity: "warning", value: 0.3, since: 3640 },
      { rule: "HighLatency", node: "lb-1", nodeKind: "load_balancer", severity: "warning", value: 2500, since: 3660 },
    ],
    nodes,
  );
}

/** The payments app runs hot (load surge) while everything it needs is healthy. */
export function saturatedApp(): IncidentInput {
  const nodes = patch(baseNodes(), "app-payments-1", { status: "degraded", cpu: 0.97, latency_ms: 1800 });
  return incident("inc-cpu", 7200, [{ rule: "HighCpu", node: "app-payments-1", nodeKind: "application", severity: "warning", value: 0.97, since: 7100 }], nodes, ["payments"]);
}

/** The cards app throws errors right after a release; its dependencies are fine. */
export function badDeployment(): IncidentInput {
  const nodes = patch(baseNodes(), "app-cards-1", { status: "degraded", error_rate: 0.25 });
  return incident(
    "inc-deploy",
    9000,
    [{ rule: "ErrorRateAfterDeploy", node: "app-cards-1", nodeKind: "application", severity: "critical", value: 0.25, since: 8950, summary: "errors since release 2.4.1" }],
    nodes,
    ["cards"],
  );
}

/** The core router fails; everything behind it degrades. */
export function routerOutage(): IncidentInput {
  let nodes = baseNodes();
  nodes = patch(nodes, "core-router-1", { status: "down" });
  nodes = patch(nodes, "srv-1", { status: "unreachable" });
  nodes = patch(nodes, "db-core-1", { status: "unreachable" });
  nodes = patch(nodes, "app-payments-1", { status: "degraded", error_rate: 0.9 });
  return incident(
    "inc-net",
    1200,
    [
      { rule: "LinkDown", node: "core-router-1", nodeKind: "router", severity: "critical", since: 1100 },
      { rule: "HostUnreachable", node: "srv-1", nodeKind: "server", severity: "critical", since: 1105 },
      { rule: "HighErrorRate", node: "app-payments-1", nodeKind: "application", severity: "critical", value: 0.9, since: 1110 },
    ],
    nodes,
  );
}

/** The payments app's memory grows steadily. */
export function memoryLeak(): IncidentInput {
  const nodes = patch(baseNodes(), "app-payments-1", { status: "degraded" });
  return incident("inc-mem", 5000, [{ rule: "MemoryGrowth", node: "app-payments-1", nodeKind: "application", severity: "warning", value: 0.93, since: 4800 }], nodes, ["payments"]);
}

/** The estate during the database outage. */
export function outageState(): StateInput {
  return {
    time: 3700,
    services: [
      { id: "svc-payments", name: "payments", tier: 1, status: "degraded", availability: 0.9712, p95LatencyMs: 2400 },
      { id: "svc-cards", name: "cards", tier: 1, status: "degraded", availability: 0.98 },
      { id: "svc-web", name: "web banking", tier: 2, status: "up", availability: 1 },
    ],
    firing: databaseOutage().alerts.map((a) => ({ rule: a.rule, node: a.node, severity: a.severity, since: a.since })),
    incidents: [databaseOutage()],
  };
}

/** A calm estate. */
export function calmState(): StateInput {
  return { time: 60, services: [{ id: "svc-payments", name: "payments", tier: 1, status: "up" }], firing: [], incidents: [] };
}

/** What-if context over the same estate, plus a business service, over one day. */
export function whatIfContext(): WhatIfContext {
  return {
    topologyNodes: [
      ...baseNodes().map((n) => ({ id: n.id, kind: n.kind, tier: 1 })),
      { id: "svc-payments", kind: "business_service", tier: 1 },
    ],
    criticalNodes: ["db-core-1", "core-router-1", "lb-1", "app-payments-1"],
    horizonSeconds: 86_400,
  };
}
