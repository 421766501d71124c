// Imports telemetry into a metrics store: CSV (long, wide or table form), JSON records, and the store's own JSON document.
import { plausibleInstant, YEAR_RANGE } from "../limits";
import { stripBom } from "../json-guard";
import { InvalidArgumentError, ValidationError, describeValue, invalidArgument, type Problem } from "../errors";
import { parseCsv } from "../csv";
import type { CsvFormat, MetricsDocument } from "./export";
import { MetricsStore } from "./store";
import { TelemetryBuilder, isMissingText, parseTimestamp, type ImportReport, type TelemetryOptions } from "./telemetry";

const DEFAULTS = { wideMetric: "value", maxProblems: 20 };

/** Options of `fromCsv` / `importCsv`. */
export interface CsvImportOptions extends TelemetryOptions {
  /** Layout (see `CsvFormat`); by default guessed from the header: metric+value columns → long, a node column → table, else wide. */
  format?: CsvFormat;
  /** Wide form: the metric the node columns hold; "value" by default. */
  metric?: string;
  /** Table form: the columns that are metrics; by default every column whose cells are all numbers or empty (others become node labels). */
  metrics?: readonly string[];
  /** Field separator; "," by default. */
  delimiter?: string;
  /** `fromCsv` only: receives the import warnings as one message; `console.warn` by default. */
  onWarning?: (message: string) => void;
}

/** The result of `importCsv`: the store and what the import found. */
export interface CsvImport {
  store: MetricsStore;
  report: ImportReport;
}

/** One observed sample as a JSON record: `{ time, node, metric, value, kind?, ...labels }`. */
export interface TelemetryRecord {
  /** Seconds, or an ISO 8601 timestamp. */
  time: number | string;
  node: string;
  metric: string;
  /** null or NaN = missing. */
  value: number | null;
  kind?: string;
  [label: string]: unknown;
}

/** Errors found in a telemetry file, all at once; the message starts with the first in full. */
export class TelemetryImportError extends ValidationError {
  constructor(api: string, problems: readonly Problem[], total: number) {
    super(api, problems, "telemetry");
    const [first, ...rest] = problems;
    const more = total - 1;
    let message = `${api}: ${first.path}: ${first.message}`;
    if (more > 0) {
      message += ` ${more} more problem${more === 1 ? "" : "s"}:\n` + rest.map((p) => `  ${p.path}: ${p.message}`).join("\n");
      if (total > problems.length) message += `\n  ... and ${total - problems.length} more`;
    }
    this.message = message;
  }
}

/**
 * Reads telemetry CSV into a store and reports what it found (see `ImportReport`). The header is required;
 * column names are matched without regard to case or surrounding spaces and may come in any order.
 * - time: column `time` (else `timestamp` or `ts`): seconds, or ISO 8601 timestamps (UTC when no zone is
 *   given; the store's epoch becomes the earliest one and times count seconds from it). When both `time`
 *   (seconds) and `timestamp` are present, `time` is used and `timestamp` sets the epoch.
 * - long: `time,node,metric,value` plus optional `kind` and label columns (kept per node);
 * - table: `time,node` plus optional `kind`, metric columns and label columns;
 * - wide: `time` plus one column per node, for the metric named by `options.metric`.
 * Rows may come in any order. Empty, NaN, NA or null values become NaN and are counted; a bad cell is an
 * error naming the line, the column and the value, e.g. `fromCsv: line 12: value "abc" is not a number (column value).`
 */
