import { describe, expect, it } from "vitest";
import { averagePrecision, bestF1Threshold, evaluateRisk, type NodeRiskPredictor, type RiskSample } from "../../lib/gnn";

function sample(time: number, risks: number[], labels: number[], onset: number[], eligible = labels.map(() => 1)): { s: RiskSample; risk: Float32Array } {
  const n = risks.length;
  const s: RiskSample = {
    kind: "risk_sample",
    topology: "t",
    seed: 1,
    snapshot: { kind: "graph_snapshot", time, nodes: Array.from({ length: n }, (_, i) => `n${i}`), featureNames: ["f"], x: Float32Array.from(risks), edgeSource: new Int32Array(), edgeTarget: new Int32Array(), edgeKind: new Uint8Array() },
    labels: Uint8Array.from(labels),
    eligible: Uint8Array.from(eligible),
    onsetMinutes: Float32Array.from(onset),
  };
  return { s, risk: Float32Array.from(risks) };
}

/** A predictor that returns the snapshot's single feature as the risk. */
const echo: NodeRiskPredictor = { name: "echo", predict: (s) => Float32Array.from(s.x) };

describe("averagePrecision()", () => {
  it("is 1 for a perfect ranking, the positive share for a reversed one's tail, null without both classes", () => {
    expect(averagePrecision([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    // Positives ranked 3rd and 4th: (1/3 + 2/4) / 2.
    expect(averagePrecision([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBeCloseTo((1 / 3 + 2 / 4) / 2, 10);
    expect(averagePrecision([0.5, 0.5], [0, 0])).toBeNull();
  });
  it("does not reward ties: a constant score gets the positive share", () => {
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0])).toBeCloseTo(0.25, 10);
  });
});

describe("bestF1Threshold()", () => {
  it("cuts where F1 is best and only between distinct scores", () => {
    const best = bestF1Threshold([0.9, 0.8, 0.7, 0.1], [1, 1, 0, 0]);
    expect(best).toEqual({ threshold: 0.8, precision: 1, recall: 1, f1: 1 });
  });
});

describe("evaluateRisk()", () => {
  it("skips ineligible nodes, counts precision@k per snapshot and measures lead time per failure", () => {
    // Node 0 fails at t = 30 min: warned 20 min ahead at t = 10 min (risk 0.9), and again at t = 20 min.
    const a = sample(600, [0.9, 0.2, 0.95], [1, 0, 0], [20, -1, -1], [1, 1, 0]);
    const b = sample(1200, [0.8, 0.3, 0.1], [1, 0, 0], [10, -1, -1]);
    const e = evaluateRisk(echo, [a.s, b.s], { threshold: 0.5 });
    expect(e.total).toBe(5); // node 2 of the first snapshot is already failing
    expect(e.positives).toBe(2);
    expect(e.precisionAtK).toBe(1);
    expect(e.failures).toBe(1); // the same onset seen from two snapshots is one failure
    expect(e.failuresWarned).toBe(1);
    expect(e.medianLeadMinutes).toBe(20);
    expect(e.precision).toBe(1);
    expect(e.recall).toBe(1);
  });
  it("reports a failure never warned at the threshold", () => {
    const a = sample(600, [0.3, 0.2], [1, 0], [5, -1]);
    const e = evaluateRisk(echo, [a.s], { threshold: 0.5 });
    expect(e.failures).toBe(1);
    expect(e.failuresWarned).toBe(0);
    expect(e.medianLeadMinutes).toBeNull();
    expect(e.recall).toBe(0);
  });
});
