// The embedded backend: DuckDB through @duckdb/node-api, one `.duckdb` file (or ":memory:"), nothing to start.
import { DuckDBConnection, DuckDBDataChunk, DuckDBFloatType, DuckDBInstance, DuckDBIntegerType, DuckDBSmallIntType, type DuckDBAppender, type DuckDBValue } from "@duckdb/node-api";
import { insertBatch, insertSql, isoTimestamp, type Backend, type ColumnarResult, type Column, type MetricBlock, type Transaction } from "./backend";

/** Rows per DuckDB data chunk (DuckDB's vector size). */
const VECTOR = 2048;
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
  private chunk: DuckDBDataChunk | undefined;
  private chunkRows = -1;
  /** The last chunk held NULLs: its validity mask (kept natively across chunks) must be cleared first. */
  private dirty = false;
  private done = false;

  constructor(private readonly connection: DuckDBConnection) {}

  async exec(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.connection.run(sql, params as DuckDBValue[] | undefined);
  }

  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
    return readColumns(this.connection, sql, params);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], casts?: Readonly<Record<string, string>>): Promise<void> {
    const batch = insertBatch(columns.length);
    for (let start = 0; start < rows.length; start += batch) {
      const slice = rows.slice(start, start + batch);
      await this.connection.run(insertSql(table, columns, slice.length, casts), slice.flat() as DuckDBValue[]);
    }
  }

  async appendMetrics(runId: number, block: MetricBlock): Promise<void> {
    if (!this.appender) {
      this.appender = await this.connection.createAppender("metrics");
      this.chunk = DuckDBDataChunk.create([DuckDBIntegerType.instance, DuckDBSmallIntType.instance, DuckDBIntegerType.instance, DuckDBIntegerType.instance, DuckDBFloatType.instance]);
    }
    const chunk = this.chunk!;
    for (let start = 0; start < block.rows; start += VECTOR) {
      const n = Math.min(VECTOR, block.rows - start);
      if (n !== this.chunkRows) {
        chunk.rowCount = n;
        this.chunkRows = n;
      }
      // The vectors' `items` are typed arrays copied to native memory by flush(): bulk copies, no per-value calls.
      const run = chunk.getColumnVector(0) as unknown as RawVector<Int32Array>;
      const metric = chunk.getColumnVector(1) as unknown as RawVector<Int16Array>;
      const node = chunk.getColumnVector(2) as unknown as RawVector<Int32Array>;
      const step = chunk.getColumnVector(3) as unknown as RawVector<Int32Array>;
      const value = chunk.getColumnVector(4) as unknown as RawVector<Float32Array>;
      run.items.fill(runId);
      metric.items.set(block.metric.subarray(start, start + n));
      node.items.set(block.node.subarray(start, start + n));
      step.items.set(block.step.subarray(start, start + n));
      const values = block.value.subarray(start, start + n);
      if (this.dirty) for (let i = 0; i < n; i++) value.setItem(i, 0);
      this.dirty = false;
      value.items.set(values);
      // Missing values (NaN) become NULL so that max/avg skip them as SQL users expect.
      for (let i = 0; i < n; i++) {
        if (values[i] !== values[i]) {
          value.setItem(i, null);
          this.dirty = true;
        }
      }
      run.flush();
      metric.flush();
      node.flush();
      step.flush();
      value.flush();
      this.appender!.appendDataChunk(chunk);
    }
  }

  async endMetrics(): Promise<void> {
    if (!this.appender) return;
    this.appender.flushSync();
    this.appender.closeSync();
    this.appender = undefined;
    this.chunk = undefined;
    this.chunkRows = -1;
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

interface RawVector<T> {
  items: T;
  setItem(index: number, value: number | null): void;
  flush(): void;
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
