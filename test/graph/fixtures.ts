// Small hand-built topologies whose impact answers are known, shared by the graph tests.
import { fromSpec, type EdgeSpec, type InfraGraph, type NodeSpec } from "../../lib/graph";

/** A node spec: `n("srv-1", "server", { redundancyGroup: "g" })`. */
export function n(id: string, kind: NodeSpec["kind"], extra: Partial<NodeSpec> = {}): NodeSpec {
  return { id, kind, ...extra } as NodeSpec;
}

/** An edge spec: `e("srv-1", "vm-1", "hosts")`. */
export function e(source: string, target: string, kind: EdgeSpec["kind"], extra: Partial<EdgeSpec> = {}): EdgeSpec {
  return { source, target, kind, ...extra } as EdgeSpec;
}

/** Builds a validated graph from node and edge specs. */
export function graphOf(nodes: NodeSpec[], edges: EdgeSpec[] = []): InfraGraph {
  return fromSpec({ nodes, edges });
}

/**
 * A small payments estate:
 *
 *   rtr ─┬─ sw-a ─┬─ srv-1 (hosts vm-1 → app-pay-1)
 *        │        ├─ srv-2 (hosts vm-2 → app-pay-2)
 *        └─ sw-b ─┴─ (srv-1, srv-2 dual-homed)
 *                 sw-a ── srv-db (single-homed; hosts db-p)     srv-db2 (under sw-b; hosts db-s)
 *
 *   app-pay-1, app-pay-2: redundancy group "pay", both serve svc-pay, depend on db-p (critical) and on
 *   app-fraud (non-critical); db-p replicates_to db-s; both depend on san-1; app-fraud runs on vm-f on srv-1.
 */
export function paymentsEstate(): InfraGraph {
  return graphOf(
    [
      n("rtr", "router"),
      n("sw-a", "switch"),
      n("sw-b", "switch"),
      n("srv-1", "server"),
      n("srv-2", "server"),
      n("srv-db", "server"),
      n("srv-db2", "server"),
      n("san-1", "storage"),
      n("vm-1", "vm"),
      n("vm-2", "vm"),
      n("vm-f", "vm"),
      n("app-pay-1", "application", { redundancyGroup: "pay", tier: 1 }),
      n("app-pay-2", "application", { redundancyGroup: "pay", tier: 1 }),
      n("app-fraud", "application", { tier: 2 }),
      n("db-p", "database"),
      n("db-s", "database"),
      n("svc-pay", "business_service", { tier: 1, name: "Payments" }),
      n("svc-fraud", "business_service", { tier: 2, name: "Fraud" }),
    ],
    [
      e("rtr", "sw-a", "network"),
      e("rtr", "sw-b", "network"),
      e("sw-a", "srv-1", "network"),
      e("sw-b", "srv-1", "network"),
      e("sw-a", "srv-2", "network"),
      e("sw-b", "srv-2", "network"),
      e("sw-a", "srv-db", "network"),
      e("sw-b", "srv-db2", "network"),
      e("sw-a", "san-1", "network"),
      e("sw-b", "san-1", "network"),
      e("srv-1", "vm-1", "hosts"),
      e("srv-2", "vm-2", "hosts"),
      e("srv-1", "vm-f", "hosts"),
      e("vm-1", "app-pay-1", "hosts"),
      e("vm-2", "app-pay-2", "hosts"),
      e("vm-f", "app-fraud", "hosts"),
      e("srv-db", "db-p", "hosts"),
      e("srv-db2", "db-s", "hosts"),
      e("db-p", "db-s", "replicates_to", { mode: "sync" }),
      e("db-p", "san-1", "depends_on"),
      e("db-s", "san-1", "depends_on"),
      e("app-pay-1", "db-p", "depends_on", { fanout: 3 }),
      e("app-pay-2", "db-p", "depends_on", { fanout: 3 }),
      e("app-pay-1", "app-fraud", "depends_on", { critical: false }),
      e("app-pay-2", "app-fraud", "depends_on", { critical: false }),
      e("app-pay-1", "svc-pay", "serves"),
      e("app-pay-2", "svc-pay", "serves"),
      e("app-fraud", "svc-fraud", "serves"),
    ],
  );
}

/** Everything a graph holds, in order: for lossless round-trip checks. */
export function snapshot(g: InfraGraph): unknown {
  const nodes: unknown[] = [];
  g.forEachNode((id, a) => nodes.push([id, a]));
  const edges: unknown[] = [];
  g.forEachEdge((key, a, s, t) => edges.push([key, s, t, a]));
  return { attributes: g.getAttributes(), nodes, edges };
}

/** A small graph that uses every attribute: extras, dynamic values, non-default edge attributes, graph provenance. */
export function rich(): InfraGraph {
  const g = graphOf(
    [
      n("rtr", "router", { region: "eu", datacenter: "dc1", owner: "net", tags: ["core", "edge"], capacity: { bandwidthMbps: 1000, maxConnections: 5 } }),
      n("srv", "server", { extra: { serial: "SN-1", rack: 4, leased: true }, capacity: { cores: 8, ramGb: 64, iops: 100 } }),
      n("vm", "vm", { cpu: 0.42, ram: 0.5, latency_ms: 3.25, error_rate: 0.01, throughput: 120, status: "degraded" }),
      n("app", "application", { tier: 2, redundancyGroup: "g", name: "App, the first" }),
      n("db", "database"),
      n("db2", "database"),
      n("svc", "business_service", { baseRps: 12.5, tier: 1 }),
    ],
    [
      e("rtr", "srv", "network", { bandwidthMbps: 10000 }),
      e("srv", "vm", "hosts", { extra: { ticket: "CHG1" } }),
      e("vm", "app", "hosts"),
      e("app", "db", "depends_on", { fanout: 2.5, critical: false }),
      e("db", "db2", "replicates_to", { mode: "sync" }),
      e("app", "svc", "serves", { critical: false }),
    ],
  );
  g.mergeAttributes({ name: "rich", description: "every attribute", provenance: { by: "test", at: [1, 2] } });
  return g;
}
