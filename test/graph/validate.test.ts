import { DirectedGraph, MultiDirectedGraph } from "graphology";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../lib/errors";
import { assertValidGraph, validateGraph, type InfraGraph } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

describe("validateGraph()", () => {
  test("`validateGraph()` finds nothing wrong in a graph built through the schema", () => {
    expect(validateGraph(paymentsEstate())).toEqual([]);
    expect(() => assertValidGraph(paymentsEstate())).not.toThrow();
  });

  test("`validateGraph()` catches what raw graphology calls let through", () => {
    const g = paymentsEstate();
    g.setNodeAttribute("srv-1", "kind", "sever" as never);
    g.mergeNodeAttributes("srv-2", { capacity: { cores: -1, ramGb: 8 } } as never);
    g.removeNodeAttribute("svc-pay", "baseRps" as never);
    g.setNodeAttribute("app-pay-1", "colour" as never, "red" as never);
    g.addDirectedEdgeWithKey("x1", "app-pay-1", "srv-db", { kind: "hosts" });
    g.addDirectedEdgeWithKey("x2", "srv-2", "vm-1", { kind: "hosts" });
    g.addDirectedEdgeWithKey("x3", "sw-b", "rtr", { kind: "network" });
    g.setEdgeAttribute("app-pay-2->app-fraud", "fanout" as never, -2 as never);
    expect(validateGraph(g).map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$.nodes["srv-1"].kind: unknown kind "sever" for node "srv-1"; expected one of router, switch, firewall, load_balancer, server, vm, database, application, queue, storage, business_service',
      '$.nodes["srv-2"].capacity.cores: capacity.cores of node "srv-2" must be an integer >= 0 but found -1',
      '$.nodes["app-pay-1"].colour: unknown field "colour" on node "app-pay-1"; expected one of id, kind, name, region, datacenter, redundancyGroup, owner, tier, tags, capacity, baseRps, extra, cpu, ram, disk, latency_ms, error_rate, throughput, status, replication_lag_s',
      '$.nodes["svc-pay"].baseRps: baseRps of node "svc-pay" is missing',
      '$.edges["rtr->sw-b"]: network link "rtr" → "sw-b" is stored in both directions; store it once, from the side nearer the core',
      '$.edges["app-pay-2->app-fraud"].fanout: fanout of edge "app-pay-2" → "app-fraud" must be a number > 0 but found -2',
      '$.edges["x1"].kind: hosts edge "app-pay-1" → "srv-db" must start at a server or a vm but "app-pay-1" is an application',
      '$.edges["x2"]: "vm-1" is hosted by both "srv-1" and "srv-2"; a node has at most one host',
    ]);
    expect(() => assertValidGraph(g)).toThrow(ValidationError);
  });

  test("`validateGraph()` reports hosting cycles and graphs of the wrong type", () => {
    const g = paymentsEstate();
    g.addDirectedEdgeWithKey("loop", "vm-1", "vm-2", { kind: "hosts" });
    g.dropEdge("srv-2->vm-2");
    g.addDirectedEdgeWithKey("loop2", "vm-2", "vm-1", { kind: "hosts" });
    g.dropEdge("srv-1->vm-1");
    expect(validateGraph(g)).toEqual([{ path: "$.edges", message: 'hosts edges form a cycle: "vm-2" hosts "vm-1" hosts "vm-2"', value: ["vm-2", "vm-1"] }]);
    const multi = new MultiDirectedGraph() as unknown as InfraGraph;
    expect(validateGraph(multi)[0].message).toMatch(/must be a simple DirectedGraph \(createInfraGraph\) but it is a multi directed graph/);
    expect(validateGraph(new DirectedGraph() as InfraGraph)).toEqual([]);
  });
});
