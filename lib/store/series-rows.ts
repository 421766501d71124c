// Turns long metric rows into DuckDB `metric_blocks` rows (one FLOAT[] per run of consecutive steps) and appends them as whole data chunks.
import duckdb from "@duckdb/node-bindings";
import { DuckDBDataChunk, DuckDBFloatType, DuckDBIntegerType, DuckDBListType, DuckDBSmallIntType, type DuckDBAppender } from "@duckdb/node-api";
import type { MetricBlock } from "./backend";
import { SERIES_PER_ROW } from "./schema";

/** List rows per data chunk (DuckDB's vector size). */
const VECTOR = 2048;

/**
 * A reusable chunk writer for one appender. The columns are filled with bulk copies through the raw
 * bindings: node-api's list vector copies its child one value at a time, which would cost more than
 * DuckDB's own work. The values of consecutive list rows are contiguous in the block, so a chunk's
 * child vector is one slice of `block.value`.
 */
export class SeriesRows {
  private readonly chunk = DuckDBDataChunk.create([DuckDBIntegerType.instance, DuckDBSmallIntType.instance, DuckDBIntegerType.instance, DuckDBIntegerType.instance, new DuckDBListType(DuckDBFloatType.instance)]);
  private readonly run = new Int32Array(VECTOR);
  private readonly metric = new Int16Array(VECTOR);
  private readonly node = new Int32Array(VECTOR);
  private readonly firstStep = new Int32Array(VECTOR);
  /** (offset, length) pairs into the child vector, as DuckDB's list entries. */
  private readonly entries = new BigUint64Array(VECTOR * 2);
  /** The child vector's validity mask (kept natively across chunks) still marks NULLs of an earlier chunk. */
  private dirty = false;

  /** Appends `block` (rows in series order) as list rows of run `runId`. */
  append(appender: DuckDBAppender, runId: number, block: MetricBlock): void {
    const { metric, node, step } = block;
    let at = 0;
    while (at < block.rows) {
      const chunkStart = at;
      let rows = 0;
      while (at < block.rows && rows < VECTOR) {
        const m = metric[at];
        const n = node[at];
        let end = at + 1;
        while (end < block.rows && end - at < SERIES_PER_ROW && metric[end] === m && node[end] === n && step[end] === step[end - 1] + 1) end++;
        this.metric[rows] = m;
        this.node[rows] = n;
        this.firstStep[rows] = step[at];
        this.entries[2 * rows] = BigInt(at - chunkStart);
        this.entries[2 * rows + 1] = BigInt(end - at);
        rows++;
        at = end;
      }
      this.write(appender, runId, rows, block.value.subarray(chunkStart, at));
    }
  }

  private write(appender: DuckDBAppender, runId: number, rows: number, values: Float32Array): void {
    const raw = this.chunk.chunk;
    this.chunk.rowCount = rows;
    this.run.fill(runId, 0, rows);
    copy(duckdb.data_chunk_get_vector(raw, 0), this.run.subarray(0, rows));
    copy(duckdb.data_chunk_get_vector(raw, 1), this.metric.subarray(0, rows));
    copy(duckdb.data_chunk_get_vector(raw, 2), this.node.subarray(0, rows));
    copy(duckdb.data_chunk_get_vector(raw, 3), this.firstStep.subarray(0, rows));
    const list = duckdb.data_chunk_get_vector(raw, 4);
    duckdb.list_vector_reserve(list, values.length);
    duckdb.list_vector_set_size(list, values.length);
    const child = duckdb.list_vector_get_child(list);
    copy(child, values);
    copy(list, this.entries.subarray(0, 2 * rows));
    // Missing values (NaN) become NULL so that max/avg skip them as SQL users expect.
    const mask = nullMask(values, this.dirty);
    if (mask) {
      duckdb.vector_ensure_validity_writable(child);
      duckdb.copy_data_to_vector_validity(child, 0, mask.buffer, mask.byteOffset, mask.byteLength);
    }
    this.dirty = mask !== undefined;
    appender.appendDataChunk(this.chunk);
  }
}

function copy(vector: duckdb.Vector, data: Int16Array | Int32Array | Float32Array | BigUint64Array): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The validity bits of `values` (a clear bit per NaN), or undefined when every value is valid and no
 * earlier mask needs clearing.
 */
function nullMask(values: Float32Array, dirty: boolean): Uint32Array | undefined {
  let mask: Uint32Array | undefined;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      // DuckDB reads the mask as 64-bit words: allocate whole words.
      mask ??= new Uint32Array(Math.ceil(values.length / 64) * 2).fill(0xffffffff);
      mask[i >>> 5] &= ~(1 << (i & 31));
    }
  }
  if (!mask && dirty) mask = new Uint32Array(Math.ceil(values.length / 64) * 2).fill(0xffffffff);
  return mask;
}
