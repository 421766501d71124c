// The graph-store seam: the narrow interface later modules use to read and update the graph, and its graphology implementation.
import { InvalidArgumentError, NotFoundError, invalidArgument } from "../errors";
import { readDynamic, syncDynamic, type DynamicColumns, type SyncDynamicOptions } from "./dynamic";
import { indexGraph, type GraphIndex } from "./indexing";
import { toTopologyJSON } from "./json";
import { DYNAMIC_KEYS, DYNAMIC_RANGES, EDGE_KIND_CODES, isEdgeKind, isNodeKind, NODE_KINDS, STATUSES, type DynamicAttributes, type EdgeAttributes, type EdgeKind, type InfraGraph, type NodeAttributes, type NodeKind } from "./schema";
import type { TopologyDocument } from "./spec";

/** One edge as a store returns it. */
export type StoredEdge = { source: string; target: string; attributes: Readonly<EdgeAttributes> };

/** Which way to follow edges from a node: along them (out), against them (in), or both. */
export type Direction = "out" | "in" | "both";

/**
 * What the twin, scenarios, rules and notebooks may do with the graph. Everything else (layout, ad-hoc
 * graphology algorithms) stays behind this seam, so a TigerGraph-backed store can replace graphology.
 * Node numbers used by `index()` and the column APIs are stable until the topology changes.
 */
export interface GraphStore {
  /** Which backend implements the store ("graphology"; "tigergraph" later). */
  readonly backend: string;
  /** Number of nodes. */
  nodeCount(): number;
  /** Number of edges. */
  edgeCount(): number;
  /** True when the node exists. */
  hasNode(id: string): boolean;
  /** Node ids in node-number order, optionally only those of the given kind(s). */
  nodes(kind?: NodeKind | readonly NodeKind[]): string[];
  /** A node's attributes (treat as read-only; update dynamic ones with setDynamic/writeDynamic). Throws NotFoundError. */
  node(id: string): Readonly<NodeAttributes>;
  /** Neighbour ids along edges of one kind. Throws NotFoundError for an unknown node. */
  neighbours(id: string, edgeKind: EdgeKind, direction?: Direction): string[];
  /** All edges, optionally of one kind, in insertion order. */
  edges(kind?: EdgeKind): StoredEdge[];
  /** Updates some dynamic attributes of one node (checked: ranges, status names; static attributes are refused). */
  setDynamic(id: string, patch: Partial<DynamicAttributes>): void;
  /** Writes dynamic columns in node-number order for all nodes or `options.nodes` (the twin's per-step sync). */
  writeDynamic(columns: DynamicColumns, options?: SyncDynamicOptions): void;
  /** Reads all dynamic attributes into columns in node-number order. */
  readDynamic(): ReturnType<typeof readDynamic>;
  /** The compact read-only index (cached until the topology or a static attribute changes). */
  index(): GraphIndex;
  /** The whole topology as a JSON document (see `toTopologyJSON`). */
  toDocument(): TopologyDocument;
}

const UNIT = new Set<string>(DYNAMIC_KEYS.filter((k) => DYNAMIC_RANGES[k] === "ratio"));

/** Checks a dynamic patch; throws InvalidArgumentError naming the call, node, field and value. */
export function checkDynamicPatch(api: string, id: string, patch: unknown): Partial<DynamicAttributes> {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw invalidArgument(api, "patch", "an object of dynamic attributes", patch);
  for (const [key, value] of Object.entries(patch)) {
    if (!(DYNAMIC_KEYS as readonly string[]).includes(key))
      throw new InvalidArgumentError(`${api}: ${JSON.stringify(key)} of node ${JSON.stringify(id)} is not a dynamic attribute; expected one of ${DYNAMIC_KEYS.join(", ")}.`);
    if (key === "status") {
      if (!(STATUSES as readonly unknown[]).includes(value)) throw invalidArgument(api, `status of node ${JSON.stringify(id)}`, STATUSES.join(", "), value);
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (UNIT.has(key) && value > 1)) {
      throw invalidArgument(api, `${key} of node ${JSON.stringify(id)}`, UNIT.has(key) ? "a number in [0, 1]" : "a number >= 0", value);
    }
  }
  return patch as Partial<DynamicAttributes>;
}

/** The GraphStore over an in-memory graphology graph. `store.graph` is there for notebooks; modules should not need it. */
export class GraphologyStore implements GraphStore {
  readonly backend = "graphology";
  readonly graph: InfraGraph;

  constructor(graph: InfraGraph) {
    if (graph === null || typeof graph !== "object" || typeof (graph as InfraGraph).forEachNode !== "function")
      throw invalidArgument("GraphologyStore", "graph", "an infrastructure graph (graphology DirectedGraph)", graph);
    this.graph = graph;
  }

  nodeCount(): number {
    return this.graph.order;
  }

  edgeCount(): number {
    return this.graph.size;
  }

  hasNode(id: string): boolean {
    return this.graph.hasNode(id);
  }

  nodes(kind?: NodeKind | readonly NodeKind[]): string[] {
    const index = this.index();
    if (kind === undefined) return index.ids.slice();
    const kinds = typeof kind === "string" ? [kind] : kind;
    const wanted = new Uint8Array(NODE_KINDS.length);
    for (const k of kinds) {
      if (!isNodeKind(k)) throw invalidArgument("GraphStore.nodes", "kind", `one of ${NODE_KINDS.join(", ")}`, k);
      wanted[NODE_KINDS.indexOf(k)] = 1;
    }
    const out: string[] = [];
    for (let i = 0; i < index.n; i++) if (wanted[index.kind[i]]) out.push(index.ids[i]);
    return out;
  }

