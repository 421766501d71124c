import { describe, expect, test } from "vitest";
import { buildIndex, EDGE_KIND_CODES, indexGraph, KIND_CODES, neighboursOf, replicasOf } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

describe("indexGraph()", () => {
  test("`indexGraph()` numbers nodes in graph order with kinds, tiers, names and capacity columns", () => {
    const g = paymentsEstate();
    const index = indexGraph(g);
    expect(index.n).toBe(g.order);
    expect(index.m).toBe(g.size);
    expect(index.ids).toEqual(g.nodes());
    const pay = index.indexOf.get("app-pay-1")!;
    expect(index.kind[pay]).toBe(KIND_CODES.application);
    expect(index.tier[pay]).toBe(1);
    expect(index.tier[index.indexOf.get("rtr")!]).toBe(0);
    expect(index.capacity.maxRps[pay]).toBe(500);
    expect(index.capacity.cores[index.indexOf.get("srv-1")!]).toBe(32);
    expect(index.baseRps[index.indexOf.get("svc-pay")!]).toBe(50);
  });

  test("`indexGraph()` builds CSR adjacency per edge kind with edge numbers for fan-out and criticality", () => {
    const index = indexGraph(paymentsEstate());
    const id = (v: number) => index.ids[v];
    const pay = index.indexOf.get("app-pay-1")!;
    expect([...neighboursOf(index.outgoing.depends_on, pay)].map(id)).toEqual(["db-p", "app-fraud"]);
    const out = index.outgoing.depends_on;
    const edges = [...out.edges.subarray(out.offsets[pay], out.offsets[pay + 1])];
    expect(edges.map((e) => index.fanout[e])).toEqual([3, 1]);
    expect(edges.map((e) => index.critical[e])).toEqual([1, 0]);
    expect(edges.every((e) => index.edgeKind[e] === EDGE_KIND_CODES.depends_on)).toBe(true);
    expect([...neighboursOf(index.incoming.network, index.indexOf.get("srv-1")!)].map(id)).toEqual(["sw-a", "sw-b"]);
    expect([...neighboursOf(index.incoming.serves, index.indexOf.get("svc-pay")!)].map(id)).toEqual(["app-pay-1", "app-pay-2"]);
    expect(id(index.host[pay])).toBe("vm-1");
    expect(index.host[index.indexOf.get("srv-1")!]).toBe(-1);
  });

  test("`indexGraph()` groups replicas by redundancy group and by replicates_to", () => {
    const index = indexGraph(paymentsEstate());
    const members = (id: string) => [...replicasOf(index, index.indexOf.get(id)!)].map((v) => index.ids[v]);
    expect(members("app-pay-2")).toEqual(["app-pay-1", "app-pay-2"]);
    expect(members("db-s")).toEqual(["db-p", "db-s"]);
    expect(members("rtr")).toEqual(["rtr"]);
    expect(index.groupLabels[index.group[index.indexOf.get("app-pay-1")!]]).toBe("pay");
    expect(index.groupLabels[index.group[index.indexOf.get("db-s")!]]).toBe("db-p");
    expect(index.groupCount).toBe(index.n - 2);
  });

  test("`indexGraph()` caches until the topology or a static attribute changes, not on dynamic updates", () => {
    const g = paymentsEstate();
    const first = indexGraph(g);
    g.setNodeAttribute("app-pay-1", "cpu", 0.5);
    g.mergeNodeAttributes("app-pay-1", { latency_ms: 12, status: "degraded" });
    g.updateEachNodeAttributes((_id, a) => ({ ...a, ram: 0.1 }), { attributes: ["ram"] });
    expect(indexGraph(g)).toBe(first);
    g.setNodeAttribute("app-pay-1", "tier", 2);
    const second = indexGraph(g);
    expect(second).not.toBe(first);
    expect(second.tier[second.indexOf.get("app-pay-1")!]).toBe(2);
    g.addNode("x", { ...g.getNodeAttributes("rtr") });
    expect(indexGraph(g).n).toBe(first.n + 1);
    expect(buildIndex(g)).not.toBe(indexGraph(g));
  });
});
