// storeSpecs: the behaviour every store backend must have, run against DuckDB and against a real PostgreSQL.
import { describe, expect, it } from "vitest";
import { MetricsStore } from "../../lib/metrics";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backtestScenario } from "../../lib/scenarios";
import { loadDefaultRules } from "../../lib/rules";
import { SCHEMA_VERSION, writeBacktest, writeTelemetry, alertCountsByRule, compareRuns, exportParquet, importParquet, worstNodes, writeResult, type StudyStore } from "../../lib/store";
import { smallRun } from "./fixtures";

/** Opens the store named `name` (the same name opens the same database again), optionally at an old schema version. */
export type OpenNamed = (name: string, options?: { schemaVersion?: number }) => Promise<StudyStore>;

function gridStore(nodes: number, steps: number, metrics = ["cpu", "latency_ms"]): MetricsStore {
  const store = new MetricsStore({ nodes: Array.from({ length: nodes }, (_, i) => `n${i}`), metrics, stepSeconds: 60, startTime: 600 });
  const columns = metrics.map(() => new Float64Array(nodes));
  for (let s = 0; s < steps; s++) {
    metrics.forEach((_, m) => {
      for (let i = 0; i < nodes; i++) columns[m][i] = (s + i) % 17 === 0 ? NaN : m * 1000 + i + s / 64;
    });
    store.append(600 + s * 60, columns);
  }
  return store;
}

async function count(store: StudyStore, sql: string): Promise<number> {
  const r = await store.query(sql);
  return (r.columns[r.names[0]] as Float64Array)[0];
}

