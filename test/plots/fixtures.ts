// Seeded, hand-sized data for the plot tests: a small store with a known outage, its ground truth, and a small topology.
import Graph from "graphology";
import { MetricsStore } from "../../lib/metrics";
import type { GroundTruthLike } from "../../lib/plots";
import { RandomStreams } from "../../lib/random";

export const NODES = ["sw-1", "srv-1", "db-1", "app-1", "app-2", "svc-pay"] as const;
export const KINDS = ["switch", "server", "database", "application", "application", "business_service"];
export const METRICS = ["cpu", "latency_ms", "error_rate", "status"];

/** Steps 30..39 (minutes) db-1 is down; app-1, app-2 and svc-pay are down 31..39 and degraded at 40..44. */
export const OUTAGE = { dbDown: [30, 40], serviceDown: [31, 40], serviceDegraded: [40, 45] } as const;

/** A store of `steps` one-minute steps starting 2026-11-25T00:00Z with seeded noise and the OUTAGE above. */
export function seededStore(steps = 120, options: { epoch?: boolean } = {}): MetricsStore {
  const store = new MetricsStore({
    nodes: NODES,
    kinds: KINDS,
    metrics: METRICS,
    stepSeconds: 60,
    ...(options.epoch === false ? {} : { epoch: "2026-11-25T00:00:00Z" }),
  });
  const rng = new RandomStreams(42).stream("plots-fixture");
  const columns = METRICS.map(() => new Float64Array(NODES.length));
  for (let s = 0; s < steps; s++) {
    const dbDown = s >= OUTAGE.dbDown[0] && s < OUTAGE.dbDown[1];
    const svcDown = s >= OUTAGE.serviceDown[0] && s < OUTAGE.serviceDown[1];
    const svcDegraded = s >= OUTAGE.serviceDegraded[0] && s < OUTAGE.serviceDegraded[1];
    NODES.forEach((id, i) => {
      const affected = id === "db-1" ? dbDown : id === "sw-1" || id === "srv-1" ? false : svcDown;
      columns[0][i] = Math.round((0.3 + 0.2 * rng.random()) * 1000) / 1000;
      columns[1][i] = affected ? 5000 : Math.round(20 + 10 * rng.random());
      columns[2][i] = affected ? 1 : Math.round(rng.random() * 10) / 1000;
      columns[3][i] = affected ? 2 : svcDegraded && id !== "db-1" && id !== "sw-1" && id !== "srv-1" ? 1 : 0;
    });
    store.append(s * 60, columns);
  }
  return store;
}

/** The ground truth matching `seededStore`'s outage. */
export function seededTruth(): GroundTruthLike {
  return {
    faults: [{ id: "f1-database_crash-db-1", kind: "database_crash", target: "db-1", at: 1800, duration: 600 }],
    events: [
      { time: 1800, fault: "f1-database_crash-db-1", kind: "start", node: "db-1", detail: "database crash" },
      { time: 2400, fault: "f1-database_crash-db-1", kind: "end", node: "db-1" },
    ],
    impacts: [
      { service: "svc-pay", name: "Payments", status: "down", start: 1860, end: 2400, faults: ["f1-database_crash-db-1"] },
      { service: "svc-pay", name: "Payments", status: "degraded", start: 2400, end: 2700, faults: [] },
    ],
  };
}

/** A run result over `seededStore` with its ground truth and a graph. */
export function seededResult(steps = 120) {
  return { metrics: seededStore(steps), groundTruth: seededTruth(), twin: { graph: smallGraph() } };
}

/** The fixture's topology as a graphology graph (status attributes as at the end of the run). */
export function smallGraph(order: readonly string[] = NODES): Graph {
  const known: readonly string[] = NODES;
  const g = new Graph({ type: "directed" });
  const kindOf = new Map(known.map((id, i) => [id, KINDS[i]]));
  for (const id of order) g.addNode(id, { kind: kindOf.get(id), name: id === "svc-pay" ? "Payments" : id, tier: id === "svc-pay" ? 1 : 3, status: id === "app-2" ? "degraded" : "up" });
  const edges: [string, string, string][] = [
    ["sw-1", "srv-1", "network"],
    ["srv-1", "db-1", "hosts"],
    ["srv-1", "app-1", "hosts"],
    ["srv-1", "app-2", "hosts"],
    ["app-1", "db-1", "depends_on"],
    ["app-2", "db-1", "depends_on"],
    ["app-1", "app-2", "depends_on"],
    ["app-1", "svc-pay", "serves"],
    ["app-2", "svc-pay", "serves"],
  ];
  for (const [s, t, kind] of edges) g.addEdgeWithKey(`${kind}:${s}->${t}`, s, t, { kind });
  return g;
}
