// Graph snapshots for learning: node features from the graph and the metrics at one step, and the edges in COO form, as graph-learning libraries take them.
import { invalidArgument } from "../errors";
import { NODE_KINDS, EDGE_KINDS, type GraphIndex, type GraphStore } from "../graph";
import type { MetricsStore } from "../metrics";

/** One step of the estate as a graph-learning model sees it. */
export interface GraphSnapshot {
  kind: "graph_snapshot";
  /** Simulated (or observed) time of the step, seconds. */
  time: number;
  nodes: string[];
  featureNames: string[];
  /** Row-major node × feature matrix: features of node i at `x[i * featureNames.length ...]`. */
  x: Float32Array;
  /** Edges in COO form (source, target node numbers) with the edge kind's index in EDGE_KINDS. */
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  edgeKind: Uint8Array;
}

/** Options of `graphSnapshot`. */
export interface SnapshotOptions {
  /** Recorded step to describe (the last one by default). */
  step?: number;
  /** Steps of history summarised per metric (mean and max over the window ending at `step`); 5 by default. */
  window?: number;
  /** Metrics to use (those the store recorded among cpu, ram, disk, latency_ms, error_rate, status by default). */
  metrics?: string[];
  /** Also describe each metric's change over this many steps (`cpu_delta60`: now minus then), for slow trends such as leaks; off by default. */
  trendWindow?: number;
}

const DEFAULT_METRICS = ["cpu", "ram", "disk", "latency_ms", "error_rate", "status"];

/**
 * Features of every recorded node at one step: kind (one-hot), tier, in/out degree per edge kind, and for each metric
 * its current value and the mean and max over the window. Latency is scaled to seconds, status to 0..1, so features
 * share a range. Nodes the store did not record are left out.
 */
export function graphSnapshot(store: GraphStore, metrics: MetricsStore, options: SnapshotOptions = {}): GraphSnapshot {
  const api = "graphSnapshot";
  if (metrics.recordedSteps === 0) throw invalidArgument(api, "metrics", "a store with at least one recorded step", "an empty store");
  const step = options.step ?? metrics.recordedSteps - 1;
  if (!Number.isInteger(step) || step < 0 || step >= metrics.recordedSteps) throw invalidArgument(api, "options.step", `an integer in [0, ${metrics.recordedSteps - 1}]`, options.step);
  const window = options.window ?? 5;
  if (!Number.isInteger(window) || window < 1) throw invalidArgument(api, "options.window", "an integer >= 1", options.window);
  const trend = options.trendWindow ?? 0;
  if (!Number.isInteger(trend) || trend < 0) throw invalidArgument(api, "options.trendWindow", "an integer >= 0", options.trendWindow);
  const names = (options.metrics ?? DEFAULT_METRICS).filter((m) => metrics.metricNames.includes(m));
  for (const m of options.metrics ?? []) if (!metrics.metricNames.includes(m)) throw invalidArgument(api, "options.metrics", `metrics the store recorded (${metrics.metricNames.join(", ")})`, m);
  const index: GraphIndex = store.index();
  const nodes = metrics.nodeIds.filter((id) => index.indexOf.has(id));
  const featureNames = [
    ...NODE_KINDS.map((k) => `kind=${k}`),
    "tier",
    ...EDGE_KINDS.flatMap((k) => [`in_${k}`, `out_${k}`]),
    ...names.flatMap((m) => [`${m}`, `${m}_mean${window}`, `${m}_max${window}`]),
    ...(trend > 0 ? names.map((m) => `${m}_delta${trend}`) : []),
  ];
  const f = featureNames.length;
  const x = new Float32Array(nodes.length * f);
  const scale = (m: string, v: number) => (m === "latency_ms" ? v / 1000 : m === "status" ? v / 2 : v);
  const from = Math.max(0, step - window + 1);
  nodes.forEach((id, i) => {
    const v = index.indexOf.get(id)!;
    const row = i * f;
    let c = 0;
    x[row + index.kind[v]] = 1;
    c += NODE_KINDS.length;
    x[row + c++] = index.tier[v];
    for (const k of EDGE_KINDS) {
      const inc = index.incoming[k];
      const out = index.outgoing[k];
      x[row + c++] = inc.offsets[v + 1] - inc.offsets[v];
      x[row + c++] = out.offsets[v + 1] - out.offsets[v];
    }
  });
  // Metric features column by column (one pass over each step's values for all nodes): fast on large estates.
  const rowOf = new Int32Array(metrics.nodeIds.length).fill(-1);
  nodes.forEach((id, i) => (rowOf[metrics.nodeIndex(id)] = i));
  const n = nodes.length;
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  const max = new Float64Array(n);
  const base = NODE_KINDS.length + 1 + EDGE_KINDS.length * 2;
  names.forEach((m, k) => {
    const mi = metrics.metricIndex(m);
    sum.fill(0);
    count.fill(0);
    max.fill(-Infinity);
    for (let st = from; st <= step; st++) {
      const view = metrics.snapshotView(mi, st);
      for (let j = 0; j < view.length; j++) {
        const r = rowOf[j];
        const value = view[j];
        if (r < 0 || value !== value) continue;
        sum[r] += value;
        count[r]++;
        if (value > max[r]) max[r] = value;
      }
    }
    const now = metrics.snapshotView(mi, step);
    const then = trend > 0 ? metrics.snapshotView(mi, Math.max(0, step - trend)) : undefined;
    const col = base + k * 3;
    const deltaCol = base + names.length * 3 + k;
    for (let j = 0; j < now.length; j++) {
      const r = rowOf[j];
      if (r < 0) continue;
      const row = r * f;
      const current = now[j];
      x[row + col] = scale(m, current === current ? current : 0);
      x[row + col + 1] = scale(m, count[r] ? sum[r] / count[r] : 0);
      x[row + col + 2] = scale(m, count[r] ? max[r] : 0);
      if (then) {
        const before = then[j];
        x[row + deltaCol] = current === current && before === before ? scale(m, current - before) : 0;
      }
    }
  });
  // Edges among the recorded nodes, renumbered.
  const position = new Map(nodes.map((id, i) => [index.indexOf.get(id)!, i]));
  const src: number[] = [];
  const dst: number[] = [];
  const kinds: number[] = [];
  for (let e = 0; e < index.m; e++) {
    const a = position.get(index.edgeSource[e]);
    const b = position.get(index.edgeTarget[e]);
    if (a === undefined || b === undefined) continue;
    src.push(a);
    dst.push(b);
    kinds.push(index.edgeKind[e]);
  }
  return { kind: "graph_snapshot", time: metrics.times[step], nodes, featureNames, x, edgeSource: Int32Array.from(src), edgeTarget: Int32Array.from(dst), edgeKind: Uint8Array.from(kinds) };
}
