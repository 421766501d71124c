import { describe, expect, test } from "vitest";
import { InvalidArgumentError, NotFoundError } from "../../lib/errors";
import { blastRadius, explainImpact, GraphologyStore, indexGraph } from "../../lib/graph";
import { e, graphOf, n, paymentsEstate } from "./fixtures";

function statuses(result: ReturnType<typeof blastRadius>): Record<string, string> {
  return Object.fromEntries(result.impacts.map((i) => [i.id, i.status]));
}

describe("blastRadius() redundancy", () => {
  test("`blastRadius()` degrades a service when one instance of a redundant group fails", () => {
    const r = blastRadius(paymentsEstate(), ["app-pay-1"]);
    expect(r.down).toEqual(["app-pay-1"]);
    expect(r.degraded).toEqual(["svc-pay"]);
    expect(r.services).toEqual([{ id: "svc-pay", name: "Payments", tier: 1, status: "degraded", via: "app-pay-1" }]);
  });

  test("`blastRadius()` takes a service down only when every instance of the group is down", () => {
    const r = blastRadius(paymentsEstate(), ["app-pay-1", "app-pay-2"]);
    expect(statuses(r)).toEqual({ "app-pay-1": "down", "app-pay-2": "down", "svc-pay": "down" });
    expect(r.impacts.find((i) => i.id === "svc-pay")).toMatchObject({ cause: "service", depth: 1 });
  });

  test("`blastRadius()` treats a primary and its replicates_to standby as one replica set", () => {
    const primary = blastRadius(paymentsEstate(), ["db-p"]);
    expect(primary.down).toEqual(["db-p"]);
    expect(primary.degraded.sort()).toEqual(["app-pay-1", "app-pay-2", "svc-pay"]);
    const both = blastRadius(paymentsEstate(), ["db-p", "db-s"]);
    expect(both.down.sort()).toEqual(["app-pay-1", "app-pay-2", "db-p", "db-s", "svc-pay"]);
    expect(both.impacts.find((i) => i.id === "app-pay-1")).toMatchObject({ cause: "dependency", via: "db-p" });
  });

  test("`blastRadius()` lets a failed non-critical dependency only degrade", () => {
    const r = blastRadius(paymentsEstate(), ["app-fraud"]);
    expect(statuses(r)).toEqual({ "app-fraud": "down", "svc-fraud": "down", "app-pay-1": "degraded", "app-pay-2": "degraded", "svc-pay": "degraded" });
    expect(r.services.map((s) => [s.id, s.status])).toEqual([
      ["svc-fraud", "down"],
      ["svc-pay", "degraded"],
    ]);
  });

  test("`blastRadius()` takes down everything a shared storage array holds up", () => {
    const r = blastRadius(paymentsEstate(), ["san-1"]);
    expect(r.down.sort()).toEqual(["app-pay-1", "app-pay-2", "db-p", "db-s", "san-1", "svc-pay"]);
    expect(explainImpact(r, "svc-pay")).toEqual(["san-1", "db-p", "app-pay-1", "svc-pay"]);
  });
});

describe("blastRadius() hosting and network", () => {
  test("`blastRadius()` follows the hosting chain and explains it", () => {
    const r = blastRadius(paymentsEstate(), ["srv-1"]);
    expect(statuses(r)).toEqual({
      "srv-1": "down",
      "vm-1": "down",
      "vm-f": "down",
      "app-pay-1": "down",
      "app-fraud": "down",
      "svc-fraud": "down",
      "app-pay-2": "degraded",
      "svc-pay": "degraded",
    });
    expect(explainImpact(r, "app-pay-1")).toEqual(["srv-1", "vm-1", "app-pay-1"]);
    expect(r.impacts.find((i) => i.id === "vm-1")).toMatchObject({ cause: "host", via: "srv-1", depth: 1 });
    expect(explainImpact(r, "rtr")).toEqual([]);
  });

  test("`blastRadius()` degrades dual-homed servers and cuts off single-homed ones when a switch fails", () => {
    const r = blastRadius(paymentsEstate(), ["sw-a"]);
    const s = statuses(r);
    expect(s["srv-1"]).toBe("degraded");
    expect(s["srv-2"]).toBe("degraded");
    expect(s["san-1"]).toBe("degraded");
    expect(s["srv-db"]).toBe("down");
    expect(r.impacts.find((i) => i.id === "srv-db")).toMatchObject({ cause: "network", via: "sw-a" });
    expect(s["db-p"]).toBe("down");
    expect(s["db-s"]).toBe("degraded");
    expect(s["svc-pay"]).toBe("degraded");
  });

  test("`blastRadius()` cuts off everything below when every upstream path is gone", () => {
    const both = blastRadius(paymentsEstate(), ["sw-a", "sw-b"]);
    expect(both.services.map((s) => [s.id, s.status])).toEqual([
      ["svc-pay", "down"],
      ["svc-fraud", "down"],
    ]);
    const root = blastRadius(paymentsEstate(), ["rtr"]);
    expect(root.down.length).toBe(18);
  });

  test("`blastRadius()` computes reachability, so a chain below a failed switch goes down with it", () => {
    const g = graphOf(
      [n("rtr", "router"), n("sw-1", "switch"), n("sw-2", "switch"), n("sw-3", "switch"), n("srv", "server")],
      [e("rtr", "sw-1", "network"), e("rtr", "sw-2", "network"), e("sw-1", "sw-3", "network"), e("sw-3", "srv", "network")],
    );
    expect(statuses(blastRadius(g, ["sw-1"]))).toEqual({ "sw-1": "down", "sw-3": "down", srv: "down" });
  });
});

