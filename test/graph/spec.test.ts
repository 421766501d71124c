import { describe, expect, test } from "vitest";
import { ValidationError } from "../../lib/errors";
import { fromSpec } from "../../lib/graph";
import { e, n } from "./fixtures";

function problemsOf(spec: unknown): Array<{ path: string; message: string }> {
  try {
    fromSpec(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => ({ path: p.path, message: p.message }));
  }
  throw new Error("fromSpec accepted the spec");
}

describe("fromSpec()", () => {
  test("`fromSpec()` builds nodes and edges in document order with graph attributes", () => {
    const g = fromSpec({
      format: "infratwin-topology",
      version: 1,
      name: "mini",
      description: "two nodes",
      attributes: { owner: "sre" },
      nodes: [n("srv-1", "server", { datacenter: "dc1", tags: ["a"] }), n("vm-1", "vm")],
      edges: [e("srv-1", "vm-1", "hosts")],
    });
    expect(g.nodes()).toEqual(["srv-1", "vm-1"]);
    expect(g.getAttributes()).toEqual({ name: "mini", description: "two nodes", owner: "sre" });
    expect(g.getNodeAttribute("srv-1", "datacenter")).toBe("dc1");
    expect(g.hasDirectedEdge("srv-1", "vm-1")).toBe(true);
  });

  test("`fromSpec()` reports every problem at once, each with its JSON path", () => {
    const problems = problemsOf({
      nodes: [
        n("srv-1", "server", { capacity: { cores: -4, ramGb: 8 } }),
        n("srv-1", "server"),
        { id: "x", kind: "sever" },
        { kind: "vm" },
        n("app-1", "application", { tier: 9 as never }),
        n("vm-1", "vm"),
        n("vm-2", "vm"),
        "not a node",
      ],
      edges: [
        e("app-1", "vm-1", "hosts"),
        e("srv-1", "ghost", "hosts"),
        e("srv-1", "vm-1", "host" as never),
        e("vm-1", "vm-2", "hosts"),
        e("vm-2", "vm-1", "hosts"),
      ],
      extra: true,
    });
    expect(problems).toEqual([
      { path: "$.extra", message: 'unknown field "extra"; expected one of $schema, format, version, name, description, attributes, nodes, edges' },
      { path: "$.nodes[7]", message: 'a node must be an object with id and kind but found "not a node"' },
      { path: "$.nodes[0].capacity.cores", message: 'capacity.cores of node "srv-1" must be an integer >= 0 but found -4' },
      { path: "$.nodes[1].id", message: 'duplicate node id "srv-1" (first at $.nodes[0])' },
      { path: "$.nodes[2].kind", message: expect.stringMatching(/^unknown kind "sever" for node "x"; expected one of router, switch/) as unknown as string },
      { path: "$.nodes[3].id", message: "id must be a non-empty string but found undefined" },
      { path: "$.nodes[4].tier", message: 'tier of node "app-1" must be one of 1, 2, 3, 4 (1 is the most critical) but found 9' },
      { path: "$.edges[1].target", message: 'target node "ghost" of hosts edge "srv-1" → "ghost" not found' },
      { path: "$.edges[2].kind", message: expect.stringMatching(/^unknown edge kind "host" for edge "srv-1" → "vm-1"/) as unknown as string },
      // edges[0] starts at app-1, whose own problem was reported: its edges are not judged twice.
      { path: "$.edges[4]", message: 'hosts edges form a cycle: "vm-2" hosts "vm-1" hosts "vm-2"' },
    ]);
  });

  test("`fromSpec()` names the bad endpoint kind in the message and the edge's kind in the path", () => {
    const problems = problemsOf({ nodes: [n("app-1", "application"), n("vm-2", "vm")], edges: [e("app-1", "vm-2", "hosts")] });
    expect(problems).toEqual([{ path: "$.edges[0].kind", message: 'hosts edge "app-1" → "vm-2" must start at a server or a vm but "app-1" is an application' }]);
  });

  test("`fromSpec()` reports a second host and duplicate edges with the first location", () => {
    const problems = problemsOf({
      nodes: [n("s1", "server"), n("s2", "server"), n("v", "vm"), n("sw", "switch"), n("sw2", "switch")],
      edges: [e("s1", "v", "hosts"), e("s2", "v", "hosts"), e("sw", "s1", "network"), e("sw", "s1", "network"), e("sw", "sw2", "network"), e("sw2", "sw", "network")],
    });
    expect(problems).toEqual([
      { path: "$.edges[1].source", message: '"v" is already hosted by "s1" ($.edges[0]); a node has at most one host' },
      { path: "$.edges[3]", message: 'duplicate edge "sw" → "s1" (first at $.edges[2]); the graph keeps one edge per ordered pair' },
      { path: "$.edges[5]", message: 'network edge "sw2" → "sw" duplicates the link at $.edges[4]; a link is stored once, from the side nearer the core' },
    ]);
  });

  test("`fromSpec()` checks the document's shape and version", () => {
    expect(problemsOf(null)).toEqual([{ path: "$", message: "a topology spec must be an object with a nodes array but found null" }]);
    expect(problemsOf({ nodes: {}, version: 2, format: "x" })).toEqual([
      { path: "$.format", message: 'format must be "infratwin-topology" but found "x"' },
      { path: "$.version", message: "version must be 1 but found 2" },
      { path: "$.nodes", message: "nodes must be an array but found {}" },
    ]);
  });

  test("`fromSpec()` error message lists the problems under the call name", () => {
    expect(() => fromSpec({ nodes: [{ id: "a", kind: "sever" }] })).toThrow(/^fromSpec: 1 problem in topology spec:\n {2}\$\.nodes\[0\]\.kind: unknown kind "sever"/);
  });

  test("`fromSpec()` copies input arrays so later edits to the document do not leak into the graph", () => {
    const tags = ["x"];
    const g = fromSpec({ nodes: [n("a", "vm", { tags })] });
    tags.push("y");
    expect(g.getNodeAttribute("a", "tags")).toEqual(["x"]);
  });
});
