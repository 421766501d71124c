import { describe, expect, test } from "vitest";
import { InvalidArgumentError, NotFoundError, UsageError } from "../../lib/errors";
import { MetricsStore, TWIN_METRICS } from "../../lib/metrics";
import { cellValue, patternStore } from "./helpers";

describe("MetricsStore", () => {
  test("`append()` records every step of every node and metric by default", () => {
    const store = patternStore(5);
    expect(store.recordedSteps).toBe(5);
    expect(store.appendedSteps).toBe(5);
    expect(Array.from(store.times)).toEqual([0, 60, 120, 180, 240]);
    expect(store.nodeIds).toEqual(["a", "b", "c", "d"]);
    expect(store.metricNames).toEqual(["cpu", "latency_ms", "status"]);
    expect(store.kinds).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(Array.from(store.series("latency_ms", "c"))).toEqual([0, 1, 2, 3, 4].map((s) => cellValue(1, 2, s)));
  });

  test("`append()` keeps only the selected metrics and nodes, in producer order", () => {
    const store = patternStore(3, { record: { metrics: ["status", "cpu"], nodes: ["d", "b"] }, kinds: ["x", "y", "z", "w"] });
    expect(store.metricNames).toEqual(["cpu", "status"]);
    expect(store.nodeIds).toEqual(["b", "d"]);
    expect(store.kinds).toEqual(["y", "w"]);
    expect(Array.from(store.series("status", "d"))).toEqual([0, 1, 2].map((s) => cellValue(2, 3, s)));
    expect(Array.from(store.snapshot("cpu", 2))).toEqual([cellValue(0, 1, 2), cellValue(0, 3, 2)]);
    expect(() => store.series("latency_ms", "b")).toThrow(/metric "latency_ms" not found\. It exists but is not recorded/);
    expect(() => store.series("cpu", "a")).toThrow(/node "a" not found\. It exists but is not recorded/);
  });

  test("`append()` accepts a node predicate on id and node number", () => {
    const store = patternStore(2, { record: { nodes: (id, index) => id === "a" || index === 2 } });
    expect(store.nodeIds).toEqual(["a", "c"]);
    expect(store.value("cpu", "c", 1)).toBe(cellValue(0, 2, 1));
  });

  test("`append()` records one step in `every`, starting with the first, and reports whether it recorded", () => {
    const store = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 10, startTime: 100, record: { every: 3 } });
    const recorded = [0, 1, 2, 3, 4, 5, 6].map((s) => store.append(100 + s * 10, [new Float64Array([s])]));
    expect(recorded).toEqual([true, false, false, true, false, false, true]);
    expect(store.recordedSteps).toBe(3);
    expect(store.appendedSteps).toBe(7);
    expect(Array.from(store.times)).toEqual([100, 130, 160]);
    expect(Array.from(store.series("cpu", "a"))).toEqual([0, 3, 6]);
    expect(store.recordInterval).toBe(30);
  });

  test("`append()` grows past `expectedSteps` and past chunk boundaries without losing values", () => {
    const store = patternStore(700, { expectedSteps: 10 });
    expect(store.chunkSteps).toBe(10);
    expect(store.recordedSteps).toBe(700);
    const series = store.series("status", "b");
    for (let s = 0; s < 700; s++) expect(series[s]).toBe(cellValue(2, 1, s));
    const unhinted = patternStore(700);
    expect(unhinted.chunkSteps).toBe(256);
    expect(Array.from(unhinted.series("cpu", "d"))).toEqual(Array.from(store.series("cpu", "d")));
    expect(store.times[699]).toBe(699 * 60);
  });

  test("`snapshot()` views stay valid after the store grows", () => {
    const store = patternStore(3, { expectedSteps: 3 });
    const view = store.snapshot("cpu", 1);
    const columns = store.metricNames.map(() => new Float64Array(4).fill(-1));
    for (let s = 3; s < 50; s++) store.append(s * 60, columns);
    expect(Array.from(view)).toEqual([0, 1, 2, 3].map((i) => cellValue(0, i, 1)));
    expect(Array.from(store.snapshot("cpu", 49))).toEqual([-1, -1, -1, -1]);
  });

  test("`series()` stores float32 by default and float64 on request", () => {
    const make = (precision?: "float32" | "float64") => {
      const store = new MetricsStore({ nodes: ["a"], metrics: ["latency_ms"], stepSeconds: 1, precision });
      store.append(0, [new Float64Array([123.456789012])]);
      return store;
    };
    const f32 = make().series("latency_ms", "a");
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32[0]).toBe(Math.fround(123.456789012));
    const f64 = make("float64").series("latency_ms", "a");
    expect(f64).toBeInstanceOf(Float64Array);
    expect(f64[0]).toBe(123.456789012);
  });

  test("`series()` reads a step range and `readSeries()` fills a caller's buffer", () => {
    const store = patternStore(20, { expectedSteps: 4 });
    expect(Array.from(store.series("cpu", "b", { fromStep: 5, toStep: 9 }))).toEqual([5, 6, 7, 8].map((s) => cellValue(0, 1, s)));
    const out = new Float64Array(3);
    store.readSeries(store.metricIndex("latency_ms"), store.nodeIndex("d"), out, 17, 20);
    expect(Array.from(out)).toEqual([17, 18, 19].map((s) => cellValue(1, 3, s)));
    expect(() => store.series("cpu", "b", { fromStep: 5, toStep: 21 })).toThrow("MetricsStore.series: expected toStep to be an integer in 5..20 but found 21.");
  });

  test("`append()` rejects wrong columns and times that do not increase, without recording anything", () => {
    const store = new MetricsStore({ nodes: ["a", "b"], metrics: ["cpu", "ram"], stepSeconds: 60 });
    expect(() => store.append(0, [new Float64Array(2)])).toThrow(InvalidArgumentError);
    expect(() => store.append(0, [new Float64Array(2)])).toThrow(/expected columns to be 2 arrays \(one per metric: cpu, ram\) but found 1/);
    expect(() => store.append(0, [new Float64Array(2), new Float64Array(1)])).toThrow(
      'MetricsStore.append: expected columns[1] (ram) to be an array of at least 2 values (one per node) but found "an array of length 1".',
    );
    store.append(60, [new Float64Array(2), new Float64Array(2)]);
    expect(() => store.append(60, [new Float64Array(2), new Float64Array(2)])).toThrow(UsageError);
    expect(() => store.append(NaN, [new Float64Array(2), new Float64Array(2)])).toThrow(/expected time to be a finite number but found NaN/);
    expect(store.recordedSteps).toBe(1);
    expect(store.appendedSteps).toBe(1);
  });

  test("`new MetricsStore()` names the bad option and value", () => {
    const base = { nodes: ["a"], metrics: ["cpu"], stepSeconds: 60 };
    expect(() => new MetricsStore({ ...base, stepSeconds: 0 })).toThrow("new MetricsStore: expected stepSeconds to be a finite number > 0 but found 0.");
    expect(() => new MetricsStore({ ...base, nodes: ["a", "a"] })).toThrow('new MetricsStore: expected nodes to be unique but found "a" twice.');
    expect(() => new MetricsStore({ ...base, kinds: ["x", "y"] })).toThrow(/expected kinds to be an array of 1 strings/);
    expect(() => new MetricsStore({ ...base, record: { every: 0 } })).toThrow("new MetricsStore: expected record.every to be an integer >= 1 but found 0.");
    expect(() => new MetricsStore({ ...base, record: { metrics: ["ram"] } })).toThrow(NotFoundError);
    expect(() => new MetricsStore({ ...base, record: { nodes: ["z"] } })).toThrow('new MetricsStore: record.nodes: node "z" not found.');
    expect(() => new MetricsStore({ ...base, epoch: "yesterday" })).toThrow(/expected epoch to be an ISO timestamp/);
  });

  test("`stepAt()` and `stepRange()` map times to recorded steps", () => {
    const store = patternStore(5);
    expect(store.stepAt(-1)).toBe(-1);
    expect(store.stepAt(0)).toBe(0);
    expect(store.stepAt(119.9)).toBe(1);
    expect(store.stepAt(1e9)).toBe(4);
    expect(store.stepRange(60, 180)).toEqual([1, 4]);
    expect(store.stepRange(61, 179)).toEqual([2, 3]);
    expect(store.stepRange()).toEqual([0, 5]);
    expect(store.stepRange(500, 900)).toEqual([5, 5]);
  });

  test("`window()` covers the last steps or seconds up to `end`, with statistics", () => {
    const store = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 60 });
    [0.1, 0.5, NaN, 0.3, 0.9, 0.7].forEach((v, s) => store.append(s * 60, [new Float64Array([v])]));
    const w = store.window("cpu", "a", { steps: 4 });
    expect(w.kind).toBe("window");
    expect(w.fromStep).toBe(2);
    expect(Array.from(w.times)).toEqual([120, 180, 240, 300]);
    expect(w.count()).toBe(3);
    expect(w.mean()).toBeCloseTo((0.3 + 0.9 + 0.7) / 3, 6);
    expect(w.min()).toBeCloseTo(0.3, 6);
    expect(w.max()).toBeCloseTo(0.9, 6);
    expect(w.last()).toBeCloseTo(0.7, 6);
    expect(w.percentile(50)).toBeCloseTo(0.7, 6);
    expect(w.rate()).toBeCloseTo((0.7 - 0.3) / 120, 9);
    expect(w.stat("p100")).toBeCloseTo(0.9, 6);
    const early = store.window("cpu", "a", { steps: 10, end: 1 });
    expect(Array.from(early.times)).toEqual([0, 60]);
    const bySeconds = store.window("cpu", "a", { seconds: 120, end: 4 });
    expect(Array.from(bySeconds.times)).toEqual([180, 240]);
    expect(() => store.window("cpu", "a", { steps: 2, seconds: 60 })).toThrow(/exactly one of steps or seconds/);
    expect(() => store.window("cpu", "a", { steps: 2, end: 6 })).toThrow("MetricsStore.window: expected end to be a recorded step index in 0..5 but found 6.");
  });

  test("`window()` on an empty store is empty, its statistics NaN", () => {
    const store = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 60 });
    const w = store.window("cpu", "a", { steps: 3 });
    expect(w.values.length).toBe(0);
    expect(w.mean()).toBeNaN();
    expect(w.count()).toBe(0);
  });

  test("`append()` takes the twin's eight metric columns for many nodes", () => {
    const nodes = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const store = new MetricsStore({ nodes, metrics: TWIN_METRICS, stepSeconds: 60, expectedSteps: 30, record: { every: 2, metrics: ["cpu", "status"] } });
    const columns = TWIN_METRICS.map((_, m) => Float64Array.from(nodes, (_, i) => m * 1000 + i));
    for (let s = 0; s < 30; s++) store.append(s * 60, columns);
    expect(store.recordedSteps).toBe(15);
    expect(Array.from(store.snapshot("status", 14)).slice(0, 3)).toEqual([6000, 6001, 6002]);
    expect(store.memoryBytes).toBeGreaterThanOrEqual(2 * 15 * 300 * 4);
  });

  test("`toJSON()` makes `JSON.stringify(store)` produce the store document", () => {
    const store = patternStore(2);
    const document = JSON.parse(JSON.stringify(store));
    expect(document.format).toBe("infratwin.metrics");
    expect(document.values.cpu.b).toEqual([cellValue(0, 1, 0), cellValue(0, 1, 1)]);
  });
});

