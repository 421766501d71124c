// topologyFromCsv: builds a graph from a CMDB-style export (nodes.csv + edges.csv); row-level errors with line numbers, unknown columns kept.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { forEachCsvRecord } from "../csv";
import { ValidationError, invalidArgument, type Problem } from "../errors";
import { assembleGraph } from "./assemble";
import { ALL_CAPACITY_FIELDS, DYNAMIC_KEYS, EDGE_KINDS, NODE_KINDS, type InfraGraph } from "./schema";

/** One parsed CSV record: its cells and the line it starts on (1-based; the header is line 1). */
export type CsvRecord = { line: number; cells: string[] };

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes) with the shared reader; skips blank lines. A malformed quote becomes a problem naming the file and line. */
export function parseCsv(text: string, name = "csv", problems: Problem[] = []): CsvRecord[] {
  if (typeof text !== "string") throw invalidArgument("parseCsv", "text", "the CSV text (a string)", text);
  const records: CsvRecord[] = [];
  try {
    forEachCsvRecord(text, (cells, line) => {
      if (cells.length === 1 && cells[0].trim() === "") return;
      records.push({ line, cells });
    });
  } catch (e) {
    const message = (e as Error).message.replace(/^parseCsv: /, "");
    const line = /line (\d+)/.exec(message)?.[1];
    problems.push({ path: `${name}${line ? ` line ${line}` : ""}`, message });
  }
  return records;
}

/** Options of `topologyFromCsv`. */
export type CsvOptions = {
  /** File name used in messages for the nodes CSV (default "nodes.csv"). */
  nodesName?: string;
  /** File name used in messages for the edges CSV (default "edges.csv"). */
  edgesName?: string;
  /** Separators between tags in the tags column (default ";" or "|"). */
  tagSeparator?: string | RegExp;
};

function squash(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]/g, "");
}

const NODE_COLUMNS = new Map<string, string>();
for (const name of ["id", "kind", "name", "region", "datacenter", "tier", "redundancyGroup", "owner", "tags", "baseRps", ...DYNAMIC_KEYS]) NODE_COLUMNS.set(squash(name), name);
for (const f of ALL_CAPACITY_FIELDS) {
  NODE_COLUMNS.set(squash("capacity." + f), "capacity." + f);
  if (!NODE_COLUMNS.has(squash(f))) NODE_COLUMNS.set(squash(f), "capacity." + f);
}
NODE_COLUMNS.set("type", "kind");
NODE_COLUMNS.set("class", "kind");
const EDGE_COLUMNS = new Map<string, string>();
for (const name of ["source", "target", "kind", "fanout", "critical", "bandwidthMbps", "mode"]) EDGE_COLUMNS.set(squash(name), name);
EDGE_COLUMNS.set("from", "source");
EDGE_COLUMNS.set("to", "target");
EDGE_COLUMNS.set("type", "kind");
EDGE_COLUMNS.set("relation", "kind");

// CMDB class names seen in exports, squashed, mapped to schema kinds.
const KIND_ALIASES: Record<string, string> = {
  ...Object.fromEntries(NODE_KINDS.map((k) => [squash(k), k])),
  virtualmachine: "vm",
  vm: "vm",
  db: "database",
  dbinstance: "database",
  app: "application",
  lb: "load_balancer",
  loadbalancer: "load_balancer",
  messagequeue: "queue",
  mq: "queue",
  san: "storage",
  storagearray: "storage",
  service: "business_service",
  businessservice: "business_service",
};
const EDGE_ALIASES: Record<string, string> = Object.fromEntries(EDGE_KINDS.map((k) => [squash(k), k]));

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const NUMERIC_NODE = new Set(["tier", "baseRps", ...DYNAMIC_KEYS.filter((k) => k !== "status")]);

function toNumber(raw: string): number | string {
  return NUMBER.test(raw) ? Number(raw) : raw;
}

function toBoolean(raw: string): boolean | string {
  const s = raw.toLowerCase();
  if (["true", "yes", "y", "1"].includes(s)) return true;
  if (["false", "no", "n", "0"].includes(s)) return false;
  return raw;
}

type Columns = { names: string[]; known: (string | undefined)[] };

/** Header names of a time column in telemetry exports (the telemetry reader's list, squashed). */
const TIME_HEADERS = new Set(["time", "timestamp", "ts", "date", "datetime", "@timestamp", "time_stamp"].map(squash));

