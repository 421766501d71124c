// Model monitoring: has the input drifted from what the model was trained on (population stability per feature), and does it still catch failures (live precision and recall once outcomes are known); retraining that promotes only a better model.
import { invalidArgument } from "../errors";
import type { RiskDataset, RiskSample } from "./dataset";
import { evaluateRisk, type RiskEvaluation } from "./evaluate";
import type { ModelEntry, ModelRegistry } from "./registry";
import { gnnPredictor, trainGnn, type TrainGnnOptions } from "./train";

/** Decile edges and shares of every feature over the training snapshots: what "normal input" looked like. */
export interface DriftReference {
  kind: "drift_reference";
  featureNames: string[];
  /** Per feature: the inner bin edges (up to 9) and the share of training rows in each bin. */
  edges: number[][];
  shares: number[][];
  /** The model's figures at training time, for comparison with live figures. */
  precision: number;
  recall: number;
  threshold: number;
}

/** The outcome of a drift check. */
export interface DriftReport {
  kind: "drift_report";
  /** Population stability index per feature (0: same distribution; > 0.25 usually means a shift). */
  psi: Record<string, number>;
  /** Features past the PSI limit, worst first. */
  drifted: { feature: string; psi: number }[];
  /** Precision and recall at the model's threshold on the recent labelled snapshots. */
  live: RiskEvaluation;
  /** True when the input drifted or live precision/recall fell below the allowed share of training-time figures. */
  alert: boolean;
  reasons: string[];
}

/** Options of `checkDrift`: the recent labelled snapshots, the registered model, and the limits. */
export interface DriftOptions {
  /** Recent labelled snapshots (at least one horizon old, so their outcomes are known). */
  recent: RiskSample[];
  /** The model in use. */
  model: ModelEntry;
  /** PSI above which a feature counts as drifted (0.25 by default). */
  psiLimit?: number;
  /** Alert when live F1 falls below this share of the validation F1 (0.7 by default). */
  minF1Ratio?: number;
}

/** Builds the reference distributions from training snapshots and the model's validation figures. */
export function driftReference(train: RiskSample[], validation: Pick<RiskEvaluation, "precision" | "recall"> & { threshold: number }): DriftReference {
  if (train.length === 0) throw invalidArgument("driftReference", "train", "at least one snapshot", 0);
  const featureNames = train[0].snapshot.featureNames;
  const f = featureNames.length;
  const columns = Array.from({ length: f }, () => [] as number[]);
  for (const s of train) for (let i = 0; i < s.snapshot.x.length; i++) columns[i % f].push(s.snapshot.x[i]);
  const edges: number[][] = [];
  const shares: number[][] = [];
  for (const col of columns) {
    col.sort((a, b) => a - b);
    const e = [...new Set(Array.from({ length: 9 }, (_, k) => col[Math.floor(((k + 1) / 10) * (col.length - 1))]))];
    edges.push(e);
    shares.push(binShares(col, e));
  }
  return { kind: "drift_reference", featureNames, edges, shares, precision: validation.precision, recall: validation.recall, threshold: validation.threshold };
}

