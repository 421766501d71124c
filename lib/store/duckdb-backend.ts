// The embedded backend: DuckDB through @duckdb/node-api, one `.duckdb` file (or ":memory:"), nothing to start.
import { DuckDBConnection, DuckDBDoubleType, DuckDBInstance, DuckDBListType, DuckDBVarCharType, listValue, type DuckDBAppender, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import { SeriesRows } from "./series-rows";
import { isoTimestamp, type Backend, type ColumnarResult, type Column, type MetricBlock, type Transaction } from "./backend";

const NUMERIC = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE"]);

/**
 * DuckDB takes up to 80 % of RAM by default; an embedded store shares the process with the twin, so it
 * gets 1 GB and spills the rest of a large sort or aggregate to disk (next to the file).
 */
const DEFAULT_SETTINGS: Record<string, string> = { memory_limit: "1GB" };

/** Options of `duckdbBackend`. */
export interface DuckDBBackendOptions {
  /** DuckDB settings (`memory_limit`, `threads`, …) passed when the database opens. */
  settings?: Record<string, string>;
}

/** Opens (or creates) a DuckDB database at `path` (":memory:" for a throwaway one). */
export async function duckdbBackend(path: string, options: DuckDBBackendOptions = {}): Promise<Backend> {
  const instance = await DuckDBInstance.create(path, { ...DEFAULT_SETTINGS, ...options.settings });
  const connection = await instance.connect();
  return new DuckDBBackend(path, instance, connection);
}

class DuckDBBackend implements Backend {
  readonly dialect = "duckdb" as const;
  constructor(
    readonly target: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async exec(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.connection.run(sql, params as DuckDBValue[] | undefined);
  }

  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
    return readColumns(this.connection, sql, params);
  }

  async begin(): Promise<Transaction> {
    // Its own connection, so that readers on the main one never see a half-written run.
    const connection = await this.instance.connect();
    await connection.run("BEGIN TRANSACTION");
    return new DuckDBTransaction(connection);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

class DuckDBTransaction implements Transaction {
  private appender: DuckDBAppender | undefined;
  private lists: SeriesRows | undefined;
  private done = false;

  constructor(private readonly connection: DuckDBConnection) {}

  async exec(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.connection.run(sql, params as DuckDBValue[] | undefined);
  }

  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
    return readColumns(this.connection, sql, params);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], casts?: Readonly<Record<string, string>>): Promise<void> {
    if (rows.length === 0) return;
    // One statement binding each column as a list: a VALUES statement with thousands of parameters costs
    // DuckDB about 0.1 ms a row to bind (10,000 run_nodes rows took over a second).
    const lists = columns.map((_, c) => columnList(rows, c));
    const select = columns.map((name, c) => (casts?.[name] ? `CAST(c${c} AS ${casts[name]})` : `c${c}`)).join(", ");
    const unnest = columns.map((_, c) => `unnest($${c + 1}) AS c${c}`).join(", ");
    await this.connection.run(`INSERT INTO ${table} (${columns.join(", ")}) SELECT ${select} FROM (SELECT ${unnest})`, lists.map((l) => l.value), lists.map((l) => l.type));
  }

  async appendMetrics(runId: number, block: MetricBlock): Promise<void> {
    if (!this.appender) {
      this.appender = await this.connection.createAppender("metric_blocks");
      this.lists = new SeriesRows();
    }
    this.lists!.append(this.appender, runId, block);
  }

  async endMetrics(): Promise<void> {
    if (!this.appender) return;
    this.appender.flushSync();
    this.appender.closeSync();
    this.appender = undefined;
    this.lists = undefined;
  }

  async commit(): Promise<void> {
    await this.endMetrics();
    await this.connection.run("COMMIT");
    this.close();
  }

  async rollback(): Promise<void> {
    if (this.done) return;
    try {
      if (this.appender) this.appender.closeSync();
    } catch {
      // Closing flushes; a failed flush is what we are rolling back anyway.
    }
    this.appender = undefined;
    try {
      await this.connection.run("ROLLBACK");
    } finally {
      this.close();
    }
  }

  private close(): void {
    this.done = true;
    this.connection.closeSync();
  }
}

/** Column `c` of `rows` as a DuckDB list: DOUBLE when it holds only numbers (and nulls), VARCHAR otherwise. */
function columnList(rows: readonly (readonly unknown[])[], c: number): { value: DuckDBValue; type: DuckDBType } {
  const numeric = rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number");
  const items = rows.map((r) => {
    const v = r[c];
    if (v === null || v === undefined) return null;
    return numeric ? (v as number) : String(v);
  });
  return { value: listValue(items), type: new DuckDBListType(numeric ? DuckDBDoubleType.instance : DuckDBVarCharType.instance) };
}

/** Runs a query and gathers its chunks into columns; numeric vectors are copied in bulk. */
async function readColumns(connection: DuckDBConnection, sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
  const result = await connection.stream(sql, params as DuckDBValue[] | undefined);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  const numeric = types.map((t) => NUMERIC.has(t));
  const parts: Column[][] = names.map(() => []);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      if (numeric[c]) {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i);
          out[i] = v === null ? NaN : Number(v);
        }
        parts[c].push(out);
      } else {
        const out = new Array<string | null>(n);
        const timestamp = types[c].startsWith("TIMESTAMP");
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i);
          out[i] = v === null ? null : timestamp ? isoTimestamp(String(v)) : String(v);
        }
        parts[c].push(out);
      }
    }
    rows += n;
  }
  const columns: Record<string, Column> = {};
  names.forEach((name, c) => {
    if (numeric[c]) {
      const out = new Float64Array(rows);
      let at = 0;
      for (const part of parts[c] as Float64Array[]) {
        out.set(part, at);
        at += part.length;
      }
      columns[name] = out;
    } else {
      const out: (string | null)[] = [];
      for (const part of parts[c] as (string | null)[][]) for (const v of part) out.push(v);
      columns[name] = out;
    }
  });
  return { kind: "columnar", names, types, rows, columns };
}
