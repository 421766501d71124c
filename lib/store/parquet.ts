// Parquet out and in through DuckDB's COPY: metrics long and self-describing, partitioned by run and day; one file per record table.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { invalidArgument, NotFoundError, StoreError } from "../errors";
import { copyRuns } from "./copy-runs";
import { blocksFromLong } from "./schema";
import { openStore, type StudyStore } from "./store";

/** Tables written next to the metrics, one Parquet file each (filtered to the exported runs). */
const RECORD_TABLES = ["runs", "run_nodes", "run_metrics", "run_steps", "alerts", "alert_transitions", "incidents", "ground_truth", "annotations", "kpis"] as const;

/** Options of `exportParquet`. */
export interface ParquetExportOptions {
  /** Runs to export; all by default. */
  runs?: readonly number[];
  /** Parquet compression codec; "zstd" by default. */
  compression?: "zstd" | "snappy" | "gzip" | "uncompressed";
}

/** What an export wrote. */
export interface ParquetExport {
  dir: string;
  runs: number[];
  /** Metric values written. */
  values: number;
}

const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;

/**
 * Writes runs as Parquet into `dir`: `metrics/run_id=N/day=YYYY-MM-DD/*.parquet` (long rows: time,
 * timestamp, node, kind, metric, value; day is the wall-clock date, or `sim-N` without an epoch) and
 * `<table>.parquet` for runs, dictionaries and records. Spark, pandas or DuckDB read it as is.
 * Rows keep the store's series order (metric, node, time) without a sort, so memory stays bounded.
 * A PostgreSQL store is staged through a temporary DuckDB file.
 */
export async function exportParquet(store: StudyStore, dir: string, options: ParquetExportOptions = {}): Promise<ParquetExport> {
  if (typeof dir !== "string" || dir === "") throw invalidArgument("exportParquet", "dir", "a folder path", dir);
  if (store.dialect !== "duckdb") {
    const staging = mkdtempSync(join(tmpdir(), "infratwin-parquet-"));
    const local = await openStore(join(staging, "staging.duckdb"));
    try {
      const ids = await copyRuns(store, local, { runIds: options.runs });
      const written = await exportParquet(local, dir, { ...options, runs: ids });
      return { ...written, runs: options.runs ? [...options.runs] : (await store.runs()).map((r) => r.runId).reverse() };
    } finally {
      await local.close();
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const runs = options.runs ? [...options.runs] : (await store.runs()).map((r) => r.runId).reverse();
  for (const id of runs) await store.run(id);
  if (runs.length === 0) return { dir: out, runs, values: 0 };
  const list = runs.map((r) => Math.floor(r)).join(", ");
  const codec = options.compression ?? "zstd";
  const metricsDir = join(out, "metrics");
  const day = `CASE WHEN r.epoch_ms IS NULL THEN 'sim-' || CAST(floor(t.time / 86400) AS INTEGER) ELSE strftime(make_timestamp(CAST((r.epoch_ms + t.time * 1000) * 1000 AS BIGINT)), '%Y-%m-%d') END`;
  const stamp = `CASE WHEN r.epoch_ms IS NULL THEN NULL ELSE make_timestamp(CAST((r.epoch_ms + t.time * 1000) * 1000 AS BIGINT)) END`;
  await store.backend.exec(`COPY (
      SELECT m.run_id, ${day} AS day, t.time, ${stamp} AS timestamp, n.node_id AS node, n.kind, k.name AS metric, m.value
      FROM metrics m
      JOIN runs r ON r.run_id = m.run_id
      JOIN run_steps t ON t.run_id = m.run_id AND t.step = m.step
      JOIN run_nodes n ON n.run_id = m.run_id AND n.node = m.node
      JOIN run_metrics k ON k.run_id = m.run_id AND k.metric = m.metric
      WHERE m.run_id IN (${list})
    ) TO ${quote(metricsDir)} (FORMAT parquet, PARTITION_BY (run_id, day), COMPRESSION ${codec}, OVERWRITE_OR_IGNORE true)`);
  for (const table of RECORD_TABLES) {
    await store.backend.exec(`COPY (SELECT * FROM ${table} WHERE run_id IN (${list})) TO ${quote(join(out, `${table}.parquet`))} (FORMAT parquet, COMPRESSION ${codec})`);
  }
  const counted = await store.query(`SELECT coalesce(sum(value_count), 0) AS n FROM runs WHERE run_id IN (${list})`);
  return { dir: out, runs, values: (counted.columns.n as Float64Array)[0] };
}

/**
 * Reads a folder written by `exportParquet` into `store`; runs get new ids (returned in order), each
 * imported in one transaction. A PostgreSQL store is fed through a temporary DuckDB file.
 */
export async function importParquet(store: StudyStore, dir: string): Promise<number[]> {
  const src = resolve(dir);
  if (!existsSync(join(src, "runs.parquet"))) throw new NotFoundError(`importParquet: ${JSON.stringify(dir)} has no runs.parquet; expected a folder written by exportParquet or \`infratwin store export\`.`);
  if (store.dialect !== "duckdb") {
    const staging = mkdtempSync(join(tmpdir(), "infratwin-parquet-"));
    const local = await openStore(join(staging, "staging.duckdb"));
    try {
      const ids = await importParquet(local, src);
      return await copyRuns(local, store, { runIds: ids });
    } finally {
      await local.close();
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const file = (table: string) => `read_parquet(${quote(join(src, `${table}.parquet`))})`;
  const tx = await store.backend.begin();
  try {
    await tx.exec(`CREATE TEMP TABLE import_ids AS SELECT run_id AS old_id, nextval('run_ids') AS new_id FROM ${file("runs")} ORDER BY run_id`);
    const columns = (await tx.query(`SELECT * FROM ${file("runs")} LIMIT 0`)).names.filter((c) => c !== "run_id");
    await tx.exec(`INSERT INTO runs (run_id, ${columns.join(", ")}) SELECT i.new_id, ${columns.map((c) => "p." + c).join(", ")} FROM ${file("runs")} p JOIN import_ids i ON i.old_id = p.run_id`);
    for (const table of RECORD_TABLES.filter((t) => t !== "runs")) {
      const names = (await tx.query(`SELECT * FROM ${file(table)} LIMIT 0`)).names.filter((c) => c !== "run_id");
      await tx.exec(`INSERT INTO ${table} (run_id, ${names.join(", ")}) SELECT i.new_id, ${names.map((c) => "p." + c).join(", ")} FROM ${file(table)} p JOIN import_ids i ON i.old_id = p.run_id`);
    }
    if (existsSync(join(src, "metrics"))) {
      // Only a DuckDB store gets here (PostgreSQL goes through a staging DuckDB file above).
      await tx.exec(blocksFromLong(`(SELECT i.new_id AS run_id, k.metric, n.node, s.step, p.value
        FROM read_parquet(${quote(join(src, "metrics", "**", "*.parquet"))}, hive_partitioning = true, hive_types = {'run_id': INTEGER, 'day': VARCHAR}) p
        JOIN import_ids i ON i.old_id = p.run_id
        JOIN run_nodes n ON n.run_id = i.new_id AND n.node_id = p.node
        JOIN run_metrics k ON k.run_id = i.new_id AND k.name = p.metric
        JOIN run_steps s ON s.run_id = i.new_id AND s.time = p.time)`));
    }
    const ids = await tx.query("SELECT new_id FROM import_ids ORDER BY old_id");
    await tx.exec("DROP TABLE import_ids");
    await tx.commit();
    return Array.from(ids.columns.new_id as Float64Array);
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw new StoreError(`importParquet: reading ${JSON.stringify(dir)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