export function importCsv(text: string, options: CsvImportOptions = {}, api = "importCsv"): CsvImport {
  if (typeof text !== "string") throw invalidArgument(api, "text", "CSV text (a string)", text);
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
  const document = parseCsv(text, { delimiter: options.delimiter, api });
  const header = document.header.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const find = (...names: string[]): number => {
    for (const name of names) {
      const at = lower.indexOf(name);
      if (at >= 0) return at;
    }
    return -1;
  };
  const timeColumn = find("time", "timestamp", "ts");
  if (timeColumn < 0) throw new InvalidArgumentError(`${api}: the header has no time column (found: ${header.join(", ")}); expected one named time, timestamp or ts.`);
  const stampColumn = lower[timeColumn] === "time" ? find("timestamp") : -1;
  const nodeColumn = find("node");
  const kindColumn = find("kind");
  const metricColumn = find("metric");
  const valueColumn = find("value");
  const format = options.format ?? (metricColumn >= 0 && valueColumn >= 0 ? "long" : nodeColumn >= 0 ? "table" : "wide");
  if (format !== "long" && format !== "wide" && format !== "table") throw invalidArgument(api, "format", '"long", "wide" or "table"', format);
  const required: [string, number][] =
    format === "long" ? [["node", nodeColumn], ["metric", metricColumn], ["value", valueColumn]] : format === "table" ? [["node", nodeColumn]] : [];
  for (const [name, column] of required) {
    if (column < 0) throw new InvalidArgumentError(`${api}: the header has no ${name} column (found: ${header.join(", ")}); ${format} form needs ${format === "long" ? "time, node, metric, value" : "time, node and metric columns"}.`);
  }
  const seen = new Set<string>();
  for (const name of lower) {
    if (seen.has(name)) throw new InvalidArgumentError(`${api}: the header names column ${describeValue(name)} twice.`);
    seen.add(name);
  }

  const builder = new TelemetryBuilder(api);
  builder.rows = document.rows.length;
  const problems: Problem[] = [];
  let total = 0;
  const problem = (line: number, message: string): void => {
    total++;
    if (problems.length < DEFAULTS.maxProblems) problems.push({ path: `line ${line}`, message });
  };
  const timeName = header[timeColumn];
  const stampName = stampColumn >= 0 ? header[stampColumn] : "";
  let isoTimes: boolean | undefined;
  let epochOffsetMs: number | undefined;
  const times = new Float64Array(document.rows.length);
  const valid = new Uint8Array(document.rows.length);

  // Pass 1: field counts and times.
  document.rows.forEach((row, r) => {
    const line = document.lines[r];
    if (row.length !== header.length) return problem(line, `expected ${header.length} fields (as the header) but found ${row.length}.`);
    const cell = row[timeColumn].trim();
    const seconds = decimalNumber(cell);
    if (Number.isFinite(seconds) && isoTimes !== true) {
      isoTimes = false;
      times[r] = seconds;
      if (stampColumn >= 0 && epochOffsetMs === undefined) {
        const ms = parseTimestamp(row[stampColumn].trim());
        if (ms === ms) epochOffsetMs = ms - seconds * 1000;
        else return problem(line, `${stampName} ${describeValue(row[stampColumn])} is not an ISO 8601 timestamp (column ${stampName}).`);
      }
    } else {
      const ms = parseTimestamp(cell);
      if (ms === ms && !plausibleInstant(ms)) return problem(line, `time ${describeValue(row[timeColumn])} is outside the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max} (column ${timeName}).`);
      if (ms === ms && isoTimes !== false) {
        isoTimes = true;
        times[r] = ms;
      } else {
        const expected = isoTimes === true ? "an ISO 8601 timestamp like the rows before it" : isoTimes === false ? "a number of seconds like the rows before it" : "a number of seconds or an ISO 8601 timestamp";
        return problem(line, `time ${describeValue(row[timeColumn])} is not ${expected} (column ${timeName}).`);
      }
    }
    valid[r] = 1;
  });
  if (isoTimes === true) {
    let earliest = Infinity;
    for (let r = 0; r < times.length; r++) if (valid[r] && times[r] < earliest) earliest = times[r];
    for (let r = 0; r < times.length; r++) times[r] = (times[r] - earliest) / 1000;
    builder.epochMs = earliest;
  } else if (epochOffsetMs !== undefined) builder.epochMs = epochOffsetMs;

  const parseValue = (text: string, line: number, column: string): number | undefined => {
    const trimmed = text.trim();
    if (isMissingText(trimmed)) return NaN;
    const value = decimalNumber(trimmed);
    if (Number.isFinite(value)) return value;
    problem(line, `value ${describeValue(text)} is not a finite decimal number (column ${column}); hexadecimal, Infinity and overflowing values are refused.`);
    return undefined;
  };
  const nodeOf = (row: string[], line: number): number | undefined => {
    const id = row[nodeColumn].trim();
    if (id === "") {
      problem(line, `node is empty (column ${header[nodeColumn]}).`);
      return undefined;
    }
    const node = builder.node(id);
    if (kindColumn >= 0) builder.kind(node, row[kindColumn].trim());
    return node;
  };

  // Pass 2: samples.
  if (format === "long") {
    const labelColumns = header.map((_, c) => c).filter((c) => ![timeColumn, stampColumn, nodeColumn, kindColumn, metricColumn, valueColumn].includes(c));
    document.rows.forEach((row, r) => {
      if (!valid[r]) return;
      const line = document.lines[r];
      const node = nodeOf(row, line);
      const name = row[metricColumn].trim();
      if (name === "") return problem(line, `metric is empty (column ${header[metricColumn]}).`);
      const value = parseValue(row[valueColumn], line, header[valueColumn]);
      if (node === undefined || value === undefined) return;
      for (const c of labelColumns) builder.label(node, header[c], row[c].trim());
      builder.add(times[r], node, builder.metric(name), value);
    });
  } else if (format === "table") {
    const others = header.map((_, c) => c).filter((c) => ![timeColumn, stampColumn, nodeColumn, kindColumn].includes(c));
    let metricColumns: number[];
    if (options.metrics !== undefined) {
      if (!Array.isArray(options.metrics)) throw invalidArgument(api, "metrics", "an array of column names", options.metrics);
      metricColumns = options.metrics.map((name) => {
        const at = header.indexOf(name);
        if (at < 0 || !others.includes(at)) throw new InvalidArgumentError(`${api}: metric column ${describeValue(name)} is not in the header (found: ${header.join(", ")}).`);
        return at;
      });
    } else {
      metricColumns = others.filter((c) => document.rows.every((row, r) => !valid[r] || isMissingText(row[c].trim()) || Number.isFinite(decimalNumber(row[c].trim()))));
    }
    const labelColumns = others.filter((c) => !metricColumns.includes(c));
    const metricIds = metricColumns.map((c) => builder.metric(header[c]));
    document.rows.forEach((row, r) => {
      if (!valid[r]) return;
      const line = document.lines[r];
      const node = nodeOf(row, line);
      if (node === undefined) return;
      for (const c of labelColumns) builder.label(node, header[c], row[c].trim());
      metricColumns.forEach((c, j) => {
        const value = parseValue(row[c], line, header[c]);
        if (value !== undefined) builder.add(times[r], node, metricIds[j], value);
      });
    });
  } else {
    const metric = options.metric ?? DEFAULTS.wideMetric;
    if (typeof metric !== "string" || metric === "") throw invalidArgument(api, "metric", "a metric name", metric);
    const nodeColumns = header.map((_, c) => c).filter((c) => c !== timeColumn && c !== stampColumn);
    for (const c of nodeColumns) if (header[c] === "") throw new InvalidArgumentError(`${api}: column ${c + 1} of the header has no name; wide form needs a node id per column.`);
    const nodeIds = nodeColumns.map((c) => builder.node(header[c]));
    const m = builder.metric(metric);
    document.rows.forEach((row, r) => {
      if (!valid[r]) return;
      const line = document.lines[r];
      nodeColumns.forEach((c, j) => {
        const value = parseValue(row[c], line, header[c]);
        if (value !== undefined) builder.add(times[r], nodeIds[j], m, value);
      });
    });
  }
  if (total > 0) throw new TelemetryImportError(api, problems, total);
  return builder.build(options);
}

