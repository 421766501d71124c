// TigerGraph export: the GSQL schema (one vertex type per node kind, one edge type per edge kind), CSV files and a loading job.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { invalidArgument } from "../errors";
import { CAPACITY_FIELDS, EDGE_KINDS, EDGE_RULES, NODE_KINDS, type CapacityKind, type EdgeKind, type InfraGraph, type NodeKind } from "./schema";

/**
 * Vertex type of each node kind. One type per kind (rather than one Node type with a kind attribute) because
 * GSQL traversals are typed (`s -(hosts>)- VirtualMachine:v`), each kind has its own capacity attributes, and
 * edge types can then declare exactly the endpoint pairs the schema allows. Names avoid GSQL reserved words
 * (SWITCH is one), hence NetworkSwitch, VirtualMachine, MessageQueue, StorageArray.
 */
export const TIGERGRAPH_VERTEX_TYPES: Readonly<Record<NodeKind, string>> = {
  router: "Router",
  switch: "NetworkSwitch",
  firewall: "Firewall",
  load_balancer: "LoadBalancer",
  server: "Server",
  vm: "VirtualMachine",
  database: "Database",
  application: "Application",
  queue: "MessageQueue",
  storage: "StorageArray",
  business_service: "BusinessService",
};

/** Options of `toTigerGraph`. */
export type TigerGraphOptions = {
  /** Graph name in TigerGraph (default "infratwin"). */
  graphName?: string;
  /** Folder holding the CSV files as the TigerGraph server sees it, used in DEFINE FILENAME (default "."). */
  dataDir?: string;
};

/** What `toTigerGraph` produces: GSQL scripts and CSV files by name. */
export type TigerGraphExport = {
  graphName: string;
  jobName: string;
  /** CREATE VERTEX / CREATE DIRECTED EDGE / CREATE GRAPH statements: run once with `gsql schema.gsql`. */
  schema: string;
  /** CREATE LOADING JOB and RUN LOADING JOB: `gsql load.gsql` after copying the CSV files to `dataDir`. */
  loadingJob: string;
  /** CSV file name → content (header row, comma-separated, strings double-quoted). */
  files: Record<string, string>;
};

type Column = { name: string; type: string; value(attrs: Record<string, unknown>): unknown };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

function extraColumn(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return "extra_" + (cleaned === "" ? "field" : cleaned.toLowerCase());
}

