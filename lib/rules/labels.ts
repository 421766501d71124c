// Labelled incident windows (ground truth) that backtests score alerts against: from the twin, JSON or CSV.
import { plausibleInstant, YEAR_RANGE } from "../limits";
import { ValidationError, type Problem } from "../errors";
import { parseCsv } from "../metrics";
import { parseIso } from "../ingest/time";

/** One labelled incident: something was wrong on `node` from `start` to `end` (seconds). */
export interface LabelWindow {
  node: string;
  start: number;
  end: number;
  /** What kind of incident (a fault kind such as "database_crash"); per-kind recall is reported. */
  kind?: string;
  /** An id to find the window in reports; `node@start` by default. */
  id?: string;
}

/** Options of `parseLabels` and `labelsFromCsv`. */
export interface LabelOptions {
  /** Wall-clock ms of time 0, to turn ISO timestamps into seconds (a timeline's `epochMs`). */
  epochMs?: number;
  /** IANA zone of timestamps written without one; "UTC" by default (never the machine's zone). */
  timeZone?: string;
}

function toSeconds(value: unknown, options: LabelOptions): number | string {
  if (typeof value === "number") return Number.isFinite(value) ? value : "a finite number of seconds";
  if (typeof value !== "string" || value.trim() === "") return "seconds or an ISO 8601 timestamp";
  const text = value.trim();
  // Decimal only: Number() would read "0x10" as 16.
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) {
    const number = Number(text);
    return Number.isFinite(number) ? number : "a finite number of seconds";
  }
  if (/^[+-]?(?:0[xob]|Infinity|NaN)/i.test(text)) return "a decimal number of seconds or an ISO 8601 timestamp";
  // The telemetry reader's parser: a zone-less timestamp is read in options.timeZone (UTC), never in the machine's zone.
  const ms = parseIso(text, options.timeZone ?? "UTC").ms;
  if (!Number.isFinite(ms)) return "seconds or an ISO 8601 timestamp";
  if (!plausibleInstant(ms)) return `a timestamp in the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`;
  if (options.epochMs === undefined) return "seconds (ISO timestamps need options.epochMs, the timeline's epochMs)";
  return (ms - options.epochMs) / 1000;
}

/**
 * Validates label windows: an array of `{node, start, end, kind?, id?}` with times in seconds or ISO
 * timestamps (with `options.epochMs`). All problems are reported at once with their JSON path.
 */
export function parseLabels(input: unknown, options: LabelOptions = {}, api = "parseLabels"): LabelWindow[] {
  const problems: Problem[] = [];
  if (!Array.isArray(input)) {
    throw new ValidationError(api, [{ path: "$", message: "labels must be an array of {node, start, end} windows", value: input }], "labels");
  }
  const out: LabelWindow[] = [];
  input.forEach((raw, i) => {
    const path = `$[${i}]`;
    if (raw === null || typeof raw !== "object") {
      problems.push({ path, message: "a label window must be an object {node, start, end}", value: raw });
      return;
    }
    const entry = raw as Record<string, unknown>;
    if (typeof entry.node !== "string" || entry.node === "") problems.push({ path: `${path}.node`, message: "node must be a non-empty string", value: entry.node });
    const start = toSeconds(entry.start, options);
    const end = toSeconds(entry.end, options);
    if (typeof start === "string") problems.push({ path: `${path}.start`, message: `start must be ${start}`, value: entry.start });
    if (typeof end === "string") problems.push({ path: `${path}.end`, message: `end must be ${end}`, value: entry.end });
    if (typeof start === "number" && typeof end === "number" && end < start) problems.push({ path: `${path}.end`, message: `end (${end}) is before start (${start})`, value: entry.end });
    if (entry.kind !== undefined && typeof entry.kind !== "string") problems.push({ path: `${path}.kind`, message: "kind must be a string", value: entry.kind });
    if (entry.id !== undefined && typeof entry.id !== "string") problems.push({ path: `${path}.id`, message: "id must be a string", value: entry.id });
    if (typeof entry.node === "string" && typeof start === "number" && typeof end === "number") {
      const window: LabelWindow = { node: entry.node, start, end, id: typeof entry.id === "string" ? entry.id : `${entry.node}@${start}` };
      if (typeof entry.kind === "string" && entry.kind !== "") window.kind = entry.kind;
      out.push(window);
    }
  });
  if (problems.length > 0) throw new ValidationError(api, problems, "labels");
  return out;
}

/** Label windows from CSV with columns `node,start,end` and optional `kind`, `id` (any order, case-insensitive). */
export function labelsFromCsv(text: string, options: LabelOptions = {}): LabelWindow[] {
  const api = "labelsFromCsv";
  const doc = parseCsv(text, { api });
  const header = doc.header.map((h) => h.trim().toLowerCase());
  const missing = ["node", "start", "end"].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ValidationError(api, [{ path: "header", message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; found ${doc.header.join(",")}`, value: doc.header }], "labels");
  }
  const records = doc.rows.map((row) => {
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      if (row[i] !== undefined && row[i] !== "") record[name] = row[i];
    });
    return record;
  });
  try {
    return parseLabels(records, options, api);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // Name CSV lines rather than array indexes.
    const problems = error.problems.map((p) => {
      const match = /^\$\[(\d+)\]\.?(.*)$/.exec(p.path);
      return match ? { ...p, path: `line ${doc.lines[Number(match[1])]}${match[2] ? ` column ${match[2]}` : ""}` } : p;
    });
    throw new ValidationError(api, problems, "labels");
  }
}