export function storeSpecs(backend: string, open: OpenNamed, timeout = 120_000): void {
  describe(`storeSpecs (${backend})`, () => {
    it("openStore() creates the schema at the latest version", async () => {
      const store = await open("fresh");
      try {
        expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
        expect(await store.runs()).toEqual([]);
      } finally {
        await store.close();
      }
    }, timeout);

    it("writeRun() stores values, NaN as NULL, and readMetrics() gives them back exactly", async () => {
      const store = await open("roundtrip");
      try {
        const grid = gridStore(7, 40);
        const id = await store.writeRun(grid, { scenario: "grid", seed: 5, summary: { ok: true } });
        const run = await store.run(id);
        expect(run).toMatchObject({ runId: id, scenario: "grid", seed: 5, steps: 40, nodes: 7, metrics: 2, values: 7 * 40 * 2, summary: { ok: true }, startTime: 600 });
        expect(await count(store, `SELECT count(*) FROM metrics WHERE run_id = ${id} AND value IS NULL`)).toBe(grid.nodeIds.length * 0 + [...Array(7 * 40)].filter((_, k) => (Math.floor(k / 7) + (k % 7)) % 17 === 0).length * 2);
        const back = await store.readMetrics(id);
        expect(back.nodeIds).toEqual(grid.nodeIds);
        expect(Array.from(back.times)).toEqual(Array.from(grid.times));
        for (const metric of grid.metricNames) for (const node of grid.nodeIds) expect(Array.from(back.series(metric, node))).toEqual(Array.from(grid.series(metric, node)));
        const long = await store.query(`SELECT node, metric, time, value FROM metrics_long WHERE run_id = $1 AND node = 'n3' AND metric = 'latency_ms' ORDER BY time`, [id]);
        expect(long.rows).toBe(40);
        expect(Array.from(long.columns.time as Float64Array).slice(0, 2)).toEqual([600, 660]);
        expect((long.columns.value as Float64Array)[1]).toBe(Math.fround(1000 + 3 + 1 / 64));
      } finally {
        await store.close();
      }
    }, timeout);

    it("writeResult() keeps alerts, transitions, incidents, ground truth, annotations and KPIs", async () => {
      const result = await smallRun();
      const store = await open("records");
      try {
        const id = await writeResult(store, result);
        const records = await store.records(id);
        expect(result.alerts.length).toBeGreaterThan(0);
        expect(result.incidents.length).toBeGreaterThan(0);
        expect(records.alerts).toHaveLength(result.alerts.length);
        expect(new Set(records.alerts.map((a) => a.id))).toEqual(new Set(result.alerts.map((a) => a.id)));
        expect(records.transitions).toEqual(JSON.parse(JSON.stringify(result.transitions)));
        expect(records.groundTruth).toEqual(JSON.parse(JSON.stringify(result.groundTruth)));
        expect(records.kpis.map((k) => k.service).sort()).toEqual(result.kpis.map((k) => k.service).sort());
        expect(records.annotations).toHaveLength(result.annotations.length);
        const run = await store.run(id);
        expect(run.summary).toEqual(JSON.parse(JSON.stringify(result.summary)));
        expect(run.values).toBe(result.metrics.recordedSteps * result.metrics.nodeIds.length * result.metrics.metricNames.length);
        const firing = await store.query("SELECT rule, count(*) AS n FROM alerts WHERE run_id = $1 AND state IN ('firing', 'resolved') GROUP BY rule", [id]);
        expect(Array.from(firing.columns.n as Float64Array).reduce((a, b) => a + b, 0)).toBe(result.summary.alertsFired);
      } finally {
        await store.close();
      }
    }, timeout);

    it("a throw mid-write leaves no half run: neither the run row nor any metric row", async () => {
      const store = await open("atomic");
      try {
        const grid = gridStore(50, 30);
        const kept = await store.writeRun(grid, { scenario: "kept" });
        const before = await count(store, "SELECT count(*) FROM metrics");
        // A producer that dies after writing part of its values.
        const broken = gridStore(50, 30);
        let reads = 0;
        const original = broken.readSeries.bind(broken);
        broken.readSeries = (m, i, out, from, to) => {
          if (++reads > 60) throw new Error("producer crashed");
          original(m, i, out, from, to);
        };
        await expect(store.writeRun(broken, { scenario: "crashed" })).rejects.toThrow("producer crashed");
        // A record the database refuses (NOT NULL) after every metric went in.
        await expect(store.writeRun(grid, { scenario: "bad record", alerts: [{ id: "x", rule: null, node: "n1", kind: "pending", activeAt: 0 } as never] })).rejects.toThrow();
        expect(await count(store, "SELECT count(*) FROM metrics")).toBe(before);
        expect((await store.runs()).map((r) => r.runId)).toEqual([kept]);
        expect(await count(store, "SELECT count(*) FROM run_steps")).toBe(30);
      } finally {
        await store.close();
      }
    }, timeout);

    it("beginRun() streams windows and numbers steps on; abort() leaves nothing", async () => {
      const store = await open("stream");
      try {
        const grid = gridStore(4, 20);
        const writer = await store.beginRun({ scenario: "streamed" }, { nodes: grid.nodeIds, metrics: grid.metricNames, stepSeconds: 60 });
        await writer.append(grid, { fromStep: 0, toStep: 8 });
        await writer.append(grid, { fromStep: 8, toStep: 20 });
        const id = await writer.finish();
        const back = await store.readMetrics(id);
        expect(Array.from(back.series("cpu", "n2"))).toEqual(Array.from(grid.series("cpu", "n2")));
        const aborted = await store.beginRun({ scenario: "aborted" }, { nodes: grid.nodeIds, metrics: grid.metricNames, stepSeconds: 60 });
        await aborted.append(grid);
        await aborted.abort();
        expect((await store.runs()).map((r) => r.scenario)).toEqual(["streamed"]);
        expect(await count(store, "SELECT count(*) FROM metrics")).toBe(4 * 20 * 2);
        await expect(aborted.append(grid)).rejects.toThrow(/already finished or aborted/);
      } finally {
        await store.close();
      }
    }, timeout);

    it("a key makes writes idempotent: error, skip or replace", async () => {
      const store = await open("keys");
      try {
        const grid = gridStore(3, 5);
        const first = await store.writeRun(grid, { scenario: "s", key: "sweep-1/scenario-7" });
        await expect(store.writeRun(grid, { scenario: "s", key: "sweep-1/scenario-7" })).rejects.toThrow(/already stored.*ifExists/);
        expect(await store.writeRun(grid, { scenario: "s", key: "sweep-1/scenario-7", ifExists: "skip" })).toBe(first);
        const replaced = await store.writeRun(grid, { scenario: "s2", key: "sweep-1/scenario-7", ifExists: "replace" });
        expect(replaced).not.toBe(first);
        expect((await store.runs()).map((r) => [r.runId, r.scenario])).toEqual([[replaced, "s2"]]);
        expect(await count(store, "SELECT count(*) FROM metrics")).toBe(3 * 5 * 2);
      } finally {
        await store.close();
      }
    }, timeout);

    it("vacuum() deletes runs older than the cut-off with everything they hold", async () => {
      const store = await open("vacuum");
      try {
        const grid = gridStore(3, 5);
        const now = new Date("2026-12-01T00:00:00Z");
        await store.writeRun(grid, { scenario: "old", createdAt: new Date(now.getTime() - 100 * 86400_000), alerts: [] });
        const recent = await store.writeRun(grid, { scenario: "recent", createdAt: new Date(now.getTime() - 10 * 86400_000) });
        const deleted = await store.vacuum({ olderThan: "90d", now });
        expect(deleted).toHaveLength(1);
        expect((await store.runs()).map((r) => r.runId)).toEqual([recent]);
        expect(await count(store, "SELECT count(*) FROM metrics")).toBe(3 * 5 * 2);
        expect(await count(store, "SELECT count(*) FROM run_nodes")).toBe(3);
        await expect(store.vacuum({ olderThan: "90 days" })).rejects.toThrow(/olderThan/);
      } finally {
        await store.close();
      }
    }, timeout);

    it("opening an old store migrates it forward and keeps its runs", async () => {
      const old = await open("migrate", { schemaVersion: 1 });
      const grid = gridStore(2, 3);
      let id: number;
      try {
        expect(await old.schemaVersion()).toBe(1);
        id = await old.backend.begin().then(async (tx) => {
          await tx.rollback();
          return 0;
        });
        await old.backend.exec("INSERT INTO runs (run_id, kind, scenario, created_at, steps, node_count, metric_count, value_count) VALUES (41, 'simulation', 'v1 run', CAST('2026-11-01 00:00:00' AS TIMESTAMP), 0, 0, 0, 0)");
      } finally {
        await old.close();
      }
      const store = await open("migrate");
      try {
        expect(id).toBe(0);
        expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
        const runs = await store.runs();
        expect(runs.map((r) => [r.runId, r.scenario, r.labels])).toEqual([[41, "v1 run", null]]);
        const labelled = await store.writeRun(grid, { scenario: "v2 run", labels: { study: "payday" } });
        expect((await store.run(labelled)).labels).toEqual({ study: "payday" });
      } finally {
        await store.close();
      }
    }, timeout);

    it("exportParquet() partitions by run and day, and importParquet() reads the same run back", async () => {
      const result = await smallRun();
      const store = await open("parquet");
      const dir = mkdtempSync(join(tmpdir(), "infratwin-parquet-test-"));
      try {
        const id = await writeResult(store, result);
        const written = await exportParquet(store, dir);
        expect(written.values).toBe(result.metrics.recordedSteps * result.metrics.nodeIds.length * result.metrics.metricNames.length);
        expect(readdirSync(join(dir, "metrics"))).toEqual([`run_id=${id}`]);
        expect(readdirSync(join(dir, "metrics", `run_id=${id}`))).toEqual(["day=2026-11-25"]);
        const [copy] = await importParquet(store, dir);
        expect(copy).not.toBe(id);
        const a = await store.readMetrics(id);
        const b = await store.readMetrics(copy);
        for (const metric of a.metricNames) expect(Array.from(b.series(metric, a.nodeIds[3]))).toEqual(Array.from(a.series(metric, a.nodeIds[3])));
        expect(await store.records(copy)).toEqual(await store.records(id));
        const { runId: _a, createdAt: _c, ...original } = await store.run(id);
        const { runId: _b, createdAt: _d, ...imported } = await store.run(copy);
        expect(imported).toEqual(original);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, timeout);

    it("compareRuns(), worstNodes() and alertCountsByRule() answer across runs", async () => {
      const result = await smallRun();
      const store = await open("questions");
      try {
        const first = await writeResult(store, result);
        const second = await writeResult(store, result, { seed: 99 });
        const side = await compareRuns(store);
        expect(side.map((r) => [r.run, r.seed, r.alertsFired])).toEqual([[first, result.scenario.seed, result.summary.alertsFired], [second, 99, result.summary.alertsFired]]);
        const worst = await worstNodes(store, first, { metric: "cpu", limit: 3 });
        expect(worst.rows).toBe(3);
        const peaks = worst.columns.peak as Float64Array;
        expect(peaks[0]).toBeGreaterThanOrEqual(peaks[1]);
        const node = (worst.columns.node as string[])[0];
        expect(peaks[0]).toBe(Math.max(...Array.from(result.metrics.series("cpu", node)).filter((v) => !Number.isNaN(v))));
        const counts = await alertCountsByRule(store);
        expect(counts.reduce((s, r) => s + (r[`run ${first}`] as number), 0)).toBe(result.summary.alertsFired);
        expect(counts.every((r) => r.total === (r[`run ${first}`] as number) * 2)).toBe(true);
      } finally {
        await store.close();
      }
    }, timeout);

    it("writeBacktest() and writeTelemetry() keep scores, series and cleaning reports", async () => {
      const result = await smallRun();
      const store = await open("extras");
      try {
        const runId = await writeResult(store, result);
        const backtest = backtestScenario(result, loadDefaultRules());
        const id = await writeBacktest(store, backtest, { runId });
        const row = await store.query("SELECT run_id, name, windows, detected, recall, doc FROM backtests WHERE backtest_id = $1", [id]);
        expect((row.columns.run_id as Float64Array)[0]).toBe(runId);
        expect((row.columns.windows as Float64Array)[0]).toBe(backtest.windows);
        expect(JSON.parse((row.columns.doc as string[])[0]).perRule).toEqual(JSON.parse(JSON.stringify(backtest.perRule)));
        const imported = await writeTelemetry(store, {
          source: "prometheus export.csv",
          report: { rows: 6, dropped: 1 },
          series: [
            { name: "cpu{node=db-1}", node: "db-1", metric: "cpu", cleaning: { gapsFilled: 1 }, times: [0, 60, 120], values: [0.5, NaN, 0.7] },
            { name: "cpu{node=db-2}", node: "db-2", metric: "cpu", times: [0, 60], values: [0.1, 0.2] },
          ],
        });
        const points = await store.query("SELECT s.node, t.time, t.value, s.cleaning FROM telemetry t JOIN telemetry_series s USING (import_id, series) WHERE import_id = $1 ORDER BY s.node, t.time", [imported]);
        expect(points.rows).toBe(5);
        expect(Array.from(points.columns.value as Float64Array).map((v) => (Number.isNaN(v) ? null : v))).toEqual([0.5, null, 0.7, 0.1, 0.2]);
        expect(JSON.parse((points.columns.cleaning as string[])[0])).toEqual({ gapsFilled: 1 });
        await expect(writeTelemetry(store, { source: "x", series: [{ name: "bad", times: [0], values: [1, 2] }] })).rejects.toThrow(/series\[0\]\.times/);
      } finally {
        await store.close();
      }
    }, timeout);

    it("sql() gives a danfo DataFrame; query() errors name the call and the query", async () => {
      const store = await open("errors");
      try {
        const df = await store.sql("SELECT 2 AS two, 'x' AS label");
        expect(df.shape).toEqual([1, 2]);
        expect(df.columns).toEqual(["two", "label"]);
        await expect(store.query("SELECT nope FROM runs")).rejects.toThrow(/StudyStore\.query: [^]*SELECT nope FROM runs/);
        await expect(store.run(999)).rejects.toThrow(/run 999 is not in/);
      } finally {
        await store.close();
      }
    }, timeout);
  });
}
