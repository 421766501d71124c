// Nodes grouped by behaviour: features from each node's seasonal profile and metric statistics, then k-means or DBSCAN.
import { invalidArgument } from "../errors";
import { dbscan } from "./dbscan";

// ml-kmeans 7 is an ES module whose types are reachable only through "exports", which this build's node10
// resolution does not read; Node 20 loads it with require(). The one function used is typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kmeans } = require("ml-kmeans") as {
  kmeans(data: number[][], k: number, options: { seed?: number; initialization?: "kmeans++" | "random" | "mostDistant"; maxIterations?: number }): { clusters: number[]; centroids: number[][] };
};

/** One node's telemetry: metric name → values aligned with the shared `times`. */
export interface NodeSeries {
  id: string;
  metrics: Readonly<Record<string, ArrayLike<number>>>;
}

/** Options of `behaviourFeatures`. */
export interface BehaviourFeatureOptions {
  /** Metrics to use (default: every metric of the first node). */
  metrics?: readonly string[];
  /** Profile slots per day (default 24: hourly). */
  slots?: number;
}

/** Feature rows (one per node), their column names, and the node ids. */
export interface BehaviourFeatures {
  ids: string[];
  columns: string[];
  rows: number[][];
  /** Per node and metric: the daily profile (mean per slot, before standardising), for charts. */
  profiles: Record<string, Record<string, number[]>>;
}

/**
 * Describes each node's behaviour as numbers: for each metric, its daily profile (mean per time-of-day slot,
 * divided by the node's own mean so the *shape* counts, not the size) and its mean, standard deviation and p95.
 * Columns are then standardised (z-scores across nodes) so no metric dominates by its unit.
 */
export function behaviourFeatures(times: ArrayLike<number>, nodes: readonly NodeSeries[], options: BehaviourFeatureOptions = {}): BehaviourFeatures {
  const api = "behaviourFeatures";
  if (nodes.length === 0) throw invalidArgument(api, "nodes", "at least one node", nodes.length);
  const metrics = options.metrics ?? Object.keys(nodes[0].metrics);
  const slots = options.slots ?? 24;
  if (!Number.isInteger(slots) || slots < 1 || 86400 % slots !== 0) throw invalidArgument(api, "options.slots", "a divisor of 86400 such as 24 or 96", options.slots);
  const slotSeconds = 86400 / slots;
  const columns: string[] = [];
  for (const m of metrics) {
    for (let s = 0; s < slots; s++) columns.push(`${m}:profile${s}`);
    columns.push(`${m}:mean`, `${m}:sd`, `${m}:p95`);
  }
  const profiles: Record<string, Record<string, number[]>> = {};
  const rows = nodes.map((node) => {
    const row: number[] = [];
    profiles[node.id] = {};
    for (const m of metrics) {
      const values = node.metrics[m];
      if (values === undefined || values.length !== times.length) throw invalidArgument(api, `nodes[${JSON.stringify(node.id)}].metrics.${m}`, `${times.length} values (times.length)`, values?.length);
      const sum = new Float64Array(slots);
      const count = new Float64Array(slots);
      const finite: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) continue;
        const slot = Math.floor((((times[i] % 86400) + 86400) % 86400) / slotSeconds);
        sum[slot] += v;
        count[slot]++;
        finite.push(v);
      }
      const mean = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
      const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) * (b - mean), 0) / Math.max(1, finite.length));
      finite.sort((a, b) => a - b);
      const p95 = finite.length ? finite[Math.min(finite.length - 1, Math.floor(0.95 * (finite.length - 1)))] : 0;
      const profile = Array.from(sum, (s, k) => (count[k] > 0 ? s / count[k] : mean));
      profiles[node.id][m] = profile;
      const scale = Math.abs(mean) > 1e-12 ? Math.abs(mean) : 1;
      row.push(...profile.map((p) => p / scale), mean, sd, p95);
    }
    return row;
  });
  // Standardise columns across nodes.
  for (let c = 0; c < columns.length; c++) {
    let mu = 0;
    for (const r of rows) mu += r[c];
    mu /= rows.length;
    let v = 0;
    for (const r of rows) v += (r[c] - mu) * (r[c] - mu);
    const sd = Math.sqrt(v / rows.length) || 1;
    for (const r of rows) r[c] = (r[c] - mu) / sd;
  }
  return { ids: nodes.map((n) => n.id), columns, rows, profiles };
}

