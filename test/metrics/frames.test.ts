import { describe, expect, test } from "vitest";
import { UsageError } from "../../lib/errors";
import { MetricsStore, loadDanfo, longColumns, toLongFrame, toWideFrame, wideColumns } from "../../lib/metrics";
import { cellValue, patternStore } from "./helpers";

// One danfo import for the whole file (it pulls TensorFlow.js and takes about a second).
const dfd = loadDanfo();

describe("frames", () => {
  const store = patternStore(6, { kinds: ["server", "server", "database", "queue"], epoch: "2026-11-24T00:00:00Z" });

  test("`loadDanfo()` loads danfo once and returns the same module", () => {
    expect(loadDanfo()).toBe(dfd);
    expect(typeof dfd.DataFrame).toBe("function");
  });

  test("`toLongFrame()` has one row per metric, node and time with the long columns", () => {
    const frame = toLongFrame(store);
    expect(frame.shape).toEqual([3 * 4 * 6, 6]);
    expect(frame.columns).toEqual(["time", "timestamp", "node", "kind", "metric", "value"]);
    expect(frame.column("value").dtype).toBe("float32");
    expect(frame.column("time").values.slice(0, 3)).toEqual([0, 60, 120]);
    expect(frame.column("timestamp").values[1]).toBe("2026-11-24T00:01:00.000Z");
    expect(frame.column("kind").values[6 * 2]).toBe("database");
  });

  test("`toLongFrame()` groups by node and metric into the right means", () => {
    const frame = toLongFrame(store, { metrics: ["cpu", "status"] });
    const means = frame.groupby(["node", "metric"]).col(["value"]).mean();
    expect(means.shape).toEqual([8, 3]);
    const rows = dfd.toJSON(means) as { node: string; metric: string; value_mean: number }[];
    const c = rows.find((r) => r.node === "c" && r.metric === "status");
    // Mean over steps 0..5 of cellValue(2, 2, s).
    expect(c?.value_mean).toBeCloseTo(cellValue(2, 2, 2.5), 9);
    const byKind = frame.groupby(["kind"]).col(["value"]).count();
    expect(dfd.toJSON(byKind)).toEqual(expect.arrayContaining([{ kind: "server", value_count: 24 }]));
  });

  test("`toLongFrame()` filters by metrics, nodes and time range, and can drop missing values", () => {
    const frame = toLongFrame(store, { metrics: ["latency_ms"], nodes: ["d", "a"], from: 60, to: 180 });
    expect(frame.shape).toEqual([6, 6]);
    expect(frame.column("node").values).toEqual(["d", "d", "d", "a", "a", "a"]);
    expect(frame.column("value").values[0]).toBe(cellValue(1, 3, 1));
    const gappy = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 1 });
    [0.5, NaN, 0.25].forEach((v, s) => gappy.append(s, [Float64Array.from([v])]));
    expect(toLongFrame(gappy).shape).toEqual([3, 5]);
    expect(toLongFrame(gappy, { dropMissing: true }).column("value").values).toEqual([0.5, 0.25]);
  });

  test("`toLongFrame()` refuses more rows than `maxRows` and says how to narrow it", () => {
    expect(() => toLongFrame(store, { maxRows: 50 })).toThrow(UsageError);
    expect(() => toLongFrame(store, { maxRows: 50 })).toThrow(
      /^toLongFrame: 72 rows \(3 metrics × 4 nodes × 6 steps\) exceed maxRows 50; .*Narrow it with options\.metrics, options\.nodes or options\.from\/to/,
    );
    expect(toLongFrame(store, { maxRows: 50, metrics: ["cpu"] }).shape[0]).toBe(24);
    expect(() => toWideFrame(store, "cpu", { maxRows: 5 })).toThrow(/^toWideFrame: 6 rows \(6 steps\) exceed maxRows 5; .*options\.from\/to/);
  });

  test("`toWideFrame()` has time, timestamp and one column per node", () => {
    const frame = toWideFrame(store, "cpu", { nodes: ["b", "a"] });
    expect(frame.shape).toEqual([6, 4]);
    expect(frame.columns).toEqual(["time", "timestamp", "b", "a"]);
    expect(frame.column("b").values).toEqual([0, 1, 2, 3, 4, 5].map((s) => cellValue(0, 1, s)));
    expect(frame.column("a").dtype).toBe("float32");
  });

  test("frames of an empty store keep their column names", () => {
    const empty = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 60 });
    const frame = toLongFrame(empty);
    expect(frame.columns).toEqual(["time", "node", "kind", "metric", "value"]);
    expect(frame.shape[0]).toBe(0);
    expect(toWideFrame(empty, "cpu").columns).toEqual(["time", "a"]);
  });

  test("`longColumns()` and `wideColumns()` give plain arrays for plots without danfo", () => {
    const long = longColumns(store, { metrics: ["cpu"], nodes: ["a"] });
    expect(long.time).toEqual([0, 60, 120, 180, 240, 300]);
    expect(long.node).toEqual(Array(6).fill("a"));
    expect(long.value).toEqual([0, 1, 2, 3, 4, 5].map((s) => cellValue(0, 0, s)));
    const wide = wideColumns(store, "status", { to: 60 });
    expect(Object.keys(wide)).toEqual(["time", "timestamp", "a", "b", "c", "d"]);
    expect(wide.d).toEqual([cellValue(2, 3, 0), cellValue(2, 3, 1)]);
    const clash = new MetricsStore({ nodes: ["time"], metrics: ["cpu"], stepSeconds: 60 });
    expect(() => wideColumns(clash, "cpu")).toThrow('wideColumns: node id "time" clashes with the time column of a wide frame; rename the node or use a long frame.');
  });
});
