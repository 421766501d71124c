// Overload in the twin: latency, errors and throughput stay consistent (Little's law at every node) and rise smoothly with load.
//
// Mutations tried by hand (each made at least one test here fail, then was restored):
// - model.ts: own latency as service time × (1 + Lq / a), ignoring those who give up (not Little's W) → Little's law fails.
// - model.ts: throughput back to min(demand, capacity) × (1 − errors) → "throughput = demand × (1 − errors)" fails.
// - model.ts: timed-out calls not counted (late share ignored in the error rate) → the errors-at-overload test fails.
// - model.ts: latency capped at the timeout from ρ = 0.995 (the old cliff: responseTime → timeout) → smoothness fails.
import { describe, expect, it } from "vitest";
import { bankTopology } from "../../lib/graph";
import { createTwin } from "../../lib/twin";
import { miniBank } from "./fixtures";

/** The twin at 10:10 on a quiet Tuesday with every service's load × multiplier, noise off. */
function atLoad(multiplier: number, graph = miniBank()) {
  const twin = createTwin(graph, {
    seed: 3,
    start: "2026-11-24",
    horizon: "11h",
    load: { noise: 0 },
    faults: [{ kind: "load_surge", target: "*", at: "10:00", duration: "30m", params: { multiplier } }],
  });
  twin.run("10:10");
  return twin;
}

describe("overload model", () => {
  it("keeps Little's law at every request node: requests inside = arrival rate × time inside", () => {
    for (const m of [1, 1.8, 2.5, 4]) {
      const twin = atLoad(m);
      const s = twin.state;
      for (let v = 0; v < twin.topology.n; v++) {
        if (!s.isRequest[v] || s.down[v] || s.demand[v] === 0) continue;
        const secondsInside = (s.ownLatency[v] - s.hostExtraLatency[v]) / 1000;
        expect(s.inSystem[v], `${twin.topology.ids[v]} at ×${m}`).toBeCloseTo(s.demand[v] * secondsInside, 6);
      }
    }
  });

  it("throughput = demand × (1 − error rate) at every node, and busy CPU matches the work served", () => {
    const twin = atLoad(3);
    const s = twin.state;
    let overloaded = 0;
    for (let v = 0; v < twin.topology.n; v++) {
      if (!s.isRequest[v] || s.down[v]) continue;
      expect(s.throughput[v]).toBeCloseTo(s.demand[v] * (1 - s.errorRate[v]), 9);
      if (s.rho[v] > 1) {
        overloaded++;
        // Served work cannot exceed capacity: CPU stays at most full, and the excess shows as errors.
        expect(s.cpu[v]).toBeLessThanOrEqual(1);
        expect(s.errorRate[v]).toBeGreaterThanOrEqual(1 - 1 / s.rho[v] - 0.02);
      }
    }
    expect(overloaded).toBeGreaterThan(0);
  });

  it("counts requests that time out as errors: past saturation the error rate is at least the excess 1 − 1/ρ", () => {
    const twin = atLoad(4);
    const v = twin.topology.indexOf.get("pay-api-1")!;
    expect(twin.state.rho[v]).toBeGreaterThan(1.2);
    expect(twin.value("pay-api-1", "error_rate")).toBeGreaterThanOrEqual(1 - 1 / twin.state.rho[v] - 0.01);
    expect(twin.value("pay-api-1", "latency_ms")).toBeLessThanOrEqual(5000);
  });

  it("raises a bank's service latency smoothly with load: no cliff between one tenth of load and the next", { timeout: 120_000 }, () => {
    const graph = bankTopology({ seed: 1 });
    const services = graph.filterNodes((_id, a) => a.kind === "business_service");
    let previous = { latency: 0, errors: 0 };
    for (let m = 1; m <= 3.001; m += 0.1) {
      const twin = atLoad(m, graph);
      const latency = Math.max(...services.map((id) => twin.value(id, "latency_ms")));
      const errors = Math.max(...services.map((id) => twin.value(id, "error_rate")));
      if (previous.latency > 0) {
        expect(latency, `×${m.toFixed(1)}`).toBeGreaterThanOrEqual(previous.latency * 0.98);
        // The old model jumped 107 ms → 2,543 ms (×24) between ×2.2 and ×2.3.
        expect(latency / previous.latency, `×${m.toFixed(1)}: ${previous.latency.toFixed(0)} → ${latency.toFixed(0)} ms`).toBeLessThan(3);
        expect(errors).toBeGreaterThanOrEqual(previous.errors - 1e-6);
      }
      previous = { latency, errors };
    }
    expect(previous.latency).toBeLessThanOrEqual(5000);
    expect(previous.errors).toBeGreaterThan(0.3);
  });
});
