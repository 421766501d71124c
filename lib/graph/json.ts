// JSON export: a graph as a topology document (the format fromSpec reads), lossless, one node or edge per line on disk.
import { writeFileSync } from "node:fs";
import { DYNAMIC_KEYS, IDLE_DYNAMIC, type InfraGraph } from "./schema";
import { TOPOLOGY_FORMAT, TOPOLOGY_VERSION, type EdgeSpec, type NodeSpec, type TopologyDocument } from "./spec";

/** Options of `toTopologyJSON`. */
export type TopologyJSONOptions = {
  /** Dynamic attributes to write: only those that differ from idle values (default), all, or none. */
  dynamic?: "changed" | "all" | "none";
  /** A `$schema` reference written first, for editors (e.g. "../schemas/topology.schema.json"). */
  schemaRef?: string;
};

const EDGE_DEFAULTS: Record<string, unknown> = { fanout: 1, critical: true, mode: "async" };

/**
 * The graph as a topology document. `fromSpec(toTopologyJSON(g))` rebuilds an equal graph (same ids, order,
 * attributes and edges) for every graph that passes `validateGraph`; defaults are left out to keep files short.
 */
export function toTopologyJSON(graph: InfraGraph, options: TopologyJSONOptions = {}): Required<Pick<TopologyDocument, "format" | "version" | "nodes" | "edges">> & TopologyDocument {
  const dynamic = options.dynamic ?? "changed";
  const { name, description, ...rest } = graph.getAttributes();
  const doc: Omit<TopologyDocument, "nodes"> = {};
  if (options.schemaRef !== undefined) doc.$schema = options.schemaRef;
  doc.format = TOPOLOGY_FORMAT;
  doc.version = TOPOLOGY_VERSION;
  if (name !== undefined) doc.name = name;
  if (description !== undefined) doc.description = description;
  if (Object.keys(rest).length > 0) doc.attributes = structuredClone(rest);
  const nodes: NodeSpec[] = [];
  graph.forEachNode((id, attrs) => {
    const out: Record<string, unknown> = { id };
    for (const [key, value] of Object.entries(attrs)) {
      if ((DYNAMIC_KEYS as readonly string[]).includes(key)) continue;
      if (key === "tags" && Array.isArray(value) && value.length === 0) continue;
      out[key] = typeof value === "object" && value !== null ? structuredClone(value) : value;
    }
    if (dynamic !== "none") {
      for (const key of DYNAMIC_KEYS) {
        const value = (attrs as Record<string, unknown>)[key];
        if (value === undefined) continue;
        if (dynamic === "all" || value !== IDLE_DYNAMIC[key]) out[key] = value;
      }
    }
    nodes.push(out as NodeSpec);
  });
  const edges: EdgeSpec[] = [];
  graph.forEachEdge((_key, attrs, source, target) => {
    const out: Record<string, unknown> = { source, target };
    for (const [key, value] of Object.entries(attrs)) {
      if (key !== "kind" && EDGE_DEFAULTS[key] === value) continue;
      out[key] = typeof value === "object" && value !== null ? structuredClone(value) : value;
    }
    edges.push(out as EdgeSpec);
  });
  return { ...doc, format: TOPOLOGY_FORMAT, version: TOPOLOGY_VERSION, nodes, edges };
}

/** Formats a topology document for a file: pretty at the top, one node or edge per line so diffs stay readable. */
export function formatTopologyJSON(doc: TopologyDocument): string {
  const lines: string[] = ["{"];
  const head = Object.entries(doc).filter(([k]) => k !== "nodes" && k !== "edges");
  for (const [key, value] of head) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const list = (key: string, items: readonly unknown[], last: boolean) => {
    lines.push(`  ${JSON.stringify(key)}: [`);
    items.forEach((item, i) => lines.push(`    ${JSON.stringify(item)}${i < items.length - 1 ? "," : ""}`));
    lines.push(`  ]${last ? "" : ","}`);
  };
  list("nodes", doc.nodes, false);
  list("edges", doc.edges ?? [], true);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Writes the graph as a topology JSON file (see `formatTopologyJSON`). */
export function saveTopology(graph: InfraGraph, path: string, options: TopologyJSONOptions = {}): void {
  writeFileSync(path, formatTopologyJSON(toTopologyJSON(graph, options)));
}
