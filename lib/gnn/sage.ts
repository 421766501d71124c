// A relational GraphSAGE on typed arrays: two rounds of message passing over the typed edges (one weight matrix per edge kind and direction), a logistic head; forward and backward by hand.
import { invalidArgument } from "../errors";
import { EDGE_KINDS } from "../graph";
import type { GraphSnapshot } from "./features";

/** Edge kind × direction: messages from what a node points at ("out") and from what points at it ("in") differ. */
export const RELATIONS = EDGE_KINDS.flatMap((k) => [`${k}:out`, `${k}:in`]);

/** The learned weights, flat row-major arrays (input × output). */
export interface SageWeights {
  self1: Float64Array;
  rel1: Float64Array[];
  bias1: Float64Array;
  self2: Float64Array;
  rel2: Float64Array[];
  bias2: Float64Array;
  head: Float64Array;
  /** Skip connections into the head: from the first layer and from the (scaled) input itself, so the model starts from what a per-node logistic model knows. */
  head1: Float64Array;
  head0: Float64Array;
  headBias: Float64Array;
}

/** A trained (or freshly initialised) model: its shape, its input scaling and its weights. */
export interface SageModel {
  kind: "relational_sage";
  featureNames: string[];
  hidden: number;
  /** Per-feature centre and scale applied after log1p. */
  mean: Float64Array;
  scale: Float64Array;
  weights: SageWeights;
}

/** Neighbour lists per relation in CSR form, normalised by degree (mean aggregation). */
export interface RelationIndex {
  n: number;
  offsets: Int32Array[];
  neighbours: Int32Array[];
  /** Per relation, the nodes that send a message along it: only their rows need transforming (most relations are sparse). */
  senders: Int32Array[];
}

const relationCache = new WeakMap<Int32Array, RelationIndex>();

/** Builds (once per snapshot edge list) the neighbour lists of every relation. */
export function relationIndex(snapshot: GraphSnapshot): RelationIndex {
  const cached = relationCache.get(snapshot.edgeSource);
  if (cached && cached.n === snapshot.nodes.length) return cached;
  const n = snapshot.nodes.length;
  const r = RELATIONS.length;
  const counts = Array.from({ length: r }, () => new Int32Array(n + 1));
  const m = snapshot.edgeSource.length;
  for (let e = 0; e < m; e++) {
    const k = snapshot.edgeKind[e] * 2;
    counts[k][snapshot.edgeSource[e] + 1]++; // the source hears its target ("out")
    counts[k + 1][snapshot.edgeTarget[e] + 1]++; // the target hears its source ("in")
  }
  const offsets = counts.map((c) => {
    for (let i = 0; i < n; i++) c[i + 1] += c[i];
    return c;
  });
  const neighbours = offsets.map((o) => new Int32Array(o[n]));
  const fill = offsets.map((o) => o.slice(0, n));
  for (let e = 0; e < m; e++) {
    const k = snapshot.edgeKind[e] * 2;
    const a = snapshot.edgeSource[e];
    const b = snapshot.edgeTarget[e];
    neighbours[k][fill[k][a]++] = b;
    neighbours[k + 1][fill[k + 1][b]++] = a;
  }
  const senders = neighbours.map((nb) => Int32Array.from(new Set(nb)).sort());
  const index = { n, offsets, neighbours, senders };
  relationCache.set(snapshot.edgeSource, index);
  return index;
}

/** Fresh weights (Glorot-uniform from the given uniform source), zero biases. */
export function initSage(featureNames: string[], options: { hidden: number; random: () => number }): SageModel {
  const f = featureNames.length;
  const h = options.hidden;
  const glorot = (fanIn: number, fanOut: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float64Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (options.random() * 2 - 1) * limit;
    return w;
  };
  return {
    kind: "relational_sage",
    featureNames: [...featureNames],
    hidden: h,
    mean: new Float64Array(f),
    scale: new Float64Array(f).fill(1),
    weights: {
      self1: glorot(f, h),
      rel1: RELATIONS.map(() => glorot(f, h)),
      bias1: new Float64Array(h),
      self2: glorot(h, h),
      rel2: RELATIONS.map(() => glorot(h, h)),
      bias2: new Float64Array(h),
      head: glorot(h, 1),
      head1: glorot(h, 1),
      head0: new Float64Array(f),
      headBias: new Float64Array(1),
    },
  };
}

/** The intermediate values of one forward pass, kept for the backward pass. */
export interface SageActivations {
  x: Float64Array;
  h1: Float64Array;
  h2: Float64Array;
  logits: Float64Array;
  rel: RelationIndex;
}

