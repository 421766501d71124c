import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../lib/errors";
import { MetricsStore } from "../../lib/metrics";
import { incidentBands, timeSeries, type Trace } from "../../lib/plots";
import { OUTAGE, seededResult, seededStore } from "./fixtures";

const EPOCH = Date.parse("2026-11-25T00:00:00Z");
const lines = (data: Trace[]) => data.filter((t) => t.mode === "lines");

describe("timeSeries()", () => {
  it("matches the snapshot for seeded data", () => {
    expect(timeSeries(seededResult(60), { metric: ["latency_ms", "error_rate"], nodes: ["app-1", "svc-pay"] })).toMatchSnapshot();
  });

  it("draws one line per node per metric, on calendar dates when the store has an epoch", () => {
    const fig = timeSeries(seededStore(), { metric: ["latency_ms", "status"], nodes: ["db-1", "app-1"] });
    const series = lines(fig.data);
    expect(series.map((t) => [t.name, t.yaxis])).toEqual([
      ["db-1", "y"],
      ["app-1", "y"],
      ["db-1", "y2"],
      ["app-1", "y2"],
    ]);
    expect((series[0].x as number[])[30]).toBe(EPOCH + 30 * 60_000);
    expect((series[0].y as number[])[30]).toBe(5000);
    expect((fig.layout.xaxis as { type: string }).type).toBe("date");
    expect((fig.layout.yaxis2 as { ticktext: string[] }).ticktext).toEqual(["up", "degraded", "down"]);
  });

  it("uses simulated hours when the store has no epoch, and refuses calendar dates then", () => {
    const store = seededStore(120, { epoch: false });
    const fig = timeSeries(store, { metric: "cpu", nodes: ["app-1"] });
    expect((lines(fig.data)[0].x as number[])[60]).toBe(1);
    expect(() => timeSeries(store, { metric: "cpu", time: "date" })).toThrow(/has no epoch/);
  });

  it("defaults to the business services", () => {
    const fig = timeSeries(seededStore(), { metric: "latency_ms" });
    expect(lines(fig.data).map((t) => t.name)).toEqual(["svc-pay"]);
  });

  it("shades the ground truth's service impacts and marks its fault events by default", () => {
    const fig = timeSeries(seededResult(), { metric: "latency_ms" });
    const rects = (fig.layout.shapes as Record<string, unknown>[]).filter((s) => s.type === "rect");
    expect(rects.map((r) => [r.x0, r.x1])).toEqual([
      [EPOCH + 1860_000, EPOCH + 2400_000],
      [EPOCH + 2400_000, EPOCH + 2700_000],
    ]);
    const markers = fig.data.filter((t) => t.legendgroup === "markers");
    expect(markers.map((t) => t.name)).toEqual(["fault start", "fault end"]);
    expect((markers[0].text as string[])[0]).toContain("db-1");
    const bands = fig.data.filter((t) => t.legendgroup === "bands");
    expect(bands.map((t) => t.name)).toEqual(["service down", "service degraded"]);
    expect(fig.layout.yaxis2).toMatchObject({ overlaying: "y", visible: false });
  });

  it("draws the bands it is given instead, and none with bands: false", () => {
    const own = timeSeries(seededResult(), { metric: "cpu", bands: incidentBands([{ id: "INC-1", openedAt: 600, closedAt: 900, severity: "critical" }]), markers: false });
    expect((own.layout.shapes as unknown[]).length).toBe(1);
    expect(own.data.find((t) => t.legendgroup === "bands")?.name).toBe("incident (critical)");
    const none = timeSeries(seededResult(), { metric: "cpu", bands: false, markers: false });
    expect(none.layout.shapes).toEqual([]);
    expect(none.data.every((t) => t.mode === "lines")).toBe(true);
  });

  it("keeps only the chosen time window", () => {
    const fig = timeSeries(seededStore(), { metric: "status", nodes: ["db-1"], from: 1800, to: 2399 });
    expect(lines(fig.data)[0].y).toEqual(Array(OUTAGE.dbDown[1] - OUTAGE.dbDown[0]).fill(2));
  });

  it("decimates long series to maxPoints while keeping every spike", () => {
    const store = new MetricsStore({ nodes: ["n"], metrics: ["latency_ms"], stepSeconds: 60 });
    for (let s = 0; s < 20_000; s++) store.append(s * 60, [[s === 12_345 ? 900 : s === 777 ? -5 : 10]]);
    const [line] = lines(timeSeries(store, { metric: "latency_ms", maxPoints: 300 }).data);
    expect((line.y as number[]).length).toBeLessThanOrEqual(300);
    expect(Math.max(...(line.y as number[]))).toBe(900);
    expect(Math.min(...(line.y as number[]))).toBe(-5);
    expect((line.x as number[])[(line.y as number[]).indexOf(900)]).toBeCloseTo((12_345 * 60) / 3600, 9);
  });

  it("draws missing values as gaps (null)", () => {
    const store = new MetricsStore({ nodes: ["n"], metrics: ["cpu"], stepSeconds: 60 });
    [0.1, NaN, 0.3].forEach((v, s) => store.append(s * 60, [[v]]));
    expect(lines(timeSeries(store, { metric: "cpu" }).data)[0].y).toEqual([0.1, null, 0.3]);
  });

  it("puts the chosen metrics on a log axis", () => {
    const fig = timeSeries(seededStore(), { metric: ["latency_ms", "cpu"], log: ["latency_ms"] });
    expect(fig.layout.yaxis).toMatchObject({ type: "log", dtick: 1, ticksuffix: " ms" });
    expect((fig.layout.yaxis2 as { type?: string }).type).toBeUndefined();
    expect(() => timeSeries(seededStore(), { metric: "cpu", log: ["latency_ms"] })).toThrow(/options\.log/);
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => timeSeries(seededStore(), { metric: "cpuu" })).toThrow(
      'timeSeries: expected options.metric to be a recorded metric (cpu, latency_ms, error_rate, status) but found "cpuu".',
    );
    expect(() => timeSeries(seededStore(), { metric: "cpu", nodes: ["nope"] })).toThrow(/options\.nodes .* found "nope"/);
    expect(() => timeSeries({} as never, { metric: "cpu" })).toThrow(InvalidArgumentError);
    expect(() => timeSeries(seededStore(), { metric: [] })).toThrow(/non-empty array/);
    expect(() => timeSeries(seededStore(), { metric: "cpu", maxPoints: 0 })).toThrow(/maxPoints/);
  });
});
