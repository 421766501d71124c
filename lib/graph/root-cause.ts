// rootCauseCandidates: the upstream components a set of alerting nodes share, ranked by how well each explains the alerts.
import { invalidArgument } from "../errors";
import { needSteps, walk, type NeedEdgeKind } from "./dependencies";
import type { GraphIndex } from "./indexing";
import { NODE_KINDS, type NodeKind } from "./schema";
import { nodeNumbers, toIndex, type GraphSource } from "./store";

/** One candidate root cause. */
export type RootCauseCandidate = {
  id: string;
  kind: NodeKind;
  name: string;
  /** F1 of coverage and precision, 0..1: the ranking key. */
  score: number;
  /** Share of the alerting nodes this candidate is upstream of (or is), 0..1. */
  coverage: number;
  /** Share of the candidate's dependents (itself included) that are alerting, 0..1: low for a core router with a quiet estate below it. */
  precision: number;
  /** The alerting nodes it explains, in input order. */
  explains: string[];
  /** True when the candidate is itself alerting. */
  alerting: boolean;
  /** Mean hops from the alerting nodes it explains. */
  distance: number;
};

/** Options of `rootCauseCandidates`. */
export type RootCauseOptions = {
  /** How many candidates to return (default 10). */
  limit?: number;
  /** Edge kinds along which a fault can travel to an alert (default: hosts, network, depends_on, serves). */
  via?: readonly NeedEdgeKind[];
  /** Dependents counted per candidate before precision is taken as a bound (default 5000); keeps big hubs cheap. */
  maxDependents?: number;
};

const DEFAULTS = { limit: 10, maxDependents: 5000, shortlist: 200 };

/** Upstream walks per index and edge kinds: node → (reached node, depth) pairs in walk order; bounded in total size. */
const WALKS = new WeakMap<GraphIndex, Map<string, { walks: Map<number, Int32Array>; size: number }>>();
const MAX_REMEMBERED_WALKS = 20_000_000;

function upstreamWalks(index: GraphIndex, key: string): { walks: Map<number, Int32Array>; size: number } {
  let byIndex = WALKS.get(index);
  if (byIndex === undefined) WALKS.set(index, (byIndex = new Map()));
  let entry = byIndex.get(key);
  if (entry === undefined) byIndex.set(key, (entry = { walks: new Map(), size: 0 }));
  return entry;
}

/** Dependent counts per index, keyed by edge kinds and cap, then by node number. */
const DEPENDENT_COUNTS = new WeakMap<GraphIndex, Map<string, Map<number, number>>>();

function countDependents(index: GraphIndex, v: number, kinds: readonly NeedEdgeKind[], cap: number, seen: Int32Array, stamp: number): number {
  const steps = needSteps(kinds, true);
  const queue: number[] = [v];
  seen[v] = stamp;
  for (let head = 0; head < queue.length && queue.length < cap; head++) {
    const u = queue[head];
    for (const step of steps) {
      const csr = index[step.dir][step.csr];
      for (let j = csr.offsets[u]; j < csr.offsets[u + 1]; j++) {
        const t = csr.targets[j];
        if (seen[t] !== stamp) {
          seen[t] = stamp;
          queue.push(t);
        }
      }
    }
  }
  return Math.min(queue.length, cap);
}

/**
 * Ranks the components upstream of the alerting nodes (their hosts, network path, dependencies, and the
 * alerting nodes themselves) by how well each explains the alerts: coverage (share of alerts below it)
 * against precision (share of what is below it that alerts), combined as F1. A database that every alerting
 * application uses ranks above the core router they also share, because most of what hangs off the router is quiet.
 *
 * @example rootCauseCandidates(graph, ["app-payments-hub-1", "app-card-auth-2", "svc-payments"])[0].id
 */
