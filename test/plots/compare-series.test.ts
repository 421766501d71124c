import { describe, expect, it } from "vitest";
import { compareSeries } from "../../lib/plots";
import { seededResult, seededStore } from "./fixtures";

describe("compareSeries()", () => {
  it("overlays the baseline (dashed grey) and the fork for the same node and metric", () => {
    const fig = compareSeries(seededStore(), seededResult(), { metric: "latency_ms", labels: ["base", "fix"] });
    const lines = fig.data.filter((t) => t.mode === "lines");
    expect(lines.map((t) => t.name)).toEqual(["svc-pay (base)", "svc-pay (fix)"]);
    expect((lines[0].line as { dash: string }).dash).toBe("dash");
    expect(fig.data.some((t) => t.name === "fault start")).toBe(true);
  });

  it("leaves the fork's ground truth out on request", () => {
    const fig = compareSeries(seededStore(), seededResult(), { metric: "cpu", nodes: ["app-1", "app-2"], truth: false });
    expect(fig.data).toHaveLength(4);
    expect(fig.layout.shapes).toEqual([]);
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => compareSeries(seededStore(), seededStore(), { metric: "disk" })).toThrow(/compareSeries: expected options\.metric/);
    expect(() => compareSeries(seededStore(), seededStore(), { metric: "cpu", nodes: ["zz"] })).toThrow(/found "zz"/);
  });
});