/** Options of `clusterNodes`. */
export interface ClusterOptions {
  /** "kmeans" (default; needs k) or "dbscan" (finds the number of groups; noise is -1). */
  method?: "kmeans" | "dbscan";
  /** Groups for k-means (default 4, at most the number of nodes). */
  k?: number;
  /** Seed of k-means++ initialisation (default 1). */
  seed?: number;
  /** DBSCAN radius and density (see `dbscan`). */
  eps?: number;
  minPoints?: number;
}

/** Group per node. */
export interface NodeClusters {
  kind: "node_clusters";
  method: "kmeans" | "dbscan";
  /** Group label per node, in `ids` order (-1: DBSCAN noise). */
  labels: number[];
  ids: string[];
  /** node id → group, ready for `topologyFigure(..., {groups})`. */
  groups: Record<string, number>;
  clusters: number;
}

/** Groups nodes by their behaviour features with k-means (ml-kmeans, k-means++ seeded) or DBSCAN. */
export function clusterNodes(features: BehaviourFeatures, options: ClusterOptions = {}): NodeClusters {
  const api = "clusterNodes";
  const method = options.method ?? "kmeans";
  let labels: number[];
  let clusters: number;
  if (method === "kmeans") {
    const k = options.k ?? Math.min(4, features.rows.length);
    if (!Number.isInteger(k) || k < 1 || k > features.rows.length) throw invalidArgument(api, "options.k", `an integer in [1, ${features.rows.length}] (the number of nodes)`, options.k);
    const result = kmeans(features.rows, k, { seed: options.seed ?? 1, initialization: "kmeans++" });
    labels = relabelByFirstSeen(result.clusters);
    clusters = new Set(labels).size;
  } else if (method === "dbscan") {
    const result = dbscan(features.rows, { eps: options.eps, minPoints: options.minPoints });
    labels = result.labels;
    clusters = result.clusters;
  } else throw invalidArgument(api, "options.method", '"kmeans" or "dbscan"', method);
  const groups: Record<string, number> = {};
  features.ids.forEach((id, i) => (groups[id] = labels[i]));
  return { kind: "node_clusters", method, labels, ids: [...features.ids], groups, clusters };
}

/** Renumbers labels in order of first appearance, so the same grouping always prints the same numbers. */
function relabelByFirstSeen(labels: readonly number[]): number[] {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

/** An event of some run (an incident, an alarm episode) described by named numeric features. */
export interface PatternEvent {
  run: string;
  id: string;
  features: Readonly<Record<string, number>>;
}

/** A pattern found in several runs. */
export interface RecurringPattern {
  pattern: number;
  events: PatternEvent[];
  runs: string[];
  /** Mean of each feature over the pattern's events. */
  centroid: Record<string, number>;
}

/**
 * Recurring incident patterns: events from many runs (e.g. incidents described by which metrics alarmed, the kind of
 * node, the hour, the duration) are clustered with DBSCAN on their features (missing features count 0); a cluster
 * whose events come from at least `minRuns` runs is a pattern that recurs. Sorted by how many runs show it.
 */
export function recurringPatterns(events: readonly PatternEvent[], options: { eps?: number; minPoints?: number; minRuns?: number } = {}): RecurringPattern[] {
  const names = [...new Set(events.flatMap((e) => Object.keys(e.features)))].sort();
  const points = events.map((e) => names.map((n) => e.features[n] ?? 0));
  const { labels } = dbscan(points, { eps: options.eps ?? 0.5, minPoints: options.minPoints ?? 2 });
  const minRuns = options.minRuns ?? 2;
  const byLabel = new Map<number, PatternEvent[]>();
  labels.forEach((l, i) => {
    if (l < 0) return;
    const list = byLabel.get(l) ?? [];
    list.push(events[i]);
    byLabel.set(l, list);
  });
  const out: RecurringPattern[] = [];
  for (const [pattern, list] of byLabel) {
    const runs = [...new Set(list.map((e) => e.run))].sort();
    if (runs.length < minRuns) continue;
    const centroid: Record<string, number> = {};
    for (const n of names) centroid[n] = list.reduce((s, e) => s + (e.features[n] ?? 0), 0) / list.length;
    out.push({ pattern, events: list, runs, centroid });
  }
  return out.sort((a, b) => b.runs.length - a.runs.length || b.events.length - a.events.length);
}
