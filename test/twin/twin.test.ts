import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import type { MetricsStore } from "../../lib/metrics";
import { createTwin, type TwinOptions } from "../../lib/twin";
import { miniBank } from "./fixtures";

const at = (h: number, m = 0) => h * 3600 + m * 60;
const stepAt = (t: number) => t / 60;

/** These tests check the model's physics through the recorded series, so they record the model's own values ("clean"); what monitoring sees by default is tested in realism.test.ts and below. */
function run(options: TwinOptions = {}) {
  const graph = miniBank();
  const twin = createTwin(graph, { seed: 7, start: "2026-11-25", realism: "clean", ...options });
  return { graph, twin, result: twin.run() };
}

describe("createTwin()", () => {
  it("gives identical metrics for the same seed and different ones for another seed", () => {
    // With the default realism: the telemetry's noise, spikes and gaps are seeded too.
    const a = run({ randomFaults: true, horizon: "2d", realism: "typical" }).result.metrics;
    const b = run({ randomFaults: true, horizon: "2d", realism: "typical" }).result.metrics;
    const c = createTwin(miniBank(), { seed: 8, start: "2026-11-25", horizon: "2d" }).run().metrics;
    for (const metric of ["cpu", "latency_ms", "error_rate", "status"]) {
      expect(Array.from(a.series(metric, "pay-api-1"))).toEqual(Array.from(b.series(metric, "pay-api-1")));
    }
    expect(Array.from(a.series("cpu", "pay-api-1"))).not.toEqual(Array.from(c.series("cpu", "pay-api-1")));
  });

  it("raises dependents' error rate during a database crash and recovery brings it back", () => {
    const { result } = run({ failoverDetection: "6h", faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "30m" }] });
    const err = result.metrics.series("error_rate", "pay-api-1");
    const svc = result.metrics.series("status", "svc-payments");
    expect(err[stepAt(at(9, 59))]).toBeLessThan(0.05);
    expect(err[stepAt(at(10, 15))]).toBeGreaterThan(0.5);
    expect(svc[stepAt(at(10, 15))]).toBe(2);
    expect(err[stepAt(at(10, 31))]).toBeLessThan(0.05);
    expect(svc[stepAt(at(10, 31))]).toBe(0);
  });

  it("fails over to a standby with capacity and restores the service while the primary is still down", () => {
    const { result, twin } = run({ faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "1h", params: { detectionDelay: 120 } }] });
    const svc = result.metrics.series("status", "svc-payments");
    expect(svc[stepAt(at(10, 1))]).toBe(2);
    expect(svc[stepAt(at(10, 3))]).toBe(0);
    expect(result.metrics.series("status", "pay-db-1")[stepAt(at(10, 30))]).toBe(2);
    expect(result.metrics.series("cpu", "pay-db-2")[stepAt(at(10, 30))]).toBeGreaterThan(0.3);
    const failover = result.groundTruth.events.find((e) => e.kind === "failover");
    expect(failover).toMatchObject({ time: at(10, 2), node: "pay-db-2" });
    expect(twin.status("pay-db-1")).toBe("up");
  });

  it("lets a standby without capacity saturate after failover", () => {
    const graph = miniBank();
    graph.mergeNodeAttributes("pay-db-2", { capacity: { cores: 2, maxRps: 300 } });
    const result = createTwin(graph, { seed: 7, start: "2026-11-25", sizing: "graph", faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "1h" }] }).run();
    const t = stepAt(at(10, 20));
    expect(result.metrics.series("cpu", "pay-db-2")[t]).toBeGreaterThan(0.9);
    expect(result.metrics.series("status", "svc-payments")[t]).toBeGreaterThanOrEqual(1);
  });

  it("raises CPU and latency monotonically with a load surge's multiplier", () => {
    const probe = stepAt(at(10, 15));
    const points = [1, 1.15, 1.3, 1.45, 1.6].map((multiplier) => {
      const { result } = run({ start: "2026-11-24", faults: [{ kind: "load_surge", target: "svc-payments", at: "10:00", duration: "30m", params: { multiplier } }] });
      return { cpu: result.metrics.series("cpu", "pay-db-1")[probe], latency: result.metrics.series("latency_ms", "svc-payments")[probe] };
    });
    for (let i = 1; i < points.length; i++) {
      expect(points[i].cpu).toBeGreaterThanOrEqual(points[i - 1].cpu);
      expect(points[i].latency).toBeGreaterThan(points[i - 1].latency);
    }
    expect(points[points.length - 1].cpu).toBeGreaterThan(points[0].cpu);
  });

  it("makes exactly the nodes behind a failed router unreachable in a partition", () => {
    const graph = miniBank();
    const twin = createTwin(graph, { seed: 7, faults: [{ kind: "network_outage", target: "core-1", at: "01:00", duration: "1h" }] });
    twin.run(at(1, 30));
    const unreachable = twin.topology.ids.filter((_, i) => !twin.state.reachable[i]).sort();
    expect(unreachable).toEqual(["core-1", "report-app", "srv-5", "sw-c"]);
    expect(twin.status("report-app")).toBe("down");
    expect(twin.status("pay-api-1")).not.toBe("down");
    twin.run(at(2, 30));
    expect(twin.topology.ids.filter((_, i) => !twin.state.reachable[i])).toEqual([]);
  });

  it("takes down everything a crashed server hosts", () => {
    const { twin } = run({ horizon: at(11), faults: [{ kind: "node_crash", target: "srv-1", at: "10:00", duration: "2h" }] });
    expect(twin.status("vm-1")).toBe("down");
    expect(twin.status("pay-api-1")).toBe("down");
    // The other instance takes the whole load.
    expect(twin.status("pay-api-2")).not.toBe("down");
    expect(twin.value("pay-api-2", "cpu")).toBeGreaterThan(0.5);
  });

  it("crashes a leaking node out of memory and restarts it", () => {
    const { result } = run({ horizon: "12h", faults: [{ kind: "memory_leak", target: "pay-api-1", at: "01:00", duration: "10h", params: { ratePerHour: 0.3, restartS: 300 } }] });
    const kinds = result.groundTruth.events.map((e) => e.kind);
    expect(kinds).toContain("oom");
    expect(kinds).toContain("restart");
    const oom = result.groundTruth.events.find((e) => e.kind === "oom")!;
    const ram = result.metrics.series("ram", "pay-api-1");
    expect(ram[stepAt(oom.time) - 1]).toBeGreaterThan(0.9);
    expect(result.metrics.series("status", "pay-api-1")[stepAt(oom.time) + 1]).toBe(2);
  });

  it("applies bad deployments, CPU hogs, disk-full, latency and dependency timeouts, and reverts them at the end", () => {
    const { result } = run({
      horizon: "12h",
      faults: [
        { kind: "bad_deployment", target: "pay-api-2", at: "02:00", duration: "1h", params: { errorRate: 0.4 } },
        { kind: "cpu_hog", target: "srv-2", at: "04:00", duration: "1h", params: { share: 0.7 } },
        { kind: "disk_full", target: "pay-db-1", at: "06:00", duration: "1h" },
        { kind: "network_latency", target: "sw-b", at: "08:00", duration: "1h", params: { addedMs: 300 } },
        { kind: "dependency_timeout", target: "pay-api-1", at: "10:00", duration: "1h", params: { dependency: "pay-db-1", timeoutMs: 2000 } },
      ],
    });
    const m = result.metrics;
    const before = (h: number) => stepAt(at(h) - 120);
    const during = (h: number) => stepAt(at(h, 30));
    const after = (h: number) => stepAt(at(h + 1, 10));
    expect(m.series("error_rate", "pay-api-2")[during(2)]).toBeGreaterThan(0.35);
    expect(m.series("error_rate", "pay-api-2")[after(2)]).toBeLessThan(0.01);
    expect(m.series("cpu", "pay-db-1")[during(4)]).toBeGreaterThan(m.series("cpu", "pay-db-1")[before(4)] + 0.5);
    expect(m.series("disk", "pay-db-1")[during(6)]).toBe(1);
    expect(m.series("error_rate", "pay-db-1")[during(6)]).toBeGreaterThan(0.5);
    expect(m.series("disk", "pay-db-1")[after(6)]).toBeLessThan(0.9);
    expect(m.series("latency_ms", "pay-api-2")[during(8)]).toBeGreaterThan(m.series("latency_ms", "pay-api-2")[before(8)] + 250);
    expect(m.series("latency_ms", "pay-api-1")[during(10)]).toBeGreaterThan(2000);
    expect(m.series("latency_ms", "pay-api-1")[after(10)]).toBeLessThan(500);
  });

  it("keeps every metric finite and in range over a week of random faults", () => {
    const randomFaults = { kinds: { node_crash: { mtbf: "3d", mttr: "30m" }, memory_leak: { mtbf: "4d", mttr: "6h" }, bad_deployment: { mtbf: "3d", mttr: "1h" }, network_outage: { mtbf: "5d", mttr: "20m" }, cpu_hog: { mtbf: "3d", mttr: "1h" }, disk_full: { mtbf: "6d", mttr: "1h" } } };
    const range: Record<string, [number, number]> = { cpu: [0, 1], ram: [0, 1], disk: [0, 1], error_rate: [0, 1], latency_ms: [0, 5000], throughput: [0, 1e9], replication_lag_s: [0, 1e6], status: [0, 2] };
    const violations = (metrics: MetricsStore, allowGaps: boolean, bounded: (metric: string) => boolean) => {
      const found: string[] = [];
      for (const id of metrics.nodeIds)
        for (const [metric, [lo, hi]] of Object.entries(range))
          metrics.series(metric, id).forEach((x, step) => {
            if (allowGaps && x !== x) return;
            if (!(x >= lo && (x <= hi || !bounded(metric))) || (metric === "status" && !Number.isInteger(x))) found.push(`${metric} of ${id} at step ${step} = ${x}`);
          });
      return found;
    };
    // The model's own values ("clean": what the twin computes) stay inside every physical bound.
    const { result } = run({ horizon: "7d", randomFaults });
    expect(result.groundTruth.faults.length).toBeGreaterThan(10);
    expect(violations(result.metrics, false, () => true).slice(0, 5)).toEqual([]);
    // What monitoring records by default ("typical") has scrape gaps (NaN) and spikes above a latency timeout, but a
    // ratio never leaves [0, 1] and nothing goes negative.
    const observed = createTwin(miniBank(), { seed: 7, start: "2026-11-25", horizon: "7d", randomFaults }).run().metrics;
    expect(violations(observed, true, (metric) => !["latency_ms", "throughput"].includes(metric)).slice(0, 5)).toEqual([]);
    expect(observed.series("cpu", observed.nodeIds[0]).some((x) => x !== x)).toBe(true);
  });

  it("rejects bad fault definitions before the run, naming the field and value", () => {
    const bad = [
      { kind: "database_crash", target: "pay-db-9", at: "10:00", duration: "30m" },
      { kind: "node_crash", target: "srv-1", at: "10:00", duration: -5 },
      { kind: "meteor_strike", target: "srv-1", at: "10:00", duration: "1h" },
      { kind: "bad_deployment", target: "pay-db-1", at: "10:00", duration: "1h" },
      { kind: "load_surge", target: "svc-payments", at: "25:00", duration: "1h", params: { multiplier: "lots" } },
    ];
    let error: unknown;
    try {
      createTwin(miniBank(), { faults: bad as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const text = (error as Error).message;
    expect(text).toContain('$.faults[0].target: node "pay-db-9" not found');
    expect(text).toContain('Did you mean "pay-db-1", "pay-db-2"?');
    expect(text).toContain("$.faults[1].duration");
    expect(text).toContain("-5");
    expect(text).toContain('unknown fault kind "meteor_strike"');
    expect(text).toContain('a bad_deployment cannot target "pay-db-1", a database');
    expect(text).toContain("$.faults[4].at");
    expect(text).toContain('$.faults[4].params.multiplier: expected a number in [0, 1000] but found "lots"');
  });

  it("keeps the graph's node attributes equal to the current step", () => {
    const graph = miniBank();
    const twin = createTwin(graph, { seed: 7, faults: [{ kind: "node_crash", target: "srv-3", at: "09:00", duration: "2h" }] });
    twin.run("9h30m");
    expect(graph.getNodeAttribute("vm-2", "status")).toBe("down");
    expect(graph.getNodeAttribute("pay-api-1", "cpu")).toBe(twin.value("pay-api-1", "cpu"));
    expect(graph.getNodeAttribute("svc-payments", "latency_ms")).toBe(twin.value("svc-payments", "latency_ms"));
    twin.step();
    expect(graph.getNodeAttribute("pay-api-1", "cpu")).toBe(twin.value("pay-api-1", "cpu"));
  });

  it("calls step and status observers without awaiting them", () => {
    const twin = createTwin(miniBank(), { seed: 7, horizon: "2h", faults: [{ kind: "node_crash", target: "srv-2", at: "01:00", duration: "10m" }] });
    let steps = 0;
    let pending = 0;
    const changes: string[] = [];
    twin.onStep(() => {
      steps++;
      pending++;
      return new Promise(() => undefined);
    });
    twin.onStatusChange((c) => changes.push(`${c.time}:${c.node}:${c.to}`));
    twin.run();
    expect(steps).toBe(120);
    expect(pending).toBe(120);
    expect(changes).toContain(`${at(1)}:pay-db-1:down`);
  });

  it("logs the ground truth: faults, failovers and service impacts", () => {
    const { result } = run({ faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "30m" }] });
    const gt = result.groundTruth;
    expect(gt.faults).toHaveLength(1);
    expect(gt.faults[0]).toMatchObject({ kind: "database_crash", target: "pay-db-1", at: at(10), duration: 1800, origin: "scheduled" });
    const impact = gt.impacts.find((i) => i.service === "svc-payments" && i.status === "down");
    expect(impact).toMatchObject({ start: at(10), faults: [gt.faults[0].id] });
    expect(impact!.end).toBeGreaterThan(at(10));
  });
});

