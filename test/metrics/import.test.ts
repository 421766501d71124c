import { describe, expect, test } from "vitest";
import { ValidationError } from "../../lib/errors";
import { MetricsStore, TelemetryImportError, fromCsv, fromJSON, importCsv, toCsv, toJSON } from "../../lib/metrics";
import { randomSeries } from "./helpers";

/** A float32 store of seeded random data with a few missing values, an epoch, kinds and a label. */
function telemetryStore(): MetricsStore {
  const nodes = ["web-1", "db-1", "queue \"main\""];
  const store = new MetricsStore({
    nodes,
    kinds: ["application", "database", "queue"],
    metrics: ["cpu", "latency_ms", "status"],
    stepSeconds: 30,
    startTime: 600,
    epoch: "2026-03-31T22:00:00Z",
    labels: { region: ["eu", "eu", "us"] },
  });
  const data = nodes.map((n) => [0, 1, 2].map((m) => randomSeries(`${n}/${m}`, 25, 0.05)));
  for (let s = 0; s < 25; s++) store.append(600 + s * 30, [0, 1, 2].map((m) => Float64Array.from(nodes, (_, i) => data[i][m][s])));
  return store;
}

function expectSameValues(actual: MetricsStore, expected: MetricsStore): void {
  expect(actual.nodeIds).toEqual(expected.nodeIds);
  expect(Array.from(actual.times)).toEqual(Array.from(expected.times));
  for (const metric of expected.metricNames) {
    for (const node of expected.nodeIds) {
      // Float32 values printed by toCsv read back as the same float32 numbers.
      expect(Array.from(actual.series(metric, node), Math.fround), `${metric}/${node}`).toEqual(Array.from(expected.series(metric, node)));
    }
  }
}

const quiet = { onWarning: () => {} };

