import { describe, expect, it } from "vitest";
import { STATUS_COLOURS, topologyFigure, type Figure } from "../../lib/plots";
import { seededResult, seededStore, smallGraph } from "./fixtures";

const nodeTrace = (fig: Figure) => fig.data.find((t) => t.name === "nodes")!;
const colourOf = (fig: Figure, id: string, colours = (nodeTrace(fig).marker as { color: string[] }).color) =>
  colours[(nodeTrace(fig).hovertext as string[]).findIndex((h) => h.includes(`(${id})`))];

describe("topologyFigure()", () => {
  it("matches the snapshot for a small graph", () => {
    expect(topologyFigure(smallGraph())).toMatchSnapshot();
  });

  it("colours nodes by the graph's status attributes: up green, degraded amber, down red", () => {
    const fig = topologyFigure(smallGraph());
    expect(colourOf(fig, "app-1")).toBe(STATUS_COLOURS.up);
    expect(colourOf(fig, "app-2")).toBe(STATUS_COLOURS.degraded);
    expect(fig.data.filter((t) => t.legendgroup === "status").map((t) => t.name)).toEqual(["up", "degraded", "down"]);
  });

  it("reads statuses from the run's store at a given time", () => {
    const fig = topologyFigure(seededResult(), { at: 1900 });
    expect(colourOf(fig, "db-1")).toBe(STATUS_COLOURS.down);
    expect(colourOf(fig, "sw-1")).toBe(STATUS_COLOURS.up);
    expect((fig.layout.title as { text: string }).text).toContain("at 2026-11-25 00:31");
  });

  it("adds a slider of at most maxFrames frames, each with the worst status of its period, starting at the worst moment", () => {
    const fig = topologyFigure(seededResult(), { slider: true, maxFrames: 12 });
    expect(fig.frames).toHaveLength(12);
    const slider = (fig.layout.sliders as { active: number; steps: { label: string; args: unknown[] }[] }[])[0];
    expect(slider.steps).toHaveLength(12);
    expect(slider.steps[0].label).toBe("2026-11-25 00:00");
    // 120 steps in 12 frames of 10 min: the outage (steps 30-44) falls in frames 3 and 4.
    const colours = (f: number) => (fig.frames![f].data[0].marker as { color: string[] }).color;
    expect(colourOf(fig, "db-1", colours(3))).toBe(STATUS_COLOURS.down);
    expect(colourOf(fig, "svc-pay", colours(4))).toBe(STATUS_COLOURS.degraded);
    expect(colourOf(fig, "db-1", colours(5))).toBe(STATUS_COLOURS.up);
    expect(slider.active).toBe(3);
    const dbIndex = (nodeTrace(fig).hovertext as string[]).findIndex((h) => h.includes("(db-1)"));
    expect((fig.frames![3].data[0].customdata as string[])[dbIndex]).toBe("down");
    expect(Object.keys(fig.frames![3].data[0]).sort()).toEqual(["customdata", "marker"]);
    expect(fig.frames![0].traces).toEqual([fig.data.indexOf(nodeTrace(fig))]);
    expect(fig.layout.updatemenus).toBeDefined();
  });

  it("draws edges within one row as arcs so they do not run through nodes", () => {
    const fig = topologyFigure(smallGraph());
    const depends = fig.data.find((t) => t.name === "depends on")!;
    const ys = (depends.y as (number | null)[]).filter((v): v is number => v !== null);
    expect(Math.max(...ys)).toBeGreaterThan(-3);
  });

  it("outlines highlighted nodes and colours by kind on request", () => {
    const fig = topologyFigure(smallGraph(), { highlight: ["db-1"], colorBy: "kind" });
    const marker = nodeTrace(fig).marker as { line: { width: number[] }; color: string[] };
    const i = (nodeTrace(fig).hovertext as string[]).findIndex((h) => h.includes("(db-1)"));
    expect(marker.line.width[i]).toBe(3);
    expect(new Set(marker.color).size).toBe(5);
  });

  it("reads a GraphStore as well as a graphology graph", () => {
    const g = smallGraph();
    const store = {
      backend: "test",
      nodes: () => g.nodes(),
      node: (id: string) => g.getNodeAttributes(id),
      edges: () => g.mapEdges((_, attributes, source, target) => ({ source, target, attributes })),
    };
    const fromStore = topologyFigure(store);
    const fromGraph = topologyFigure(g);
    expect(fromStore.data).toEqual(fromGraph.data);
  });

  it("escapes node names in hover text", () => {
    const g = smallGraph();
    g.setNodeAttribute("db-1", "name", "<img src=x onerror=alert(1)>");
    expect((nodeTrace(topologyFigure(g)).hovertext as string[]).join()).not.toContain("<img");
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => topologyFigure(smallGraph(), { at: 60 })).toThrow(/topologyFigure: expected options\.metrics to be a store with recorded status steps/);
    expect(() => topologyFigure(smallGraph(), { highlight: ["ghost"] })).toThrow(/options\.highlight .* found "ghost"/);
    expect(() => topologyFigure({ nodes: [{ id: "a", kind: "vm" }], edges: [{ source: "a", target: "b", kind: "hosts" }] })).toThrow(/edges\[0\]\.target/);
    expect(() => topologyFigure(smallGraph(), { metrics: seededStore(), colorBy: "tier" as never })).toThrow(/options\.colorBy/);
  });
});