/**
 * Reads telemetry CSV into a store (see `importCsv` for the accepted layouts and rules). Import warnings
 * (irregular times, empty or absent values, duplicates) go to `options.onWarning`, `console.warn` by default;
 * use `importCsv` to get them as a report instead.
 * @example
 * const store = fromCsv(readFileSync("telemetry.csv", "utf8"), { stepSeconds: 60 }); // time,node,metric,value
 */
export function fromCsv(text: string, options: CsvImportOptions = {}): MetricsStore {
  const { store, report } = importCsv(text, options, "fromCsv");
  if (report.warnings.length > 0) {
    const warn = options.onWarning ?? ((message: string) => console.warn(message));
    warn(`fromCsv: ${report.warnings.join(" ")}`);
  }
  return store;
}

/**
 * Reads a store back from JSON: the document `toJSON` writes (object or text), or an array of telemetry
 * records `{ time, node, metric, value, kind? }` (seconds or ISO times, any order). A document recorded with
 * `every = k` comes back with `every = 1` and `stepSeconds` multiplied by k (same times, same record interval).
 */
export function fromJSON(input: string | MetricsDocument | readonly TelemetryRecord[], options: TelemetryOptions = {}): MetricsStore {
  const api = "fromJSON";
  let data: unknown = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(stripBom(input));
    } catch (error) {
      throw new InvalidArgumentError(`${api}: the text is not JSON (${(error as Error).message}).`);
    }
  }
  if (Array.isArray(data)) return fromRecords(api, data, options);
  if (data !== null && typeof data === "object" && (data as { format?: unknown }).format === "infratwin.metrics") return fromDocument(api, data as MetricsDocument);
  throw invalidArgument(api, "input", 'a document from toJSON (format "infratwin.metrics") or an array of telemetry records', data);
}

