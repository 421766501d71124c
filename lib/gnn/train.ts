// Training the relational GraphSAGE: standardisation from the training estates, class-weighted logistic loss, Adam, early stopping on validation PR AUC; deterministic for a seed.
import { invalidArgument } from "../errors";
import { rng } from "../random";
import type { NodeRiskPredictor } from "./predictor";
import type { RiskSample } from "./dataset";
import { evaluateRisk, type RiskEvaluation } from "./evaluate";
import { initSage, sageBackward, sageForward, sagePredict, weightArrays, zeroGradients, type SageModel } from "./sage";

/** Options of `trainGnn`. */
export interface TrainGnnOptions {
  /** Hidden units per layer (16 by default). */
  hidden?: number;
  /** Passes over the training snapshots (12 by default). */
  epochs?: number;
  /** Adam's step size (0.005 by default). */
  learningRate?: number;
  /** Snapshots per gradient step (4 by default). */
  batch?: number;
  /** Seed of the initial weights and the shuffling (1 by default). */
  seed?: number;
  /** Stop when validation PR AUC has not improved for this many epochs (4 by default). */
  patience?: number;
  /** Weight of positives in the loss, at most this (20 by default; the class ratio otherwise). */
  maxPositiveWeight?: number;
  /** L2 penalty on the weights (1e-4 by default). */
  weightDecay?: number;
  /** Called after every epoch. */
  onEpoch?: (progress: TrainingEpoch) => void;
}

/** One epoch's figures. */
export interface TrainingEpoch {
  epoch: number;
  loss: number;
  validationPrAuc: number | null;
  seconds: number;
}

/** A trained model with its history and the alert threshold chosen on validation data. */
export interface TrainedGnn {
  kind: "trained_gnn";
  model: SageModel;
  /** Risk above which a node is flagged (best F1 on the validation split). */
  threshold: number;
  history: TrainingEpoch[];
  validation: RiskEvaluation;
  seconds: number;
}

const DEFAULTS = { hidden: 16, epochs: 12, learningRate: 0.005, batch: 4, seed: 1, patience: 4, maxPositiveWeight: 20, weightDecay: 1e-4 };

/** Per-feature centre and scale of log1p-compressed inputs over the training snapshots. */
function fitScaling(model: SageModel, samples: RiskSample[]): void {
  const f = model.featureNames.length;
  const sum = new Float64Array(f);
  const sq = new Float64Array(f);
  let count = 0;
  for (const s of samples) {
    const x = s.snapshot.x;
    for (let i = 0; i < x.length; i++) {
      const v = Math.sign(x[i]) * Math.log1p(Math.abs(x[i]));
      sum[i % f] += v;
      sq[i % f] += v * v;
    }
    count += s.snapshot.nodes.length;
  }
  for (let j = 0; j < f; j++) {
    const mean = sum[j] / Math.max(1, count);
    const variance = sq[j] / Math.max(1, count) - mean * mean;
    model.mean[j] = mean;
    model.scale[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
}

/** A fitted model as a predictor (for `evaluatePredictor`, the runner's risk fact, the registry). */
export function gnnPredictor(model: SageModel, name = "gnn"): NodeRiskPredictor {
  return { name, predict: (snapshot) => sagePredict(model, snapshot) };
}

/**
 * Trains a relational GraphSAGE on the training split and picks the epoch with the best validation PR AUC.
 *
 * @example const trained = trainGnn(data.train, data.validation, { epochs: 8 })
 */
export function trainGnn(train: RiskSample[], validation: RiskSample[], options: TrainGnnOptions = {}): TrainedGnn {
  const api = "trainGnn";
  const o = { ...DEFAULTS, ...options };
  if (train.length === 0) throw invalidArgument(api, "train", "at least one labelled snapshot", train.length);
  for (const key of ["hidden", "epochs", "batch", "patience"] as const) if (!Number.isInteger(o[key]) || o[key] < 1) throw invalidArgument(api, `options.${key}`, "an integer >= 1", o[key]);
  if (!(o.learningRate > 0 && o.learningRate < 1)) throw invalidArgument(api, "options.learningRate", "a number in (0, 1)", o.learningRate);
  const started = Date.now();
  const random = rng(o.seed, "gnn/init");
  const model = initSage(train[0].snapshot.featureNames, { hidden: o.hidden, random: () => random.random() });
  fitScaling(model, train);
  let positives = 0;
  let eligible = 0;
  for (const s of train) for (let i = 0; i < s.labels.length; i++) if (s.eligible[i]) { eligible++; positives += s.labels[i]; }
  if (positives === 0) throw invalidArgument(api, "train", "snapshots with at least one node that fails (raise the fault rates or the horizon)", "no positive label");
  const positiveWeight = Math.min(o.maxPositiveWeight, (eligible - positives) / positives);
  const params = weightArrays(model.weights);
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  let t = 0;
  const shuffle = rng(o.seed, "gnn/shuffle");
  const history: TrainingEpoch[] = [];
  let best = { prAuc: -1, weights: params.map((p) => p.slice()), epoch: 0 };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const epochStart = Date.now();
    const order = train.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let lossSum = 0;
    let lossCount = 0;
    for (let b = 0; b < order.length; b += o.batch) {
      const grads = zeroGradients(model);
      let weightSum = 0;
      for (const idx of order.slice(b, b + o.batch)) {
        const s = train[idx];
        const act = sageForward(model, s.snapshot);
        const d = new Float64Array(act.logits.length);
        for (let i = 0; i < d.length; i++) {
          if (!s.eligible[i]) continue;
          const y = s.labels[i];
          const w = y ? positiveWeight : 1;
          const z = act.logits[i];
          const p = 1 / (1 + Math.exp(-z));
          // Softplus form of the log loss, stable for large |z|.
          lossSum += w * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
          lossCount += w;
          d[i] = w * (p - y);
          weightSum += w;
        }
        sageBackward(model, act, d, grads);
      }
      if (weightSum === 0) continue;
      t++;
      const g = weightArrays(grads);
      const lrT = (o.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (let k = 0; k < params.length; k++) {
        const p = params[k], gk = g[k], a = m1[k], v = m2[k];
        for (let i = 0; i < p.length; i++) {
          const grad = gk[i] / weightSum + o.weightDecay * p[i];
          a[i] = beta1 * a[i] + (1 - beta1) * grad;
          v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
          p[i] -= (lrT * a[i]) / (Math.sqrt(v[i]) + eps);
        }
      }
    }
    const validationPrAuc = validation.length ? evaluateRisk(gnnPredictor(model), validation).prAuc : null;
    const record = { epoch, loss: lossSum / Math.max(1, lossCount), validationPrAuc, seconds: (Date.now() - epochStart) / 1000 };
    history.push(record);
    o.onEpoch?.(record);
    const score = validationPrAuc ?? -record.loss;
    if (score > best.prAuc) best = { prAuc: score, weights: params.map((p) => p.slice()), epoch };
    else if (epoch - best.epoch >= o.patience) break;
  }
  params.forEach((p, k) => p.set(best.weights[k]));
  const evaluation = evaluateRisk(gnnPredictor(model), validation.length ? validation : train);
  return { kind: "trained_gnn", model, threshold: evaluation.bestThreshold, history, validation: evaluation, seconds: (Date.now() - started) / 1000 };
}