describe("import", () => {
  const store = telemetryStore();

  test("`fromCsv()` reads back a long export: values, kinds, labels, epoch", () => {
    const back = fromCsv(toCsv(store), quiet);
    expectSameValues(back, store);
    expect(back.metricNames).toEqual(["cpu", "latency_ms", "status"]);
    expect(back.kinds).toEqual(store.kinds);
    expect(back.labels).toEqual({ region: ["eu", "eu", "us"] });
    expect(back.epochMs).toBe(store.epochMs);
    expect(back.stepSeconds).toBe(30);
    expect(back.precision).toBe("float64");
  });

  test("`fromCsv()` reads back wide and table exports", () => {
    const wide = fromCsv(toCsv(store, { format: "wide", metric: "latency_ms" }), { metric: "latency_ms", ...quiet });
    expect(wide.metricNames).toEqual(["latency_ms"]);
    expect(Array.from(wide.series("latency_ms", "db-1"), Math.fround)).toEqual(Array.from(store.series("latency_ms", "db-1")));
    const table = fromCsv(toCsv(store, { format: "table" }), quiet);
    expectSameValues(table, store);
    expect(table.labels).toEqual({ region: ["eu", "eu", "us"] });
  });

  test("`fromCsv()` accepts any column order, any row order, and CRLF", () => {
    const [header, ...rows] = toCsv(store, { nodes: ["db-1"] }).trim().split("\n");
    // Reverse rows and move columns around: value,metric,time,node (timestamp, kind and labels dropped).
    const columns = header.split(",");
    const pick = (line: string) => {
      const cells = line.split(",");
      const at = (name: string) => cells[columns.indexOf(name)];
      return [at("value"), at("metric"), at("time"), at("node")].join(",");
    };
    const text = ["Value, METRIC ,time,node", ...rows.reverse().map(pick)].join("\r\n");
    const back = fromCsv(text, quiet);
    expect(back.nodeIds).toEqual(["db-1"]);
    expect(back.kinds).toEqual(["unknown"]);
    expect(Array.from(back.series("cpu", "db-1"), Math.fround)).toEqual(Array.from(store.series("cpu", "db-1")));
  });

  test("`importCsv()` reads ISO timestamps as seconds from the earliest, zone-less ones as UTC", () => {
    const text = ["timestamp,node,metric,value", "2026-04-01 00:02:00,a,cpu,0.3", "2026-04-01T00:00:00Z,a,cpu,0.1", "2026-04-01T02:01:00+02:00,a,cpu,0.2"].join("\n");
    const { store: back, report } = importCsv(text);
    expect(back.epochMs).toBe(Date.UTC(2026, 3, 1));
    expect(Array.from(back.times)).toEqual([0, 60, 120]);
    expect(Array.from(back.series("cpu", "a"))).toEqual([0.1, 0.2, 0.3]);
    expect(report).toMatchObject({ kind: "import-report", rows: 3, nodes: 1, metrics: 1, steps: 3, emptyValues: 0, absentValues: 0, duplicates: 0 });
  });

  test("`importCsv()` reports empty and absent values as NaN, duplicates, and irregular times", () => {
    const text = ["time,node,metric,value", "0,a,cpu,0.1", "0,b,cpu,NA", "60,a,cpu,", "60,a,ram,0.5", "60,a,ram,0.6", "200,b,cpu,0.4"].join("\n");
    const { store: back, report } = importCsv(text);
    expect(back.nodeIds).toEqual(["a", "b"]);
    expect(back.metricNames).toEqual(["cpu", "ram"]);
    expect(Array.from(back.times)).toEqual([0, 60, 200]);
    expect(Array.from(back.series("cpu", "a"))).toEqual([0.1, NaN, NaN]);
    expect(Array.from(back.series("ram", "a"))).toEqual([NaN, 0.6, NaN]);
    expect(report.emptyValues).toBe(2);
    expect(report.duplicates).toBe(1);
    // 3 steps × 2 nodes × 2 metrics = 12 cells, 5 given.
    expect(report.absentValues).toBe(7);
    expect(report.warnings.join(" ")).toMatch(/times are irregular \(gaps from 60 s to 140 s\); pass stepSeconds/);
    const messages: string[] = [];
    fromCsv(text, { onWarning: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^fromCsv: .*2 samples are empty and were stored as NaN\./);
  });

  test("`importCsv()` with `stepSeconds` snaps times to a regular grid and fills gaps with NaN", () => {
    const text = ["time,node,metric,value", "1000,a,cpu,1", "1061,a,cpu,2", "1238,a,cpu,4"].join("\n");
    const { store: back, report } = importCsv(text, { stepSeconds: 60 });
    expect(Array.from(back.times)).toEqual([1000, 1060, 1120, 1180, 1240]);
    expect(Array.from(back.series("cpu", "a"))).toEqual([1, 2, NaN, NaN, 4]);
    expect(back.stepSeconds).toBe(60);
    expect(report.snapped).toBe(2);
    expect(report.absentValues).toBe(2);
    expect(() => importCsv(text, { stepSeconds: 1e-6 })).toThrow(/importCsv: the store would hold .* values .*; pass a larger stepSeconds than 0.000001\./);
  });

  test("`fromCsv()` names the line, column and value of a bad cell", () => {
    const rows = ["time,node,metric,value"];
    for (let s = 0; s < 10; s++) rows.push(`${s * 60},a,cpu,0.${s}`);
    rows.push("600,a,cpu,abc");
    const text = rows.join("\n");
    expect(() => fromCsv(text)).toThrow(TelemetryImportError);
    expect(() => fromCsv(text)).toThrow(/^fromCsv: line 12: value "abc" is not a finite decimal number \(column value\); hexadecimal, Infinity and overflowing values are refused\.$/);
    let error: TelemetryImportError | undefined;
    try {
      fromCsv(["time,node,metric,value", "yesterday,a,cpu,1", "60,a,cpu", "120,,cpu,1", "180,a,,2"].join("\n"));
    } catch (e) {
      error = e as TelemetryImportError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.message).toBe(
      [
        'fromCsv: line 2: time "yesterday" is not a number of seconds or an ISO 8601 timestamp (column time). 3 more problems:',
        "  line 3: expected 4 fields (as the header) but found 3.",
        "  line 4: node is empty (column node).",
        "  line 5: metric is empty (column metric).",
      ].join("\n"),
    );
    expect(error?.problems.map((p) => p.path)).toEqual(["line 2", "line 3", "line 4", "line 5"]);
  });

  test("`fromCsv()` refuses mixed time formats and headers without the needed columns", () => {
    expect(() => fromCsv("time,node,metric,value\n0,a,cpu,1\n2026-01-01T00:00:00Z,a,cpu,2\n")).toThrow(
      'fromCsv: line 3: time "2026-01-01T00:00:00Z" is not a number of seconds like the rows before it (column time).',
    );
    expect(() => fromCsv("node,metric,value\na,cpu,1\n")).toThrow("fromCsv: the header has no time column (found: node, metric, value); expected one named time, timestamp or ts.");
    expect(() => fromCsv("time,node,metric,value,value\n", { format: "long" })).toThrow(/the header names column "value" twice/);
    expect(() => fromCsv("time,metric,value\n0,cpu,1\n", { format: "long" })).toThrow(/fromCsv: the header has no node column/);
    expect(() => fromCsv("time,node,metric,value\n")).toThrow("fromCsv: no samples found (0 rows read); nothing to build a store from.");
  });

  test("`fromCsv()` table form tells metric columns from label columns by their cells", () => {
    const text = ["time,node,kind,cpu,owner,latency_ms", "0,a,server,0.5,team-x,12", "0,b,server,,team-y,", "60,a,server,0.7,team-x,NaN"].join("\n");
    const back = fromCsv(text, quiet);
    expect(back.metricNames).toEqual(["cpu", "latency_ms"]);
    expect(back.labels).toEqual({ owner: ["team-x", "team-y"] });
    expect(back.kinds).toEqual(["server", "server"]);
    expect(Array.from(back.series("cpu", "b"))).toEqual([NaN, NaN]);
    const forced = fromCsv(text, { metrics: ["cpu"], ...quiet });
    expect(forced.metricNames).toEqual(["cpu"]);
    expect(Object.keys(forced.labels)).toEqual(["owner", "latency_ms"]);
  });

  test("`fromJSON()` reads back the document `toJSON()` writes, as an object or text", () => {
    const document = toJSON(store);
    const back = fromJSON(JSON.stringify(document));
    expect(back.precision).toBe("float32");
    expect(back.epochMs).toBe(store.epochMs);
    expect(back.labels).toEqual(store.labels);
    for (const metric of store.metricNames) for (const node of store.nodeIds) expect(Array.from(back.series(metric, node))).toEqual(Array.from(store.series(metric, node)));
    expect(fromJSON(document).recordedSteps).toBe(25);
  });

  test("`fromJSON()` keeps the record interval of a store recorded every k steps", () => {
    const sparse = new MetricsStore({ nodes: ["a"], metrics: ["cpu"], stepSeconds: 10, record: { every: 3 } });
    for (let s = 0; s < 9; s++) sparse.append(s * 10, [Float64Array.from([s])]);
    const back = fromJSON(toJSON(sparse));
    expect(Array.from(back.times)).toEqual([0, 30, 60]);
    expect(back.recordInterval).toBe(30);
    expect(Array.from(back.series("cpu", "a"))).toEqual([0, 3, 6]);
  });

  test("`fromJSON()` reads telemetry records in any order with ISO or second times", () => {
    const back = fromJSON([
      { time: "2026-04-01T00:01:00Z", node: "a", metric: "cpu", value: 0.2, kind: "server", rack: "r1" },
      { time: "2026-04-01T00:00:00Z", node: "a", metric: "cpu", value: null },
    ]);
    expect(Array.from(back.times)).toEqual([0, 60]);
    expect(Array.from(back.series("cpu", "a"))).toEqual([NaN, 0.2]);
    expect(back.kinds).toEqual(["server"]);
    expect(back.labels).toEqual({ rack: ["r1"] });
  });

  test("`fromJSON()` lists every problem of a bad document or bad records", () => {
    const document = toJSON(store);
    const broken = { ...document, times: [0, 0, ...document.times.slice(2)], values: { ...document.values, cpu: { ...document.values.cpu, "db-1": [1, "x"] } } };
    expect(() => fromJSON(broken as never)).toThrow(ValidationError);
    try {
      fromJSON(broken as never);
    } catch (e) {
      const paths = (e as ValidationError).problems.map((p) => p.path);
      expect(paths).toEqual(["$.times[1]", "$.values.cpu.db-1"]);
    }
    expect(() => fromJSON([{ time: 0, node: "a", metric: "cpu", value: "high" }] as never)).toThrow(
      'fromJSON: $[0].value: expected a finite number or null but found "high"',
    );
    expect(() => fromJSON("{oops")).toThrow(/fromJSON: the text is not JSON/);
    expect(() => fromJSON({ hello: 1 } as never)).toThrow(/fromJSON: expected input to be a document from toJSON/);
  });
});