function fromRecords(api: string, records: readonly unknown[], options: TelemetryOptions): MetricsStore {
  const builder = new TelemetryBuilder(api);
  builder.rows = records.length;
  const problems: Problem[] = [];
  let total = 0;
  const problem = (path: string, message: string, value: unknown): void => {
    total++;
    if (problems.length < DEFAULTS.maxProblems) problems.push({ path, message, value });
  };
  let iso: boolean | undefined;
  const times = new Float64Array(records.length);
  records.forEach((record, r) => {
    const path = `$[${r}]`;
    if (record === null || typeof record !== "object") return problem(path, `expected a record { time, node, metric, value } but found ${describeValue(record)}`, record);
    const { time } = record as TelemetryRecord;
    if (typeof time === "number" && Number.isFinite(time) && iso !== true) {
      iso = false;
      times[r] = time;
    } else if (typeof time === "string" && iso !== false && plausibleInstant(parseTimestamp(time))) {
      iso = true;
      times[r] = parseTimestamp(time);
    } else problem(`${path}.time`, `expected seconds or an ISO 8601 timestamp${iso === undefined ? "" : " like the records before"} but found ${describeValue(time)}`, time);
  });
  if (iso === true) {
    let earliest = Infinity;
    for (const t of times) if (t < earliest) earliest = t;
    for (let r = 0; r < times.length; r++) times[r] = (times[r] - earliest) / 1000;
    builder.epochMs = earliest;
  }
  const known = new Set(["time", "node", "metric", "value", "kind"]);
  records.forEach((record, r) => {
    if (record === null || typeof record !== "object") return;
    const path = `$[${r}]`;
    const { node, metric, value, kind } = record as TelemetryRecord;
    if (typeof node !== "string" || node === "") return problem(`${path}.node`, `expected a node id but found ${describeValue(node)}`, node);
    if (typeof metric !== "string" || metric === "") return problem(`${path}.metric`, `expected a metric name but found ${describeValue(metric)}`, metric);
    if (!(value === null || (typeof value === "number" && Number.isFinite(value)))) return problem(`${path}.value`, `expected a finite number or null but found ${describeValue(value)}`, value);
    const n = builder.node(node);
    if (typeof kind === "string") builder.kind(n, kind);
    for (const [key, label] of Object.entries(record)) if (!known.has(key) && (typeof label === "string" || typeof label === "number")) builder.label(n, key, String(label));
    builder.add(times[r], n, builder.metric(metric), value === null ? NaN : value);
  });
  if (total > 0) throw new TelemetryImportError(api, problems, total);
  return builder.build(options).store;
}

