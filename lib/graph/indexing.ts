// The compact read-only index of a graph: node numbers, typed arrays and CSR adjacency per edge kind, for the twin and fast queries.
import {
  ALL_CAPACITY_FIELDS,
  DYNAMIC_KEYS,
  EDGE_KIND_CODES,
  EDGE_KINDS,
  KIND_CODES,
  type EdgeKind,
  type InfraGraph,
} from "./schema";

/**
 * Compressed sparse rows: the neighbours of node i are `targets[offsets[i] .. offsets[i+1])`,
 * and `edges[j]` is the edge number of `targets[j]` (an index into the `edge*` arrays of the index).
 */
export type Csr = {
  offsets: Int32Array;
  targets: Int32Array;
  edges: Int32Array;
};

/** Capacity columns of the index, one Float64Array per field, in node order; 0 where the kind has no such field. */
export type CapacityColumns = {
  cores: Float64Array;
  ramGb: Float64Array;
  iops: Float64Array;
  bandwidthMbps: Float64Array;
  maxConnections: Float64Array;
  throughputRps: Float64Array;
  maxDepth: Float64Array;
  capacityGb: Float64Array;
  instances: Float64Array;
  maxRps: Float64Array;
};

/**
 * A read-only snapshot of the graph's topology and static attributes, indexed by node number
 * (0 .. n-1, graph insertion order). Build it with `indexGraph(graph)`; the twin keeps its state in
 * typed arrays of length n in the same order and writes it back with `syncDynamic`.
 */
export type GraphIndex = {
  /** Number of nodes. */
  n: number;
  /** Number of edges. */
  m: number;
  /** Node id of each node number. */
  ids: string[];
  /** Node number of each id. */
  indexOf: Map<string, number>;
  /** Human label of each node. */
  names: string[];
  /** Kind code of each node (see `KIND_CODES`, `NODE_KINDS`). */
  kind: Uint8Array;
  /** Tier of each node, 0 when unset. */
  tier: Uint8Array;
  /** Host node number of each node (its incoming hosts edge), -1 when unhosted. */
  host: Int32Array;
  /**
   * Replica set of each node: nodes sharing a `redundancyGroup` or joined by `replicates_to` edges get the same
   * number; any other node is a set of its own. Numbers are 0 .. groupCount-1 in order of first member.
   */
  group: Int32Array;
  /** Number of replica sets. */
  groupCount: number;
  /** Members of replica set g: `groupMembers[groupOffsets[g] .. groupOffsets[g+1])`, ascending node numbers. */
  groupOffsets: Int32Array;
  groupMembers: Int32Array;
  /** Label of each replica set: its redundancyGroup name, or its first member's id. */
  groupLabels: string[];
  /** Static capacity per field. */
  capacity: CapacityColumns;
  /** Business services' mean requests per second (0 for other kinds). */
  baseRps: Float64Array;
  /** Source node number of each edge. */
  edgeSource: Int32Array;
  /** Target node number of each edge. */
  edgeTarget: Int32Array;
  /** Kind code of each edge (see `EDGE_KIND_CODES`). */
  edgeKind: Uint8Array;
  /** depends_on fan-out of each edge (1 for other kinds). */
  fanout: Float64Array;
  /** 1 when a depends_on or serves edge is critical (1 for other kinds). */
  critical: Uint8Array;
  /** Outgoing adjacency per edge kind (hosts: host → hosted; network: nearer the core → nearer the hosts). */
  outgoing: Record<EdgeKind, Csr>;
  /** Incoming adjacency per edge kind. */
  incoming: Record<EdgeKind, Csr>;
};

