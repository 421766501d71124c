import { describe, expect, it } from "vitest";
import { MetricsStore } from "../../lib/metrics";
import { heatmap, incidentBands, STATUS_COLOURS } from "../../lib/plots";
import { seededResult, seededStore } from "./fixtures";

const z = (fig: ReturnType<typeof heatmap>) => fig.data[0].z as (number | null)[][];
const y = (fig: ReturnType<typeof heatmap>) => fig.data[0].y as string[];

describe("heatmap()", () => {
  it("matches the snapshot for seeded data", () => {
    expect(heatmap(seededResult(60), { maxColumns: 12, markers: true })).toMatchSnapshot();
  });

  it("colours status green, amber and red with the status names in hovers and on the colour bar", () => {
    const fig = heatmap(seededStore());
    const trace = fig.data[0] as Record<string, unknown>;
    expect(trace).toMatchObject({ type: "heatmap", zmin: 0, zmax: 2 });
    const scale = trace.colorscale as [number, string][];
    expect(scale[0][1]).toBe(STATUS_COLOURS.up);
    expect(scale[scale.length - 1][1]).toBe(STATUS_COLOURS.down);
    expect(trace.colorbar).toMatchObject({ ticktext: ["up", "degraded", "down"] });
    const row = y(fig).indexOf("db-1");
    expect((trace.text as string[][])[row][30]).toBe("down");
  });

  it("lists nodes top to bottom in store order", () => {
    expect(y(heatmap(seededStore())).slice().reverse()).toEqual(["sw-1", "srv-1", "db-1", "app-1", "app-2", "svc-pay"]);
  });

  it("keeps a one-step outage visible when buckets span many steps (worst value per bucket)", () => {
    const store = new MetricsStore({ nodes: ["a"], metrics: ["status"], stepSeconds: 60 });
    for (let s = 0; s < 10_000; s++) store.append(s * 60, [[s === 5_003 ? 2 : 0]]);
    const fig = heatmap(store, { maxColumns: 100 });
    expect(z(fig)[0]).toHaveLength(100);
    expect(z(fig)[0].filter((v) => v === 2)).toHaveLength(1);
    expect(z(heatmap(store, { maxColumns: 100, aggregate: "mean" }))[0].filter((v) => v === 2)).toHaveLength(0);
  });

  it("filters by kind and keeps the worst rows beyond maxRows, saying so in the title", () => {
    expect(y(heatmap(seededStore(), { kinds: ["application"] }))).toEqual(["app-2", "app-1"]);
    const fig = heatmap(seededStore(), { maxRows: 2 });
    expect(y(fig).sort()).toEqual(["app-1", "app-2"]);
    expect((fig.layout.title as { text: string }).text).toContain("worst 2 of 6 nodes");
  });

  it("draws other metrics on a continuous scale with the metric's format", () => {
    const trace = heatmap(seededStore(), { metric: "error_rate", aggregate: "mean" }).data[0] as Record<string, unknown>;
    expect(trace.colorscale).toBe("YlOrRd");
    expect(trace.colorbar).toMatchObject({ tickformat: ".1%" });
  });

  it("outlines bands and marks fault events over the cells", () => {
    const fig = heatmap(seededResult(), { bands: incidentBands([{ id: "INC-1", openedAt: 1800, closedAt: 2400, severity: "critical" }]), markers: true });
    const shapes = fig.layout.shapes as Record<string, unknown>[];
    expect(shapes.filter((s) => s.type === "rect")).toEqual([expect.objectContaining({ fillcolor: "rgba(0,0,0,0)", layer: "above" })]);
    expect(shapes.filter((s) => s.type === "line")).toHaveLength(2);
    expect(fig.data.map((t) => t.name)).toEqual([undefined, "incident (critical)", "fault start", "fault end"]);
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => heatmap(seededStore(), { metric: "disk" })).toThrow(/heatmap: expected options\.metric .* found "disk"/);
    expect(() => heatmap(seededStore(), { kinds: ["router"] })).toThrow(/options\.kinds .*kinds recorded: switch, server/);
    expect(() => heatmap(seededStore(), { aggregate: "median" as never })).toThrow(/options\.aggregate/);
  });
});