describe("MetricsStore printing", () => {
  test("`toString()` and console inspection summarise the store instead of dumping buffers", async () => {
    const { inspect } = await import("node:util");
    const store = patternStore(3, { record: { every: 2 } });
    const summary = "MetricsStore { 4 nodes × 3 metrics (cpu, latency_ms, status), 2 steps, t = 0..120 s, every 2 steps, float32, ";
    expect(store.toString().startsWith(summary)).toBe(true);
    expect(inspect(store)).toBe(store.toString());
  });
});

describe("MetricsStore reading by time and replay", () => {
  test("`series()` reads a time range in seconds, both ends included", () => {
    const store = patternStore(10);
    expect(Array.from(store.series("cpu", "a", { from: 120, to: 240 }))).toEqual([2, 3, 4].map((s) => cellValue(0, 0, s)));
    expect(Array.from(store.series("cpu", "a", { from: 500 }))).toEqual([9].map((s) => cellValue(0, 0, s)));
    expect(() => store.series("cpu", "a", { from: 0, toStep: 3 })).toThrow(/either fromStep\/toStep or from\/to, not both/);
  });

  test("`columnsAt()` gives one column per recorded metric, ready to append into another store", () => {
    const store = patternStore(4, { record: { metrics: ["cpu", "status"] } });
    const copy = new MetricsStore({ nodes: store.nodeIds, metrics: store.metricNames, stepSeconds: 60 });
    for (let s = 0; s < store.recordedSteps; s++) copy.append(store.timeOf(s), store.columnsAt(s));
    expect(Array.from(copy.series("status", "c"))).toEqual(Array.from(store.series("status", "c")));
    expect(store.columnsAt(1)).toHaveLength(2);
  });
});