/** Refuses a snapshot whose features are not the ones the model was trained on. */
function scaledInputCheck(model: SageModel, snapshot: GraphSnapshot): void {
  const f = model.featureNames.length;
  if (snapshot.featureNames.length !== f || snapshot.featureNames.some((name, i) => name !== model.featureNames[i]))
    throw invalidArgument("SageModel.predict", "snapshot.featureNames", `the features the model was trained on (${f}: ${model.featureNames.slice(0, 4).join(", ")}, …)`, snapshot.featureNames.length);
}

/** Input features, log-compressed and standardised with the model's scaling. */
export function scaledInput(model: SageModel, snapshot: GraphSnapshot): Float64Array {
  scaledInputCheck(model, snapshot);
  const f = model.featureNames.length;
  const x = new Float64Array(snapshot.x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % f;
    const v = snapshot.x[i];
    x[i] = (Math.sign(v) * Math.log1p(Math.abs(v)) - model.mean[j]) / model.scale[j];
  }
  return x;
}

/** out[rows × cols] += a[rows × inner] · w[inner × cols], over all n rows or the given ones (zeros in `a` skipped). */
function matmulAdd(a: Float64Array, w: Float64Array, out: Float64Array, rows: number | Int32Array, inner: number, cols: number): void {
  const count = typeof rows === "number" ? rows : rows.length;
  for (let j = 0; j < count; j++) {
    const i = typeof rows === "number" ? j : rows[j];
    const ar = i * inner;
    const or = i * cols;
    for (let k = 0; k < inner; k++) {
      const v = a[ar + k];
      if (v === 0) continue;
      const wr = k * cols;
      for (let c = 0; c < cols; c++) out[or + c] += v * w[wr + c];
    }
  }
}

/** out[v] += mean over relation neighbours u of p[u] (rows of width `cols`). */
function aggregateAdd(rel: RelationIndex, r: number, p: Float64Array, out: Float64Array, cols: number): void {
  const off = rel.offsets[r];
  const nb = rel.neighbours[r];
  for (let v = 0; v < rel.n; v++) {
    const deg = off[v + 1] - off[v];
    if (deg === 0) continue;
    const inv = 1 / deg;
    const or = v * cols;
    for (let e = off[v]; e < off[v + 1]; e++) {
      const ur = nb[e] * cols;
      for (let c = 0; c < cols; c++) out[or + c] += p[ur + c] * inv;
    }
  }
}

/** The transpose of `aggregateAdd`: sends each node's gradient back to its neighbours. */
function aggregateBackAdd(rel: RelationIndex, r: number, grad: Float64Array, out: Float64Array, cols: number): void {
  const off = rel.offsets[r];
  const nb = rel.neighbours[r];
  for (let v = 0; v < rel.n; v++) {
    const deg = off[v + 1] - off[v];
    if (deg === 0) continue;
    const inv = 1 / deg;
    const gr = v * cols;
    for (let e = off[v]; e < off[v + 1]; e++) {
      const ur = nb[e] * cols;
      for (let c = 0; c < cols; c++) out[ur + c] += grad[gr + c] * inv;
    }
  }
}

