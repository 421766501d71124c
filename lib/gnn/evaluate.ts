// Scoring risk predictors on labelled snapshots: ROC AUC, PR AUC (average precision), precision@k per snapshot, the best-F1 threshold, and lead time before each failure.
import type { RiskSample } from "./dataset";
import { rocAuc, type NodeRiskPredictor } from "./predictor";

/** How well a predictor ranked the nodes that failed within the horizon. */
export interface RiskEvaluation {
  kind: "risk_evaluation";
  predictor: string;
  snapshots: number;
  /** Healthy node-snapshots scored, and those that failed within the horizon. */
  total: number;
  positives: number;
  rocAuc: number | null;
  /** Average precision: the area under the precision-recall curve (the share of positives is chance). */
  prAuc: number | null;
  /** Share of failing nodes among each snapshot's k riskiest healthy nodes (k = that snapshot's failing nodes). */
  precisionAtK: number | null;
  /** Risk at which F1 is best, with its precision, recall and F1. */
  bestThreshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Failures (node, onset) in the data; the share whose risk crossed `threshold` before the onset, and the median minutes ahead. */
  failures: number;
  failuresWarned: number;
  medianLeadMinutes: number | null;
  /** The threshold lead times were measured at. */
  threshold: number;
}

/** Area under the precision-recall curve as average precision (ties broken pessimistically). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i];
  if (pos === 0 || pos === n) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || labels[a] - labels[b]);
  let tp = 0;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    if (labels[order[r]]) {
      tp++;
      sum += tp / (r + 1);
    }
  }
  return sum / pos;
}

/** The threshold with the best F1 over the scores (and that F1's precision and recall). */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; precision: number; recall: number; f1: number } {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let best = { threshold: 1, precision: 0, recall: 0, f1: 0 };
  for (let r = 0; r < n; r++) {
    tp += labels[order[r]];
    // Only cut between distinct scores: a threshold flags every node at or above it.
    if (r + 1 < n && scores[order[r + 1]] === scores[order[r]]) continue;
    const precision = tp / (r + 1);
    const recall = pos ? tp / pos : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold: scores[order[r]], precision, recall, f1 };
  }
  return best;
}

/**
 * Scores a predictor on labelled snapshots (from `buildRiskDataset` or `labelledSnapshots` on a recorded run).
 * `threshold` is where lead times are read (the best-F1 threshold of these samples by default; pass the one chosen
 * on validation data to measure a test split honestly).
 */
export function evaluateRisk(predictor: NodeRiskPredictor, samples: RiskSample[], options: { threshold?: number } = {}): RiskEvaluation {
  const scores: number[] = [];
  const labels: number[] = [];
  const risks: Float32Array[] = [];
  let hits = 0;
  let ranked = 0;
  for (const s of samples) {
    const risk = predictor.predict(s.snapshot);
    risks.push(risk);
    const local: { risk: number; label: number }[] = [];
    for (let i = 0; i < risk.length; i++) {
      if (!s.eligible[i]) continue;
      scores.push(risk[i]);
      labels.push(s.labels[i]);
      local.push({ risk: risk[i], label: s.labels[i] });
    }
    const k = local.reduce((a, l) => a + l.label, 0);
    if (k > 0) {
      local.sort((a, b) => b.risk - a.risk || a.label - b.label);
      for (let i = 0; i < k; i++) hits += local[i].label;
      ranked += k;
    }
  }
  const best = bestF1Threshold(scores, labels);
  const threshold = options.threshold ?? best.threshold;
  // Lead time: a failure is one node's onset in one run; it was warned if any earlier snapshot flagged it.
  const lead = new Map<string, number>();
  samples.forEach((s, j) => {
    for (let i = 0; i < s.labels.length; i++) {
      if (!s.eligible[i] || !s.labels[i]) continue;
      const key = `${s.topology}/${s.seed}/${s.snapshot.nodes[i]}/${s.snapshot.time + s.onsetMinutes[i] * 60}`;
      const ahead = risks[j][i] >= threshold ? s.onsetMinutes[i] : -1;
      lead.set(key, Math.max(lead.get(key) ?? -1, ahead));
    }
  });
  const warned = [...lead.values()].filter((m) => m >= 0).sort((a, b) => a - b);
  const stats = options.threshold === undefined ? best : thresholdStats(scores, labels, threshold);
  return {
    kind: "risk_evaluation",
    predictor: predictor.name,
    snapshots: samples.length,
    total: labels.length,
    positives: labels.reduce((a, b) => a + b, 0),
    rocAuc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    precisionAtK: ranked ? hits / ranked : null,
    bestThreshold: best.threshold,
    precision: stats.precision,
    recall: stats.recall,
    f1: stats.f1,
    failures: lead.size,
    failuresWarned: warned.length,
    medianLeadMinutes: warned.length ? warned[Math.floor(warned.length / 2)] : null,
    threshold,
  };
}

function thresholdStats(scores: number[], labels: number[], threshold: number): { precision: number; recall: number; f1: number } {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i] >= threshold;
    if (flagged && labels[i]) tp++;
    else if (flagged) fp++;
    else if (labels[i]) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
