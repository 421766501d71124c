// The predictor seam: anything that scores each node's risk of failing soon from a graph snapshot, a baseline, and a fair evaluation against what the twin then did.
import { invalidArgument } from "../errors";
import type { GraphStore } from "../graph";
import type { MetricsStore } from "../metrics";
import { graphSnapshot, type GraphSnapshot, type SnapshotOptions } from "./features";

/** A model that scores, for every node of a snapshot, the risk (0..1) that it is down within the horizon. A GNN plugs in here. */
export interface NodeRiskPredictor {
  name: string;
  predict(snapshot: GraphSnapshot): Float32Array;
}

/**
 * The baseline every learned model must beat: risk from the node's own recent state (errors, saturation, status)
 * and the worst state among its direct neighbours (one hop of message passing, by hand).
 */
export function neighbourhoodBaseline(): NodeRiskPredictor {
  return {
    name: "neighbourhood-baseline",
    predict(snapshot) {
      const f = snapshot.featureNames.length;
      const col = (name: string) => snapshot.featureNames.indexOf(name);
      const errMax = col("error_rate_max5") >= 0 ? col("error_rate_max5") : snapshot.featureNames.findIndex((n) => n.startsWith("error_rate_max"));
      const cpuMax = snapshot.featureNames.findIndex((n) => n.startsWith("cpu_max"));
      const statusMax = snapshot.featureNames.findIndex((n) => n.startsWith("status_max"));
      const n = snapshot.nodes.length;
      const own = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const e = errMax >= 0 ? snapshot.x[i * f + errMax] : 0;
        const c = cpuMax >= 0 ? snapshot.x[i * f + cpuMax] : 0;
        const s = statusMax >= 0 ? snapshot.x[i * f + statusMax] : 0;
        own[i] = Math.min(1, Math.max(e, s, c > 0.9 ? (c - 0.9) * 5 : 0));
      }
      const risk = Float32Array.from(own);
      for (let k = 0; k < snapshot.edgeSource.length; k++) {
        const a = snapshot.edgeSource[k];
        const b = snapshot.edgeTarget[k];
        risk[a] = Math.max(risk[a], 0.5 * own[b]);
        risk[b] = Math.max(risk[b], 0.5 * own[a]);
      }
      return risk;
    },
  };
}

/** How well a predictor ranked the nodes that went down within the horizon. */
export interface PredictorEvaluation {
  kind: "predictor_evaluation";
  predictor: string;
  /** Snapshots scored. */
  snapshots: number;
  /** Node-snapshots that went down within the horizon (positives) and the total. */
  positives: number;
  total: number;
  /** Area under the ROC curve over every node-snapshot (0.5 = chance); null without both classes. */
  auc: number | null;
  /** Share of positives among the k highest-risk node-snapshots per snapshot (k = positives of that snapshot). */
  precisionAtK: number | null;
}

/** Options of `evaluatePredictor`: the run to score on and how often to ask. */
export type EvaluatePredictorOptions = {
  /** The topology the run used (a GraphStore). */
  graph: GraphStore;
  /** The run's metrics store; it must have recorded status. */
  metricsStore: MetricsStore;
  /** Steps ahead a failure counts as predicted (15 by default). */
  horizonSteps?: number;
  /** Predict at every `every`-th recorded step (10 by default). */
  every?: number;
} & Omit<SnapshotOptions, "step">;

/**
 * Scores a predictor on a run: at every `every`-th recorded step it predicts from the snapshot, and the label is
 * whether the node is down (status 2) at any recorded step in the next `horizonSteps` while up now.
 */
export function evaluatePredictor(predictor: NodeRiskPredictor, options: EvaluatePredictorOptions): PredictorEvaluation {
  const api = "evaluatePredictor";
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object { graph, metricsStore, ... }", options);
  const { graph: store, metricsStore: metrics } = options;
  if (metrics === null || typeof metrics !== "object" || !Array.isArray(metrics.metricNames)) throw invalidArgument(api, "options.metricsStore", "the run's MetricsStore", metrics);
  const horizon = options.horizonSteps ?? 15;
  const every = options.every ?? 10;
  if (!Number.isInteger(horizon) || horizon < 1) throw invalidArgument(api, "options.horizonSteps", "an integer >= 1", options.horizonSteps);
  if (!Number.isInteger(every) || every < 1) throw invalidArgument(api, "options.every", "an integer >= 1", options.every);
  if (!metrics.metricNames.includes("status")) throw invalidArgument(api, "options.metricsStore", "a store that recorded status", metrics.metricNames);
  const scores: number[] = [];
  const labels: number[] = [];
  let hits = 0;
  let ranked = 0;
  let snapshots = 0;
  for (let step = Math.max(0, (options.window ?? 5) - 1); step + horizon < metrics.recordedSteps; step += every) {
    const snapshot = graphSnapshot(store, metrics, { ...options, step });
    const risk = predictor.predict(snapshot);
    if (risk.length !== snapshot.nodes.length) throw invalidArgument(api, `${predictor.name}.predict()`, `one score per node (${snapshot.nodes.length})`, risk.length);
    snapshots++;
    const local: { risk: number; label: number }[] = [];
    snapshot.nodes.forEach((id, i) => {
      const status = metrics.series("status", id, { fromStep: step, toStep: step + horizon + 1 });
      if (status[0] === 2) return; // already down: nothing to predict
      let label = 0;
      for (let k = 1; k < status.length; k++) if (status[k] === 2) label = 1;
      scores.push(risk[i]);
      labels.push(label);
      local.push({ risk: risk[i], label });
    });
    const positives = local.filter((l) => l.label === 1).length;
    if (positives > 0) {
      local.sort((a, b) => b.risk - a.risk);
      hits += local.slice(0, positives).filter((l) => l.label === 1).length;
      ranked += positives;
    }
  }
  const positives = labels.filter((l) => l === 1).length;
  return { kind: "predictor_evaluation", predictor: predictor.name, snapshots, positives, total: labels.length, auc: rocAuc(scores, labels), precisionAtK: ranked > 0 ? hits / ranked : null };
}

/** ROC AUC by ranks (ties averaged). */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return null;
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let sum = 0;
  labels.forEach((l, i) => {
    if (l === 1) sum += ranks[i];
  });
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}
