// The shared backend: PostgreSQL through `pg`, metrics in through binary COPY; credentials from the URL or PG* variables, never printed.
import { Client, types as pgTypes, type ClientConfig, type FieldDef } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Writable } from "node:stream";
import { insertBatch, insertSql, isoTimestamp, type Backend, type ColumnarResult, type Column, type MetricBlock, type Transaction } from "./backend";
import { redactTarget } from "./target";

/** Type ids PostgreSQL reports for numbers: int8, int2, int4, oid, float4, float8, numeric. */
const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]);
const TIMESTAMP_OIDS = new Set([1114, 1184]);
/** Bytes of one metric row in binary COPY: field count, then (length, value) for run, metric, node, step, value. */
const ROW_BYTES = 2 + (4 + 4) + (4 + 2) + (4 + 4) + (4 + 4) + (4 + 4);
const COPY_SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);

/** Connects to PostgreSQL; `url` may be "postgres://user:pass@host:port/db" or "postgres://" to use PG* variables only. */
export async function postgresBackend(url: string): Promise<Backend> {
  const client = await connect(url);
  return new PostgresBackend(url, client);
}

async function connect(url: string): Promise<Client> {
  // Timestamps stay text (converted to ISO by us), so both engines read back the same strings.
  const config: ClientConfig = {
    connectionString: url,
    types: { getTypeParser: ((oid: number, format?: string) => (TIMESTAMP_OIDS.has(oid) ? (v: string) => v : pgTypes.getTypeParser(oid, format as never))) as never },
  };
  const client = new Client(config);
  await client.connect();
  await client.query("SET client_min_messages TO warning");
  return client;
}

class PostgresBackend implements Backend {
  readonly dialect = "postgres" as const;
  readonly target: string;
  constructor(
    private readonly url: string,
    private readonly client: Client,
  ) {
    this.target = redactTarget(url);
  }

  async exec(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.client.query(sql, params as unknown[] | undefined);
  }

  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
    return readColumns(this.client, sql, params);
  }

  async begin(): Promise<Transaction> {
    // Its own connection: several writers (sweep workers) can each hold one transaction.
    const client = await connect(this.url);
    await client.query("BEGIN");
    return new PostgresTransaction(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

class PostgresTransaction implements Transaction {
  private copy: Writable | undefined;
  private copyDone: Promise<void> | undefined;
  private done = false;

  constructor(private readonly client: Client) {}

  async exec(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.client.query(sql, params as unknown[] | undefined);
  }

  query(sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
    return readColumns(this.client, sql, params);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], casts?: Readonly<Record<string, string>>): Promise<void> {
    const batch = insertBatch(columns.length);
    for (let start = 0; start < rows.length; start += batch) {
      const slice = rows.slice(start, start + batch);
      await this.client.query(insertSql(table, columns, slice.length, casts), slice.flat());
    }
  }

  async appendMetrics(runId: number, block: MetricBlock): Promise<void> {
    if (!this.copy) {
      const stream = this.client.query(copyFrom("COPY metrics (run_id, metric, node, step, value) FROM STDIN (FORMAT binary)"));
      this.copyDone = new Promise((resolve, reject) => {
        stream.on("finish", () => resolve());
        stream.on("error", reject);
      });
      this.copyDone.catch(() => undefined);
      const header = Buffer.alloc(COPY_SIGNATURE.length + 8);
      COPY_SIGNATURE.copy(header, 0);
      this.copy = stream;
      await write(stream, header);
    }
    const n = block.rows;
    const buffer = Buffer.allocUnsafe(n * ROW_BYTES);
    let o = 0;
    for (let i = 0; i < n; i++) {
      buffer.writeInt16BE(5, o);
      buffer.writeInt32BE(4, o + 2);
      buffer.writeInt32BE(runId, o + 6);
      buffer.writeInt32BE(2, o + 10);
      buffer.writeInt16BE(block.metric[i], o + 14);
      buffer.writeInt32BE(4, o + 16);
      buffer.writeInt32BE(block.node[i], o + 20);
      buffer.writeInt32BE(4, o + 24);
      buffer.writeInt32BE(block.step[i], o + 28);
      const v = block.value[i];
      if (v !== v) {
        // NULL: length -1 and no bytes.
        buffer.writeInt32BE(-1, o + 32);
        o += ROW_BYTES - 4;
      } else {
        buffer.writeInt32BE(4, o + 32);
        buffer.writeFloatBE(v, o + 36);
        o += ROW_BYTES;
      }
    }
    await write(this.copy, o === buffer.length ? buffer : buffer.subarray(0, o));
  }

  async endMetrics(): Promise<void> {
    if (!this.copy) return;
    const trailer = Buffer.alloc(2);
    trailer.writeInt16BE(-1, 0);
    const stream = this.copy;
    this.copy = undefined;
    stream.end(trailer);
    await this.copyDone;
  }

  async commit(): Promise<void> {
    await this.endMetrics();
    await this.client.query("COMMIT");
    await this.close();
  }

  async rollback(): Promise<void> {
    if (this.done) return;
    try {
      // An open COPY cannot be rolled back politely; ending the connection aborts the transaction.
      if (this.copy) this.copy.destroy(new Error("rolled back"));
      else await this.client.query("ROLLBACK");
    } catch {
      // The connection is going away; the server rolls back whatever is open.
    } finally {
      await this.close();
    }
  }

  private async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.client.end().catch(() => undefined);
  }
}

function write(stream: Writable, chunk: Buffer): Promise<void> {
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once("error", onError);
    stream.once("drain", () => {
      stream.off("error", onError);
      resolve();
    });
  });
}

async function readColumns(client: Client, sql: string, params?: readonly unknown[]): Promise<ColumnarResult> {
  const result = await client.query({ text: sql, values: params as unknown[] | undefined, rowMode: "array" });
  const fields: FieldDef[] = result.fields ?? [];
  const names = fields.map((f) => f.name);
  const rows = result.rows as unknown[][];
  const columns: Record<string, Column> = {};
  fields.forEach((field, c) => {
    if (NUMERIC_OIDS.has(field.dataTypeID)) {
      const out = new Float64Array(rows.length);
      // float4 arrives as its shortest text ("1003.0156"); fround gives back the exact stored value, as DuckDB does.
      const single = field.dataTypeID === 700;
      for (let i = 0; i < rows.length; i++) {
        const v = rows[i][c];
        out[i] = v === null ? NaN : single ? Math.fround(Number(v)) : Number(v);
      }
      columns[field.name] = out;
    } else {
      const timestamp = TIMESTAMP_OIDS.has(field.dataTypeID);
      columns[field.name] = rows.map((row) => {
        const v = row[c];
        return v === null || v === undefined ? null : timestamp ? isoTimestamp(String(v)) : typeof v === "object" ? JSON.stringify(v) : String(v);
      });
    }
  });
  return { kind: "columnar", names, types: fields.map((f) => pgTypeName(f.dataTypeID)), rows: rows.length, columns };
}

function pgTypeName(oid: number): string {
  const names: Record<number, string> = { 16: "bool", 20: "int8", 21: "int2", 23: "int4", 25: "text", 700: "float4", 701: "float8", 1043: "varchar", 1114: "timestamp", 1184: "timestamptz", 1700: "numeric" };
  return names[oid] ?? `oid ${oid}`;
}
