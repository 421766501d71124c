// readTelemetry() on Parquet files large enough for DuckDB to work in parallel: the file's row order, NULLs and values come through as written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTelemetry } from "../../lib/ingest";

const dir = mkdtempSync(join(tmpdir(), "ingest-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NODES = 400;
const STEPS = 600;

async function writeParquet(name: string, select: string): Promise<string> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    const path = join(dir, name);
    await c.run(`COPY (${select}) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 20000)`);
    return path;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe("readTelemetry() Parquet", () => {
  it("a long file in time order is read in that order: nothing out of order, every value in place, NULL as missing", async () => {
    // 480,000 rows in 24 row groups: a hash join on node or metric names would hand them back shuffled.
    const path = await writeParquet(
      "long.parquet",
      `SELECT TIMESTAMP '2026-11-25 00:00:00' + to_seconds(s * 60) AS time, printf('n%03d', n) AS node, CASE WHEN m = 0 THEN 'cpu' ELSE 'latency_ms' END AS metric,
         CASE WHEN (s + n) % 101 = 0 THEN NULL WHEN m = 0 THEN ((n * 7 + s) % 100) / 100.0 ELSE 10 + (n + s) % 50 END AS value
       FROM range(${STEPS}) t(s), range(${NODES}) u(n), range(2) v(m) ORDER BY s, n, m`,
    );
    const { store, report } = await readTelemetry(path, { step: 60 });
    expect(report.rows).toBe(STEPS * NODES * 2);
    expect(report.totals.outOfOrder).toBe(0);
    expect(report.totals.duplicates).toBe(0);
    expect(report.totals.empty).toBe(2 * [...Array(STEPS * NODES)].filter((_, k) => (Math.floor(k / NODES) + (k % NODES)) % 101 === 0).length);
    for (const n of [0, 137, 399]) {
      const id = `n${String(n).padStart(3, "0")}`;
      const cpu = Array.from(store.series("cpu", id));
      const latency = Array.from(store.series("latency_ms", id));
      for (const s of [0, 1, 299, 599]) {
        const missing = (s + n) % 101 === 0;
        expect(cpu[s], `${id} cpu step ${s}`).toBe(missing ? NaN : ((n * 7 + s) % 100) / 100);
        expect(latency[s], `${id} latency step ${s}`).toBe(missing ? NaN : 10 + ((n + s) % 50));
      }
    }
  }, 120_000);

  it("a wide file with a node column and epoch-second times", async () => {
    const path = await writeParquet("wide.parquet", `SELECT 1795564800 + s * 60 AS ts, printf('n%03d', n) AS host, ((n + s) % 100) / 100.0 AS cpu FROM range(${STEPS}) t(s), range(${NODES}) u(n) ORDER BY s, n`);
    const { store, report } = await readTelemetry(path, { step: 60 });
    expect(report.layout).toBe("wide");
    expect(report.totals.outOfOrder).toBe(0);
    expect(store.nodeIds.length).toBe(NODES);
    expect(store.recordedSteps).toBe(STEPS);
    expect(Array.from(store.series("cpu", "n010")).slice(0, 3)).toEqual([0.1, 0.11, 0.12]);
  }, 120_000);
});
