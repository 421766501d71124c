import { describe, expect, test } from "vitest";
import { InvalidArgumentError, NotFoundError } from "../../lib/errors";
import { addEdge, addNode, createInfraGraph, DEFAULT_CAPACITY, edgeKey, hostOf, IDLE_DYNAMIC, KIND_CODES, NODE_KINDS, nodeAttributes } from "../../lib/graph";

function estate() {
  const g = createInfraGraph({ name: "t" });
  addNode(g, "srv-1", { kind: "server", capacity: { cores: 32, ramGb: 256 } });
  addNode(g, "vm-1", { kind: "vm" });
  addNode(g, "vm-2", { kind: "vm" });
  addNode(g, "app-1", { kind: "application" });
  addNode(g, "db-1", { kind: "database" });
  addNode(g, "svc", { kind: "business_service", tier: 1 });
  return g;
}

describe("addNode()", () => {
  test("`addNode()` fills defaults: name from id, capacity defaults, idle dynamic values, business-service tier", () => {
    const g = estate();
    expect(g.getNodeAttributes("vm-1")).toEqual({ kind: "vm", name: "vm-1", tags: [], capacity: { ...DEFAULT_CAPACITY.vm }, ...IDLE_DYNAMIC });
    expect(g.getNodeAttributes("srv-1")).toHaveProperty("capacity", { cores: 32, ramGb: 256 });
    const svc = nodeAttributes(g, "svc");
    expect(svc.kind === "business_service" && svc.baseRps).toBe(50);
    addNode(g, "svc-2", { kind: "business_service" });
    expect(g.getNodeAttribute("svc-2", "tier")).toBe(3);
  });

  test("`addNode()` rejects an unknown kind naming the call, the node and the value", () => {
    const g = createInfraGraph();
    expect(() => addNode(g, "srv-1", { kind: "sever" as never })).toThrow(InvalidArgumentError);
    expect(() => addNode(g, "srv-1", { kind: "sever" as never })).toThrow(
      `addNode: unknown kind "sever" for node "srv-1"; expected one of ${NODE_KINDS.join(", ")}.`,
    );
    expect(g.order).toBe(0);
  });

  test("`addNode()` rejects negative capacity, bad tiers, out-of-range dynamics and misplaced fields", () => {
    const g = createInfraGraph();
    expect(() => addNode(g, "srv-1", { kind: "server", capacity: { cores: -4, ramGb: 1 } })).toThrow(
      'addNode: capacity.cores of node "srv-1" must be an integer >= 0 but found -4.',
    );
    expect(() => addNode(g, "srv-1", { kind: "server", capacity: { cpus: 4 } })).toThrow(/unknown capacity field "cpus"/);
    expect(() => addNode(g, "srv-1", { kind: "server", tier: 7 as never })).toThrow(/tier of node "srv-1" must be one of 1, 2, 3, 4/);
    expect(() => addNode(g, "srv-1", { kind: "server", cpu: 1.5 })).toThrow(/cpu of node "srv-1" must be a number in \[0, 1\] but found 1.5/);
    expect(() => addNode(g, "srv-1", { kind: "server", baseRps: 3 })).toThrow(/baseRps applies only to business services/);
    expect(() => addNode(g, "svc", { kind: "business_service", capacity: { cores: 1 } })).toThrow(/has no capacity/);
    expect(() => addNode(g, "srv-1", { kind: "server", redundancy_group: "x" } as never)).toThrow(/unknown field "redundancy_group" on node "srv-1"; did you mean "redundancyGroup"\?/);
  });

  test("`addNode()` reports every problem of one call, the first in front", () => {
    const g = createInfraGraph();
    expect(() => addNode(g, "x", { kind: "server", tier: 0 as never, capacity: { cores: -1 } })).toThrow(/and 1 more problem: capacity.cores/);
  });

  test("`addNode()` refuses duplicate and empty ids", () => {
    const g = estate();
    expect(() => addNode(g, "vm-1", { kind: "vm" })).toThrow('addNode: node "vm-1" already exists.');
    expect(() => addNode(g, "", { kind: "vm" })).toThrow('addNode: expected id to be a non-empty string but found "".');
  });

  test("`KIND_CODES` numbers kinds in NODE_KINDS order", () => {
    expect(NODE_KINDS.map((k) => KIND_CODES[k])).toEqual(NODE_KINDS.map((_, i) => i));
  });
});

