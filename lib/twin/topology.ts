// The twin's compact view of the graph: node numbers, kinds, capacities and adjacency as typed arrays, built once per run.
import type { Csr as GraphCsr } from "../graph/indexing";
import type Graph from "graphology";
import { invalidArgument } from "../errors";
import { GraphologyStore, type GraphStore, type InfraGraph } from "../graph";
import { NODE_KINDS } from "../graph/schema";

/** Node kinds the twin distinguishes, as small integer codes: the graph's kinds, in the graph's order. */
export const TWIN_KINDS = NODE_KINDS;
export type TwinKind = (typeof TWIN_KINDS)[number];
export const K = Object.fromEntries(TWIN_KINDS.map((k, i) => [k, i])) as { [P in TwinKind]: number };

/** Kinds that serve requests and so have a queue, a utilisation and a latency of their own. */
export const REQUEST_KINDS = new Set<number>([K.application, K.database, K.queue, K.storage, K.load_balancer]);
/** Kinds that carry packets: reachability runs over them. */
export const NETWORK_KINDS = new Set<number>([K.router, K.switch, K.firewall, K.load_balancer]);

/** The graph index's compressed sparse rows without edge numbers: the neighbours of node i are targets[offsets[i] .. offsets[i+1]). */
export type Csr = Pick<GraphCsr, "offsets" | "targets">;

/** One group of interchangeable nodes: active-active (instances behind a load balancer) or active-passive (a primary and its standbys). */
export interface RedundancyGroup {
  name: string;
  members: number[];
  mode: "active-active" | "active-passive";
}

export interface TwinTopology {
  n: number;
  ids: string[];
  indexOf: Map<string, number>;
  names: string[];
  kind: Uint8Array;
  tier: Uint8Array;
  tags: string[][];
  /** Cores (request nodes: parallel servers of the queue; hosts: CPU capacity). */
  cores: Float64Array;
  /** Explicit request capacity in requests/s, or 0 to calibrate from the load. */
  capacityRps: Float64Array;
  /** Business services' base demand in requests/s at the daily peak. */
  baseRps: Float64Array;
  /** depends_on edges, source → target, with fan-out and criticality per edge. */
  dependsOn: Csr;
  fanout: Float64Array;
  critical: Uint8Array;
  /** Per depends_on edge: 1 when the caller addresses the primary of an active-passive group (so it follows failover), 0 for a read replica. */
  followsActive: Uint8Array;
  /** Reverse of dependsOn (who calls me). */
  dependents: Csr;
  /** serves edges, business service → the applications serving it. */
  servedBy: Csr;
  /** hosts: the parent of each node (vm → server, app/db → vm or server), or -1. */
  host: Int32Array;
  /** Children hosted on each node. */
  hosted: Csr;
  /** network edges, undirected. */
  network: Csr;
  /** Redundancy group of each node, or -1. */
  group: Int32Array;
  groups: RedundancyGroup[];
  /** replicates_to: the standby of each primary, or -1; the primary of each standby, or -1. */
  standbyOf: Int32Array;
  primaryOf: Int32Array;
  /** depends_on sources ordered so that a node comes before everything it depends on. */
  callOrder: Int32Array;
  /** Entry points of the network (core/edge routers); empty when the graph has no network. */
  entries: Int32Array;
}