describe("interventions", () => {
  const crash = { kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "2h" } as const;

  it("failover promotes the standby at once instead of waiting for detection", () => {
    const slow = run({ failoverDetection: "30m", faults: [crash] }).result;
    const fixed = run({ failoverDetection: "30m", faults: [crash], interventions: [{ kind: "failover", node: "pay-db-1", at: "10:05" }] }).result;
    const probe = stepAt(at(10, 10));
    expect(slow.metrics.series("status", "svc-payments")[probe]).toBe(2);
    expect(fixed.metrics.series("status", "svc-payments")[probe]).toBe(0);
    expect(fixed.groundTruth.events.some((e) => e.kind === "intervention" && e.detail!.includes("promoted pay-db-2"))).toBe(true);
  });

  it("rollback ends a bad deployment early", () => {
    const fault = { kind: "bad_deployment", target: "pay-api-1", at: "09:00", duration: "3h", params: { errorRate: 0.5 } } as const;
    const fixed = run({ faults: [fault], interventions: [{ kind: "rollback", node: "pay-api-1", at: "09:20" }] }).result;
    const err = fixed.metrics.series("error_rate", "pay-api-1");
    expect(err[stepAt(at(9, 10))]).toBeGreaterThan(0.45);
    expect(err[stepAt(at(9, 30))]).toBeLessThan(0.05);
    expect(fixed.groundTruth.events.find((e) => e.kind === "end")).toMatchObject({ time: at(9, 20), detail: expect.stringContaining("rollback") });
  });

  it("restart clears a memory leak", () => {
    const fault = { kind: "memory_leak", target: "pay-api-1", at: "01:00", duration: "20h", params: { ratePerHour: 0.1 } } as const;
    const leaking = run({ faults: [fault] }).result.metrics.series("ram", "pay-api-1");
    const fixed = run({ faults: [fault], interventions: [{ kind: "restart", node: "pay-api-1", at: "04:00" }] }).result.metrics.series("ram", "pay-api-1");
    expect(fixed[stepAt(at(6))]).toBeLessThan(leaking[stepAt(at(6))] - 0.15);
  });

  it("scale_out lowers utilisation and rate_limit protects what a node calls", () => {
    const surge = { kind: "load_surge", target: "svc-payments", at: "10:00", duration: "1h", params: { multiplier: 2.5 } } as const;
    const probe = stepAt(at(10, 30));
    const base = run({ faults: [surge] }).result.metrics;
    const scaled = run({ faults: [surge], interventions: [{ kind: "scale_out", node: "pay-db-1", instances: 16, at: "10:00" }] }).result.metrics;
    expect(scaled.series("cpu", "pay-db-1")[probe]).toBeLessThan(base.series("cpu", "pay-db-1")[probe] - 0.2);
    const limited = run({ faults: [surge], interventions: [{ kind: "rate_limit", node: "pay-api-1", rps: 100, at: "10:00" }, { kind: "rate_limit", node: "pay-api-2", rps: 100, at: "10:00" }] }).result.metrics;
    expect(limited.series("cpu", "pay-db-1")[probe]).toBeLessThan(base.series("cpu", "pay-db-1")[probe]);
    expect(limited.series("error_rate", "pay-api-1")[probe]).toBeGreaterThan(0.3);
  });

  it("reroute drains a node and sends its traffic elsewhere", () => {
    const { twin } = run({ horizon: at(11), interventions: [{ kind: "reroute", from: "pay-api-1", to: "pay-api-2", at: "10:00" }] });
    expect(twin.value("pay-api-1", "throughput")).toBe(0);
    expect(twin.value("pay-api-2", "throughput")).toBeGreaterThan(100);
    expect(twin.status("svc-payments")).not.toBe("down");
  });

  it("rejects interventions on unknown nodes", () => {
    expect(() => createTwin(miniBank(), { interventions: [{ kind: "rollback", node: "nope", at: "10:00" }] })).toThrow('$.interventions[0].node: node "nope" not found');
  });
});

describe("groundTruthFrame()", () => {
  it("gives faults, events and impacts as DataFrames", async () => {
    const { groundTruthFrame } = await import("../../lib/twin");
    const { result } = run({ faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "30m" }] });
    const faults = groundTruthFrame(result.groundTruth, "faults");
    expect(faults.shape).toEqual([1, 9]);
    expect(faults["target"].values).toEqual(["pay-db-1"]);
    const events = groundTruthFrame(result.groundTruth, "events");
    expect(events["kind"].values).toEqual(["start", "failover", "end"]);
    const impacts = groundTruthFrame(result.groundTruth, "impacts");
    expect(impacts.shape[0]).toBeGreaterThan(0);
    expect(groundTruthFrame({ faults: [], events: [], impacts: [] }, "impacts").columns).toContain("service");
  }, 60_000);
});
