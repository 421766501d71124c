import { describe, expect, it } from "vitest";
import { EDGE_KINDS, GraphologyStore, NODE_KINDS } from "../../lib/graph";
import { evaluatePredictor, graphSnapshot, neighbourhoodBaseline, rocAuc, type NodeRiskPredictor } from "../../lib/gnn";
import { createTwin } from "../../lib/twin";
import { miniBank } from "../twin/fixtures";

function run() {
  const graph = miniBank();
  const twin = createTwin(graph, {
    seed: 4,
    start: "2026-11-24",
    horizon: "12h",
    faults: [
      { kind: "memory_leak", target: "pay-api-1", at: "01:00", duration: "10h", params: { ratePerHour: 0.25 } },
      { kind: "disk_full", target: "pay-db-2", at: "06:00", duration: "1h", params: { ratePerHour: 0.6 } },
    ],
  });
  return { store: new GraphologyStore(graph as never), result: twin.run() };
}

describe("graphSnapshot()", () => {
  it("gives one feature row per recorded node and the edges in COO form", () => {
    const { store, result } = run();
    const snap = graphSnapshot(store, result.metrics, { step: 100, window: 5 });
    expect(snap.nodes).toHaveLength(result.metrics.nodeIds.length);
    expect(snap.featureNames.slice(0, NODE_KINDS.length)).toEqual(NODE_KINDS.map((k) => `kind=${k}`));
    expect(snap.featureNames).toContain("cpu_mean5");
    expect(snap.x).toHaveLength(snap.nodes.length * snap.featureNames.length);
    const f = snap.featureNames.length;
    const i = snap.nodes.indexOf("pay-api-1");
    expect(snap.x[i * f + snap.featureNames.indexOf("kind=application")]).toBe(1);
    expect(snap.x[i * f + snap.featureNames.indexOf("out_depends_on")]).toBe(3);
    expect(snap.edgeSource.length).toBe(store.edgeCount());
    expect(Math.max(...snap.edgeKind)).toBeLessThan(EDGE_KINDS.length);
    expect(snap.time).toBe(100 * 60);
  });
  it("names the bad step", () => {
    const { store, result } = run();
    expect(() => graphSnapshot(store, result.metrics, { step: 10_000 })).toThrow("options.step");
  });
});

describe("evaluatePredictor()", () => {
  it("scores the baseline above chance and a constant model at chance", () => {
    const { store, result } = run();
    const baseline = evaluatePredictor(neighbourhoodBaseline(), { graph: store, metricsStore: result.metrics, horizonSteps: 30, every: 5 });
    expect(baseline.positives).toBeGreaterThan(0);
    expect(baseline.auc).toBeGreaterThan(0.6);
    const constant: NodeRiskPredictor = { name: "constant", predict: (s) => new Float32Array(s.nodes.length).fill(0.5) };
    expect(evaluatePredictor(constant, { graph: store, metricsStore: result.metrics, horizonSteps: 30, every: 5 }).auc).toBe(0.5);
  });
  it("rocAuc() is 1 for a perfect ranking and 0 for a reversed one", () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.3, 0.4], [0, 0])).toBeNull();
  });
});