/**
 * A CMDB reader given metrics is the classic first mistake (the README's old example named `fromCsv`):
 * a header with a time column is telemetry, so the error names the reader that takes it.
 */
function telemetryHint(names: readonly string[]): string {
  const time = names.find((n) => TIME_HEADERS.has(squash(n)));
  if (time === undefined) return "";
  return `; column ${JSON.stringify(time)} says this is telemetry, not a CMDB export: read it with readTelemetry(path or text, options) (import { readTelemetry } from "infratwin"), not topologyFromCsv`;
}

function readHeader(records: CsvRecord[], name: string, known: Map<string, string>, required: string[], problems: Problem[]): Columns | undefined {
  if (records.length === 0) {
    problems.push({ path: `${name} line 1`, message: `the file is empty; expected a header with ${required.join(", ")}` });
    return undefined;
  }
  const names = records[0].cells.map((c) => c.trim());
  const mapped = names.map((h) => known.get(squash(h)));
  const seen = new Map<string, string>();
  names.forEach((h, i) => {
    const key = mapped[i] ?? h;
    if (seen.has(key)) problems.push({ path: `${name} line ${records[0].line}`, message: `columns ${JSON.stringify(seen.get(key))} and ${JSON.stringify(h)} both mean ${JSON.stringify(key)}` });
    else seen.set(key, h);
  });
  const missing = required.filter((r) => !mapped.includes(r));
  if (missing.length > 0) {
    problems.push({ path: `${name} line ${records[0].line}`, message: `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => JSON.stringify(m)).join(", ")} (found ${names.map((n) => JSON.stringify(n)).join(", ")})${telemetryHint(names)}` });
    return undefined;
  }
  return { names, known: mapped };
}

function checkWidth(record: CsvRecord, columns: Columns, label: string, problems: Problem[]): boolean {
  if (record.cells.length === columns.names.length) return true;
  problems.push({ path: label, message: `the row has ${record.cells.length} cells but the header has ${columns.names.length}` });
  return false;
}

/**
 * Builds a validated graph from a CMDB-style export: `nodesCsv` with columns id, kind and any of name, region,
 * datacenter, tier, redundancyGroup, owner, tags (";"-separated), baseRps, capacity.<field> (or the bare field
 * name: cores, ramGb...), dynamic attributes; `edgesCsv` with source, target, kind and any of fanout, critical,
 * bandwidthMbps, mode. Header names match ignoring case, spaces, "_" and "-"; common CMDB class names
 * ("Virtual Machine", "DB", "Load Balancer") map to kinds. Unknown columns are kept in each node's or edge's
 * `extra`. Every problem is reported at once with its line: `nodes.csv line 7: capacity.cores must be a number >= 0 but found "-4"`.
 *
 * @example topologyFromCsv(readFileSync("nodes.csv", "utf8"), readFileSync("edges.csv", "utf8"))
 */
