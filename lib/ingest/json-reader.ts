// Reads JSON telemetry into a sample set: arrays of records, NDJSON lines (long or wide records), and Prometheus query_range responses.
import { describeValue } from "../errors";
import { TelemetryFormatError } from "./errors";
import { parseValue } from "./csv-reader";
import type { LineBatch } from "./input";
import { detectLayout, type Layout, type LayoutOptions } from "./layout";
import type { SampleSet } from "./samples";
import type { TimeColumnParser } from "./time";

/** Options of the Prometheus reader. */
export interface PrometheusReadOptions {
  /** Label whose value is the node; "instance" by default. */
  nodeLabel?: string;
  /** Label whose value is the node's kind, if any. */
  kindLabel?: string;
  /** Metric of every series when the query drops `__name__` (as `rate(...)` does). */
  metric?: string;
}

/** Feeds records one by one into a sample set, with the layout fixed by the first record's keys. */
export class RecordReader {
  private layout: Layout | undefined;
  private keys: string[] = [];
  private fixedNode = -1;
  rows = 0;

  constructor(
    private readonly api: string,
    private readonly set: SampleSet,
    private readonly time: TimeColumnParser,
    private readonly options: LayoutOptions,
  ) {}

  get found(): Layout | undefined {
    return this.layout;
  }
  get header(): string[] {
    return this.keys;
  }

  /** Adds one record; `where` locates it in errors (line of NDJSON, index of an array). */
  add(record: unknown, where: { line?: number; index?: number }): void {
    const api = this.api;
    const at = where.line !== undefined ? { line: where.line } : {};
    const name = where.index !== undefined ? `record ${where.index}` : "the record";
    if (record === null || typeof record !== "object" || Array.isArray(record)) throw new TelemetryFormatError(api, at, `${name} is ${describeValue(record)}, not an object.`);
    const r = record as Record<string, unknown>;
    if (this.layout === undefined) {
      this.keys = Object.keys(r);
      this.layout = detectLayout(api, this.keys, this.keys.map((k) => text(r[k])), this.options);
      if (this.options.node !== undefined) this.fixedNode = this.set.node(this.options.node);
    }
    const l = this.layout;
    const keys = this.keys;
    const field = (c: number): unknown => {
      const v = r[keys[c]];
      if (v === undefined) throw new TelemetryFormatError(api, at, `${name} has no field "${keys[c]}" (the first record had it: mixed layouts?).`);
      return v;
    };
    const t = this.time.parse(timeValue(field(l.time)));
    if (t !== t) throw new TelemetryFormatError(api, at, `${name}: field "${keys[l.time]}" is ${describeValue(r[keys[l.time]])}, not a time like the records before (${this.time.describe()}).`);
    let node = this.fixedNode;
    if (l.node >= 0) {
      const id = text(field(l.node)).trim();
      if (id === "") throw new TelemetryFormatError(api, at, `${name}: empty node (field "${keys[l.node]}").`);
      node = this.set.node(id);
      if (l.kind >= 0 && typeof r[keys[l.kind]] === "string") this.set.kind(node, r[keys[l.kind]] as string);
      for (const c of l.labelColumns) if (typeof r[keys[c]] === "string" || typeof r[keys[c]] === "number") this.set.label(node, keys[c], String(r[keys[c]]));
    }
    const value = (c: number): number => {
      const raw = r[keys[c]];
      const v = raw === null || raw === undefined ? NaN : typeof raw === "number" ? raw : typeof raw === "string" ? parseValue(raw) : undefined;
      if (v === undefined || !(v !== v || Number.isFinite(v))) throw new TelemetryFormatError(api, at, `${name}: field "${keys[c]}" is ${describeValue(raw)}, not a number.`);
      return v;
    };
    this.rows++;
    if (l.layout === "long") {
      const metric = text(field(l.metric)).trim();
      if (metric === "") throw new TelemetryFormatError(api, at, `${name}: empty metric (field "${keys[l.metric]}").`);
      this.set.add(t, node, this.set.metric(metric), value(l.value));
    } else {
      for (const c of l.metricColumns) this.set.add(t, node, this.set.metric(l.layout === "single" ? (this.options.metric as string) : keys[c]), value(c));
    }
  }
}