// The loader has no escape character: a double quote cannot appear inside a double-quoted field, so it becomes ' and line breaks become spaces.
function csvString(value: unknown): string {
  if (value === undefined || value === null) return "";
  return '"' + String(value).replace(/"/g, "'").replace(/[\r\n]+/g, " ") + '"';
}

function csvValue(value: unknown, type: string): string {
  if (value === undefined || value === null) return type === "STRING" ? '""' : "";
  if (type === "STRING") return csvString(value);
  if (type === "LIST<STRING>") return csvString((value as string[]).map((t) => t.replace(/\|/g, "/")).join("|"));
  if (type === "BOOL") return value ? "true" : "false";
  return String(value);
}

function nodeColumns(kind: NodeKind, extras: string[]): Column[] {
  const columns: Column[] = [
    { name: "name", type: "STRING", value: (a) => a.name },
    { name: "region", type: "STRING", value: (a) => a.region },
    { name: "datacenter", type: "STRING", value: (a) => a.datacenter },
    { name: "tier", type: "INT", value: (a) => a.tier ?? 0 },
    { name: "redundancy_group", type: "STRING", value: (a) => a.redundancyGroup },
    { name: "owner", type: "STRING", value: (a) => a.owner },
    { name: "tag_list", type: "LIST<STRING>", value: (a) => a.tags ?? [] },
  ];
  if (kind === "business_service") columns.push({ name: "base_rps", type: "DOUBLE", value: (a) => a.baseRps });
  else
    for (const f of CAPACITY_FIELDS[kind as CapacityKind])
      columns.push({ name: snake(f.name), type: f.integer ? "INT" : "DOUBLE", value: (a) => (a.capacity as Record<string, unknown> | undefined)?.[f.name] ?? 0 });
  columns.push(
    { name: "cpu", type: "DOUBLE", value: (a) => a.cpu },
    { name: "ram", type: "DOUBLE", value: (a) => a.ram },
    { name: "latency_ms", type: "DOUBLE", value: (a) => a.latency_ms },
    { name: "error_rate", type: "DOUBLE", value: (a) => a.error_rate },
    { name: "throughput", type: "DOUBLE", value: (a) => a.throughput },
    { name: "status", type: "STRING", value: (a) => a.status },
  );
  for (const key of extras) columns.push({ name: extraColumn(key), type: "STRING", value: (a) => (a.extra as Record<string, unknown> | undefined)?.[key] });
  return columns;
}

function edgeColumns(kind: EdgeKind, extras: string[]): Column[] {
  const columns: Column[] = [];
  if (kind === "depends_on") columns.push({ name: "fanout", type: "DOUBLE", value: (a) => a.fanout }, { name: "critical", type: "BOOL", value: (a) => a.critical });
  if (kind === "serves") columns.push({ name: "critical", type: "BOOL", value: (a) => a.critical });
  if (kind === "network") columns.push({ name: "bandwidth_mbps", type: "DOUBLE", value: (a) => a.bandwidthMbps ?? 0 });
  if (kind === "replicates_to") columns.push({ name: "mode", type: "STRING", value: (a) => a.mode });
  for (const key of extras) columns.push({ name: extraColumn(key), type: "STRING", value: (a) => (a.extra as Record<string, unknown> | undefined)?.[key] });
  return columns;
}

/** Extra keys per kind (sorted), deduplicated by their GSQL column name. */
function extrasBy<K extends string>(each: (visit: (kind: K, extra: Record<string, unknown> | undefined) => void) => void): Map<K, string[]> {
  const out = new Map<K, Map<string, string>>();
  each((kind, extra) => {
    if (!extra) return;
    let m = out.get(kind);
    if (!m) out.set(kind, (m = new Map()));
    for (const key of Object.keys(extra)) if (!m.has(extraColumn(key))) m.set(extraColumn(key), key);
  });
  return new Map([...out].map(([k, m]) => [k, [...m.values()].sort((a, b) => (extraColumn(a) < extraColumn(b) ? -1 : 1))]));
}

/**
 * The graph as a TigerGraph bundle: `schema` (GSQL DDL: one vertex type per node kind with its capacity and
 * dynamic attributes, one directed edge type per edge kind with exactly the endpoint pairs the schema allows
 * and a reverse edge `reverse_<kind>`), CSV `files` (vertex_<kind>.csv, edge_<kind>.csv) and `loadingJob`.
 * Unknown CMDB columns become `extra_<column>` STRING attributes. Written against the GSQL reference (3.9/4.x).
 *
 * @example const { schema, loadingJob, files } = toTigerGraph(graph, { dataDir: "/home/tigergraph/data/infratwin" })
 */
export function toTigerGraph(graph: InfraGraph, options: TigerGraphOptions = {}): TigerGraphExport {
  const graphName = options.graphName ?? "infratwin";
  if (typeof graphName !== "string" || !IDENTIFIER.test(graphName)) throw invalidArgument("toTigerGraph", "options.graphName", "an identifier (letters, digits, _)", graphName);
  const dataDir = (options.dataDir ?? ".").replace(/\/+$/, "") || "/";
  if (/["\n]/.test(dataDir)) throw invalidArgument("toTigerGraph", "options.dataDir", "a path without quotes or line breaks", dataDir);
  const jobName = `load_${graphName}`;
  const nodeExtras = extrasBy<NodeKind>((visit) => graph.forEachNode((_id, a) => visit(a.kind, a.extra)));
  const edgeExtras = extrasBy<EdgeKind>((visit) => graph.forEachEdge((_k, a) => visit(a.kind, a.extra)));

  const schema: string[] = [
    "// infratwin topology schema for TigerGraph, generated by toTigerGraph.",
    "// One vertex type per node kind; every edge type is directed, from the side that hosts, depends, links downstream, replicates or serves.",
    "",
  ];
  const vertexColumns = new Map<NodeKind, Column[]>();
  for (const kind of NODE_KINDS) {
    const columns = nodeColumns(kind, nodeExtras.get(kind) ?? []);
    vertexColumns.set(kind, columns);
    schema.push(
      `CREATE VERTEX ${TIGERGRAPH_VERTEX_TYPES[kind]} (PRIMARY_ID id STRING, ${columns.map((c) => `${c.name} ${c.type}`).join(", ")}) WITH primary_id_as_attribute="true"`,
    );
  }
  schema.push("");
  const edgeCols = new Map<EdgeKind, Column[]>();
  for (const kind of EDGE_KINDS) {
    const rule = EDGE_RULES[kind];
    const pairs = rule.sources.flatMap((s) => rule.targets(s).map((t) => `FROM ${TIGERGRAPH_VERTEX_TYPES[s]}, TO ${TIGERGRAPH_VERTEX_TYPES[t]}`));
    const columns = edgeColumns(kind, edgeExtras.get(kind) ?? []);
    edgeCols.set(kind, columns);
    const attrs = columns.map((c) => `, ${c.name} ${c.type}`).join("");
    schema.push(`CREATE DIRECTED EDGE ${kind} (${pairs.join(" | ")}${attrs}) WITH REVERSE_EDGE="reverse_${kind}"`);
  }
  schema.push("");
  const members = [...NODE_KINDS.map((k) => TIGERGRAPH_VERTEX_TYPES[k]), ...EDGE_KINDS.flatMap((k) => [k, `reverse_${k}`])];
  schema.push(`CREATE GRAPH ${graphName} (${members.join(", ")})`, "");

  const files: Record<string, string> = {};
  const rows = new Map<string, string[]>();
  for (const kind of NODE_KINDS) rows.set(`vertex_${kind}.csv`, [["id", ...vertexColumns.get(kind)!.map((c) => c.name)].join(",")]);
  for (const kind of EDGE_KINDS) rows.set(`edge_${kind}.csv`, [["source", "source_type", "target", "target_type", ...edgeCols.get(kind)!.map((c) => c.name)].join(",")]);
  graph.forEachNode((id, a) => {
    const attrs = a as unknown as Record<string, unknown>;
    rows.get(`vertex_${a.kind}.csv`)!.push([csvString(id), ...vertexColumns.get(a.kind)!.map((c) => csvValue(c.value(attrs), c.type))].join(","));
  });
  graph.forEachEdge((_key, a, source, target, sa, ta) => {
    const attrs = a as unknown as Record<string, unknown>;
    rows
      .get(`edge_${a.kind}.csv`)!
      .push(
        [csvString(source), TIGERGRAPH_VERTEX_TYPES[sa.kind], csvString(target), TIGERGRAPH_VERTEX_TYPES[ta.kind], ...edgeCols.get(a.kind)!.map((c) => csvValue(c.value(attrs), c.type))].join(","),
      );
  });
  for (const [name, lines] of rows) files[name] = lines.join("\n") + "\n";

  const using = `USING HEADER="true", SEPARATOR=",", QUOTE="double"`;
  const job: string[] = [
    "// Loading job for the CSV files written next to this script; edit the paths in DEFINE FILENAME if they live elsewhere.",
    `USE GRAPH ${graphName}`,
    `CREATE LOADING JOB ${jobName} FOR GRAPH ${graphName} {`,
  ];
  for (const kind of NODE_KINDS) job.push(`  DEFINE FILENAME f_${kind} = "${dataDir}/vertex_${kind}.csv";`);
  for (const kind of EDGE_KINDS) job.push(`  DEFINE FILENAME f_${kind}_edges = "${dataDir}/edge_${kind}.csv";`);
  for (const kind of NODE_KINDS) {
    const values = ['$"id"', ...vertexColumns.get(kind)!.map((c) => (c.type === "LIST<STRING>" ? `SPLIT($"${c.name}", "|")` : `$"${c.name}"`))];
    job.push(`  LOAD f_${kind} TO VERTEX ${TIGERGRAPH_VERTEX_TYPES[kind]} VALUES (${values.join(", ")}) ${using};`);
  }
  for (const kind of EDGE_KINDS) {
    // Edge types join several vertex types, so each endpoint names its type from the *_type column.
    const values = ['$"source" $"source_type"', '$"target" $"target_type"', ...edgeCols.get(kind)!.map((c) => `$"${c.name}"`)];
    job.push(`  LOAD f_${kind}_edges TO EDGE ${kind} VALUES (${values.join(", ")}) ${using};`);
  }
  job.push("}", `RUN LOADING JOB ${jobName}`, "");
  return { graphName, jobName, schema: schema.join("\n"), loadingJob: job.join("\n"), files };
}

/**
 * Writes the TigerGraph bundle into `dir`: schema.gsql, load.gsql, the CSV files and a README.txt with the
 * commands. `dataDir` defaults to `dir`'s absolute path (right when TigerGraph runs on this machine).
 * Returns the paths written.
 */
export function writeTigerGraph(graph: InfraGraph, dir: string, options: TigerGraphOptions = {}): string[] {
  const bundle = toTigerGraph(graph, { ...options, dataDir: options.dataDir ?? resolve(dir) });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    written.push(path);
  };
  write("schema.gsql", bundle.schema);
  write("load.gsql", bundle.loadingJob);
  for (const [name, content] of Object.entries(bundle.files)) write(name, content);
  write(
    "README.txt",
    [
      `TigerGraph bundle for graph ${bundle.graphName}, written by infratwin's writeTigerGraph.`,
      "",
      "1. Copy this folder to the TigerGraph server (the CSV paths in load.gsql point to " + (options.dataDir ?? resolve(dir)) + ").",
      "2. gsql schema.gsql     # vertex and edge types, and the graph",
      "3. gsql load.gsql       # the loading job, then runs it",
      "",
      "String values lose double quotes (replaced by ') and line breaks: the GSQL loader has no escape character.",
      "",
    ].join("\n"),
  );
  return written;
}