export function topologyFromCsv(nodesCsv: string, edgesCsv = "", options: CsvOptions = {}): InfraGraph {
  const api = "topologyFromCsv";
  if (typeof nodesCsv !== "string") throw invalidArgument(api, "nodesCsv", "the nodes CSV text (a string)", nodesCsv);
  if (typeof edgesCsv !== "string") throw invalidArgument(api, "edgesCsv", "the edges CSV text (a string)", edgesCsv);
  const nodesName = options.nodesName ?? "nodes.csv";
  const edgesName = options.edgesName ?? "edges.csv";
  const tagSeparator = options.tagSeparator ?? /[;|]/;
  const problems: Problem[] = [];

  type Row = { id?: unknown; source?: unknown; target?: unknown; attributes: Record<string, unknown>; label: string; raw: Record<string, string> };
  const nodes: Row[] = [];
  const nodeRecords = parseCsv(nodesCsv, nodesName, problems);
  const nodeColumns = readHeader(nodeRecords, nodesName, NODE_COLUMNS, ["id", "kind"], problems);
  if (nodeColumns) {
    for (const record of nodeRecords.slice(1)) {
      const label = `${nodesName} line ${record.line}`;
      if (!checkWidth(record, nodeColumns, label, problems)) continue;
      const attrs: Record<string, unknown> = {};
      const raw: Record<string, string> = {};
      const capacity: Record<string, unknown> = {};
      const extra: Record<string, string> = {};
      let id: unknown;
      record.cells.forEach((cell, i) => {
        const value = cell.trim();
        if (value === "") return;
        const key = nodeColumns.known[i];
        if (key === undefined) {
          extra[nodeColumns.names[i]] = value;
          return;
        }
        raw[key] = value;
        if (key === "id") id = value;
        else if (key === "kind") attrs.kind = KIND_ALIASES[squash(value)] ?? value;
        else if (key === "tags") attrs.tags = value.split(tagSeparator).map((t) => t.trim()).filter((t) => t !== "");
        else if (key.startsWith("capacity.")) capacity[key.slice(9)] = toNumber(value);
        else if (NUMERIC_NODE.has(key)) attrs[key] = toNumber(value);
        else attrs[key] = value;
      });
      if (Object.keys(capacity).length > 0) attrs.capacity = capacity;
      if (Object.keys(extra).length > 0) attrs.extra = extra;
      nodes.push({ id: id ?? "", attributes: attrs, label, raw });
    }
  }

  const edges: Row[] = [];
  const edgeRecords = parseCsv(edgesCsv, edgesName, problems);
  if (edgeRecords.length > 0) {
    const edgeColumns = readHeader(edgeRecords, edgesName, EDGE_COLUMNS, ["source", "target", "kind"], problems);
    if (edgeColumns) {
      for (const record of edgeRecords.slice(1)) {
        const label = `${edgesName} line ${record.line}`;
        if (!checkWidth(record, edgeColumns, label, problems)) continue;
        const attrs: Record<string, unknown> = {};
        const raw: Record<string, string> = {};
        const extra: Record<string, string> = {};
        let source: unknown = "";
        let target: unknown = "";
        record.cells.forEach((cell, i) => {
          const value = cell.trim();
          if (value === "") return;
          const key = edgeColumns.known[i];
          if (key === undefined) {
            extra[edgeColumns.names[i]] = value;
            return;
          }
          raw[key] = value;
          if (key === "source") source = value;
          else if (key === "target") target = value;
          else if (key === "kind") attrs.kind = EDGE_ALIASES[squash(value)] ?? value;
          else if (key === "critical") attrs.critical = toBoolean(value);
          else if (key === "fanout" || key === "bandwidthMbps") attrs[key] = toNumber(value);
          else attrs[key] = value;
        });
        if (Object.keys(extra).length > 0) attrs.extra = extra;
        edges.push({ source, target, attributes: attrs, label, raw });
      }
    }
  }
  const nodeBatch = {
    count: nodes.length,
    id: (i: number) => nodes[i].id,
    attributes: (i: number) => nodes[i].attributes,
    at: (i: number) => nodes[i].label,
    raw: (i: number) => nodes[i].raw,
    nameInMessages: false,
  };
  const edgeBatch = {
    count: edges.length,
    source: (i: number) => edges[i].source,
    target: (i: number) => edges[i].target,
    attributes: (i: number) => edges[i].attributes,
    at: (i: number) => edges[i].label,
    raw: (i: number) => edges[i].raw,
  };
  try {
    return assembleGraph(api, "CMDB export", nodeBatch, edgeBatch, { importedFrom: `${nodesName}, ${edgesName}` }, problems);
  } catch (error) {
    // Problems come from several passes (parsing, rows, edges): report them file by file, line by line.
    if (!(error instanceof ValidationError)) throw error;
    const order = (path: string) => {
      const m = /^(.*) line (\d+)$/.exec(path);
      return m ? [m[1] === nodesName ? 0 : 1, Number(m[2])] : [2, 0];
    };
    const sorted = error.problems
      .map((p, i) => ({ p, i, key: order(p.path) }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.i - b.i)
      .map((x) => x.p);
    throw new ValidationError(api, sorted, "CMDB export");
  }
}

/** Reads a CMDB export from files (see `topologyFromCsv`); messages name the files. */
export function loadCsvTopology(nodesPath: string, edgesPath?: string, options: Omit<CsvOptions, "nodesName" | "edgesName"> = {}): InfraGraph {
  const nodes = readFileSync(nodesPath, "utf8");
  const edges = edgesPath === undefined ? "" : readFileSync(edgesPath, "utf8");
  return topologyFromCsv(nodes, edges, { ...options, nodesName: basename(nodesPath), edgesName: edgesPath === undefined ? "edges.csv" : basename(edgesPath) });
}