function csr(n: number, pairs: number[]): Csr {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < pairs.length; k += 2) offsets[pairs[k] + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const targets = new Int32Array(pairs.length / 2);
  const fill = offsets.slice(0, n);
  for (let k = 0; k < pairs.length; k += 2) targets[fill[pairs[k]]++] = pairs[k + 1];
  return { offsets, targets };
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** The graph behind a twin: a graphology graph (wrapped in a GraphologyStore) or any GraphStore. */
export function toGraphStore(source: Graph | GraphStore, api = "createTwin"): GraphStore {
  if (source && typeof (source as GraphStore).index === "function" && typeof (source as GraphStore).node === "function") return source as GraphStore;
  if (source && typeof (source as Graph).forEachNode === "function") return new GraphologyStore(source as InfraGraph);
  throw invalidArgument(api, "graph", "a graphology graph or a GraphStore", source);
}

/**
 * Builds the twin's typed-array view of an infrastructure graph, reading it only through the graph module's
 * store seam (`GraphStore.index()` and `node()`), so a TigerGraph-backed store works as well as graphology.
 */
export function buildTopology(source: Graph | GraphStore): TwinTopology {
  const store = toGraphStore(source);
  const index = store.index();
  const n = index.n;
  if (n === 0) throw invalidArgument("createTwin", "graph", "a topology with at least one node", "an empty graph");
  const kind = Uint8Array.from(index.kind);
  const tier = new Uint8Array(n);
  const tags: string[][] = new Array(n);
  const cores = new Float64Array(n);
  const capacityRps = new Float64Array(n);
  const baseRps = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const a = store.node(index.ids[v]) as unknown as Record<string, unknown>;
    tier[v] = index.tier[v] > 0 ? index.tier[v] : 3;
    tags[v] = Array.isArray(a.tags) ? (a.tags as string[]) : [];
    const c = index.capacity;
    cores[v] = Math.max(1, c.cores[v] > 0 ? c.cores[v] : c.instances[v] > 0 ? c.instances[v] : kind[v] === K.database ? 8 : 4);
    capacityRps[v] = c.maxRps[v] > 0 ? c.maxRps[v] : c.throughputRps[v];
    baseRps[v] = kind[v] === K.business_service ? (index.baseRps[v] > 0 ? index.baseRps[v] : num(a.baseRps, 100)) : 0;
  }
  const out = index.outgoing;
  const inc = index.incoming;
  // depends_on with per-edge fan-out and criticality, in the index's CSR order.
  const dependsOn: Csr = { offsets: out.depends_on.offsets, targets: out.depends_on.targets };
  const fanout = Float64Array.from(out.depends_on.edges, (e) => Math.max(0, index.fanout[e]));
  const critical = Uint8Array.from(out.depends_on.edges, (e) => index.critical[e]);
  // serves runs application → business service: a service is served by its incoming serves edges.
  const servedBy: Csr = { offsets: inc.serves.offsets, targets: inc.serves.targets };
  const hosted: Csr = { offsets: out.hosts.offsets, targets: out.hosts.targets };
  const host = Int32Array.from(index.host);
  // Packets go both ways: the network is undirected for reachability.
  const net: number[] = [];
  for (let v = 0; v < n; v++) {
    for (let k = out.network.offsets[v]; k < out.network.offsets[v + 1]; k++) net.push(v, out.network.targets[k]);
    for (let k = inc.network.offsets[v]; k < inc.network.offsets[v + 1]; k++) net.push(v, inc.network.targets[k]);
  }
  const standbyOf = new Int32Array(n).fill(-1);
  const primaryOf = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    if (out.replicates_to.offsets[v + 1] > out.replicates_to.offsets[v]) standbyOf[v] = out.replicates_to.targets[out.replicates_to.offsets[v]];
    if (inc.replicates_to.offsets[v + 1] > inc.replicates_to.offsets[v]) primaryOf[v] = inc.replicates_to.targets[inc.replicates_to.offsets[v]];
  }
  // Redundancy groups: the index's replica sets with more than one member; active-passive when replication joins them.
  const group = new Int32Array(n).fill(-1);
  const groups: RedundancyGroup[] = [];
  for (let g = 0; g < index.groupCount; g++) {
    const members = Array.from(index.groupMembers.subarray(index.groupOffsets[g], index.groupOffsets[g + 1]));
    if (members.length < 2) continue;
    const passive = members.some((m) => standbyOf[m] >= 0 || primaryOf[m] >= 0);
    // Primaries first in active-passive groups: the first member is the initial active one.
    if (passive) members.sort((a, b) => (primaryOf[a] >= 0 ? 1 : 0) - (primaryOf[b] >= 0 ? 1 : 0) || a - b);
    for (const m of members) group[m] = groups.length;
    groups.push({ name: index.groupLabels[g], members, mode: passive ? "active-passive" : "active-active" });
  }
  // A caller that addresses any primary of a group follows the active member; one that addresses only a standby reads from it.
  const followsActive = new Uint8Array(dependsOn.targets.length);
  for (let v = 0; v < n; v++) {
    for (let k = dependsOn.offsets[v]; k < dependsOn.offsets[v + 1]; k++) {
      const g = group[dependsOn.targets[k]];
      if (g < 0 || groups[g].mode !== "active-passive") continue;
      for (let j = dependsOn.offsets[v]; j < dependsOn.offsets[v + 1]; j++) {
        const t = dependsOn.targets[j];
        if (group[t] === g && primaryOf[t] < 0) followsActive[k] = 1;
      }
    }
  }
  const depPairs: number[] = [];
  for (let v = 0; v < n; v++) for (let k = dependsOn.offsets[v]; k < dependsOn.offsets[v + 1]; k++) depPairs.push(v, dependsOn.targets[k]);
  // Demand sent to one member of a group may land on any member: order callers before every member.
  const orderPairs = depPairs.slice();
  for (let k = 0; k < depPairs.length; k += 2) {
    const g = group[depPairs[k + 1]];
    if (g >= 0) for (const m of groups[g].members) if (m !== depPairs[k + 1]) orderPairs.push(depPairs[k], m);
  }
  const entriesList: number[] = [];
  for (let v = 0; v < n; v++) if (kind[v] === K.router && (tags[v].includes("core") || tags[v].includes("edge") || tags[v].includes("internet"))) entriesList.push(v);
  if (entriesList.length === 0) for (let v = 0; v < n; v++) if (kind[v] === K.router) entriesList.push(v);
  return {
    n,
    ids: index.ids,
    indexOf: index.indexOf,
    names: index.names,
    kind,
    tier,
    tags,
    cores,
    capacityRps,
    baseRps,
    dependsOn,
    fanout,
    critical,
    followsActive,
    dependents: csr(n, reversePairs(depPairs)),
    servedBy,
    host,
    hosted,
    network: csr(n, net),
    group,
    groups,
    standbyOf,
    primaryOf,
    callOrder: topologicalOrder(n, csr(n, orderPairs)),
    entries: Int32Array.from(net.length > 0 ? entriesList : []),
  };
}

function reversePairs(pairs: number[]): number[] {
  const out = new Array<number>(pairs.length);
  for (let k = 0; k < pairs.length; k += 2) {
    out[k] = pairs[k + 1];
    out[k + 1] = pairs[k];
  }
  return out;
}

/** Kahn's order over depends_on: callers before callees; nodes on a cycle are appended in id order (their back edge is ignored). */
function topologicalOrder(n: number, g: Csr): Int32Array {
  const indegree = new Int32Array(n);
  for (let k = 0; k < g.targets.length; k++) indegree[g.targets[k]]++;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order[tail++] = v;
  const placed = new Uint8Array(n);
  while (tail < n) {
    while (head < tail) {
      const v = order[head++];
      placed[v] = 1;
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
        const t = g.targets[k];
        if (--indegree[t] === 0) order[tail++] = t;
      }
    }
    if (tail < n) {
      // A dependency cycle: break it at the lowest unplaced node.
      for (let v = 0; v < n; v++)
        if (!placed[v] && indegree[v] > 0) {
          indegree[v] = 0;
          order[tail++] = v;
          break;
        }
    }
  }
  return order;
}
