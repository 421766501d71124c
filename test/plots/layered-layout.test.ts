import { describe, expect, it } from "vitest";
import { drawnTopology, layeredLayout, type DrawnTopology } from "../../lib/plots";
import { NODES, smallGraph } from "./fixtures";

describe("layeredLayout()", () => {
  it("puts the network on top, then servers, data stores, applications and business services at the bottom", () => {
    const pos = layeredLayout(drawnTopology(smallGraph()));
    const row = (id: string) => pos.get(id)!.row;
    expect(row("sw-1")).toBe(0);
    expect(row("srv-1")).toBe(1);
    expect(row("db-1")).toBe(2);
    expect(row("app-1")).toBe(3);
    expect(row("app-2")).toBe(3);
    expect(row("svc-pay")).toBe(4);
    for (const p of pos.values()) expect(p.y).toBe(p.row === 0 ? 0 : -p.row);
  });

  it("gives the same drawing whatever the order nodes were added in", () => {
    const a = layeredLayout(drawnTopology(smallGraph()));
    const b = layeredLayout(drawnTopology(smallGraph(NODES.slice().reverse())));
    expect([...b].sort()).toEqual([...a].sort());
  });

  it("orders a row by its neighbours to avoid crossings", () => {
    // Two chains a1→s1, a2→s2 where ids would sort the services the other way round.
    const topo: DrawnTopology = {
      nodes: [
        { id: "app-a", kind: "application" },
        { id: "app-b", kind: "application" },
        { id: "svc-z", kind: "business_service" },
        { id: "svc-y", kind: "business_service" },
      ],
      edges: [
        { source: "app-a", target: "svc-z", kind: "serves" },
        { source: "app-b", target: "svc-y", kind: "serves" },
      ],
    };
    const pos = layeredLayout(topo);
    const x = (id: string) => pos.get(id)!.x;
    expect(x("app-a") < x("app-b")).toBe(x("svc-z") < x("svc-y"));
  });

  it("wraps a crowded layer onto several rows", () => {
    const nodes = Array.from({ length: 25 }, (_, i) => ({ id: `vm-${String(i).padStart(2, "0")}`, kind: "vm" }));
    const pos = layeredLayout({ nodes, edges: [] }, { maxPerRow: 10 });
    expect(new Set([...pos.values()].map((p) => p.row))).toEqual(new Set([0, 1, 2]));
    expect(() => layeredLayout({ nodes, edges: [] }, { maxPerRow: 0 })).toThrow(/maxPerRow/);
  });
});
