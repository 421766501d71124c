// The topology as plain nodes and edges, read from a graphology graph, a GraphStore, a run result or given as is.
import { invalidArgument } from "../errors";

/** One node of a topology drawing. */
export interface DrawnNode {
  id: string;
  kind: string;
  name?: string;
  tier?: number;
  /** "up", "degraded" or "down"; "up" when absent. */
  status?: string;
}

/** One edge of a topology drawing. */
export interface DrawnEdge {
  source: string;
  target: string;
  kind: string;
}

/** A topology as plain data. */
export interface DrawnTopology {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/** The graphology methods read (any graphology `Graph` fits). */
export interface GraphologyLike {
  forEachNode(callback: (id: string, attributes: Record<string, unknown>) => void): void;
  forEachEdge(callback: (key: string, attributes: Record<string, unknown>, source: string, target: string) => void): void;
}

/** The GraphStore methods read (lib/graph's `GraphStore` fits). */
export interface GraphStoreLike {
  nodes(): string[];
  node(id: string): Readonly<Record<string, unknown>>;
  edges(): { source: string; target: string; attributes: Readonly<Record<string, unknown>> }[];
}

/** Anything `drawnTopology` reads. */
export type DrawableTopology = GraphologyLike | GraphStoreLike | DrawnTopology | { twin: { graph: GraphologyLike } };

function isGraphology(value: unknown): value is GraphologyLike {
  return typeof (value as GraphologyLike)?.forEachNode === "function" && typeof (value as GraphologyLike)?.forEachEdge === "function";
}

function isGraphStore(value: unknown): value is GraphStoreLike {
  const v = value as GraphStoreLike;
  return typeof v?.nodes === "function" && typeof v?.node === "function" && typeof v?.edges === "function";
}

/** True for something `drawnTopology` can read. */
export function isDrawableTopology(value: unknown): value is DrawableTopology {
  if (typeof value !== "object" || value === null) return false;
  if (isGraphology(value) || isGraphStore(value)) return true;
  const v = value as { nodes?: unknown; edges?: unknown; twin?: { graph?: unknown } };
  if (Array.isArray(v.nodes) && Array.isArray(v.edges)) return true;
  return isGraphology(v.twin?.graph);
}

function nodeOf(id: string, a: Readonly<Record<string, unknown>>): DrawnNode {
  return {
    id,
    kind: typeof a.kind === "string" ? a.kind : "unknown",
    ...(typeof a.name === "string" ? { name: a.name } : {}),
    ...(typeof a.tier === "number" ? { tier: a.tier } : {}),
    ...(typeof a.status === "string" ? { status: a.status } : {}),
  };
}

/** Reads a topology source into plain nodes and edges (node attributes kind, name, tier, status; edge attribute kind). */
export function drawnTopology(source: DrawableTopology): DrawnTopology {
  return drawnTopologyFor("drawnTopology", source);
}

/** `drawnTopology` for a plot builder: errors are headed by the builder's name (not re-exported). */
export function drawnTopologyFor(api: string, source: DrawableTopology): DrawnTopology {
  const graph = isGraphology(source) ? source : isGraphology((source as { twin?: { graph?: unknown } })?.twin?.graph) ? (source as { twin: { graph: GraphologyLike } }).twin.graph : undefined;
  if (graph) {
    const nodes: DrawnNode[] = [];
    const edges: DrawnEdge[] = [];
    graph.forEachNode((id, a) => nodes.push(nodeOf(id, a)));
    graph.forEachEdge((_, a, source, target) => edges.push({ source, target, kind: typeof a.kind === "string" ? a.kind : "edge" }));
    return { nodes, edges };
  }
  if (isGraphStore(source)) {
    return {
      nodes: source.nodes().map((id) => nodeOf(id, source.node(id))),
      edges: source.edges().map((e) => ({ source: e.source, target: e.target, kind: typeof e.attributes.kind === "string" ? e.attributes.kind : "edge" })),
    };
  }
  const data = source as DrawnTopology;
  if (typeof data === "object" && data !== null && Array.isArray(data.nodes) && Array.isArray(data.edges)) {
    const ids = new Set<string>();
    data.nodes.forEach((n, i) => {
      if (typeof n?.id !== "string") throw invalidArgument(api, `nodes[${i}].id`, "a string", n?.id);
      ids.add(n.id);
    });
    data.edges.forEach((e, i) => {
      if (!ids.has(e?.source)) throw invalidArgument(api, `edges[${i}].source`, "the id of a node", e?.source);
      if (!ids.has(e?.target)) throw invalidArgument(api, `edges[${i}].target`, "the id of a node", e?.target);
    });
    return { nodes: data.nodes.map((n) => ({ ...n, kind: n.kind ?? "unknown" })), edges: data.edges.map((e) => ({ ...e, kind: e.kind ?? "edge" })) };
  }
  throw invalidArgument(api, "source", "a graphology graph, a GraphStore, a run result or {nodes, edges}", source);
}