function buildCsr(n: number, from: Int32Array, to: Int32Array, select: Int32Array): Csr {
  const offsets = new Int32Array(n + 1);
  for (let j = 0; j < select.length; j++) offsets[from[select[j]] + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(select.length);
  const edges = new Int32Array(select.length);
  for (let j = 0; j < select.length; j++) {
    const e = select[j];
    const at = cursor[from[e]]++;
    targets[at] = to[e];
    edges[at] = e;
  }
  return { offsets, targets, edges };
}

/** Builds a fresh index of the graph (linear time). Prefer `indexGraph`, which caches it. */
export function buildIndex(graph: InfraGraph): GraphIndex {
  const n = graph.order;
  const ids: string[] = new Array(n);
  const names: string[] = new Array(n);
  const indexOf = new Map<string, number>();
  const kind = new Uint8Array(n);
  const tier = new Uint8Array(n);
  const baseRps = new Float64Array(n);
  const capacity = Object.fromEntries(ALL_CAPACITY_FIELDS.map((f) => [f, new Float64Array(n)])) as unknown as CapacityColumns;
  const capacityColumns = capacity as unknown as Record<string, Float64Array>;
  const groupName: (string | undefined)[] = new Array(n);
  let i = 0;
  graph.forEachNode((id, attrs) => {
    ids[i] = id;
    names[i] = attrs.name;
    indexOf.set(id, i);
    kind[i] = KIND_CODES[attrs.kind];
    tier[i] = attrs.tier ?? 0;
    groupName[i] = attrs.redundancyGroup;
    if (attrs.kind === "business_service") baseRps[i] = attrs.baseRps;
    else {
      const cap = attrs.capacity as Record<string, number | undefined>;
      for (const f in cap) {
        const v = cap[f];
        const column = capacityColumns[f];
        if (column !== undefined && v !== undefined) column[i] = v;
      }
    }
    i++;
  });

  const m = graph.size;
  const edgeSource = new Int32Array(m);
  const edgeTarget = new Int32Array(m);
  const edgeKind = new Uint8Array(m);
  const fanout = new Float64Array(m).fill(1);
  const critical = new Uint8Array(m).fill(1);
  const perKind = EDGE_KINDS.map(() => 0);
  let e = 0;
  graph.forEachEdge((_key, attrs, source, target) => {
    edgeSource[e] = indexOf.get(source)!;
    edgeTarget[e] = indexOf.get(target)!;
    const code = EDGE_KIND_CODES[attrs.kind];
    edgeKind[e] = code;
    perKind[code]++;
    // Graphs built by hand with graphology (not through addEdge/fromSpec) may leave the defaults out: fan-out 1, critical.
    if (attrs.kind === "depends_on") {
      fanout[e] = typeof attrs.fanout === "number" ? attrs.fanout : 1;
      critical[e] = attrs.critical === false ? 0 : 1;
    } else if (attrs.kind === "serves") {
      critical[e] = attrs.critical === false ? 0 : 1;
    }
    e++;
  });
  const selections = perKind.map((count) => new Int32Array(count));
  const fill = perKind.map(() => 0);
  for (let j = 0; j < m; j++) selections[edgeKind[j]][fill[edgeKind[j]]++] = j;
  const outgoing = {} as Record<EdgeKind, Csr>;
  const incoming = {} as Record<EdgeKind, Csr>;
  EDGE_KINDS.forEach((k, code) => {
    outgoing[k] = buildCsr(n, edgeSource, edgeTarget, selections[code]);
    incoming[k] = buildCsr(n, edgeTarget, edgeSource, selections[code]);
  });

  const host = new Int32Array(n).fill(-1);
  const hostsIn = incoming.hosts;
  for (let v = 0; v < n; v++) if (hostsIn.offsets[v + 1] > hostsIn.offsets[v]) host[v] = hostsIn.targets[hostsIn.offsets[v]];

  // Replica sets: union-find over redundancy groups and replicates_to edges.
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstOfGroup = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    const g = groupName[v];
    if (g === undefined) continue;
    const first = firstOfGroup.get(g);
    if (first === undefined) firstOfGroup.set(g, v);
    else union(first, v);
  }
  const rep = selections[EDGE_KIND_CODES.replicates_to];
  for (let j = 0; j < rep.length; j++) union(edgeSource[rep[j]], edgeTarget[rep[j]]);
  const group = new Int32Array(n);
  const rootGroup = new Int32Array(n).fill(-1);
  let groupCount = 0;
  for (let v = 0; v < n; v++) {
    const r = find(v);
    if (rootGroup[r] < 0) rootGroup[r] = groupCount++;
    group[v] = rootGroup[r];
  }
  const groupOffsets = new Int32Array(groupCount + 1);
  for (let v = 0; v < n; v++) groupOffsets[group[v] + 1]++;
  for (let g = 0; g < groupCount; g++) groupOffsets[g + 1] += groupOffsets[g];
  const groupMembers = new Int32Array(n);
  const gCursor = groupOffsets.slice(0, groupCount);
  for (let v = 0; v < n; v++) groupMembers[gCursor[group[v]]++] = v;
  const groupLabels: string[] = new Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    let label: string | undefined;
    for (let j = groupOffsets[g]; j < groupOffsets[g + 1] && label === undefined; j++) label = groupName[groupMembers[j]];
    groupLabels[g] = label ?? ids[groupMembers[groupOffsets[g]]];
  }

  return {
    n,
    m,
    ids,
    indexOf,
    names,
    kind,
    tier,
    host,
    group,
    groupCount,
    groupOffsets,
    groupMembers,
    groupLabels,
    capacity,
    baseRps,
    edgeSource,
    edgeTarget,
    edgeKind,
    fanout,
    critical,
    outgoing,
    incoming,
  };
}

