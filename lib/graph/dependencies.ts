// dependenciesOf and dependentsOf: what a node transitively needs, and what transitively needs it.
import { invalidArgument } from "../errors";
import type { GraphIndex } from "./indexing";
import { NODE_KINDS, type EdgeKind, type NodeKind } from "./schema";
import { nodeNumbers, toIndex, type GraphSource } from "./store";

/** Edge kinds along which one node needs another (replicates_to joins replicas, it is not a need). */
export type NeedEdgeKind = Exclude<EdgeKind, "replicates_to">;

const NEED_KINDS: readonly NeedEdgeKind[] = ["hosts", "network", "depends_on", "serves"];

/** One node reached by a dependency walk. */
export type Reached = {
  id: string;
  kind: NodeKind;
  name: string;
  /** Hops from the nearest start node. */
  depth: number;
  /** The node it was reached from. */
  from: string;
  /** The kind of edge it was reached through. */
  edge: NeedEdgeKind;
};

/** Options of `dependenciesOf` and `dependentsOf`. */
export type DependencyOptions = {
  /** Edge kinds to follow (default: hosts, network, depends_on, serves). */
  via?: readonly NeedEdgeKind[];
  /** Only critical depends_on and serves edges (default false). */
  criticalOnly?: boolean;
  /** Stop after this many hops (default: no limit). */
  maxDepth?: number;
  /** Also count the replicas (redundancy group, replicates_to) of every node reached (default false). */
  replicas?: boolean;
};

/** Reusable walk buffers per index: depth all -1 between walks. */
const SCRATCH = new WeakMap<GraphIndex, { depth: Int32Array; queue: Int32Array; busy: boolean }>();

type Step = { kind: NeedEdgeKind; csr: keyof GraphIndex["outgoing"]; dir: "outgoing" | "incoming" };

// "a needs b": hosted needs host, downstream needs upstream, dependant needs dependency, service needs its apps.
const NEEDS: Record<NeedEdgeKind, Step> = {
  hosts: { kind: "hosts", csr: "hosts", dir: "incoming" },
  network: { kind: "network", csr: "network", dir: "incoming" },
  depends_on: { kind: "depends_on", csr: "depends_on", dir: "outgoing" },
  serves: { kind: "serves", csr: "serves", dir: "incoming" },
};

function flip(step: Step): Step {
  return { ...step, dir: step.dir === "outgoing" ? "incoming" : "outgoing" };
}

function checkOptions(api: string, options: DependencyOptions): Step[] {
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
  const via = options.via ?? NEED_KINDS;
  if (!Array.isArray(via)) throw invalidArgument(api, "options.via", `an array of ${NEED_KINDS.join(", ")}`, via);
  for (const k of via as readonly unknown[])
    if (!(NEED_KINDS as readonly unknown[]).includes(k)) throw invalidArgument(api, "options.via", `edge kinds among ${NEED_KINDS.join(", ")}`, k);
  if (options.maxDepth !== undefined && !(Number.isInteger(options.maxDepth) && options.maxDepth >= 0))
    throw invalidArgument(api, "options.maxDepth", "an integer >= 0", options.maxDepth);
  return (via as readonly NeedEdgeKind[]).map((k) => NEEDS[k]);
}

/** Breadth-first walk over "needs" steps from the start nodes; start nodes are not reported. Shared by the queries. */
export function walk(index: GraphIndex, starts: readonly number[], steps: readonly Step[], options: DependencyOptions, visit: (v: number, from: number, depth: number, edge: NeedEdgeKind) => void): void {
  // Root-cause ranking walks once per alerting node: two fresh arrays of n per walk dominated large estates, so the
  // arrays are kept per index and only the entries this walk touched are reset (a walk inside a visit gets its own).
  let scratch = SCRATCH.get(index);
  if (scratch === undefined || scratch.busy || scratch.depth.length < index.n) {
    scratch = { depth: new Int32Array(index.n).fill(-1), queue: new Int32Array(index.n), busy: false };
    if (!SCRATCH.get(index)?.busy) SCRATCH.set(index, scratch);
  }
  scratch.busy = true;
  const { depth, queue } = scratch;
  let head = 0;
  let tail = 0;
  for (const s of starts) {
    if (depth[s] < 0) {
      depth[s] = 0;
      queue[tail++] = s;
    }
  }
  const maxDepth = options.maxDepth ?? Infinity;
  const criticalOnly = options.criticalOnly ?? false;
  const mark = (v: number, from: number, d: number, edge: NeedEdgeKind) => {
    if (depth[v] >= 0) return;
    depth[v] = d;
    queue[tail++] = v;
    visit(v, from, d, edge);
  };
  try {
    while (head < tail) {
      const u = queue[head++];
      const d = depth[u] + 1;
      if (d > maxDepth) continue;
      for (const step of steps) {
        const csr = index[step.dir][step.csr];
        for (let j = csr.offsets[u]; j < csr.offsets[u + 1]; j++) {
          if (criticalOnly && !index.critical[csr.edges[j]]) continue;
          const t = csr.targets[j];
          mark(t, u, d, step.kind);
          if (options.replicas) {
            const g = index.group[t];
            for (let k = index.groupOffsets[g]; k < index.groupOffsets[g + 1]; k++) mark(index.groupMembers[k], u, d, step.kind);
          }
        }
      }
    }
  } finally {
    for (let k = 0; k < tail; k++) depth[queue[k]] = -1;
    scratch.busy = false;
  }
}

function run(api: string, source: GraphSource, ids: readonly string[] | string, options: DependencyOptions, reverse: boolean): Reached[] {
  const index = toIndex(source, api);
  const steps = checkOptions(api, options).map((s) => (reverse ? flip(s) : s));
  const starts = nodeNumbers(index, ids, api);
  const out: Reached[] = [];
  walk(index, starts, steps, options, (v, from, depth, edge) => {
    out.push({ id: index.ids[v], kind: NODE_KINDS[index.kind[v]], name: index.names[v], depth, from: index.ids[from], edge });
  });
  return out;
}

/**
 * Everything the node(s) transitively need: hosts up the hosting chain, upstream network devices,
 * depends_on targets and, for business services, the applications serving them. Breadth-first order.
 *
 * @example dependenciesOf(graph, "svc-payments").map((d) => d.id)
 */
export function dependenciesOf(source: GraphSource, ids: readonly string[] | string, options: DependencyOptions = {}): Reached[] {
  return run("dependenciesOf", source, ids, options, false);
}

/**
 * Everything that transitively needs the node(s): hosted nodes, downstream network, dependants and the
 * business services they serve. Breadth-first order. Ignores redundancy (see `blastRadius` for that).
 *
 * @example dependentsOf(graph, "db-core-banking-primary").filter((d) => d.kind === "business_service")
 */
export function dependentsOf(source: GraphSource, ids: readonly string[] | string, options: DependencyOptions = {}): Reached[] {
  return run("dependentsOf", source, ids, options, true);
}

/** The "needs" steps for the given edge kinds, forwards (needs) or backwards (needed by); for the other queries. */
export function needSteps(kinds: readonly NeedEdgeKind[] = NEED_KINDS, reverse = false): Step[] {
  return kinds.map((k) => (reverse ? flip(NEEDS[k]) : NEEDS[k]));
}