/** One message-passing layer: relu(h · self + Σ_r mean_r(h · rel_r) + bias). */
function layer(h: Float64Array, inDim: number, outDim: number, self: Float64Array, rels: Float64Array[], bias: Float64Array, rel: RelationIndex): Float64Array {
  const n = rel.n;
  const z = new Float64Array(n * outDim);
  for (let i = 0; i < n; i++) z.set(bias, i * outDim);
  matmulAdd(h, self, z, n, inDim, outDim);
  const p = new Float64Array(n * outDim);
  for (let r = 0; r < rels.length; r++) {
    if (rel.neighbours[r].length === 0) continue;
    for (const u of rel.senders[r]) p.fill(0, u * outDim, (u + 1) * outDim);
    matmulAdd(h, rels[r], p, rel.senders[r], inDim, outDim);
    aggregateAdd(rel, r, p, z, outDim);
  }
  for (let i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
  return z;
}

/** Forward pass: the logits of every node, and what the backward pass needs. */
export function sageForward(model: SageModel, snapshot: GraphSnapshot): SageActivations {
  const f = model.featureNames.length;
  const h = model.hidden;
  const w = model.weights;
  const rel = relationIndex(snapshot);
  const x = scaledInput(model, snapshot);
  const h1 = layer(x, f, h, w.self1, w.rel1, w.bias1, rel);
  const h2 = layer(h1, h, h, w.self2, w.rel2, w.bias2, rel);
  const logits = new Float64Array(rel.n);
  for (let i = 0; i < rel.n; i++) {
    let s = w.headBias[0];
    for (let c = 0; c < h; c++) s += h2[i * h + c] * w.head[c] + h1[i * h + c] * w.head1[c];
    for (let j = 0; j < f; j++) s += x[i * f + j] * w.head0[j];
    logits[i] = s;
  }
  return { x, h1, h2, logits, rel };
}

/** Gradients have the weights' shape. */
export function zeroGradients(model: SageModel): SageWeights {
  const w = model.weights;
  const z = (a: Float64Array) => new Float64Array(a.length);
  return { self1: z(w.self1), rel1: w.rel1.map(z), bias1: z(w.bias1), self2: z(w.self2), rel2: w.rel2.map(z), bias2: z(w.bias2), head: z(w.head), head1: z(w.head1), head0: z(w.head0), headBias: z(w.headBias) };
}

/** g[inner × cols] += aᵀ[inner × rows] · d[rows × cols], over all rows or the given ones. */
function gradWeights(a: Float64Array, d: Float64Array, g: Float64Array, rows: number | Int32Array, inner: number, cols: number): void {
  const count = typeof rows === "number" ? rows : rows.length;
  for (let j = 0; j < count; j++) {
    const i = typeof rows === "number" ? j : rows[j];
    const ar = i * inner;
    const dr = i * cols;
    for (let k = 0; k < inner; k++) {
      const v = a[ar + k];
      if (v === 0) continue;
      const gr = k * cols;
      for (let c = 0; c < cols; c++) g[gr + c] += v * d[dr + c];
    }
  }
}

/** out[rows × inner] += d[rows × cols] · wᵀ[cols × inner], over all rows or the given ones. */
function backInput(d: Float64Array, w: Float64Array, out: Float64Array, rows: number | Int32Array, inner: number, cols: number): void {
  const count = typeof rows === "number" ? rows : rows.length;
  for (let j = 0; j < count; j++) {
    const i = typeof rows === "number" ? j : rows[j];
    const dr = i * cols;
    const or = i * inner;
    for (let k = 0; k < inner; k++) {
      const wr = k * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += d[dr + c] * w[wr + c];
      out[or + k] += s;
    }
  }
}

/** Backward through one layer: accumulates weight gradients, returns the gradient of its input when asked. */
function layerBack(
  input: Float64Array,
  output: Float64Array,
  dOut: Float64Array,
  dims: { inDim: number; outDim: number; needInput: boolean },
  weights: { self: Float64Array; rels: Float64Array[] },
  grads: { self: Float64Array; rels: Float64Array[]; bias: Float64Array },
  rel: RelationIndex,
): Float64Array | undefined {
  const { inDim, outDim } = dims;
  const n = rel.n;
  const dz = new Float64Array(n * outDim);
  for (let i = 0; i < dz.length; i++) dz[i] = output[i] > 0 ? dOut[i] : 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < outDim; c++) grads.bias[c] += dz[i * outDim + c];
  gradWeights(input, dz, grads.self, n, inDim, outDim);
  const dIn = dims.needInput ? new Float64Array(n * inDim) : undefined;
  if (dIn) backInput(dz, weights.self, dIn, n, inDim, outDim);
  const dp = new Float64Array(n * outDim);
  for (let r = 0; r < weights.rels.length; r++) {
    if (rel.neighbours[r].length === 0) continue;
    const senders = rel.senders[r];
    for (const u of senders) dp.fill(0, u * outDim, (u + 1) * outDim);
    aggregateBackAdd(rel, r, dz, dp, outDim);
    gradWeights(input, dp, grads.rels[r], senders, inDim, outDim);
    if (dIn) backInput(dp, weights.rels[r], dIn, senders, inDim, outDim);
  }
  return dIn;
}