const cache = new WeakMap<InfraGraph, { index: GraphIndex | undefined }>();
const DYNAMIC = new Set<string>(DYNAMIC_KEYS);

function watch(graph: InfraGraph, entry: { index: GraphIndex | undefined }): void {
  const drop = () => {
    entry.index = undefined;
  };
  for (const event of ["nodeAdded", "edgeAdded", "nodeDropped", "edgeDropped", "cleared", "edgesCleared", "edgeAttributesUpdated", "eachEdgeAttributesUpdated"] as const)
    graph.on(event, drop);
  // Dynamic attributes change every step; only static ones (kind, tier, capacity, group...) stale the index.
  graph.on("nodeAttributesUpdated", (payload: { type: string; name?: string; data?: Record<string, unknown> }) => {
    if ((payload.type === "set" || payload.type === "remove") && payload.name !== undefined && DYNAMIC.has(payload.name)) return;
    if (payload.type === "merge" && payload.data && Object.keys(payload.data).every((k) => DYNAMIC.has(k))) return;
    drop();
  });
  graph.on("eachNodeAttributesUpdated", (payload: { hints?: { attributes?: string[] } }) => {
    const changed = payload.hints?.attributes;
    if (changed && changed.every((k) => DYNAMIC.has(k))) return;
    drop();
  });
}

/**
 * The index of the graph, built on first use and cached until the topology or a static attribute changes
 * (dynamic attribute updates keep it). Treat it as read-only.
 */
export function indexGraph(graph: InfraGraph): GraphIndex {
  let entry = cache.get(graph);
  if (entry === undefined) {
    entry = { index: undefined };
    cache.set(graph, entry);
    watch(graph, entry);
  }
  if (entry.index === undefined) entry.index = buildIndex(graph);
  return entry.index;
}

/** The neighbours of node v in a CSR, as a subarray (no copy). */
export function neighboursOf(csr: Csr, v: number): Int32Array {
  return csr.targets.subarray(csr.offsets[v], csr.offsets[v + 1]);
}

/** The members of node v's replica set (including v), as a subarray. */
export function replicasOf(index: GraphIndex, v: number): Int32Array {
  const g = index.group[v];
  return index.groupMembers.subarray(index.groupOffsets[g], index.groupOffsets[g + 1]);
}
