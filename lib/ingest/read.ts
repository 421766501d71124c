// `readTelemetry(source, options)`: one call for every telemetry layout and format, returning the store and the report of what it did.
import { extname } from "node:path";
import { invalidArgument, notFound } from "../errors";
import type { MetricsStore } from "../metrics";
import { buildStore, type BuildOptions, type ReadContext } from "./build";
import { readCsv, type CsvReaderOptions } from "./csv-reader";
import { TelemetryFormatError } from "./errors";
import { describeSource, isPath, lineBatches, textChunks, type LineBatch, type LineOptions, type TelemetrySource } from "./input";
import { RecordReader, readJsonDocument, readNdjson, readPrometheus, type PrometheusReadOptions } from "./json-reader";
import { queryRange } from "./live";
import { parseDuration } from "../time";
import { readParquet } from "./parquet-reader";
import type { IngestReport } from "./report";
import { SampleSet } from "./samples";
import { TimeColumnParser, type TimeOptions } from "./time";

/** Every option of `readTelemetry`; all are optional and each one the reader needed is named in its errors. */
export interface ReadTelemetryOptions extends CsvReaderOptions, BuildOptions, TimeOptions, LineOptions, PrometheusReadOptions {
  /** "csv", "json", "ndjson", "prometheus" or "parquet"; from the file extension or the content by default. */
  format?: IngestReport["format"];
  /** Metric names in the input → names in the store: `{ latency: "latency_ms" }`. */
  rename?: Readonly<Record<string, string>>;
  /** Prometheus URL sources: the PromQL query, and the range (times as `parseTime` reads them; the last hour by default). */
  query?: string;
  start?: string | number;
  end?: string | number;
  /** Prometheus URL sources: retries of a failing request (5 by default). */
  retries?: number;
}

/** What `readTelemetry` returns. */
export interface TelemetryRead {
  store: MetricsStore;
  report: IngestReport;
}

/** Several sources at once, one per node: `{ "web-01": "web-01.csv", ... }` (each file without a node column). */
export type PerNodeSources = Readonly<Record<string, TelemetrySource>>;