/** Backward pass from the gradient of the loss with respect to each logit; adds into `grads`. */
export function sageBackward(model: SageModel, act: SageActivations, dLogits: Float64Array, grads: SageWeights): void {
  const f = model.featureNames.length;
  const h = model.hidden;
  const w = model.weights;
  const n = act.rel.n;
  const dh2 = new Float64Array(n * h);
  for (let i = 0; i < n; i++) {
    const d = dLogits[i];
    if (d === 0) continue;
    grads.headBias[0] += d;
    for (let c = 0; c < h; c++) {
      grads.head[c] += d * act.h2[i * h + c];
      grads.head1[c] += d * act.h1[i * h + c];
      dh2[i * h + c] = d * w.head[c];
    }
    for (let j = 0; j < f; j++) grads.head0[j] += d * act.x[i * f + j];
  }
  const dh1 = layerBack(act.h1, act.h2, dh2, { inDim: h, outDim: h, needInput: true }, { self: w.self2, rels: w.rel2 }, { self: grads.self2, rels: grads.rel2, bias: grads.bias2 }, act.rel)!;
  for (let i = 0; i < n; i++) {
    const d = dLogits[i];
    if (d === 0) continue;
    for (let c = 0; c < h; c++) dh1[i * h + c] += d * w.head1[c];
  }
  layerBack(act.x, act.h1, dh1, { inDim: f, outDim: h, needInput: false }, { self: w.self1, rels: w.rel1 }, { self: grads.self1, rels: grads.rel1, bias: grads.bias1 }, act.rel);
}

/** Every weight array of a model (or of its gradients), in a fixed order: what the optimiser walks. */
export function weightArrays(w: SageWeights): Float64Array[] {
  return [w.self1, ...w.rel1, w.bias1, w.self2, ...w.rel2, w.bias2, w.head, w.head1, w.head0, w.headBias];
}

/**
 * Risk of every node of a snapshot (sigmoid of the logits), by a faster route than the training pass: the input scaling
 * is folded into the first layer's weights, so the raw (log-compressed) features stay sparse — one-hot kinds, zero
 * degrees and idle metrics are skipped — and the scaling's shift becomes a bias. Same values as `sageForward` (tested).
 */
export function sagePredict(model: SageModel, snapshot: GraphSnapshot): Float32Array {
  scaledInputCheck(model, snapshot);
  const f = model.featureNames.length;
  const h = model.hidden;
  const w = model.weights;
  const rel = relationIndex(snapshot);
  const n = rel.n;
  const raw = new Float64Array(snapshot.x.length);
  for (let i = 0; i < raw.length; i++) {
    const v = snapshot.x[i];
    raw[i] = v === 0 ? 0 : Math.sign(v) * Math.log1p(Math.abs(v));
  }
  // x = (raw − mean) / scale, so x·W = raw·(W / scale) − (mean / scale)·W.
  const fold = (m: Float64Array, cols: number) => {
    const scaled = new Float64Array(m.length);
    const shift = new Float64Array(cols);
    for (let j = 0; j < f; j++) {
      const inv = 1 / model.scale[j];
      const off = model.mean[j] * inv;
      for (let c = 0; c < cols; c++) {
        scaled[j * cols + c] = m[j * cols + c] * inv;
        shift[c] -= off * m[j * cols + c];
      }
    }
    return { scaled, shift };
  };
  const self = fold(w.self1, h);
  const z = new Float64Array(n * h);
  for (let i = 0; i < n; i++) for (let c = 0; c < h; c++) z[i * h + c] = w.bias1[c] + self.shift[c];
  matmulAdd(raw, self.scaled, z, n, f, h);
  const p = new Float64Array(n * h);
  for (let r = 0; r < w.rel1.length; r++) {
    if (rel.neighbours[r].length === 0) continue;
    const folded = fold(w.rel1[r], h);
    for (const u of rel.senders[r]) p.fill(0, u * h, (u + 1) * h);
    matmulAdd(raw, folded.scaled, p, rel.senders[r], f, h);
    aggregateAdd(rel, r, p, z, h);
    // The mean of a constant over a non-empty neighbourhood is that constant.
    const off = rel.offsets[r];
    for (let v = 0; v < n; v++) if (off[v + 1] > off[v]) for (let c = 0; c < h; c++) z[v * h + c] += folded.shift[c];
  }
  for (let i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
  const h1 = z;
  const h2 = layer(h1, h, h, w.self2, w.rel2, w.bias2, rel);
  const head0 = new Float64Array(f);
  let head0Shift = 0;
  for (let j = 0; j < f; j++) {
    head0[j] = w.head0[j] / model.scale[j];
    head0Shift -= model.mean[j] * head0[j];
  }
  const risk = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = w.headBias[0] + head0Shift;
    for (let c = 0; c < h; c++) s += h2[i * h + c] * w.head[c] + h1[i * h + c] * w.head1[c];
    for (let j = 0; j < f; j++) {
      const v = raw[i * f + j];
      if (v !== 0) s += v * head0[j];
    }
    risk[i] = 1 / (1 + Math.exp(-s));
  }
  return risk;
}
