// Reads labelled incident windows with the telemetry reader's rules: same CSV/JSON sources, same time parser and zone, checked against the store.
import { ValidationError, describeValue, invalidArgument, type Problem } from "../errors";
import type { MetricsStore } from "../metrics";
import { splitCsvLine } from "./csv-reader";
import { lineBatches, textChunks, type TelemetrySource } from "./input";
import { TimeColumnParser, type TimeOptions } from "./time";

/** One labelled window, in store seconds (the shape backtests score against). */
export interface IngestedLabel {
  node: string;
  start: number;
  end: number;
  kind?: string;
  id: string;
}

/** Options of `readLabels`. */
export interface ReadLabelsOptions extends TimeOptions {
  /** The telemetry the labels go with: times become its seconds, and nodes and times are checked against it. */
  store?: MetricsStore;
  /** Warn and drop (with a count) labels on unknown nodes or outside the data's time range, instead of failing. */
  lenient?: boolean;
}

/** What `readLabels` returns. */
export interface LabelsRead {
  labels: IngestedLabel[];
  /** How times were read, labels dropped in lenient mode, and why. */
  report: { kind: "labels-report"; rows: number; time: string; dropped: number; warnings: string[] };
}

/**
 * Reads label windows (`node,start,end[,kind][,id]` CSV, a JSON array of `{node, start, end}`, or NDJSON) with the
 * telemetry reader's time rules: zone-less timestamps are read in `options.timeZone` (UTC by default, reported),
 * epoch seconds and ms are recognised. With `options.store`, a window on a node the store lacks, or wholly outside
 * its time range, is an error listing them all (or, with `lenient`, a warning with the count).
 */
export async function readLabels(source: TelemetrySource, options: ReadLabelsOptions = {}): Promise<LabelsRead> {
  const api = "readLabels";
  const records: { record: Record<string, unknown>; where: string }[] = [];
  let text = "";
  let csvHeader: string[] | undefined;
  let json = false;
  for await (const batch of lineBatches(textChunks(source, api), api)) {
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      const lineNo = batch.first + k;
      if (json) {
        text += "\n" + line;
        continue;
      }
      if (line.trim() === "") continue;
      if (csvHeader === undefined && records.length === 0 && /^\s*[[{]/.test(line)) {
        if (/^\s*\{.*\}\s*$/.test(line)) {
          try {
            records.push({ record: JSON.parse(line) as Record<string, unknown>, where: `line ${lineNo}` });
            continue;
          } catch {
            /* a multi-line JSON document */
          }
        }
        json = true;
        text = line;
        continue;
      }
      if (records.length > 0 && csvHeader === undefined) {
        try {
          records.push({ record: JSON.parse(line) as Record<string, unknown>, where: `line ${lineNo}` });
        } catch (error) {
          throw new ValidationError(api, [{ path: `line ${lineNo}`, message: `not JSON (${(error as Error).message})`, value: line.slice(0, 80) }], "labels");
        }
        continue;
      }
      const fields = splitCsvLine(api, line, ",", lineNo) ?? [line];
      if (csvHeader === undefined) {
        csvHeader = fields.map((h) => h.trim().toLowerCase());
        const missing = ["node", "start", "end"].filter((c) => !csvHeader!.includes(c));
        if (missing.length > 0) throw new ValidationError(api, [{ path: "line 1", message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; found ${fields.join(",")}`, value: fields }], "labels");
        continue;
      }
      const record: Record<string, unknown> = {};
      csvHeader.forEach((name, c) => {
        if (fields[c] !== undefined && fields[c].trim() !== "") record[name] = fields[c].trim();
      });
      records.push({ record, where: `line ${lineNo}` });
    }
  }
  if (json) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new ValidationError(api, [{ path: "$", message: `not JSON (${(error as Error).message})` }], "labels");
    }
    if (!Array.isArray(doc)) throw new ValidationError(api, [{ path: "$", message: "labels must be an array of {node, start, end} windows", value: doc }], "labels");
    doc.forEach((record, i) => records.push({ record: record as Record<string, unknown>, where: `$[${i}]` }));
  }
  return checkLabels(api, records, options);
}

function checkLabels(api: string, records: { record: Record<string, unknown>; where: string }[], options: ReadLabelsOptions): LabelsRead {
  const store = options.store;
  if (store !== undefined && (store === null || typeof store.hasNode !== "function")) throw invalidArgument(api, "options.store", "a MetricsStore", store);
  const parser = new TimeColumnParser(options, api);
  const problems: Problem[] = [];
  const labels: IngestedLabel[] = [];
  const epochMs = store?.epochMs;
  const first = store && store.recordedSteps > 0 ? store.times[0] : -Infinity;
  const last = store && store.recordedSteps > 0 ? store.times[store.recordedSteps - 1] + store.stepSeconds * store.every : Infinity;
  let unknownNodes = 0;
  let outside = 0;
  const toSeconds = (value: unknown, path: string): number | undefined => {
    const ms = typeof value === "number" || typeof value === "string" ? parser.parse(value) : NaN;
    if (ms !== ms) {
      problems.push({ path, message: `expected a time (ISO 8601, epoch seconds or ms, or seconds) like the labels before but found ${describeValue(value)}`, value });
      return undefined;
    }
    if (!parser.absolute) return ms / 1000;
    if (store !== undefined && epochMs === undefined) {
      problems.push({ path, message: "the label has a wall-clock time but the telemetry has none (its times are plain seconds): write label times in seconds", value });
      return undefined;
    }
    return (ms - (epochMs ?? 0)) / 1000;
  };
  for (const { record, where } of records) {
    if (record === null || typeof record !== "object") {
      problems.push({ path: where, message: "a label window must be an object {node, start, end}", value: record });
      continue;
    }
    const node = record.node;
    if (typeof node !== "string" || node === "") {
      problems.push({ path: `${where} node`, message: "node must be a non-empty string", value: node });
      continue;
    }
    const start = toSeconds(record.start, `${where} start`);
    const end = toSeconds(record.end, `${where} end`);
    if (start === undefined || end === undefined) continue;
    if (end < start) {
      problems.push({ path: `${where} end`, message: `end is before start`, value: record.end });
      continue;
    }
    if (store !== undefined && !store.hasNode(node)) {
      unknownNodes++;
      if (!options.lenient) problems.push({ path: `${where} node`, message: `node "${node}" is not in the telemetry (pass lenient: true to drop such labels with a warning)`, value: node });
      continue;
    }
    if (end < first || start > last) {
      outside++;
      if (!options.lenient) problems.push({ path: where, message: `window ${start} s to ${end} s is outside the telemetry's ${first} s to ${last} s (pass lenient: true to drop such labels with a warning)`, value: record });
      continue;
    }
    const label: IngestedLabel = { node, start, end, id: typeof record.id === "string" ? record.id : `${node}@${start}` };
    if (typeof record.kind === "string" && record.kind !== "") label.kind = record.kind;
    labels.push(label);
  }
  if (problems.length > 0) throw new ValidationError(api, problems, "labels");
  const warnings: string[] = [];
  if (unknownNodes > 0) warnings.push(`${unknownNodes} labels name nodes the telemetry does not have: dropped (lenient).`);
  if (outside > 0) warnings.push(`${outside} labels lie outside the telemetry's time range: dropped (lenient).`);
  return { labels, report: { kind: "labels-report", rows: records.length, time: parser.describe(), dropped: unknownNodes + outside, warnings } };
}
