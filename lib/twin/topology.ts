// The twin's compact view of the graph: node numbers, kinds, capacities and adjacency as typed arrays, built once per run.
import type Graph from "graphology";
import { invalidArgument } from "../errors";
import { NODE_KINDS } from "../graph/schema";

/** Node kinds the twin distinguishes, as small integer codes: the graph's kinds, in the graph's order. */
export const TWIN_KINDS = NODE_KINDS;
export type TwinKind = (typeof TWIN_KINDS)[number];
const KIND_CODE = new Map<string, number>(TWIN_KINDS.map((k, i) => [k, i]));
export const K = Object.fromEntries(TWIN_KINDS.map((k, i) => [k, i])) as { [P in TwinKind]: number };

/** Kinds that serve requests and so have a queue, a utilisation and a latency of their own. */
export const REQUEST_KINDS = new Set<number>([K.application, K.database, K.queue, K.storage, K.load_balancer]);
/** Kinds that carry packets: reachability runs over them. */
export const NETWORK_KINDS = new Set<number>([K.router, K.switch, K.firewall, K.load_balancer]);

/** Compressed sparse rows: the neighbours of node i are targets[offsets[i] .. offsets[i+1]). */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

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

/** Builds the twin's typed-array view of an infrastructure graph (graphology, attributes as lib/graph defines them). */
export function buildTopology(graph: Graph): TwinTopology {
  const n = graph.order;
  if (n === 0) throw invalidArgument("createTwin", "graph", "a topology with at least one node", "an empty graph");
  const ids: string[] = new Array(n);
  const indexOf = new Map<string, number>();
  const names: string[] = new Array(n);
  const kind = new Uint8Array(n);
  const tier = new Uint8Array(n);
  const tags: string[][] = new Array(n);
  const cores = new Float64Array(n);
  const capacityRps = new Float64Array(n);
  const baseRps = new Float64Array(n);
  const groupNames = new Map<string, number>();
  const group = new Int32Array(n).fill(-1);
  let i = 0;
  graph.forEachNode((id, a: Record<string, any>) => {
    const code = KIND_CODE.get(a.kind);
    if (code === undefined) throw invalidArgument("createTwin", `node "${id}".kind`, `one of ${TWIN_KINDS.join(", ")}`, a.kind);
    ids[i] = id;
    indexOf.set(id, i);
    names[i] = typeof a.name === "string" ? a.name : id;
    kind[i] = code;
    tier[i] = num(a.tier, 3);
    tags[i] = Array.isArray(a.tags) ? a.tags : [];
    const cap = (a.capacity ?? {}) as Record<string, unknown>;
    cores[i] = Math.max(1, num(cap.cores, num(cap.instances, code === K.database ? 8 : 4)));
    capacityRps[i] = Math.max(0, num(cap.maxRps, num(cap.throughputRps, 0)));
    baseRps[i] = code === K.business_service ? Math.max(0, num(a.baseRps, num(cap.baseRps, 100))) : 0;
    const g = a.redundancyGroup;
    if (typeof g === "string" && g !== "") {
      let gi = groupNames.get(g);
      if (gi === undefined) groupNames.set(g, (gi = groupNames.size));
      group[i] = gi;
    }
    i++;
  });
  const dep: number[] = [];
  const fan: number[] = [];
  const crit: number[] = [];
  const serves: number[] = [];
  const hostPairs: number[] = [];
  const net: number[] = [];
  const host = new Int32Array(n).fill(-1);
  const standbyOf = new Int32Array(n).fill(-1);
  const primaryOf = new Int32Array(n).fill(-1);
  graph.forEachEdge((_e, a: Record<string, any>, s, t) => {
    const si = indexOf.get(s)!;
    const ti = indexOf.get(t)!;
    switch (a.kind) {
      case "depends_on":
        dep.push(si, ti);
        fan.push(Math.max(0, num(a.fanout, num(a.weight, 1))));
        crit.push(a.critical === false ? 0 : 1);
        break;
      case "serves":
        // application → business_service: the service is served by the application.
        serves.push(ti, si);
        break;
      case "hosts":
        host[ti] = si;
        hostPairs.push(si, ti);
        break;
      case "network":
        net.push(si, ti, ti, si);
        break;
      case "replicates_to":
        if (standbyOf[si] < 0) standbyOf[si] = ti;
        primaryOf[ti] = si;
        break;
    }
  });
  // Order the depends_on edges with their per-edge attributes by source, as csr() does.
  const dependsOn = csr(n, dep);
  const fanout = new Float64Array(dep.length / 2);
  const critical = new Uint8Array(dep.length / 2);
  {
    const fill = dependsOn.offsets.slice(0, n);
    for (let k = 0; k < dep.length; k += 2) {
      const slot = fill[dep[k]]++;
      fanout[slot] = fan[k / 2];
      critical[slot] = crit[k / 2];
    }
  }
  const groups: RedundancyGroup[] = [...groupNames.keys()].map((name) => ({ name, members: [], mode: "active-active" as const }));
  for (let v = 0; v < n; v++) if (group[v] >= 0) groups[group[v]].members.push(v);
  // A primary and its standby form an active-passive pair even without a redundancy group.
  for (let v = 0; v < n; v++) {
    const s = standbyOf[v];
    if (s < 0) continue;
    if (group[v] < 0 && group[s] < 0) {
      const gi = groups.length;
      groups.push({ name: `${ids[v]}+replicas`, members: [v, s], mode: "active-passive" });
      group[v] = gi;
      group[s] = gi;
    } else if (group[v] >= 0 && group[s] < 0) {
      group[s] = group[v];
      groups[group[v]].members.push(s);
    } else if (group[s] >= 0 && group[v] < 0) {
      group[v] = group[s];
      groups[group[s]].members.push(v);
    }
    groups[group[v]].mode = "active-passive";
  }
  // Primaries first in active-passive groups: the first member is the initial active one.
  for (const g of groups) if (g.mode === "active-passive") g.members.sort((a, b) => (primaryOf[a] >= 0 ? 1 : 0) - (primaryOf[b] >= 0 ? 1 : 0) || a - b);
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
  const dependents = csr(n, reversePairs(dep));
  const callOrder = topologicalOrder(n, dependsOn);
  const network = csr(n, net);
  const entriesList: number[] = [];
  for (let v = 0; v < n; v++) if (kind[v] === K.router && (tags[v].includes("core") || tags[v].includes("edge") || tags[v].includes("internet"))) entriesList.push(v);
  if (entriesList.length === 0) for (let v = 0; v < n; v++) if (kind[v] === K.router) entriesList.push(v);
  return {
    n,
    ids,
    indexOf,
    names,
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
    dependents,
    servedBy: csr(n, serves),
    host,
    hosted: csr(n, hostPairs),
    network,
    group,
    groups,
    standbyOf,
    primaryOf,
    callOrder,
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