function text(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : v === null || v === undefined ? "" : JSON.stringify(v);
}

function timeValue(v: unknown): string | number {
  return typeof v === "number" ? v : text(v);
}

/** Reads NDJSON lines (one record per line) into the reader. */
export async function readNdjson(api: string, batches: AsyncIterable<LineBatch>, reader: RecordReader): Promise<void> {
  for await (const batch of batches) {
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      if (line.trim() === "") continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        const position = /position (\d+)/.exec((error as Error).message);
        throw new TelemetryFormatError(api, { line: batch.first + k, column: position ? Number(position[1]) + 1 : undefined }, `not JSON (${(error as Error).message}); NDJSON needs one complete record per line.`);
      }
      reader.add(record, { line: batch.first + k });
    }
  }
}

/** Reads a parsed JSON document: an array of records or a Prometheus API response. */
export function readJsonDocument(api: string, doc: unknown, reader: RecordReader, set: SampleSet, time: TimeColumnParser, options: PrometheusReadOptions): "records" | "prometheus" {
  if (Array.isArray(doc)) {
    doc.forEach((record, index) => reader.add(record, { index }));
    return "records";
  }
  const body = doc as { status?: unknown; data?: { resultType?: unknown; result?: unknown }; error?: unknown };
  if (body !== null && typeof body === "object" && (body.status === "success" || body.status === "error") && body.data !== undefined) {
    readPrometheus(api, body, set, time, options);
    return "prometheus";
  }
  if (body !== null && typeof body === "object" && body.status === "error") throw new TelemetryFormatError(api, {}, `Prometheus answered with an error: ${describeValue(body.error)}.`);
  throw new TelemetryFormatError(api, {}, `expected an array of records or a Prometheus query_range response but found ${describeValue(doc)}.`);
}

/** Adds the series of a Prometheus `matrix` (or `vector`) result; times are epoch seconds. */
export function readPrometheus(api: string, body: { status?: unknown; data?: { resultType?: unknown; result?: unknown }; error?: unknown }, set: SampleSet, time: TimeColumnParser, options: PrometheusReadOptions): number {
  if (body.status === "error") throw new TelemetryFormatError(api, {}, `Prometheus answered with an error: ${describeValue(body.error)}.`);
  const result = body.data?.result;
  if (!Array.isArray(result) || (body.data?.resultType !== "matrix" && body.data?.resultType !== "vector")) {
    throw new TelemetryFormatError(api, {}, `expected a Prometheus "matrix" or "vector" result but found ${describeValue(body.data)}.`);
  }
  const nodeLabel = options.nodeLabel ?? "instance";
  let samples = 0;
  result.forEach((series: { metric?: Record<string, string>; values?: unknown[]; value?: unknown }, index) => {
    const labels = series?.metric ?? {};
    const id = labels[nodeLabel];
    if (typeof id !== "string" || id === "") throw new TelemetryFormatError(api, {}, `series ${index} has no "${nodeLabel}" label (labels: ${describeValue(labels)}); set options.nodeLabel, or aggregate by it in the query.`);
    const name = options.metric ?? labels.__name__;
    if (typeof name !== "string" || name === "") throw new TelemetryFormatError(api, {}, `series ${index} has no __name__ (the query drops it, as rate() does); set options.metric.`);
    const node = set.node(id);
    if (options.kindLabel && typeof labels[options.kindLabel] === "string") set.kind(node, labels[options.kindLabel]);
    const metric = set.metric(name);
    const values = series.values ?? (series.value !== undefined ? [series.value] : []);
    for (const pair of values) {
      if (!Array.isArray(pair) || typeof pair[0] !== "number" || typeof pair[1] !== "string") throw new TelemetryFormatError(api, {}, `series ${index}: sample ${describeValue(pair)} is not [seconds, "value"].`);
      const ms = time.parse(pair[0]);
      const v = parseValue(pair[1]);
      set.add(ms, node, metric, v === undefined ? NaN : v);
      samples++;
    }
  });
  return samples;
}
