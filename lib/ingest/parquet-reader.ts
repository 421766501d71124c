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
    // A timestamp column holds instants (WITH TIME ZONE) or zone-less wall clocks, read in options.timeZone like text ones.
    const naive = TIMESTAMP.test(timeType) && !/WITH TIME ZONE|TZ/.test(timeType);
    if (TIMESTAMP.test(timeType)) time.encoding = naive ? "iso-naive" : "iso-zoned";
    const zone = naive && time.timeZone !== "UTC" ? time.timeZone : undefined;
    const fixedNode = options.node !== undefined ? set.node(options.node) : -1;
    const nodeIds: number[] = [];
    let nodeSql = "0";
    let nodeJoin = "";
    if (layout.node >= 0) {
      const distinct = await connection.run(`SELECT DISTINCT ${quote(header[layout.node])}::VARCHAR AS k FROM ${file} ORDER BY 1`);
      for (const { k } of (await distinct.getRowObjectsJS()) as { k: string | null }[]) {
        if (k === null || k === "") throw new TelemetryFormatError(api, {}, `column "${header[layout.node]}" has an empty node.`);
        nodeIds.push(set.node(k));
      }
      nodeSql = "n.i";
      nodeJoin = `JOIN (SELECT k, (row_number() OVER (ORDER BY k) - 1)::INTEGER AS i FROM (SELECT DISTINCT ${quote(header[layout.node])}::VARCHAR AS k FROM ${file})) n ON n.k = t.${quote(header[layout.node])}::VARCHAR`;
    }
    let metricColumns: string[];
    let metricIds: number[];
    let metricSql = "";
    let metricJoin = "";
    if (layout.layout === "long") {
      const distinct = await connection.run(`SELECT DISTINCT ${quote(header[layout.metric])}::VARCHAR AS k FROM ${file} ORDER BY 1`);
      metricIds = ((await distinct.getRowObjectsJS()) as { k: string }[]).map(({ k }) => set.metric(k));
      metricSql = ", m.j";
      metricJoin = `JOIN (SELECT k, (row_number() OVER (ORDER BY k) - 1)::INTEGER AS j FROM (SELECT DISTINCT ${quote(header[layout.metric])}::VARCHAR AS k FROM ${file})) m ON m.k = t.${quote(header[layout.metric])}::VARCHAR`;
      metricColumns = [`t.${quote(header[layout.value])}::DOUBLE`];
    } else {
      metricIds = layout.metricColumns.map((c) => set.metric(layout.layout === "single" ? (options.metric as string) : header[c]));
      metricColumns = layout.metricColumns.map((c) => `t.${quote(header[c])}::DOUBLE`);
    }
    const sql = `SELECT ${timeSql.replace(/"([^"]|"")*"/, (m) => `t.${m}`)}, ${nodeSql}${metricSql}, ${metricColumns.join(", ")} FROM ${file} t ${nodeJoin} ${metricJoin}`;
    const result = await connection.stream(sql);
    let count = 0;
    const first = layout.layout === "long" ? 3 : 2;
    for (;;) {
      const chunk = (await result.fetchChunk()) as unknown as Chunk | null;
      if (chunk === null || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const tv = chunk.getColumnVector(0);
      const nv = chunk.getColumnVector(1);
      const mv = layout.layout === "long" ? chunk.getColumnVector(2) : undefined;
      const values = metricColumns.map((_, j) => chunk.getColumnVector(first + j));
      for (let r = 0; r < n; r++) {
        const raw = tv.getItem(r);
        let ms: number;
        if (raw === null) ms = NaN;
        else if (TIMESTAMP.test(timeType)) ms = zone === undefined ? (raw as number) : wallClockToUtc(raw as number, zone);
        else ms = time.parse(timeIsText ? String(raw) : (raw as number));
        if (ms !== ms) throw new TelemetryFormatError(api, { line: count + r + 1 }, `row ${count + r + 1}: ${JSON.stringify(raw)} is not a time (column "${header[layout.time]}", ${time.describe()}).`);
        const node = layout.node >= 0 ? nodeIds[nv.getItem(r) as number] : fixedNode;
        if (mv !== undefined) {
          const v = values[0].getItem(r) as number | null;
          set.add(ms, node, metricIds[mv.getItem(r) as number], v === null ? NaN : v);
        } else {
          for (let j = 0; j < values.length; j++) {
            const v = values[j].getItem(r) as number | null;
            set.add(ms, node, metricIds[j], v === null ? NaN : v);
          }
        }
      }
      count += n;
    }
    return { layout, header, rows: count };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
