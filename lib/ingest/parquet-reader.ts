// Reads Parquet telemetry (long or wide) with DuckDB's read_parquet, streaming numeric chunks into a sample set.
import { TelemetryFormatError } from "./errors";
import { detectLayout, type Layout, type LayoutOptions } from "./layout";
import type { SampleSet } from "./samples";
import { wallClockToUtc, type TimeColumnParser } from "./time";

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const TIMESTAMP = /^(TIMESTAMP.*|DATE)$/;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface Vector {
  getItem(i: number): unknown;
}
interface Chunk {
  rowCount: number;
  getColumnVector(i: number): Vector;
}

/**
 * The typed array behind a numeric vector of a fetched chunk. node-api keeps it private but it is the
 * chunk's own data: reading it in bulk is what makes Parquet fast (getItem costs a call and a validity
 * test per value). Columns read this way are selected with coalesce, so they hold no NULL.
 */
function itemsOf<T extends Float64Array | Int32Array>(vector: Vector): T {
  const items = (vector as unknown as { items?: T }).items;
  if (items === undefined) throw new Error("readParquet: a numeric DuckDB vector without items (an unexpected @duckdb/node-api version)");
  return items;
}

/** Reads a Parquet file into `set`; returns the layout and the number of rows. */
export async function readParquet(api: string, path: string, set: SampleSet, time: TimeColumnParser, options: LayoutOptions): Promise<{ layout: Layout; header: string[]; rows: number }> {
  // Loaded on use: DuckDB's native binding is not needed by anything else ingest does.
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const file = `read_parquet('${path.replace(/'/g, "''")}')`;
    let described;
    try {
      described = await connection.run(`DESCRIBE SELECT * FROM ${file}`);
    } catch (error) {
      throw new TelemetryFormatError(api, {}, `${JSON.stringify(path)} is not a readable Parquet file (${(error as Error).message.split("\n")[0]}).`);
    }
    const rows = (await described.getRowObjectsJS()) as { column_name: string; column_type: string }[];
    const header = rows.map((r) => r.column_name);
    const types = rows.map((r) => r.column_type);
    const layout = detectLayout(api, header, types.map((t) => (NUMERIC.test(t) ? "0" : "text")), options);
    const timeType = types[layout.time];
    const timeSql = TIMESTAMP.test(timeType) ? `epoch_ms(${quote(header[layout.time])}${timeType === "DATE" ? "::TIMESTAMP" : ""})::DOUBLE` : NUMERIC.test(timeType) ? `${quote(header[layout.time])}::DOUBLE` : `${quote(header[layout.time])}::VARCHAR`;
    const timeIsText = !TIMESTAMP.test(timeType) && !NUMERIC.test(timeType);
    const isTimestamp = TIMESTAMP.test(timeType);
    // A timestamp column holds instants (WITH TIME ZONE) or zone-less wall clocks, read in options.timeZone like text ones.
    const naive = TIMESTAMP.test(timeType) && !/WITH TIME ZONE|TZ/.test(timeType);
    if (TIMESTAMP.test(timeType)) time.encoding = naive ? "iso-naive" : "iso-zoned";
    const zone = naive && time.timeZone !== "UTC" ? time.timeZone : undefined;
    const fixedNode = options.node !== undefined ? set.node(options.node) : -1;
    // Nodes and metrics become ENUM codes (a scalar per row, no join): a join's output order is not the
    // file's, and rows out of order made every series look shuffled (sorted again and reported as
    // out-of-order in the cleaning report, at 16 bytes a sample instead of 8).
    const codes = async (column: number, type: string, what: string): Promise<{ sql: string; names: string[] }> => {
      const name = quote(header[column]);
      const distinct = await connection.run(`SELECT DISTINCT ${name}::VARCHAR AS k FROM ${file} ORDER BY 1`);
      const names = ((await distinct.getRowObjectsJS()) as { k: string | null }[]).map(({ k }) => {
        if (k === null || k === "") throw new TelemetryFormatError(api, {}, `column "${header[column]}" has an empty ${what}.`);
        return k;
      });
      await connection.run(`CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${name}::VARCHAR FROM ${file} ORDER BY 1)`);
      // The codes follow the enum's own order, read back rather than assumed.
      const order = await connection.run(`SELECT unnest(enum_range(NULL::${type})) AS k`);
      const ordered = ((await order.getRowObjectsJS()) as { k: string }[]).map(({ k }) => k);
      if (ordered.length !== names.length) throw new TelemetryFormatError(api, {}, `column "${header[column]}": ${names.length} distinct ${what}s but ${ordered.length} codes.`);
      return { sql: `enum_code(${name}::VARCHAR::${type})::INTEGER`, names: ordered };
    };
    let nodeIds: number[] = [];
    let nodeSql = "0::INTEGER";
    if (layout.node >= 0) {
      const node = await codes(layout.node, "infratwin_node", "node");
      nodeIds = node.names.map((k) => set.node(k));
      nodeSql = node.sql;
    }
    let metricIds: number[];
    let metricSql = "";
    let valueColumns: string[];
    if (layout.layout === "long") {
      const metric = await codes(layout.metric, "infratwin_metric", "metric name");
      metricIds = metric.names.map((k) => set.metric(k));
      metricSql = `, ${metric.sql}`;
      valueColumns = [header[layout.value]];
    } else {
      metricIds = layout.metricColumns.map((c) => set.metric(layout.layout === "single" ? (options.metric as string) : header[c]));
      valueColumns = layout.metricColumns.map((c) => header[c]);
    }
    // NULL values arrive as NaN (missing), so the numeric columns are read as plain typed arrays.
    const values = valueColumns.map((c) => `coalesce(${quote(c)}::DOUBLE, 'NaN'::DOUBLE)`);
    const numericTime = !timeIsText;
    const timeColumn = numericTime ? `coalesce(${timeSql}, 'NaN'::DOUBLE)` : timeSql;
    const result = await connection.stream(`SELECT ${timeColumn}, ${nodeSql}${metricSql}, ${values.join(", ")} FROM ${file}`);
    let count = 0;
    const long = layout.layout === "long";
    const first = long ? 3 : 2;
    for (;;) {
      const chunk = (await result.fetchChunk()) as unknown as Chunk | null;
      if (chunk === null || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const tv = chunk.getColumnVector(0);
      const times = numericTime ? itemsOf<Float64Array>(tv) : undefined;
      const nodes = itemsOf<Int32Array>(chunk.getColumnVector(1));
      const metrics = long ? itemsOf<Int32Array>(chunk.getColumnVector(2)) : undefined;
      const columns = valueColumns.map((_, j) => itemsOf<Float64Array>(chunk.getColumnVector(first + j)));
      for (let r = 0; r < n; r++) {
        let ms: number;
        if (times === undefined) {
          const raw = tv.getItem(r);
          ms = raw === null ? NaN : time.parse(String(raw));
        } else if (isTimestamp) ms = zone === undefined ? times[r] : wallClockToUtc(times[r], zone);
        else ms = time.parse(times[r]);
        if (ms !== ms) throw new TelemetryFormatError(api, { line: count + r + 1 }, `row ${count + r + 1}: ${JSON.stringify(times === undefined ? tv.getItem(r) : times[r] === times[r] ? times[r] : null)} is not a time (column "${header[layout.time]}", ${time.describe()}).`);
        const node = layout.node >= 0 ? nodeIds[nodes[r]] : fixedNode;
        if (metrics !== undefined) set.add(ms, node, metricIds[metrics[r]], columns[0][r]);
        else for (let j = 0; j < columns.length; j++) set.add(ms, node, metricIds[j], columns[j][r]);
      }
      count += n;
    }
    return { layout, header, rows: count };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
