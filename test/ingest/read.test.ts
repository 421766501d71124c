import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { AmbiguousTelemetryError, TelemetryFormatError, formatIngestReport, readTelemetry } from "../../lib/ingest";
import { NODES, START_MS, STEPS, cpuAt, longCsv, ndjson, perNodeCsv, prometheusResponse, singleSeriesCsv, storeDifference, wideCsv } from "./fixtures";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), "ingest-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readTelemetry() layouts give the same store as the long CSV", async () => {
  const long = await readTelemetry(longCsv());

  it("reads the long CSV and says what it detected", () => {
    expect(long.report.layout).toBe("long");
    expect(long.report.format).toBe("csv");
    expect(long.store.nodeIds).toEqual(NODES);
    expect(long.store.recordedSteps).toBe(STEPS);
    expect(long.store.stepSeconds).toBe(60);
    expect(long.report.step.basis).toBe("inferred");
    expect(long.store.epochMs).toBe(START_MS);
    expect(long.report.time.encoding).toBe("iso-zoned");
    expect(long.store.value("cpu", "web-02", 4)).toBe(cpuAt(1, 4));
  });

  it("a wide export with a host column", async () => {
    const wide = await readTelemetry(wideCsv());
    expect(wide.report.layout).toBe("wide");
    expect(wide.report.columns.node).toBe("host");
    expect(storeDifference(wide.store, long.store)).toBeUndefined();
  });

  it("a wide export with CRLF line ends and a byte-order mark, from a Buffer", async () => {
    const wide = await readTelemetry(Buffer.from(wideCsv({ crlf: true, bom: true }), "utf8"));
    expect(storeDifference(wide.store, long.store)).toBeUndefined();
  });

  it("one wide file per node", async () => {
    const files = Object.fromEntries(NODES.map((n, i) => [n, perNodeCsv(i)]));
    const perNode = await readTelemetry(files);
    expect(storeDifference(perNode.store, long.store)).toBeUndefined();
  });

  it("an NDJSON log, from a file path", async () => {
    const path = join(dir, "log.ndjson");
    writeFileSync(path, ndjson());
    const read = await readTelemetry(path);
    expect(read.report.format).toBe("ndjson");
    expect(storeDifference(read.store, long.store)).toBeUndefined();
  });

  it("an NDJSON log streamed in small chunks", async () => {
    const text = ndjson();
    async function* chunks() {
      for (let at = 0; at < text.length; at += 97) yield text.slice(at, at + 97);
    }
    const read = await readTelemetry(chunks());
    expect(storeDifference(read.store, long.store)).toBeUndefined();
  });

  it("a Prometheus query_range response", async () => {
    const read = await readTelemetry(JSON.stringify(prometheusResponse()));
    expect(read.report.format).toBe("prometheus");
    expect(storeDifference(read.store, long.store)).toBeUndefined();
  });

  it("a JSON array of wide records", async () => {
    const records = [];
    for (let s = 0; s < STEPS; s++) for (const [i, n] of NODES.entries()) records.push({ ts: (START_MS + s * 60_000) / 1000, host: n, cpu: cpuAt(i, s), latency_ms: Number(long.store.value("latency_ms", n, s)) });
    const read = await readTelemetry(JSON.stringify(records));
    expect(read.report.time.encoding).toBe("epoch-s");
    expect(storeDifference(read.store, long.store)).toBeUndefined();
  });

  it("a Parquet file, long and wide", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    writeFileSync(join(dir, "long.csv"), longCsv());
    writeFileSync(join(dir, "wide.csv"), wideCsv());
    await c.run(`COPY (SELECT * FROM read_csv('${join(dir, "long.csv")}')) TO '${join(dir, "long.parquet")}' (FORMAT parquet)`);
    await c.run(`COPY (SELECT * FROM read_csv('${join(dir, "wide.csv")}')) TO '${join(dir, "wide.parquet")}' (FORMAT parquet)`);
    await c.run(`COPY (SELECT TIMESTAMP '2026-11-25 10:00:00' AS time, 'a' AS node, 'cpu' AS metric, 0.5 AS value) TO '${join(dir, "naive.parquet")}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    for (const name of ["long.parquet", "wide.parquet"]) {
      const read = await readTelemetry(join(dir, name));
      expect(read.report.format).toBe("parquet");
      expect(storeDifference(read.store, long.store), name).toBeUndefined();
    }
    // Zone-less timestamps in Parquet are wall clocks, read in options.timeZone like zone-less text.
    const naive = await readTelemetry(join(dir, "naive.parquet"), { timeZone: "Europe/Paris" });
    expect(naive.store.epochMs).toBe(Date.UTC(2026, 10, 25, 9, 0));
    expect(naive.report.time.note).toMatch(/read as Europe\/Paris/);
  }, 60_000);

  it("a single series timestamp,value with its node and metric as options", async () => {
    const single = await readTelemetry(singleSeriesCsv(1), { node: "web-02", metric: "cpu" });
    expect(single.report.layout).toBe("single");
    expect(Array.from(single.store.series("cpu", "web-02"))).toEqual(Array.from(long.store.series("cpu", "web-02")));
    const epoch = await readTelemetry(singleSeriesCsv(1, true), { node: "web-02", metric: "cpu" });
    expect(epoch.report.time.encoding).toBe("epoch-s");
    expect(storeDifference(epoch.store, single.store)).toBeUndefined();
  });

  it("a path that does not exist is a NotFoundError, not a header puzzle", async () => {
    await expect(readTelemetry(join(dir, "missing.csv"))).rejects.toThrow(/file ".*missing\.csv" not found/);
  });

  it("a single series without node or metric fails naming the option", async () => {
    await expect(readTelemetry(singleSeriesCsv(1))).rejects.toThrow(AmbiguousTelemetryError);
    await expect(readTelemetry(singleSeriesCsv(1))).rejects.toThrow(/options\.node/);
  });

  it("a wide file without a node column fails naming nodeColumn", async () => {
    const text = "when,machine,cpu\n2026-01-01T00:00:00Z,a,0.5\n";
    await expect(readTelemetry(text, { timeColumn: "when" })).rejects.toThrow(/options\.nodeColumn/);
    const read = await readTelemetry(text, { timeColumn: "when", nodeColumn: "machine" });
    expect(read.store.value("cpu", "a", 0)).toBe(0.5);
  });
});

describe("readTelemetry() units", () => {
  it("percent CPU becomes a ratio, with a note", async () => {
    const { store, report } = await readTelemetry(wideCsv({ percent: true }));
    const long = await readTelemetry(longCsv());
    expect(storeDifference(store, long.store, 1e-12)).toBeUndefined();
    const cpu = report.units.find((u) => u.metric === "cpu");
    expect(cpu?.from).toBe("percent");
    expect(cpu?.basis).toBe("data");
    expect(formatIngestReport(report)).toMatch(/unit of cpu: percent .*divided by 100/);
  });

  it("a few values above 1 in a ratio metric fail naming options.units", async () => {
    const rows = ["time,node,metric,value"];
    for (let s = 0; s < 200; s++) rows.push(`${s * 60},a,cpu,${s === 7 ? 1.2 : 0.5}`);
    await expect(readTelemetry(rows.join("\n"))).rejects.toThrow(/options\.units/);
    const read = await readTelemetry(rows.join("\n"), { units: { cpu: "ratio" }, impossible: "clip" });
    expect(read.store.value("cpu", "a", 7)).toBe(1);
    expect(read.report.totals.impossible).toBe(1);
  });

  it("latency in seconds: ambiguous without a name, converted with units or a _seconds name", async () => {
    const rows = ["time,node,metric,value"];
    for (let s = 0; s < 10; s++) rows.push(`${s * 60},a,latency,0.25`);
    const rename = { latency: "latency_ms" };
    await expect(readTelemetry(rows.join("\n"), { rename })).rejects.toThrow(/units: \{ latency_ms: "s" \}/);
    const read = await readTelemetry(rows.join("\n"), { rename, units: { latency_ms: "s" } });
    expect(read.store.value("latency_ms", "a", 3)).toBe(250);
    const named = await readTelemetry(rows.join("\n").replace(/latency/g, "latency_seconds"), { rename: { latency_seconds: "latency_ms" } });
    expect(named.store.value("latency_ms", "a", 3)).toBe(250);
    expect(named.report.units[0].basis).toBe("name");
  });

  it("a metric named like a catalogue one gets a warning naming rename", async () => {
    const { report } = await readTelemetry("time,host,latency\n0,a,12\n60,a,14\n");
    expect(report.warnings.join(" ")).toMatch(/rename: \{ latency: "latency_ms" \}/);
  });

  it("counters become rates per second, resets counted", async () => {
    const text = ["time,node,metric,value", "0,a,requests_total,100", "60,a,requests_total,160", "120,a,requests_total,280", "180,a,requests_total,30", "240,a,requests_total,90"].join("\n");
    const { store, report } = await readTelemetry(text);
    expect(Array.from(store.series("requests_total", "a"))).toEqual([NaN, 1, 2, 0.5, 1]);
    expect(report.totals.resets).toBe(1);
    expect(report.units[0].counter).toBe(true);
  });

  it("bytes of a ratio metric need the capacity", async () => {
    const text = "time,host,ram\n0,a,32000000000\n60,a,48000000000\n";
    await expect(readTelemetry(text)).rejects.toThrow(/options\.capacity/);
    const { store } = await readTelemetry(text, { capacity: { ram: 64e9 } });
    expect(Array.from(store.series("ram", "a"))).toEqual([0.5, 0.75]);
  });
});

describe("readTelemetry() bad input", () => {
  it("a value that is not a number names the line and column", async () => {
    const error = await readTelemetry("time,node,metric,value\n0,a,cpu,0.5\n60,a,cpu,oops\n").catch((e) => e);
    expect(error).toBeInstanceOf(TelemetryFormatError);
    expect(error.line).toBe(3);
    expect(error.column).toBe(4);
  });

  it("a truncated line and binary garbage", async () => {
    await expect(readTelemetry("time,node,metric,value\n0,a,cpu,0.5\n60,a,cp")).rejects.toThrow(/line 3, column 4: 3 fields where the header has 4/);
    const error = await readTelemetry(Buffer.from([0x74, 0x2c, 0x0a, 0x00, 0xff, 0x13])).catch((e) => e);
    expect(error).toBeInstanceOf(TelemetryFormatError);
    expect(error.message).toMatch(/line 2, column 1: binary data/);
  });

  it("a header of a million columns and a huge line fail fast", async () => {
    const header = "time," + Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(",");
    await expect(readTelemetry(header + "\n")).rejects.toThrow(/more than 100000 columns/);
    await expect(readTelemetry("time,node,metric,value\n" + "x".repeat(3_000_000), { maxLineLength: 1_000_000 })).rejects.toThrow(/line 2, column 1000001: the line is longer/);
  });

  it("an unterminated quote and mixed NDJSON layouts", async () => {
    await expect(readTelemetry('time,node,metric,value\n0,"a,cpu,1\n')).rejects.toThrow(/never closed/);
    const mixed = JSON.stringify({ time: 0, node: "a", metric: "cpu", value: 1 }) + "\n" + JSON.stringify({ time: 60, host: "a", cpu: 1 }) + "\n";
    await expect(readTelemetry(mixed)).rejects.toThrow(/line 2: the record has no field "node"/);
  });
});
