import { describe, expect, it } from "vitest";
import { riskTopology, type Figure } from "../../lib/plots";
import { smallGraph } from "./fixtures";

const nodeTrace = (fig: Figure) => fig.data.find((t) => t.name === "nodes")!;
const valueOf = (fig: Figure, id: string) => (nodeTrace(fig).marker as { color: (number | string)[] }).color[(nodeTrace(fig).hovertext as string[]).findIndex((h) => h.includes(`(${id})`))];

describe("riskTopology()", () => {
  it("colours each node by its value on a 0..1 scale, grey without a value, and drops the status legend", () => {
    const fig = riskTopology(smallGraph(), { "app-1": 0.9, "db-1": 0.1 });
    expect(valueOf(fig, "app-1")).toBe(0.9);
    expect(valueOf(fig, "db-1")).toBe(0.1);
    expect(valueOf(fig, "sw-1")).toBe("#bbbbbb");
    const marker = nodeTrace(fig).marker as { cmin: number; cmax: number; showscale: boolean };
    expect([marker.cmin, marker.cmax, marker.showscale]).toEqual([0, 1, true]);
    expect(fig.data.some((t) => t.legendgroup === "status" || t.legendgroup === "kind")).toBe(false);
  });
  it("names a value outside [0, 1]", () => {
    expect(() => riskTopology(smallGraph(), { "app-1": 1.5 })).toThrow('values["app-1"]');
  });
});