const FORMATS = ["csv", "json", "ndjson", "prometheus", "parquet"] as const;
const EXTENSIONS: Record<string, IngestReport["format"]> = { ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet", ".pq": "parquet" };

function isPerNode(source: unknown): source is PerNodeSources {
  if (source === null || typeof source !== "object" || source instanceof Uint8Array) return false;
  if (Symbol.asyncIterator in source || Symbol.iterator in source) return false;
  const proto = Object.getPrototypeOf(source);
  return proto === Object.prototype || proto === null;
}

/** Peeks at the first non-blank line to tell CSV from JSON and NDJSON, then replays every batch. */
async function sniff(batches: AsyncGenerator<LineBatch>): Promise<{ format: "csv" | "json" | "ndjson"; batches: AsyncGenerator<LineBatch> }> {
  const seen: LineBatch[] = [];
  let format: "csv" | "json" | "ndjson" = "csv";
  for (;;) {
    const next = await batches.next();
    if (next.done) break;
    seen.push(next.value);
    const line = next.value.lines.find((l) => l.trim() !== "");
    if (line === undefined) continue;
    const head = line.trimStart();
    if (head.startsWith("[")) format = "json";
    else if (head.startsWith("{")) {
      try {
        const first = JSON.parse(head) as Record<string, unknown>;
        format = first !== null && typeof first === "object" && "status" in first && "data" in first ? "json" : "ndjson";
      } catch {
        format = "json";
      }
    }
    break;
  }
  async function* replay(): AsyncGenerator<LineBatch> {
    for (const batch of seen) yield batch;
    for (;;) {
      const next = await batches.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format, batches: replay() };
}

async function readOne(api: string, source: TelemetrySource, set: SampleSet, time: TimeColumnParser, options: ReadTelemetryOptions): Promise<Omit<ReadContext, "time">> {
  if (typeof source === "string" && /^https?:\/\//.test(source)) return readPrometheusUrl(api, source, set, time, options);
  // A one-line string ending like a telemetry file is a path: read as text it would fail with a puzzling header error.
  if (typeof source === "string" && !source.includes("\n") && EXTENSIONS[extname(source).toLowerCase()] !== undefined && !isPath(source)) {
    throw notFound(api, "file", source, "Pass an existing path, or the text itself.");
  }
  const described = describeSource(source);
  let format = options.format;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) throw invalidArgument(api, "options.format", FORMATS.map((f) => `"${f}"`).join(", "), format);
  if (format === undefined && typeof source === "string" && isPath(source)) format = EXTENSIONS[extname(source).toLowerCase()];
  if (format === "parquet") {
    if (typeof source !== "string" || !isPath(source)) throw invalidArgument(api, "source", "the path of a Parquet file (Parquet is read from files)", typeof source === "string" ? source.slice(0, 80) : source);
    const { layout, header, rows } = await readParquet(api, source, set, time, options);
    return { api, source: described, format, layout: layout.layout, layoutReason: layout.reason, columns: columnsOf(layout, header), rows };
  }
  let batches = lineBatches(textChunks(source, api), api, options);
  if (format === undefined) {
    const sniffed = await sniff(batches);
    format = sniffed.format;
    batches = sniffed.batches;
  }
  if (format === "csv") {
    const { layout, header, rows } = await readCsv(api, batches, set, time, options);
    return { api, source: described, format, layout: layout.layout, layoutReason: layout.reason, columns: columnsOf(layout, header), rows };
  }
  const reader = new RecordReader(api, set, time, options);
  if (format === "ndjson") {
    await readNdjson(api, batches, reader);
    const layout = reader.found;
    if (layout === undefined) throw new TelemetryFormatError(api, {}, "the input has no records.");
    return { api, source: described, format, layout: layout.layout, layoutReason: `records: ${layout.reason}`, columns: columnsOf(layout, reader.header), rows: reader.rows };
  }
  // JSON documents are parsed whole: JSON.parse needs the complete text.
  const parts: string[] = [];
  for await (const batch of batches) parts.push(batch.lines.join("\n"));
  let doc: unknown;
  try {
    doc = JSON.parse(parts.join("\n"));
  } catch (error) {
    throw new TelemetryFormatError(api, {}, `not JSON (${(error as Error).message}).`);
  }
  const kind = readJsonDocument(api, doc, reader, set, time, options);
  if (kind === "prometheus") {
    return { api, source: described, format: "prometheus", layout: "prometheus", layoutReason: "a Prometheus query_range response", columns: { node: options.nodeLabel ?? "instance", metric: options.metric ?? "__name__" }, rows: set.samples };
  }
  const layout = reader.found;
  if (layout === undefined) throw new TelemetryFormatError(api, {}, "the array has no records.");
  return { api, source: described, format, layout: layout.layout, layoutReason: `records: ${layout.reason}`, columns: columnsOf(layout, reader.header), rows: reader.rows };
}

async function readPrometheusUrl(api: string, url: string, set: SampleSet, time: TimeColumnParser, options: ReadTelemetryOptions): Promise<Omit<ReadContext, "time">> {
  if (typeof options.query !== "string" || options.query === "") throw invalidArgument(api, "options.query", "a PromQL query (the source is a Prometheus URL)", options.query);
  const step = parseDuration(options.step ?? 60, api, "options.step");
  const at = (value: string | number | undefined, fallback: number, field: string): number => {
    if (value === undefined) return fallback;
    const ms = new TimeColumnParser({ timeZone: options.timeZone }, api).parse(value);
    if (!Number.isFinite(ms)) throw invalidArgument(api, field, "a time (ISO 8601, epoch seconds or ms)", value);
    return ms / 1000;
  };
  const end = at(options.end, Date.now() / 1000, "options.end");
  const start = at(options.start, end - 3600, "options.start");
  const body = await queryRange(api, url, { query: options.query, start, end, step }, { retries: options.retries });
  const epochSeconds = new TimeColumnParser({ numbers: "epoch-s" }, api);
  readPrometheus(api, body as Parameters<typeof readPrometheus>[1], set, epochSeconds, options);
  time.encoding = "epoch-s"; // Prometheus times are wall-clock seconds: the store gets an epoch
  return { api, source: url, format: "prometheus", layout: "prometheus", layoutReason: `query_range ${JSON.stringify(options.query)} from ${new Date(start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()} every ${step} s`, columns: { node: options.nodeLabel ?? "instance", metric: options.metric ?? "__name__" }, rows: set.samples };
}

function columnsOf(layout: import("./layout").Layout, header: readonly string[]): IngestReport["columns"] {
  const name = (c: number) => (c >= 0 ? header[c] : undefined);
  return {
    time: name(layout.time),
    node: name(layout.node),
    metric: name(layout.metric),
    value: name(layout.value),
    kind: name(layout.kind),
    metrics: layout.metricColumns.length > 0 ? layout.metricColumns.map((c) => header[c]) : undefined,
    labels: layout.labelColumns.length > 0 ? layout.labelColumns.map((c) => header[c]) : undefined,
  };
}

/**
 * Reads telemetry in any common shape into a metrics store, and reports every interpretation it made.
 * `source` is a file path, the text, a Buffer, an (async) iterable of text or bytes, or `{ node: source }`
 * for one file per node. Layouts: long (`time,node,metric,value`), wide (`time,host,cpu,latency_ms`),
 * single series (`timestamp,value` with `{ node, metric }`), JSON or NDJSON records of either, Prometheus
 * `query_range` JSON, Parquet (long or wide). Times: ISO 8601 (naive ones in `timeZone`, UTC by default),
 * epoch seconds or ms. Units are converted only when unambiguous (see `decideUnit`); cleaning (order,
 * duplicates, resampling to `step`, gaps, impossible values) is counted per series in `report.series`.
 * @example
 * const { store, report } = await readTelemetry("export.csv", { nodeColumn: "host", step: "1m" });
 */
export async function readTelemetry(source: TelemetrySource | PerNodeSources, options: ReadTelemetryOptions = {}): Promise<TelemetryRead> {
  const api = "readTelemetry";
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
  const set = new SampleSet(options.rename);
  const time = new TimeColumnParser(options, api);
  let context: Omit<ReadContext, "time">;
  if (isPerNode(source)) {
    const entries = Object.entries(source);
    if (entries.length === 0) throw invalidArgument(api, "source", "a non-empty { node: source } map", source);
    let rows = 0;
    let first: Omit<ReadContext, "time"> | undefined;
    for (const [node, one] of entries) {
      const read = await readOne(api, one, set, time, { ...options, node });
      rows += read.rows;
      first ??= read;
    }
    context = { ...(first as Omit<ReadContext, "time">), source: `${entries.length} files, one per node`, layoutReason: `one file per node; ${first?.layoutReason}`, rows };
  } else context = await readOne(api, source, set, time, options);
  return buildStore(set, { ...context, time }, options);
}
