// The seam under the store: what a database engine must do (statements, columnar queries, one transaction, bulk metric rows).
import type { Dialect } from "./schema";

/** A column of a query result: numbers as Float64Array (NULL → NaN), everything else as strings or null. */
export type Column = Float64Array | (string | null)[];

/**
 * A query result in columns, the plain typed-array form for large results (a million rows is 8 MB per
 * numeric column, no per-row objects). `toFrame()` turns it into a danfo DataFrame.
 */
export interface ColumnarResult {
  kind: "columnar";
  /** Column names, in select order. */
  names: string[];
  /** SQL type of each column as the engine names it (FLOAT, DOUBLE, VARCHAR, int4, …). */
  types: string[];
  rows: number;
  columns: Record<string, Column>;
}

/**
 * Metric rows in series order (metric, then node, then step), `rows` long. Arrays may be longer than
 * `rows` (reused buffers); only the first `rows` entries count. NaN values are stored as NULL.
 */
export interface MetricBlock {
  rows: number;
  metric: Int16Array;
  node: Int32Array;
  step: Int32Array;
  value: Float32Array;
}

/** One open write transaction on its own connection: nothing is visible to readers until `commit`. */
export interface Transaction {
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult>;
  /** Inserts plain rows; `casts` names a SQL type for columns whose text must be cast (timestamps). */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], casts?: Readonly<Record<string, string>>): Promise<void>;
  /** Streams metric rows of `runId` into the metrics table (DuckDB appender, PostgreSQL binary COPY). */
  appendMetrics(runId: number, block: MetricBlock): Promise<void>;
  /** Ends bulk appends (flushes the appender or closes the COPY); called before other statements follow. */
  endMetrics(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** A database engine behind the store. */
export interface Backend {
  readonly dialect: Dialect;
  /** Where the data lives, safe to print (passwords removed). */
  readonly target: string;
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult>;
  begin(): Promise<Transaction>;
  close(): Promise<void>;
}

/** Converts a timestamp text from either engine ("2026-12-01 04:33:00.123") to ISO 8601 UTC. */
export function isoTimestamp(text: string): string {
  const t = Date.parse(text.includes("T") ? text : text.replace(" ", "T") + (/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? "" : "Z"));
  return Number.isFinite(t) ? new Date(t).toISOString() : text;
}

/** Builds `INSERT INTO table (cols) VALUES ($1, …), (…)` for `count` rows, with casts where asked. */
export function insertSql(table: string, columns: readonly string[], count: number, casts: Readonly<Record<string, string>> = {}): string {
  const tuples: string[] = [];
  let p = 1;
  for (let r = 0; r < count; r++) {
    const cells = columns.map((c) => (casts[c] ? `CAST($${p++} AS ${casts[c]})` : `$${p++}`));
    tuples.push(`(${cells.join(", ")})`);
  }
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`;
}

/** Rows per INSERT statement for records: few enough parameters for PostgreSQL (65,535), many enough to be quick. */
export function insertBatch(columns: number): number {
  return Math.max(1, Math.floor(4000 / Math.max(1, columns)));
}
