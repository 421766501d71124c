import { describe, expect, test } from "vitest";
import { MetricsStore, formatFloat32, toCsv, toJSON } from "../../lib/metrics";
import { patternStore } from "./helpers";

function smallStore(): MetricsStore {
  const store = new MetricsStore({
    nodes: ["db-1", "app,2"],
    kinds: ["database", "application"],
    metrics: ["cpu", "latency_ms"],
    stepSeconds: 60,
    epoch: "2026-11-24T00:00:00Z",
    labels: { region: ["eu-west", "eu-north"] },
  });
  store.append(0, [Float64Array.from([0.1, 0.25]), Float64Array.from([12.5, NaN])]);
  store.append(60, [Float64Array.from([0.2, 0.5]), Float64Array.from([13, 40])]);
  return store;
}

describe("export", () => {
  test("`toCsv()` long form: one row per time, node and metric, with timestamp, kind and labels", () => {
    expect(toCsv(smallStore())).toBe(
      [
        "time,timestamp,node,kind,metric,value,region",
        "0,2026-11-24T00:00:00.000Z,db-1,database,cpu,0.1,eu-west",
        "0,2026-11-24T00:00:00.000Z,db-1,database,latency_ms,12.5,eu-west",
        '0,2026-11-24T00:00:00.000Z,"app,2",application,cpu,0.25,eu-north',
        '0,2026-11-24T00:00:00.000Z,"app,2",application,latency_ms,,eu-north',
        "60,2026-11-24T00:01:00.000Z,db-1,database,cpu,0.2,eu-west",
        "60,2026-11-24T00:01:00.000Z,db-1,database,latency_ms,13,eu-west",
        '60,2026-11-24T00:01:00.000Z,"app,2",application,cpu,0.5,eu-north',
        '60,2026-11-24T00:01:00.000Z,"app,2",application,latency_ms,40,eu-north',
        "",
      ].join("\n"),
    );
  });

  test("`toCsv()` wide and table forms, filtered by nodes, metrics and time", () => {
    const store = smallStore();
    expect(toCsv(store, { format: "wide", metric: "latency_ms" })).toBe(
      'time,timestamp,db-1,"app,2"\n0,2026-11-24T00:00:00.000Z,12.5,\n60,2026-11-24T00:01:00.000Z,13,40\n',
    );
    expect(toCsv(store, { format: "table", nodes: ["app,2"], from: 30 })).toBe(
      'time,timestamp,node,kind,cpu,latency_ms,region\n60,2026-11-24T00:01:00.000Z,"app,2",application,0.5,40,eu-north\n',
    );
    expect(toCsv(store, { metrics: ["latency_ms"], nodes: ["db-1"], to: 0 }).trim().split("\n")).toHaveLength(2);
    expect(() => toCsv(store, { format: "wide" })).toThrow("toCsv: a wide export holds one metric: pass options.metric (one of cpu, latency_ms).");
    expect(() => toCsv(store, { format: "xml" as never })).toThrow(/toCsv: expected format to be "long", "wide" or "table" but found "xml"/);
  });

  test("`formatFloat32()` prints the shortest text that reads back to the same float32", () => {
    for (const v of [0.1, 0.123456789, 123.456, 1e-7, 3.4e38, 16777217, 0.3333333]) {
      const f = Math.fround(v);
      const text = formatFloat32(f);
      expect(Math.fround(Number(text))).toBe(f);
      // At most 9 significant digits always suffice for float32.
      expect(text.replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length).toBeLessThanOrEqual(9);
    }
    expect(formatFloat32(Math.fround(0.1))).toBe("0.1");
    expect(formatFloat32(Math.fround(2.5))).toBe("2.5");
    expect(formatFloat32(7)).toBe("7");
  });

  test("`toJSON()` writes metadata and per-node series with null for missing values", () => {
    const document = toJSON(smallStore());
    expect(document).toMatchObject({
      format: "infratwin.metrics",
      version: 1,
      stepSeconds: 60,
      startTime: 0,
      every: 1,
      precision: "float32",
      epoch: "2026-11-24T00:00:00.000Z",
      nodes: ["db-1", "app,2"],
      kinds: ["database", "application"],
      labels: { region: ["eu-west", "eu-north"] },
      metrics: ["cpu", "latency_ms"],
      times: [0, 60],
    });
    expect(document.values.cpu["db-1"]).toEqual([0.1, 0.2]);
    expect(document.values.latency_ms["app,2"]).toEqual([null, 40]);
    expect(toJSON(patternStore(0)).times).toEqual([]);
  });
});