export function rootCauseCandidates(source: GraphSource, alerting: readonly string[], options: RootCauseOptions = {}): RootCauseCandidate[] {
  const api = "rootCauseCandidates";
  const index = toIndex(source, api);
  if (!Array.isArray(alerting) || alerting.length === 0) throw invalidArgument(api, "alerting", "a non-empty array of node ids", alerting);
  const limit = options.limit ?? DEFAULTS.limit;
  if (!(Number.isInteger(limit) && limit > 0)) throw invalidArgument(api, "options.limit", "an integer > 0", limit);
  const cap = options.maxDependents ?? DEFAULTS.maxDependents;
  if (!(Number.isInteger(cap) && cap > 0)) throw invalidArgument(api, "options.maxDependents", "an integer > 0", cap);
  const kinds = options.via ?? ["hosts", "network", "depends_on", "serves"];
  const alerts = nodeNumbers(index, alerting, api, "alerting node");
  const isAlert = new Uint8Array(index.n);
  for (const a of alerts) isAlert[a] = 1;

  const cover = new Map<number, number[]>(); // candidate → indices (into alerts) it explains
  const distSum = new Map<number, number>();
  const steps = needSteps(kinds);
  const reachedBy = upstreamWalks(index, kinds.join(","));
  alerts.forEach((a, ai) => {
    const add = (c: number, d: number) => {
      let list = cover.get(c);
      if (list === undefined) cover.set(c, (list = []));
      list.push(ai);
      distSum.set(c, (distSum.get(c) ?? 0) + d);
    };
    add(a, 0);
    // What a node needs is static: walked once per index and edge kinds, then replayed (incidents re-rank as they grow).
    let walked = reachedBy.walks.get(a);
    if (walked === undefined) {
      const found: number[] = [];
      walk(index, [a], steps, {}, (v, _from, d) => found.push(v, d));
      walked = Int32Array.from(found);
      if (reachedBy.size + walked.length > MAX_REMEMBERED_WALKS) {
        reachedBy.walks.clear();
        reachedBy.size = 0;
      }
      reachedBy.walks.set(a, walked);
      reachedBy.size += walked.length;
    }
    for (let k = 0; k < walked.length; k += 2) add(walked[k], walked[k + 1]);
  });

  const meanDist = (c: number) => distSum.get(c)! / cover.get(c)!.length;
  const shortlist = [...cover.keys()]
    .sort((x, y) => cover.get(y)!.length - cover.get(x)!.length || meanDist(x) - meanDist(y) || x - y)
    .slice(0, Math.max(DEFAULTS.shortlist, limit * 5));
  // Dependents are a static property of the topology: counted once per index, kinds and cap, then reused by every ranking.
  const cacheKey = `${kinds.join(",")}/${cap}`;
  let byIndex = DEPENDENT_COUNTS.get(index);
  if (byIndex === undefined) DEPENDENT_COUNTS.set(index, (byIndex = new Map()));
  let counts = byIndex.get(cacheKey);
  if (counts === undefined) byIndex.set(cacheKey, (counts = new Map()));
  let seen: Int32Array | undefined;
  const candidates: RootCauseCandidate[] = shortlist.map((c, k) => {
    const explained = cover.get(c)!;
    let dependents = counts!.get(c);
    if (dependents === undefined) {
      seen ??= new Int32Array(index.n);
      dependents = countDependents(index, c, kinds, cap, seen, k + 1);
      counts!.set(c, dependents);
    }
    const coverage = explained.length / alerts.length;
    const precision = Math.min(1, explained.length / dependents);
    return {
      id: index.ids[c],
      kind: NODE_KINDS[index.kind[c]],
      name: index.names[c],
      score: (2 * coverage * precision) / (coverage + precision),
      coverage,
      precision,
      explains: explained.map((ai) => index.ids[alerts[ai]]),
      alerting: isAlert[c] === 1,
      distance: meanDist(c),
    };
  });
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.alerting) - Number(a.alerting) ||
      a.distance - b.distance ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return candidates.slice(0, limit);
}
