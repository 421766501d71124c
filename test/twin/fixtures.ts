// A small hand-built bank estate for twin tests: two core routers, a switch per rack, servers, VMs, a payments chain with a replicated database.
import Graph from "graphology";

export function miniBank(): Graph {
  const g = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  const node = (id: string, attrs: Record<string, unknown>) => g.addNode(id, { name: id, tags: [], tier: 3, ...attrs });
  const edge = (s: string, t: string, attrs: Record<string, unknown>) => g.addEdgeWithKey(`${attrs.kind}:${s}->${t}`, s, t, attrs);
  node("core-1", { kind: "router", tags: ["core"], capacity: { bandwidthMbps: 40000 } });
  node("core-2", { kind: "router", tags: ["core"], capacity: { bandwidthMbps: 40000 } });
  node("sw-a", { kind: "switch", capacity: { bandwidthMbps: 10000 } });
  node("sw-b", { kind: "switch", capacity: { bandwidthMbps: 10000 } });
  node("sw-c", { kind: "switch", capacity: { bandwidthMbps: 10000 } });
  edge("core-1", "sw-a", { kind: "network" });
  edge("core-2", "sw-a", { kind: "network" });
  edge("core-1", "sw-b", { kind: "network" });
  edge("core-2", "sw-b", { kind: "network" });
  // sw-c hangs off core-1 only: a partition point.
  edge("core-1", "sw-c", { kind: "network" });
  for (const [srv, sw] of [["srv-1", "sw-a"], ["srv-2", "sw-a"], ["srv-3", "sw-b"], ["srv-4", "sw-b"], ["srv-5", "sw-c"]]) {
    node(srv, { kind: "server", capacity: { cores: 32, ramGb: 256 } });
    edge(sw, srv, { kind: "network" });
  }
  node("vm-1", { kind: "vm", capacity: { cores: 8, ramGb: 32 } });
  node("vm-2", { kind: "vm", capacity: { cores: 8, ramGb: 32 } });
  edge("srv-1", "vm-1", { kind: "hosts" });
  edge("srv-3", "vm-2", { kind: "hosts" });
  node("pay-api-1", { kind: "application", tier: 1, redundancyGroup: "pay-api", capacity: { cores: 4 } });
  node("pay-api-2", { kind: "application", tier: 1, redundancyGroup: "pay-api", capacity: { cores: 4 } });
  edge("vm-1", "pay-api-1", { kind: "hosts" });
  edge("vm-2", "pay-api-2", { kind: "hosts" });
  node("pay-db-1", { kind: "database", tier: 1, capacity: { cores: 16, ramGb: 128, iops: 20000 } });
  node("pay-db-2", { kind: "database", tier: 1, capacity: { cores: 16, ramGb: 128, iops: 20000 } });
  edge("srv-2", "pay-db-1", { kind: "hosts" });
  edge("srv-4", "pay-db-2", { kind: "hosts" });
  edge("pay-db-1", "pay-db-2", { kind: "replicates_to" });
  node("mq-1", { kind: "queue", tier: 2, capacity: {} });
  edge("srv-4", "mq-1", { kind: "hosts" });
  node("report-app", { kind: "application", tier: 3, capacity: { cores: 2 } });
  edge("srv-5", "report-app", { kind: "hosts" });
  for (const api of ["pay-api-1", "pay-api-2"]) {
    edge(api, "pay-db-1", { kind: "depends_on", fanout: 2 });
    edge(api, "pay-db-2", { kind: "depends_on", fanout: 2 });
    edge(api, "mq-1", { kind: "depends_on", fanout: 1, critical: false });
  }
  edge("report-app", "pay-db-2", { kind: "depends_on", fanout: 5 });
  node("svc-payments", { kind: "business_service", tier: 1, baseRps: 400 });
  node("svc-reporting", { kind: "business_service", tier: 3, baseRps: 5, tags: ["batch"] });
  edge("pay-api-1", "svc-payments", { kind: "serves" });
  edge("pay-api-2", "svc-payments", { kind: "serves" });
  edge("report-app", "svc-reporting", { kind: "serves" });
  return g;
}
