// Telemetry realism: seeded, switchable, leaves the model exact, and `typical` looks like real cloud monitoring (NAB statistics).
//
// Mutations tried by hand (each made at least one test here fail, then was restored):
// - REALISM_PRESETS.typical.spikesPerDay 0 (the real-statistics test fails: spike rate and max/p95 below the range).
// - TelemetryRealism.observe writes into the model's columns instead of copies (the model-untouched test fails).
// - the realism stream drawn from Math.random (the determinism test fails).
import { describe, expect, it } from "vitest";
import { bankTopology, validateGraph } from "../../lib/graph";
import { createTwin, REAL_MONITORING_STATS, realismParts, seriesStats, type RealismOption, type SeriesStats } from "../../lib/twin";

const graph = bankTopology({ seed: 1 });

function run(realism: RealismOption, seed = 1, horizon = "7d") {
  const twin = createTwin(graph, { seed, start: "2026-11-24", horizon, step: "5m", realism });
  return { twin, result: twin.run() };
}

function medians(realism: RealismOption) {
  const { twin, result } = run(realism, 1, "3d");
  const rows: SeriesStats[] = [];
  for (let v = 0; v < twin.topology.n; v++) {
    if (!twin.state.isRequest[v]) continue;
    for (const m of ["cpu", "latency_ms", "throughput"]) rows.push(seriesStats(result.metrics.series(m, twin.topology.ids[v]), 300));
  }
  const median = (k: "spikesPerDay" | "maxOverP95" | "lag1") => {
    const s = rows.map((r) => r[k]).filter((x) => x === x).sort((a, b) => a - b);
    return s[s.length >> 1];
  };
  return { spikesPerDay: median("spikesPerDay"), maxOverP95: median("maxOverP95"), lag1: median("lag1") };
}

describe("realism", () => {
  it("is deterministic: same seed, bit-identical telemetry; another seed, other telemetry", { timeout: 60_000 }, () => {
    const a = run("typical", 3, "1d").result.metrics.series("latency_ms", graph.nodes()[200]);
    const b = run("typical", 3, "1d").result.metrics.series("latency_ms", graph.nodes()[200]);
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = run("typical", 4, "1d").result.metrics.series("latency_ms", graph.nodes()[200]);
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it("changes only what monitoring sees: the model's state, status and ground truth are those of a clean run", { timeout: 60_000 }, () => {
    const clean = run("clean", 2, "1d");
    const noisy = run("noisy", 2, "1d");
    expect(Array.from(noisy.twin.state.latency)).toEqual(Array.from(clean.twin.state.latency));
    expect(noisy.result.groundTruth).toEqual(clean.result.groundTruth);
    const id = clean.twin.topology.ids.find((_id, v) => clean.twin.state.isRequest[v])!;
    expect(Array.from(noisy.result.metrics.series("status", id))).toEqual(Array.from(clean.result.metrics.series("status", id)));
    expect(Array.from(noisy.result.metrics.series("cpu", id))).not.toEqual(Array.from(clean.result.metrics.series("cpu", id)));
    // Scrape gaps are NaN in the store; the graph's live attributes stay the model's (valid) values.
    let gaps = 0;
    for (const v of noisy.result.metrics.series("cpu", id)) if (v !== v) gaps++;
    expect(gaps).toBeGreaterThan(0);
    expect(validateGraph(graph)).toEqual([]);
  });

  it("typical telemetry falls inside the interquartile range of real cloud monitoring (NAB realAWSCloudwatch); clean does not", { timeout: 60_000 }, () => {
    const real = REAL_MONITORING_STATS;
    const typical = medians("typical");
    for (const k of ["spikesPerDay", "maxOverP95", "lag1"] as const) {
      expect(typical[k], k).toBeGreaterThanOrEqual(real[k].q25);
      expect(typical[k], k).toBeLessThanOrEqual(real[k].q75);
    }
    const clean = medians("clean");
    expect(clean.lag1 > real.lag1.q75 || clean.maxOverP95 < real.maxOverP95.q25).toBe(true);
  });

  it("takes presets and per-part overrides, naming a bad field", () => {
    expect(realismParts({ preset: "typical", gapsPerDay: 0 }).gapsPerDay).toBe(0);
    expect(realismParts("noisy").spikesPerDay).toBeGreaterThan(realismParts("typical").spikesPerDay);
    expect(() => realismParts("loud" as never)).toThrow(/realism.*loud/);
    expect(() => realismParts({ spikes: 3 } as never)).toThrow(/realism\.spikes/);
    expect(() => createTwin(graph, { realism: { noise: -1 } })).toThrow(/realism\.noise.*-1/);
  });
});
