import { describe, expect, it } from "vitest";
import { EDGE_KINDS } from "../../lib/graph";
import { evaluateRisk, gnnPredictor, trainGnn, trainForestBaseline, type GraphSnapshot, type RiskSample } from "../../lib/gnn";
import { initSage, relationIndex, RELATIONS, sageBackward, sageForward, sagePredict, weightArrays, zeroGradients } from "../../lib/gnn/sage";
import { rng } from "../../lib/random";

const DEPENDS_ON = EDGE_KINDS.indexOf("depends_on");

/** A snapshot whose label is only visible through the graph: a node fails when what it depends on is "hot". */
function graphOnlySample(seed: number, n = 60): RiskSample {
  const r = rng(seed, "sample");
  const hot = Array.from({ length: n }, () => (r.random() < 0.2 ? 1 : 0));
  const x = new Float32Array(n * 2);
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) {
    x[i * 2] = hot[i];
    x[i * 2 + 1] = r.random();
    const j = (i + 1 + Math.floor(r.random() * (n - 1))) % n;
    src.push(i);
    dst.push(j);
  }
  const snapshot: GraphSnapshot = {
    kind: "graph_snapshot",
    time: 0,
    nodes: Array.from({ length: n }, (_, i) => `n${i}`),
    featureNames: ["hot", "noise"],
    x,
    edgeSource: Int32Array.from(src),
    edgeTarget: Int32Array.from(dst),
    edgeKind: new Uint8Array(n).fill(DEPENDS_ON),
  };
  const labels = Uint8Array.from(src.map((_, i) => hot[dst[i]]));
  return { kind: "risk_sample", topology: `t${seed}`, seed, snapshot, labels, eligible: new Uint8Array(n).fill(1), onsetMinutes: new Float32Array(n).fill(-1).map((_, i) => (labels[i] ? 10 : -1)) };
}

describe("relationIndex()", () => {
  it("lists, for each edge kind, what a node points at (out) and what points at it (in)", () => {
    const s = graphOnlySample(1, 6).snapshot;
    const rel = relationIndex(s);
    const out = RELATIONS.indexOf("depends_on:out");
    const inn = RELATIONS.indexOf("depends_on:in");
    for (let e = 0; e < s.edgeSource.length; e++) {
      const a = s.edgeSource[e];
      const b = s.edgeTarget[e];
      expect(Array.from(rel.neighbours[out].subarray(rel.offsets[out][a], rel.offsets[out][a + 1]))).toContain(b);
      expect(Array.from(rel.neighbours[inn].subarray(rel.offsets[inn][b], rel.offsets[inn][b + 1]))).toContain(a);
    }
    expect(rel.neighbours[RELATIONS.indexOf("hosts:out")]).toHaveLength(0);
  });
});

describe("sageBackward()", () => {
  it("matches numerical gradients of the logistic loss for every weight array", () => {
    const sample = graphOnlySample(3, 8);
    const r = rng(7, "init");
    const model = initSage(sample.snapshot.featureNames, { hidden: 4, random: () => r.random() });
    // Non-zero biases keep ReLUs away from their kink, where finite differences mislead.
    model.weights.bias1.fill(0.3);
    model.weights.bias2.fill(0.3);
    const loss = () => {
      const { logits } = sageForward(model, sample.snapshot);
      let l = 0;
      logits.forEach((z, i) => (l += Math.max(z, 0) - z * sample.labels[i] + Math.log1p(Math.exp(-Math.abs(z)))));
      return l;
    };
    const act = sageForward(model, sample.snapshot);
    const d = Float64Array.from(act.logits, (z, i) => 1 / (1 + Math.exp(-z)) - sample.labels[i]);
    const grads = zeroGradients(model);
    sageBackward(model, act, d, grads);
    const params = weightArrays(model.weights);
    const analytic = weightArrays(grads);
    let checked = 0;
    params.forEach((p, k) => {
      for (const i of [0, Math.floor(p.length / 2), p.length - 1]) {
        const keep = p[i];
        p[i] = keep + 1e-5;
        const up = loss();
        p[i] = keep - 1e-5;
        const down = loss();
        p[i] = keep;
        const numeric = (up - down) / 2e-5;
        expect(analytic[k][i]).toBeCloseTo(numeric, 4);
        checked++;
      }
    });
    expect(checked).toBe(params.length * 3);
  });
});

describe("sagePredict()", () => {
  it("gives the training pass's probabilities through its folded, sparse route", () => {
    const sample = graphOnlySample(4, 40);
    // Sparse input as real snapshots have (one-hot and idle features are zeros), with a scaling that is not trivial.
    for (let i = 0; i < sample.snapshot.x.length; i += 3) sample.snapshot.x[i] = 0;
    const r = rng(9, "init");
    const model = initSage(sample.snapshot.featureNames, { hidden: 5, random: () => r.random() });
    model.mean.set([0.3, -0.2]);
    model.scale.set([2, 0.5]);
    model.weights.head0.set([0.7, -1.1]);
    const { logits } = sageForward(model, sample.snapshot);
    const fast = sagePredict(model, sample.snapshot);
    logits.forEach((z, i) => expect(fast[i]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6));
  });
});

describe("trainGnn()", () => {
  const train = [1, 2, 3, 4, 5, 6].map((s) => graphOnlySample(s));
  const validation = [7, 8].map((s) => graphOnlySample(s));
  const test = [9, 10].map((s) => graphOnlySample(s));

  it("learns a failure signal that only message passing can see, where a per-node forest cannot", () => {
    const trained = trainGnn(train, validation, { epochs: 40, patience: 40, learningRate: 0.02, batch: 2, seed: 1 });
    const gnn = evaluateRisk(gnnPredictor(trained.model), test);
    const forest = evaluateRisk(trainForestBaseline(train, { trees: 10 }), test);
    expect(gnn.prAuc!).toBeGreaterThan(0.9);
    expect(forest.prAuc!).toBeLessThan(0.5);
    expect(trained.history.length).toBeGreaterThan(1);
    expect(trained.history.at(-1)!.loss).toBeLessThan(trained.history[0].loss);
  }, 120_000);

  it("is deterministic for a seed", () => {
    const a = trainGnn(train, validation, { epochs: 3, seed: 5 });
    const b = trainGnn(train, validation, { epochs: 3, seed: 5 });
    const c = trainGnn(train, validation, { epochs: 3, seed: 6 });
    expect(Array.from(a.model.weights.head)).toEqual(Array.from(b.model.weights.head));
    expect(Array.from(a.model.weights.head)).not.toEqual(Array.from(c.model.weights.head));
  }, 60_000);

  it("names bad options and data without positives", () => {
    expect(() => trainGnn([], validation)).toThrow("expected train to be at least one labelled snapshot");
    expect(() => trainGnn(train, validation, { hidden: 0 })).toThrow("options.hidden");
    const negatives = train.map((s) => ({ ...s, labels: new Uint8Array(s.labels.length) }));
    expect(() => trainGnn(negatives, validation)).toThrow("no positive label");
  });

  it("refuses a snapshot with other features than it was trained on", () => {
    const trained = trainGnn(train, validation, { epochs: 1 });
    const other = { ...test[0].snapshot, featureNames: ["hot", "other"] };
    expect(() => gnnPredictor(trained.model).predict(other)).toThrow("featureNames");
  });
});
