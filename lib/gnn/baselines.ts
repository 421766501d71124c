// Baselines a learned graph model must beat: a threshold on current utilisation, and a random forest on each node's own features (no graph).
import { RandomForestClassifier } from "ml-random-forest";
import { invalidArgument } from "../errors";
import { rng } from "../random";
import type { RiskSample } from "./dataset";
import type { NodeRiskPredictor } from "./predictor";

/** Risk = the node's highest current utilisation (cpu, ram, disk) or error rate: what a static threshold alert looks at. */
export function utilisationBaseline(): NodeRiskPredictor {
  return {
    name: "utilisation-threshold",
    predict(snapshot) {
      const f = snapshot.featureNames.length;
      const cols = ["cpu", "ram", "disk", "error_rate"].map((m) => snapshot.featureNames.indexOf(m)).filter((c) => c >= 0);
      const risk = new Float32Array(snapshot.nodes.length);
      for (let i = 0; i < risk.length; i++) {
        let r = 0;
        for (const c of cols) r = Math.max(r, snapshot.x[i * f + c]);
        risk[i] = Math.min(1, r);
      }
      return risk;
    },
  };
}

/** Options of `trainForestBaseline`. */
export interface ForestBaselineOptions {
  /** Trees (25 by default). */
  trees?: number;
  /** Depth of each tree (7 by default). */
  maxDepth?: number;
  /** Negatives kept per positive in the training rows (4 by default; all positives are kept). */
  negativesPerPositive?: number;
  /** Cap on training rows (3,000 by default): ml-random-forest's trees grow slowly past that. */
  maxRows?: number;
  seed?: number;
}

/**
 * A random forest on every node's own features, trained on the same split as the graph model: the strongest model
 * that does not look at the graph. Negatives are subsampled (seeded) so training stays in seconds.
 */
export function trainForestBaseline(train: RiskSample[], options: ForestBaselineOptions = {}): NodeRiskPredictor {
  const api = "trainForestBaseline";
  const trees = options.trees ?? 25;
  const maxDepth = options.maxDepth ?? 7;
  const ratio = options.negativesPerPositive ?? 4;
  const maxRows = options.maxRows ?? 3_000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(trees) || trees < 1) throw invalidArgument(api, "options.trees", "an integer >= 1", trees);
  const pos: number[][] = [];
  const neg: number[][] = [];
  for (const s of train) {
    const f = s.snapshot.featureNames.length;
    for (let i = 0; i < s.labels.length; i++) {
      if (!s.eligible[i]) continue;
      const row = Array.from(s.snapshot.x.subarray(i * f, (i + 1) * f));
      (s.labels[i] ? pos : neg).push(row);
    }
  }
  if (pos.length === 0) throw invalidArgument(api, "train", "snapshots with at least one failing node", "no positive label");
  const random = rng(seed, "forest/rows");
  const pick = (rows: number[][], k: number) => {
    if (rows.length <= k) return rows;
    const out = rows.slice();
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random.random() * (out.length - i));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out.slice(0, k);
  };
  const p = pick(pos, Math.floor(maxRows / (1 + ratio)));
  const n = pick(neg, Math.min(neg.length, p.length * ratio, maxRows - p.length));
  const forest = new RandomForestClassifier({
    nEstimators: trees,
    maxFeatures: 0.5,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
    seed,
    treeOptions: { maxDepth },
  } as never);
  forest.train([...p, ...n], [...p.map(() => 1), ...n.map(() => 0)]);
  return {
    name: "random-forest",
    predict(snapshot) {
      const f = snapshot.featureNames.length;
      const rows = Array.from({ length: snapshot.nodes.length }, (_, i) => Array.from(snapshot.x.subarray(i * f, (i + 1) * f)));
      // Share of trees voting "fails": ml-random-forest's own predictProbability skips the first tree.
      const votes = forest.predictionValues(rows);
      const risk = new Float32Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = votes.getRow(i);
        let yes = 0;
        for (const v of row) yes += v === 1 ? 1 : 0;
        risk[i] = yes / row.length;
      }
      return risk;
    },
  };
}
