import { describe, expect, test } from "vitest";
import { criticalPaths, indexGraph } from "../../lib/graph";
import { e, graphOf, n } from "./fixtures";

/** svc ← gateway pair → hub pair → core → db primary/standby → san; gateway → idp; hub ⇢ fraud (non-critical). */
function chain() {
  return graphOf(
    [
      n("svc", "business_service", { tier: 1 }),
      n("gw-1", "application", { redundancyGroup: "gw" }),
      n("gw-2", "application", { redundancyGroup: "gw" }),
      n("hub-1", "application", { redundancyGroup: "hub" }),
      n("hub-2", "application", { redundancyGroup: "hub" }),
      n("core", "application", { latency_ms: 20 }),
      n("idp", "application", { latency_ms: 5 }),
      n("fraud", "application"),
      n("db-p", "database", { latency_ms: 4 }),
      n("db-s", "database", { latency_ms: 6 }),
      n("san", "storage", { latency_ms: 1 }),
    ],
    [
      e("gw-1", "svc", "serves"),
      e("gw-2", "svc", "serves"),
      e("gw-1", "hub-1", "depends_on"),
      e("gw-2", "hub-2", "depends_on"),
      e("gw-1", "idp", "depends_on"),
      e("gw-2", "idp", "depends_on"),
      e("hub-1", "core", "depends_on"),
      e("hub-2", "core", "depends_on"),
      e("hub-1", "fraud", "depends_on", { critical: false }),
      e("core", "db-p", "depends_on"),
      e("db-p", "db-s", "replicates_to"),
      e("db-p", "san", "depends_on"),
      e("db-s", "san", "depends_on"),
    ],
  );
}

describe("criticalPaths()", () => {
  test("`criticalPaths()` lists the chains of critical dependencies, longest first, as replica sets", () => {
    const paths = criticalPaths(chain(), "svc");
    expect(paths.map((p) => p.steps.map((s) => s.label))).toEqual([
      ["svc", "gw", "hub", "core", "db-p", "san"],
      ["svc", "gw", "idp"],
    ]);
    expect(paths[0]).toMatchObject({ hops: 5, redundancy: 1, singleMembers: ["core", "san"], latency_ms: 26 });
    expect(paths[0].steps[1]).toEqual({ label: "gw", kind: "application", members: ["gw-1", "gw-2"], latency_ms: 0 });
    expect(paths[0].steps[4].members).toEqual(["db-p", "db-s"]);
    expect(paths[0].steps[4].latency_ms).toBe(5);
  });

  test("`criticalPaths()` follows only what every member of a replica set needs", () => {
    const g = chain();
    g.dropEdge("gw-2->idp"); // only one gateway uses the identity provider: the pair as a whole does not need it
    g.addNode("san-2", { ...g.getNodeAttributes("san") });
    g.dropEdge("db-s->san");
    g.addDirectedEdgeWithKey("db-s->san-2", "db-s", "san-2", { kind: "depends_on", fanout: 1, critical: true });
    expect(criticalPaths(g, "svc").map((p) => p.steps.map((s) => s.label))).toEqual([["svc", "gw", "hub", "core", "db-p"]]);
  });

  test("`criticalPaths()` ranks by summed latency when asked, and honours the limit", () => {
    const g = chain();
    g.setNodeAttribute("idp", "latency_ms", 500);
    expect(criticalPaths(g, "svc", { by: "latency" })[0].steps.map((s) => s.label)).toEqual(["svc", "gw", "idp"]);
    expect(criticalPaths(g, "svc", { limit: 1 }).length).toBe(1);
    const latency = new Float64Array(indexGraph(g).n);
    latency[indexGraph(g).indexOf.get("san")!] = 1000;
    expect(criticalPaths(indexGraph(g), "svc", { by: "latency", latencyMs: latency })[0].latency_ms).toBe(1000);
  });

  test("`criticalPaths()` names the call and the bad value", () => {
    const g = chain();
    expect(() => criticalPaths(g, "core")).toThrow('criticalPaths: expected service to be a business_service node id but found "core (application)".');
    expect(() => criticalPaths(g, "svc", { by: "speed" as never })).toThrow(/options.by to be "hops" or "latency"/);
    expect(() => criticalPaths(indexGraph(g), "svc", { by: "latency" })).toThrow(/options.latencyMs to be latencies per node/);
  });
});