describe("blastRadius() network roots", () => {
  test("`blastRadius()` treats a ring of core routers as the entry point, so losing one router cuts nothing off", () => {
    const g = graphOf(
      [n("r1", "router"), n("r2", "router"), n("r3", "router"), n("sw", "switch"), n("srv", "server")],
      [e("r1", "r2", "network"), e("r2", "r3", "network"), e("r3", "r1", "network"), e("r1", "sw", "network"), e("r2", "sw", "network"), e("sw", "srv", "network")],
    );
    // r2 and sw each lose a link (degraded); nothing is cut off.
    expect(statuses(blastRadius(g, ["r1"]))).toEqual({ r1: "down", r2: "degraded", sw: "degraded" });
    expect(statuses(blastRadius(g, ["r1", "r2"]))).toEqual({ r1: "down", r2: "down", sw: "down", srv: "down", r3: "degraded" });
  });
});

describe("blastRadius() options and inputs", () => {
  test("`blastRadius()` with includeDegraded false reports only what goes down", () => {
    const r = blastRadius(paymentsEstate(), ["srv-1"], { includeDegraded: false });
    expect(r.degraded).toEqual([]);
    expect(r.services.map((s) => s.id)).toEqual(["svc-fraud"]);
  });

  test("`blastRadius()` spreads caller-given degraded nodes", () => {
    const r = blastRadius(paymentsEstate(), [], { degraded: ["db-p"] });
    expect(r.down).toEqual([]);
    expect(r.degraded.sort()).toEqual(["app-pay-1", "app-pay-2", "db-p", "svc-pay"]);
    expect(r.impacts[0]).toMatchObject({ id: "db-p", cause: "degraded" });
  });

  test("`blastRadius()` ends on dependency cycles", () => {
    const g = graphOf(
      [n("a", "application"), n("b", "application"), n("c", "application"), n("svc", "business_service")],
      [e("a", "b", "depends_on"), e("b", "a", "depends_on"), e("c", "a", "depends_on"), e("b", "svc", "serves")],
    );
    expect(statuses(blastRadius(g, ["a"]))).toEqual({ a: "down", b: "down", c: "down", svc: "down" });
  });

  test("`blastRadius()` gives the same answer from a graph, a store and an index, and reuses buffers between calls", () => {
    const g = paymentsEstate();
    const a = blastRadius(g, ["db-p", "db-s"]);
    blastRadius(g, ["rtr"]);
    expect(blastRadius(new GraphologyStore(g), ["db-p", "db-s"])).toEqual(a);
    expect(blastRadius(indexGraph(g), ["db-p", "db-s"])).toEqual(a);
    expect(blastRadius(g, "db-p").failed).toEqual(["db-p"]);
  });

  test("`blastRadius()` names the call and the unknown node", () => {
    const g = paymentsEstate();
    expect(() => blastRadius(g, ["nope"])).toThrow(NotFoundError);
    expect(() => blastRadius(g, ["nope"])).toThrow('blastRadius: failed node "nope" not found.');
    expect(() => blastRadius(g, [], { degraded: ["x"] })).toThrow('blastRadius: degraded node "x" not found.');
    expect(() => blastRadius({} as never, [])).toThrow(InvalidArgumentError);
  });

  test("`blastRadius.assign()` writes statuses onto the graph, resetting the rest to up", () => {
    const g = paymentsEstate();
    g.setNodeAttribute("rtr", "status", "down");
    const r = blastRadius.assign(g, ["app-pay-1", "app-pay-2"]);
    expect(r.down).toContain("svc-pay");
    expect(g.getNodeAttribute("svc-pay", "status")).toBe("down");
    expect(g.getNodeAttribute("app-pay-1", "status")).toBe("down");
    expect(g.getNodeAttribute("rtr", "status")).toBe("up");
    expect(() => blastRadius.assign(indexGraph(g), ["rtr"])).toThrow(/blastRadius.assign: expected graph to be an infrastructure graph or a GraphologyStore/);
  });
});
