// criticalPaths: the chains of critical dependencies a business service's requests run through, ranked by length or latency.
import { invalidArgument } from "../errors";
import type { GraphIndex } from "./indexing";
import { KIND_CODES, NODE_KINDS, type NodeKind } from "./schema";
import { attributesFrom, nodeNumber, toIndex, type GraphSource } from "./store";

/** One step of a path: a replica set (one node, or interchangeable nodes). */
export type PathStep = {
  /** The redundancy group name, or the node id for a node without replicas. */
  label: string;
  kind: NodeKind;
  /** Member node ids. */
  members: string[];
  /** Mean latency of the members, milliseconds (0 when unknown). */
  latency_ms: number;
};

/** One chain from the service to a component with no further critical dependency. */
export type CriticalPath = {
  steps: PathStep[];
  /** Steps after the service. */
  hops: number;
  /** Sum of the steps' latencies, milliseconds. */
  latency_ms: number;
  /** Fewest members of any step after the service: 1 means the chain has a single point of failure. */
  redundancy: number;
  /** Labels of the steps after the service with a single member. */
  singleMembers: string[];
};

/** Options of `criticalPaths`. */
export type CriticalPathOptions = {
  /** How many paths to return (default 5). */
  limit?: number;
  /** Rank by number of hops (default) or by summed latency. */
  by?: "hops" | "latency";
  /** Latency per node number (defaults to the nodes' `latency_ms` attributes; required with a bare index and by "latency"). */
  latencyMs?: ArrayLike<number>;
  /** Stop enumerating after this many paths (default 10000), for graphs with very many alternative chains. */
  maxPaths?: number;
};

const DEFAULTS = { limit: 5, by: "hops" as const, maxPaths: 10000 };

/** Replica sets every member of set g needs through critical serves/depends_on edges (what the set as a whole needs). */
function nextUnits(index: GraphIndex, g: number): number[] {
  const sIn = index.incoming.serves;
  const dOut = index.outgoing.depends_on;
  let shared: Set<number> | undefined;
  for (let k = index.groupOffsets[g]; k < index.groupOffsets[g + 1]; k++) {
    const m = index.groupMembers[k];
    const mine = new Set<number>();
    for (const csr of [sIn, dOut])
      for (let j = csr.offsets[m]; j < csr.offsets[m + 1]; j++) if (index.critical[csr.edges[j]]) mine.add(index.group[csr.targets[j]]);
    // A member's own dependency (a database member's storage array) is not a need of the set: another member covers it.
    shared = shared === undefined ? mine : new Set([...shared].filter((u) => mine.has(u)));
  }
  shared!.delete(g);
  return [...shared!].sort((a, b) => a - b);
}

/**
 * The chains of critical `serves` and `depends_on` edges from a business service down to components with no
 * further critical dependency (typically databases and storage), each step a replica set; a set's next steps are
 * what every member needs (a database pair whose members sit on different arrays ends the chain). Ranked by hops
 * (longest first) or summed latency; ties go to the least redundant chain. Hosting and network are left out:
 * they are the same for every request (see `dependenciesOf` and `singlePointsOfFailure` for those).
 *
 * @example criticalPaths(graph, "svc-payments")[0].steps.map((s) => s.label)
 */
export function criticalPaths(source: GraphSource, service: string, options: CriticalPathOptions = {}): CriticalPath[] {
  const api = "criticalPaths";
  const index = toIndex(source, api);
  const s = nodeNumber(index, service, api, "service");
  if (index.kind[s] !== KIND_CODES.business_service)
    throw invalidArgument(api, "service", "a business_service node id", `${service} (${NODE_KINDS[index.kind[s]]})`);
  const limit = options.limit ?? DEFAULTS.limit;
  if (!(Number.isInteger(limit) && limit > 0)) throw invalidArgument(api, "options.limit", "an integer > 0", limit);
  const by = options.by ?? DEFAULTS.by;
  if (by !== "hops" && by !== "latency") throw invalidArgument(api, "options.by", `"hops" or "latency"`, by);
  const maxPaths = options.maxPaths ?? DEFAULTS.maxPaths;
  let latency = options.latencyMs;
  if (latency !== undefined && !(typeof latency === "object" && latency !== null && latency.length >= index.n))
    throw invalidArgument(api, "options.latencyMs", `an array-like of ${index.n} numbers (one per node)`, latency);
  if (latency === undefined) {
    const column = new Float64Array(index.n);
    const readable = attributesFrom(source, service) !== undefined;
    if (!readable && by === "latency") throw invalidArgument(api, "options.latencyMs", "latencies per node when ranking a bare index by latency", undefined);
    if (readable) for (let v = 0; v < index.n; v++) column[v] = attributesFrom(source, index.ids[v])!.latency_ms;
    latency = column;
  }
  const lat = latency;
  const unitLatency = (g: number) => {
    let sum = 0;
    const a = index.groupOffsets[g];
    const b = index.groupOffsets[g + 1];
    for (let k = a; k < b; k++) sum += lat[index.groupMembers[k]];
    return sum / (b - a);
  };
  const step = (g: number): PathStep => {
    const a = index.groupOffsets[g];
    const b = index.groupOffsets[g + 1];
    const members: string[] = [];
    for (let k = a; k < b; k++) members.push(index.ids[index.groupMembers[k]]);
    return { label: index.groupLabels[g], kind: NODE_KINDS[index.kind[index.groupMembers[a]]], members, latency_ms: unitLatency(g) };
  };

  const paths: number[][] = [];
  const onPath = new Set<number>();
  const memo = new Map<number, number[]>();
  const next = (g: number) => {
    let list = memo.get(g);
    if (list === undefined) memo.set(g, (list = nextUnits(index, g)));
    return list;
  };
  const current: number[] = [];
  const dfs = (g: number) => {
    if (paths.length >= maxPaths) return;
    current.push(g);
    onPath.add(g);
    const options = next(g).filter((h) => !onPath.has(h));
    if (options.length === 0) paths.push(current.slice());
    else for (const h of options) dfs(h);
    onPath.delete(g);
    current.pop();
  };
  dfs(index.group[s]);

  const result = paths
    .filter((p) => p.length > 1)
    .map((p): CriticalPath => {
      const steps = p.map(step);
      const tail = steps.slice(1);
      return {
        steps,
        hops: tail.length,
        latency_ms: steps.reduce((sum, x) => sum + x.latency_ms, 0),
        redundancy: Math.min(...tail.map((x) => x.members.length)),
        singleMembers: tail.filter((x) => x.members.length === 1).map((x) => x.label),
      };
    });
  result.sort((a, b) =>
    by === "hops"
      ? b.hops - a.hops || b.latency_ms - a.latency_ms || a.redundancy - b.redundancy
      : b.latency_ms - a.latency_ms || b.hops - a.hops || a.redundancy - b.redundancy,
  );
  return result.slice(0, limit);
}