function fromDocument(api: string, doc: MetricsDocument): MetricsStore {
  const problems: Problem[] = [];
  const need = (ok: boolean, path: string, message: string, value: unknown): boolean => {
    if (!ok) problems.push({ path, message, value });
    return ok;
  };
  need(doc.version === 1, "$.version", `expected 1 but found ${describeValue(doc.version)}`, doc.version);
  need(typeof doc.stepSeconds === "number" && doc.stepSeconds > 0, "$.stepSeconds", `expected a number > 0 but found ${describeValue(doc.stepSeconds)}`, doc.stepSeconds);
  const every = doc.every ?? 1;
  need(Number.isInteger(every) && every >= 1, "$.every", `expected an integer >= 1 but found ${describeValue(every)}`, every);
  const lists = ["nodes", "kinds", "metrics", "times"] as const;
  for (const key of lists) need(Array.isArray(doc[key]), `$.${key}`, `expected an array but found ${describeValue(doc[key])}`, doc[key]);
  for (const key of ["nodes", "kinds", "metrics"] as const)
    if (Array.isArray(doc[key])) {
      const bad = (doc[key] as unknown[]).findIndex((v) => typeof v !== "string" || v === "");
      need(bad < 0, `$.${key}[${bad}]`, `expected a non-empty string but found ${describeValue((doc[key] as unknown[])[bad])}`, (doc[key] as unknown[])[bad]);
    }
  need(doc.values !== null && typeof doc.values === "object", "$.values", `expected an object of metric → node → values but found ${describeValue(doc.values)}`, doc.values);
  if (problems.length > 0) throw new ValidationError(api, problems, "the metrics document");
  const steps = doc.times.length;
  need(doc.kinds.length === doc.nodes.length, "$.kinds", `expected ${doc.nodes.length} kinds (one per node) but found ${doc.kinds.length}`, doc.kinds.length);
  doc.times.forEach((t, k) => need(typeof t === "number" && Number.isFinite(t) && (k === 0 || t > doc.times[k - 1]), `$.times[${k}]`, `expected a number after the previous time but found ${describeValue(t)}`, t));
  for (const metric of doc.metrics) {
    const perNode = Object.prototype.hasOwnProperty.call(doc.values, metric) ? doc.values[metric] : undefined;
    if (!need(perNode !== null && typeof perNode === "object", `$.values.${metric}`, `expected an object of node → values but found ${describeValue(perNode)}`, perNode)) continue;
    for (const node of doc.nodes) {
      const series = Object.prototype.hasOwnProperty.call(perNode, node) ? perNode![node] : undefined;
      if (!need(Array.isArray(series) && series.length === steps, `$.values.${metric}.${node}`, `expected an array of ${steps} numbers or nulls but found ${describeValue(series)}`, series)) continue;
      const bad = series!.findIndex((v) => !(v === null || (typeof v === "number" && Number.isFinite(v))));
      need(bad < 0, `$.values.${metric}.${node}[${bad}]`, `expected a finite number or null but found ${describeValue(series![bad])}`, series![bad]);
    }
  }
  if (problems.length > 0) throw new ValidationError(api, problems, "the metrics document");
  const store = new MetricsStore({
    nodes: doc.nodes,
    kinds: doc.kinds,
    metrics: doc.metrics,
    stepSeconds: doc.stepSeconds * every,
    startTime: doc.startTime ?? doc.times[0] ?? 0,
    epoch: doc.epoch,
    precision: doc.precision ?? "float32",
    expectedSteps: steps,
    labels: doc.labels,
  });
  const columns = doc.metrics.map(() => new Float64Array(doc.nodes.length));
  for (let k = 0; k < steps; k++) {
    doc.metrics.forEach((metric, m) => {
      const perNode = doc.values[metric];
      doc.nodes.forEach((node, i) => {
        const v = perNode[node][k];
        columns[m][i] = v === null ? NaN : v;
      });
    });
    store.append(doc.times[k], columns);
  }
  return store;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number from text, NaN for anything else: `Number()` alone reads "0x10" as 16, "Infinity" and "" too. */
function decimalNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}