describe("addEdge()", () => {
  test("`addEdge()` adds typed edges with defaults and a source->target key", () => {
    const g = estate();
    expect(addEdge(g, { source: "srv-1", target: "vm-1", kind: "hosts" })).toBe(edgeKey("srv-1", "vm-1"));
    addEdge(g, { source: "app-1", target: "db-1", kind: "depends_on", fanout: 3 });
    expect(g.getEdgeAttributes("app-1->db-1")).toEqual({ kind: "depends_on", fanout: 3, critical: true });
    addEdge(g, { source: "app-1", target: "svc", kind: "serves" });
    expect(g.getEdgeAttributes("app-1->svc")).toEqual({ kind: "serves", critical: true });
  });

  test("`addEdge()` rejects a hosts edge from an application, naming both ends and kinds", () => {
    const g = estate();
    expect(() => addEdge(g, { source: "app-1", target: "vm-2", kind: "hosts" })).toThrow(
      'addEdge: hosts edge "app-1" → "vm-2" must start at a server or a vm but "app-1" is an application.',
    );
    expect(() => addEdge(g, { source: "srv-1", target: "svc", kind: "hosts" })).toThrow(/must end at a vm, an application, a database or a queue but "svc" is a business_service/);
    expect(() => addEdge(g, { source: "db-1", target: "app-1", kind: "depends_on" })).toThrow(/must end at a storage when it starts at a database but "app-1" is an application/);
  });

  test("`addEdge()` rejects dangling endpoints with NotFoundError", () => {
    const g = estate();
    expect(() => addEdge(g, { source: "srv-1", target: "vm-9", kind: "hosts" })).toThrow(NotFoundError);
    expect(() => addEdge(g, { source: "srv-1", target: "vm-9", kind: "hosts" })).toThrow('addEdge: target node "vm-9" of hosts edge "srv-1" → "vm-9" not found.');
    expect(() => addEdge(g, { source: "nope", target: "vm-1", kind: "hosts" })).toThrow('addEdge: source node "nope" of hosts edge "nope" → "vm-1" not found.');
  });

  test("`addEdge()` rejects unknown kinds and attributes that do not belong to the kind", () => {
    const g = estate();
    expect(() => addEdge(g, { source: "srv-1", target: "vm-1", kind: "host" as never })).toThrow(/unknown edge kind "host" for edge "srv-1" → "vm-1"; expected one of hosts, depends_on/);
    expect(() => addEdge(g, { source: "srv-1", target: "vm-1", kind: "hosts", fanout: 2 })).toThrow(/fanout applies only to depends_on edges/);
    expect(() => addEdge(g, { source: "app-1", target: "db-1", kind: "depends_on", fanout: 0 })).toThrow(/fanout of edge "app-1" → "db-1" must be a number > 0 but found 0/);
  });

  test("`addEdge()` allows one host per node and no hosting cycle", () => {
    const g = estate();
    addEdge(g, { source: "srv-1", target: "vm-1", kind: "hosts" });
    addNode(g, "srv-2", { kind: "server" });
    expect(() => addEdge(g, { source: "srv-2", target: "vm-1", kind: "hosts" })).toThrow('addEdge: "vm-1" is already hosted by "srv-1"; a node has at most one host (hosts edge "srv-2" → "vm-1").');
    addEdge(g, { source: "vm-1", target: "vm-2", kind: "hosts" }); // nested virtualisation
    expect(hostOf(g, "vm-2")).toBe("vm-1");
    expect(() => addEdge(g, { source: "vm-2", target: "vm-1", kind: "hosts" })).toThrow(/is already hosted/);
    addNode(g, "vm-3", { kind: "vm" });
    addNode(g, "vm-4", { kind: "vm" });
    addEdge(g, { source: "vm-3", target: "vm-4", kind: "hosts" });
    expect(() => addEdge(g, { source: "vm-4", target: "vm-3", kind: "hosts" })).toThrow('addEdge: hosts edge "vm-4" → "vm-3" would close a hosting cycle: "vm-4" hosts "vm-3" hosts "vm-4".');
  });

  test("`addEdge()` keeps one edge per ordered pair and one network link per pair of nodes", () => {
    const g = estate();
    addNode(g, "sw-1", { kind: "switch" });
    addNode(g, "sw-2", { kind: "switch" });
    addEdge(g, { source: "sw-1", target: "sw-2", kind: "network" });
    expect(() => addEdge(g, { source: "sw-2", target: "sw-1", kind: "network" })).toThrow(/duplicates the link "sw-1" → "sw-2"/);
    expect(() => addEdge(g, { source: "sw-1", target: "sw-2", kind: "network" })).toThrow(/already exists \(network\)/);
    expect(() => addEdge(g, { source: "srv-1", target: "sw-1", kind: "network" })).toThrow(/must start at a router, a switch, a firewall or a load_balancer but "srv-1" is a server/);
  });
});
