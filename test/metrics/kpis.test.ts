import { describe, expect, test } from "vitest";
import { MetricsStore, serviceKpis } from "../../lib/metrics";

/** A store of hand-made series per service: status, latency_ms, error_rate at 60 s steps. */
function serviceStore(series: Record<string, { status: number[]; latency?: number[]; errors?: number[] }>, every = 1): MetricsStore {
  const nodes = Object.keys(series);
  const store = new MetricsStore({ nodes, metrics: ["status", "latency_ms", "error_rate"], stepSeconds: 60, precision: "float64", record: { every } });
  const steps = series[nodes[0]].status.length;
  for (let s = 0; s < steps; s++) {
    store.append(s * 60, [
      Float64Array.from(nodes, (n) => series[n].status[s]),
      Float64Array.from(nodes, (n) => series[n].latency?.[s] ?? 100),
      Float64Array.from(nodes, (n) => series[n].errors?.[s] ?? 0),
    ]);
  }
  return store;
}

describe("serviceKpis", () => {
  // 10 minutes: up, degraded ×2, down ×3 (minutes 3-5), up again at minute 6.
  const payments = { status: [0, 1, 1, 2, 2, 2, 0, 0, 0, 0], latency: [100, 120, 140, 900, 950, 1000, 110, 105, 100, 95], errors: [0, 0.01, 0.02, 1, 1, 1, 0, 0, 0, 0] };
  const cards = { status: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], latency: [50, 50, 50, 50, 50, 50, 50, 50, 50, 350] };

  test("`serviceKpis()` measures availability, downtime and recovery on a hand-made outage", () => {
    const [kpi] = serviceKpis(serviceStore({ payments }), { services: ["payments"] });
    expect(kpi.kind).toBe("service-kpi");
    expect(kpi.service).toBe("payments");
    expect(kpi.observedSeconds).toBe(600);
    expect(kpi.availability).toBeCloseTo(0.7, 12);
    expect(kpi.fullyUp).toBeCloseTo(0.5, 12);
    expect(kpi.downMinutes).toBe(3);
    expect(kpi.degradedMinutes).toBe(2);
    expect(kpi.firstDownTime).toBe(180);
    expect(kpi.timeToRecoverSeconds).toBe(180);
    expect(kpi.meanErrorRate).toBeCloseTo(3.03 / 10, 12);
    expect(kpi.errorBudgetBurn).toBeCloseTo(0.3 / 0.001, 6);
    expect(kpi.meetsSlo).toBe(false);
  });

  test("`serviceKpis()` latency percentiles interpolate like numpy and count samples within the SLO", () => {
    const [payKpi, cardKpi] = serviceKpis(serviceStore({ payments, cards }), { services: ["payments", "cards"], slo: { availability: 0.99, latencyMs: 300 } });
    // Sorted payments latencies: 95 100 100 105 110 120 140 900 950 1000; p95 rank 8.55.
    expect(payKpi.p95LatencyMs).toBeCloseTo(950 + 0.55 * 50, 9);
    expect(payKpi.p99LatencyMs).toBeCloseTo(950 + 0.91 * 50, 9);
    expect(payKpi.latencyWithinSlo).toBeCloseTo(0.7, 12);
    expect(payKpi.meanLatencyMs).toBeCloseTo(3620 / 10, 9);
    expect(cardKpi.availability).toBe(1);
    expect(cardKpi.errorBudgetBurn).toBe(0);
    expect(cardKpi.firstDownTime).toBeNull();
    expect(cardKpi.timeToRecoverSeconds).toBeNull();
    expect(cardKpi.p95LatencyMs).toBeCloseTo(50 + 0.55 * 300, 9);
    expect(cardKpi.meetsSlo).toBe(true);
  });

  test("`serviceKpis()` leaves unobserved samples out and reports no recovery when still down", () => {
    const store = serviceStore({ ledger: { status: [0, NaN, NaN, 0, 2, 2] } });
    const [kpi] = serviceKpis(store, { services: ["ledger"] });
    expect(kpi.observedSeconds).toBe(240);
    expect(kpi.availability).toBe(0.5);
    expect(kpi.firstDownTime).toBe(240);
    expect(kpi.timeToRecoverSeconds).toBeNull();
  });

  test("`serviceKpis()` weights samples by the time they stand for under `record.every` and a time range", () => {
    // Recorded every 2nd step: statuses at steps 0,2,4,6,8 are 0,1,2,0,0, each standing for 120 s.
    const store = serviceStore({ payments }, 2);
    const [kpi] = serviceKpis(store, { services: ["payments"] });
    expect(kpi.observedSeconds).toBe(600);
    expect(kpi.downMinutes).toBe(2);
    expect(kpi.degradedMinutes).toBe(2);
    expect(kpi.availability).toBeCloseTo(0.8, 12);
    expect(kpi.timeToRecoverSeconds).toBe(120);
    const [window] = serviceKpis(serviceStore({ payments }), { services: ["payments"], from: 360, to: 540 });
    expect(window.availability).toBe(1);
    expect(window.observedSeconds).toBe(240);
  });

  test("`serviceKpis()` names a missing service, metric or bad SLO", () => {
    const store = serviceStore({ payments });
    expect(() => serviceKpis(store, { services: ["nope"] })).toThrow('serviceKpis: node "nope" not found.');
    expect(() => serviceKpis(store, { services: ["payments"], slo: { availability: 1 } })).toThrow("serviceKpis: expected slo.availability to be a number in (0, 1) but found 1.");
    expect(() => serviceKpis(store, { services: ["payments"], metrics: { status: "state" } })).toThrow(/serviceKpis: metric "state" not found/);
    const noLatency = new MetricsStore({ nodes: ["s"], metrics: ["status"], stepSeconds: 60 });
    noLatency.append(0, [Float64Array.from([0])]);
    const [kpi] = serviceKpis(noLatency, { services: ["s"] });
    expect(kpi.p95LatencyMs).toBeNaN();
    expect(kpi.meanErrorRate).toBeNaN();
    expect(kpi.meetsSlo).toBe(true);
  });
});