  node(id: string): Readonly<NodeAttributes> {
    if (!this.graph.hasNode(id)) throw new NotFoundError(`GraphStore.node: node ${JSON.stringify(id)} not found.`);
    return this.graph.getNodeAttributes(id);
  }

  neighbours(id: string, edgeKind: EdgeKind, direction: Direction = "out"): string[] {
    if (!isEdgeKind(edgeKind)) throw invalidArgument("GraphStore.neighbours", "edgeKind", "one of hosts, depends_on, network, replicates_to, serves", edgeKind);
    if (direction !== "out" && direction !== "in" && direction !== "both") throw invalidArgument("GraphStore.neighbours", "direction", `"out", "in" or "both"`, direction);
    const index = this.index();
    const v = index.indexOf.get(id);
    if (v === undefined) throw new NotFoundError(`GraphStore.neighbours: node ${JSON.stringify(id)} not found.`);
    const out: string[] = [];
    const take = (csr: GraphIndex["outgoing"][EdgeKind]) => {
      for (let j = csr.offsets[v]; j < csr.offsets[v + 1]; j++) out.push(index.ids[csr.targets[j]]);
    };
    if (direction !== "in") take(index.outgoing[edgeKind]);
    if (direction !== "out") take(index.incoming[edgeKind]);
    return out;
  }

  edges(kind?: EdgeKind): StoredEdge[] {
    if (kind !== undefined && !isEdgeKind(kind)) throw invalidArgument("GraphStore.edges", "kind", "one of hosts, depends_on, network, replicates_to, serves", kind);
    const out: StoredEdge[] = [];
    this.graph.forEachEdge((_key, attributes, source, target) => {
      if (kind === undefined || EDGE_KIND_CODES[attributes.kind] === EDGE_KIND_CODES[kind]) out.push({ source, target, attributes });
    });
    return out;
  }

  setDynamic(id: string, patch: Partial<DynamicAttributes>): void {
    if (!this.graph.hasNode(id)) throw new NotFoundError(`GraphStore.setDynamic: node ${JSON.stringify(id)} not found.`);
    this.graph.mergeNodeAttributes(id, checkDynamicPatch("GraphStore.setDynamic", id, patch));
  }

  writeDynamic(columns: DynamicColumns, options?: SyncDynamicOptions): void {
    syncDynamic(this.graph, this.index(), columns, options);
  }

  readDynamic(): ReturnType<typeof readDynamic> {
    return readDynamic(this.graph, this.index());
  }

  index(): GraphIndex {
    return indexGraph(this.graph);
  }

  toDocument(): TopologyDocument {
    return toTopologyJSON(this.graph);
  }
}

/** Anything the queries accept: the graph itself, a store, or an index. */
export type GraphSource = InfraGraph | GraphStore | GraphIndex;

function isIndex(source: unknown): source is GraphIndex {
  return typeof source === "object" && source !== null && (source as GraphIndex).indexOf instanceof Map && (source as GraphIndex).outgoing !== undefined;
}

function isStore(source: unknown): source is GraphStore {
  return typeof source === "object" && source !== null && typeof (source as GraphStore).index === "function" && typeof (source as GraphStore).node === "function";
}

function isGraph(source: unknown): source is InfraGraph {
  return typeof source === "object" && source !== null && typeof (source as InfraGraph).forEachNode === "function" && typeof (source as InfraGraph).order === "number";
}

/** The index behind any graph source; throws InvalidArgumentError naming `api` for anything else. */
export function toIndex(source: GraphSource, api: string): GraphIndex {
  if (isIndex(source)) return source;
  if (isStore(source)) return source.index();
  if (isGraph(source)) return indexGraph(source);
  throw invalidArgument(api, "graph", "an infrastructure graph, a GraphStore or a GraphIndex", source);
}

/** A node's attributes from a graph or store source (undefined for a bare index). */
export function attributesFrom(source: GraphSource, id: string): Readonly<NodeAttributes> | undefined {
  if (isIndex(source)) return undefined;
  if (isStore(source)) return source.node(id);
  if (isGraph(source)) return source.getNodeAttributes(id);
  return undefined;
}

/** The writable graph behind a source (graphs and GraphologyStores), for `.assign` variants. */
export function graphFrom(source: GraphSource, api: string): InfraGraph {
  if (source instanceof GraphologyStore) return source.graph;
  if (isGraph(source)) return source;
  throw invalidArgument(api, "graph", "an infrastructure graph or a GraphologyStore (an index cannot be written to)", source);
}

/** Node number of `id`, or NotFoundError `api: <what> "id" not found.` */
export function nodeNumber(index: GraphIndex, id: string, api: string, what = "node"): number {
  const v = typeof id === "string" ? index.indexOf.get(id) : undefined;
  if (v === undefined) {
    if (typeof id !== "string") throw invalidArgument(api, what, "a node id (string)", id);
    throw new NotFoundError(`${api}: ${what} ${JSON.stringify(id)} not found.`);
  }
  return v;
}

/** Node numbers of a list of ids (duplicates kept once), or the usual errors. */
export function nodeNumbers(index: GraphIndex, ids: readonly string[] | string, api: string, what = "node"): number[] {
  const list = typeof ids === "string" ? [ids] : ids;
  if (!Array.isArray(list)) throw invalidArgument(api, `${what}s`, "an array of node ids", ids);
  const seen = new Set<number>();
  const out: number[] = [];
  for (const id of list) {
    const v = nodeNumber(index, id, api, what);
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}
