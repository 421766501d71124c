// The DuckDB series layout (metric_blocks, migration 4): long rows fold into list rows and back, and version-3 stores migrate with every value.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MetricsStore } from "../../lib/metrics";
import { openStore, SCHEMA_VERSION } from "../../lib/store";

const dir = mkdtempSync(join(tmpdir(), "infratwin-series-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every (run, metric, node, step, value) of a store, in order, NULL as NaN. */
async function longRows(store: Awaited<ReturnType<typeof openStore>>): Promise<number[][]> {
  const r = await store.query("SELECT run_id, metric, node, step, value FROM metrics ORDER BY run_id, metric, node, step");
  return Array.from({ length: r.rows }, (_, i) => r.names.map((n) => (r.columns[n] as Float64Array)[i]));
}

describe("metric_blocks (DuckDB)", () => {
  it("a version-3 store with long metric rows (gaps, NULLs, a long series) opens at the latest version with the same rows", async () => {
    const file = join(dir, "v3.duckdb");
    const old = await openStore(file, { schemaVersion: 3 });
    // Run 1: 2 metrics × 3 nodes × 5,000 steps (longer than one list row), a NULL every 97 values;
    // run 2: steps with a gap (0, 1, 2, 5, 6) and a lone step.
    const rows: string[] = [];
    for (let m = 0; m < 2; m++) for (let n = 0; n < 3; n++) for (let s = 0; s < 5000; s++) rows.push(`(1, ${m}, ${n}, ${s}, ${(s + n * 7 + m) % 97 === 0 ? "NULL" : ((s * 31 + n) % 1000) / 8})`);
    for (const s of [0, 1, 2, 5, 6]) rows.push(`(2, 0, 0, ${s}, ${s / 4})`);
    rows.push(`(2, 1, 4, 9, 1.5)`);
    for (let i = 0; i < rows.length; i += 5000) await old.backend.exec(`INSERT INTO metrics (run_id, metric, node, step, value) VALUES ${rows.slice(i, i + 5000).join(", ")}`);
    const before = await longRows(old);
    await old.close();
    const store = await openStore(file);
    try {
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
      const after = await longRows(store);
      expect(after.length).toBe(2 * 3 * 5000 + 6);
      expect(after).toEqual(before);
      const blocks = await store.query("SELECT max(len(series)) AS longest, count(*) AS n FROM metric_blocks");
      expect((blocks.columns.longest as Float64Array)[0]).toBe(4096);
      expect((blocks.columns.n as Float64Array)[0]).toBe(2 * 3 * 2 + 2 + 1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("writeRun() folds each series into list rows; the metrics view gives back every step and NULL", async () => {
    const nodes = ["a", "b", "c"];
    const metrics = new MetricsStore({ nodes, metrics: ["cpu", "latency_ms"], stepSeconds: 60 });
    const columns = [new Float64Array(3), new Float64Array(3)];
    for (let s = 0; s < 300; s++) {
      for (let i = 0; i < 3; i++) {
        columns[0][i] = s % 50 === i ? NaN : (s + i) / 300;
        columns[1][i] = 10 * i + s;
      }
      metrics.append(s * 60, columns);
    }
    const store = await openStore(join(dir, "fold.duckdb"));
    try {
      const id = await store.writeRun(metrics, { scenario: "fold" });
      const blocks = await store.query("SELECT metric, node, first_step, len(series) AS n FROM metric_blocks WHERE run_id = $1 ORDER BY metric, node, first_step", [id]);
      expect(blocks.rows).toBe(6);
      expect(Array.from(blocks.columns.n as Float64Array)).toEqual([300, 300, 300, 300, 300, 300]);
      const nulls = await store.query("SELECT count(*) AS n FROM metrics WHERE run_id = $1 AND value IS NULL", [id]);
      expect((nulls.columns.n as Float64Array)[0]).toBe(3 * 6);
      const one = await store.query("SELECT step, value FROM metrics WHERE run_id = $1 AND metric = 1 AND node = 2 ORDER BY step", [id]);
      expect(Array.from(one.columns.step as Float64Array)).toEqual(Array.from({ length: 300 }, (_, s) => s));
      expect(Array.from(one.columns.value as Float64Array)).toEqual(Array.from({ length: 300 }, (_, s) => 20 + s));
      const back = await store.readMetrics(id);
      for (const m of metrics.metricNames) for (const n of nodes) expect(Array.from(back.series(m, n))).toEqual(Array.from(metrics.series(m, n)));
    } finally {
      await store.close();
    }
  }, 120_000);
});
