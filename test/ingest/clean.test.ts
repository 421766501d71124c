import { vi, describe, expect, it } from "vitest";
import { readTelemetry } from "../../lib/ingest";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

const long = (rows: string[]) => ["time,node,metric,value", ...rows].join("\n");

describe("readTelemetry() cleaning pipeline", () => {
  it("sorts out-of-order samples, keeps the later duplicate, counts both", async () => {
    const { store, report } = await readTelemetry(long(["120,a,cpu,0.3", "0,a,cpu,0.1", "60,a,cpu,0.2", "60,a,cpu,0.25"]));
    expect(Array.from(store.series("cpu", "a"))).toEqual([0.1, 0.25, 0.3]);
    expect(report.series[0]).toMatchObject({ outOfOrder: 3, duplicates: 1, samples: 4 });
  });

  it("gaps: left missing, held for at most N steps, or interpolated", async () => {
    const rows = ["0,a,cpu,0.1", "300,a,cpu,0.6"];
    const none = await readTelemetry(long(rows), { step: 60 });
    expect(Array.from(none.store.series("cpu", "a"))).toEqual([0.1, NaN, NaN, NaN, NaN, 0.6]);
    expect(none.report.totals.gaps).toBe(4);
    const held = await readTelemetry(long(rows), { step: "1m", gaps: { hold: 2 } });
    expect(Array.from(held.store.series("cpu", "a"))).toEqual([0.1, 0.1, 0.1, NaN, NaN, 0.6]);
    expect(held.report.totals).toMatchObject({ filled: 2, gaps: 2 });
    const linear = await readTelemetry(long(rows), { step: 60, gaps: "interpolate" });
    expect(Array.from(linear.store.series("cpu", "a")).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(linear.report.totals.filled).toBe(4);
  });

  it("resamples to the step: mean by default, max for status, per-metric override", async () => {
    const rows = ["0,a,cpu,0.2", "20,a,cpu,0.4", "40,a,cpu,0.9", "0,a,status,0", "20,a,status,2", "40,a,status,0", "60,a,cpu,0.5", "60,a,status,0"];
    const { store, report } = await readTelemetry(long(rows), { step: 60 });
    // 40 s is nearer 60 s than 0 s, so it joins the second step.
    expect(Array.from(store.series("cpu", "a"))).toEqual([0.30000000000000004, 0.7]);
    expect(Array.from(store.series("status", "a"))).toEqual([2, 0]);
    expect(report.totals.merged).toBe(4);
    expect(report.totals.snapped).toBe(4);
    const last = await readTelemetry(long(rows), { step: 60, aggregate: { cpu: "last" } });
    expect(Array.from(last.store.series("cpu", "a"))).toEqual([0.4, 0.5]);
  });

  it("impossible values are flagged by default, clipped or dropped by policy, and always counted", async () => {
    const rows = ["0,a,latency_ms,12", "60,a,latency_ms,-5", "120,a,latency_ms,15"];
    const flagged = await readTelemetry(long(rows));
    expect(flagged.store.value("latency_ms", "a", 1)).toBe(-5);
    expect(flagged.report.totals.impossible).toBe(1);
    const clipped = await readTelemetry(long(rows), { impossible: "clip" });
    expect(clipped.store.value("latency_ms", "a", 1)).toBe(0);
    const dropped = await readTelemetry(long(rows), { impossible: "drop" });
    expect(dropped.store.value("latency_ms", "a", 1)).toBeNaN();
    expect(dropped.report.series[0].impossible).toBe(1);
  });

  it("empty values are missing and counted; kinds come from a map or a topology, else a warning", async () => {
    const { store, report } = await readTelemetry(long(["0,a,cpu,", "60,a,cpu,NaN", "120,a,cpu,0.5"]), { kinds: { a: "server" } });
    expect(report.totals.empty).toBe(2);
    expect(store.kinds).toEqual(["server"]);
    expect(report.warnings.join(" ")).not.toMatch(/no kind/);
    const graphLike = { hasNode: (id: string) => id === "a", getNodeAttribute: () => "database" };
    expect((await readTelemetry(long(["0,a,cpu,0.5"]), { kinds: graphLike })).store.kinds).toEqual(["database"]);
    const bare = await readTelemetry(long(["0,a,cpu,0.5"]));
    expect(bare.report.warnings.join(" ")).toMatch(/1 of 1 nodes have no kind.*options\.kinds/);
  });

  it("a step so small the store would explode fails naming options.step", async () => {
    await expect(readTelemetry(long(["0,a,cpu,0.1", "86400000,a,cpu,0.2"]), { step: 0.001 })).rejects.toThrow(/options\.step/);
  });
});
