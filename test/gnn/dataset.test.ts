import { describe, expect, it } from "vitest";
import { GraphologyStore } from "../../lib/graph";
import { buildRiskDataset, labelledSnapshots } from "../../lib/gnn";
import { createTwin } from "../../lib/twin";
import { miniBank } from "../twin/fixtures";

describe("labelledSnapshots()", () => {
  it("labels a node positive exactly when it goes down within the horizon while healthy now", () => {
    const graph = miniBank();
    const twin = createTwin(graph, { seed: 2, start: "2026-11-24", horizon: "3h", faults: [{ kind: "node_crash", target: "pay-api-1", at: "01:30", duration: "20m" }] });
    const run = twin.run();
    const samples = labelledSnapshots(new GraphologyStore(graph as never), run.metrics, { topology: "mini", seed: 2, horizonMinutes: 30, windowMinutes: 15, everyMinutes: 10, trendMinutes: 60, failure: "down" });
    const status = run.metrics.series("status", "pay-api-1");
    const crash = Array.from(status).findIndex((s) => s === 2);
    expect(crash).toBeGreaterThan(0);
    for (const s of samples) {
      const i = s.snapshot.nodes.indexOf("pay-api-1");
      const step = s.snapshot.time / 60;
      const expected = step < crash && crash - step <= 30 ? 1 : 0;
      expect(s.labels[i], `snapshot at step ${step}`).toBe(expected);
      expect(s.eligible[i]).toBe(status[step] === 2 ? 0 : 1);
      if (expected) expect(s.onsetMinutes[i]).toBe(crash - step);
    }
    expect(samples.some((s) => s.labels[s.snapshot.nodes.indexOf("pay-api-1")] === 1)).toBe(true);
    expect(samples[0].snapshot.featureNames).toContain("ram_delta60");
  });
});

describe("buildRiskDataset()", () => {
  const options = { size: 80, runHours: 6, runsPerTopology: 1, topologies: { train: [1], validation: [2], test: [3] } };
  it("splits by estate, is deterministic, and describes itself", () => {
    const a = buildRiskDataset(options);
    const b = buildRiskDataset(options);
    expect(new Set(a.train.map((s) => s.topology))).toEqual(new Set(["bank-1-80"]));
    expect(new Set(a.test.map((s) => s.topology))).toEqual(new Set(["bank-3-80"]));
    expect(a.description.samples).toEqual({ train: a.train.length, validation: a.validation.length, test: a.test.length });
    expect(a.description.positives.train).toBeGreaterThan(0);
    expect(a.train.map((s) => Array.from(s.labels).join("")).join("|")).toEqual(b.train.map((s) => Array.from(s.labels).join("")).join("|"));
    expect(Array.from(a.test[5].snapshot.x)).toEqual(Array.from(b.test[5].snapshot.x));
  }, 120_000);
  it("names bad options", () => {
    expect(() => buildRiskDataset({ horizonMinutes: 0 })).toThrow("options.horizonMinutes");
    expect(() => buildRiskDataset({ topologies: { train: [1], validation: [1], test: [2] } })).toThrow("distinct topology seeds");
    expect(() => buildRiskDataset({ failure: "slow" as never })).toThrow("options.failure");
  });
});