function binOf(value: number, edges: number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function binShares(values: ArrayLike<number>, edges: number[]): number[] {
  const counts = new Array(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(values[i], edges)]++;
  return counts.map((c) => c / Math.max(1, values.length));
}

/**
 * Compares recent labelled snapshots with the reference: PSI per feature, and the model's live precision/recall at its
 * threshold. Labels exist once the horizon has passed, so "recent" means snapshots at least one horizon old.
 */
export function checkDrift(reference: DriftReference, options: DriftOptions): DriftReport {
  const api = "checkDrift";
  const { recent, model } = options;
  const psiLimit = options.psiLimit ?? 0.25;
  const minF1Ratio = options.minF1Ratio ?? 0.7;
  if (!Array.isArray(recent) || recent.length === 0) throw invalidArgument(api, "options.recent", "at least one labelled snapshot", recent?.length ?? recent);
  const f = reference.featureNames.length;
  if (recent[0].snapshot.featureNames.length !== f) throw invalidArgument(api, "recent", `snapshots with the reference's ${f} features`, recent[0].snapshot.featureNames.length);
  const psi: Record<string, number> = {};
  const drifted: { feature: string; psi: number }[] = [];
  for (let j = 0; j < f; j++) {
    const values: number[] = [];
    for (const s of recent) for (let i = j; i < s.snapshot.x.length; i += f) values.push(s.snapshot.x[i]);
    const actual = binShares(values, reference.edges[j]);
    let value = 0;
    reference.shares[j].forEach((expected, k) => {
      const e = Math.max(expected, 1e-4);
      const a = Math.max(actual[k], 1e-4);
      value += (a - e) * Math.log(a / e);
    });
    psi[reference.featureNames[j]] = value;
    if (value > psiLimit) drifted.push({ feature: reference.featureNames[j], psi: value });
  }
  drifted.sort((a, b) => b.psi - a.psi);
  const live = evaluateRisk(gnnPredictor(model.model, `${model.name}@v${model.version}`), recent, { threshold: model.threshold });
  const reasons: string[] = [];
  if (drifted.length > 0) reasons.push(`${drifted.length} feature(s) drifted (PSI > ${psiLimit}): ${drifted.slice(0, 3).map((d) => `${d.feature} ${d.psi.toFixed(2)}`).join(", ")}`);
  const trainedF1 = reference.precision + reference.recall > 0 ? (2 * reference.precision * reference.recall) / (reference.precision + reference.recall) : 0;
  if (live.positives > 0 && live.f1 < minF1Ratio * trainedF1) reasons.push(`live F1 ${live.f1.toFixed(2)} below ${minF1Ratio} × validation F1 ${trainedF1.toFixed(2)}`);
  return { kind: "drift_report", psi, drifted, live, alert: reasons.length > 0, reasons };
}

/** What `retrain` decided. */
export interface RetrainDecision {
  kind: "retrain_decision";
  promoted: boolean;
  current: { version: number; prAuc: number | null };
  candidate: { version: number; prAuc: number | null };
  reason: string;
}

/**
 * Retrains on the current training data plus newer data, registers the candidate, and promotes it only when it beats
 * the promoted model on the newer data's held-out (test) split by PR AUC.
 */
/** Options of `retrain`: which model, the data it was trained on and the newer data, and training settings. */
export interface RetrainOptions extends TrainGnnOptions {
  name: string;
  previous: RiskDataset;
  recent: RiskDataset;
  note?: string;
}

export async function retrain(registry: ModelRegistry, options: RetrainOptions): Promise<RetrainDecision> {
  const { name, previous, recent } = options;
  const data = { previous, recent };
  const current = await registry.load(name);
  const trained = trainGnn([...data.previous.train, ...data.recent.train], [...data.previous.validation, ...data.recent.validation], options);
  const heldOut = data.recent.test;
  const currentScore = evaluateRisk(gnnPredictor(current.model), heldOut, { threshold: current.threshold });
  const candidateScore = evaluateRisk(gnnPredictor(trained.model), heldOut, { threshold: trained.threshold });
  const entry = await registry.register({
    name,
    data: { previous: data.previous.description, recent: data.recent.description } as never,
    metrics: {
      test: candidateScore,
      validation: trained.validation,
      currentOnSameTest: currentScore,
      // What its input looked like, so the next drift check needs no training data rebuilt.
      driftReference: driftReference([...data.previous.train, ...data.recent.train], { ...trained.validation, threshold: trained.threshold }),
    },
    threshold: trained.threshold,
    note: options.note ?? `retrained after drift of v${current.version}`,
    model: trained.model,
  });
  const better = (candidateScore.prAuc ?? 0) > (currentScore.prAuc ?? 0);
  if (better) await registry.promote(name, entry.version);
  return {
    kind: "retrain_decision",
    promoted: better,
    current: { version: current.version, prAuc: currentScore.prAuc },
    candidate: { version: entry.version, prAuc: candidateScore.prAuc },
    reason: better
      ? `v${entry.version} PR AUC ${candidateScore.prAuc?.toFixed(3)} > v${current.version} ${currentScore.prAuc?.toFixed(3)} on the recent held-out data: promoted`
      : `v${entry.version} PR AUC ${candidateScore.prAuc?.toFixed(3)} does not beat v${current.version} ${currentScore.prAuc?.toFixed(3)}: v${current.version} stays`,
  };
}
