import { describe, expect, it } from "vitest";
import { HeuristicSupervisor } from "../../lib/llm";
import { compareResults, forkScenario, incidentScenarios, loadGrid, nMinus1, nMinus2, runScenario, scoreSupervisor, sweep, tryFix, whatIfScenarios } from "../../lib/scenarios";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "./fixtures";

const graph = () => miniBank() as never;

describe("forkScenario() and compareResults()", () => {
  it("a fork with a failover recovers faster than a baseline that waits for detection", async () => {
    const base = dbCrash({ supervisor: { kind: "none" }, faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "40m", params: { detectionDelay: "30m" } }] });
    const { baseline, fork, comparison } = await tryFix(base, [{ kind: "failover", node: "pay-db-1", rationale: "", expectedEffect: "" }], { at: "10:03", graph: graph() });
    expect(fork.scenario.interventions).toEqual([{ kind: "failover", node: "pay-db-1", at: "10:03" }]);
    expect(fork.scenario.seed).toBe(baseline.scenario.seed);
    expect(comparison.helped).toBe(true);
    expect(fork.summary.tier1DownMinutes).toBeLessThan(baseline.summary.tier1DownMinutes);
    expect(comparison.verdict).toContain("The fix helps");
  });

  it("a useless fix is reported as such", async () => {
    const base = dbCrash({ supervisor: { kind: "none" } });
    const baseline = await runScenario(base, { graph: graph() });
    const fork = await runScenario(forkScenario(base, [{ kind: "rollback", node: "report-app", at: "10:05" }], { at: "10:05" }), { graph: graph() });
    const comparison = compareResults(baseline, fork);
    expect(comparison.helped).toBe(false);
  });
});

describe("generators", () => {
  const base = dbCrash({ faults: [], supervisor: { kind: "none" } });
  it("nMinus1() fails each critical component alone, nMinus2() pairs them", () => {
    const one = nMinus1(base, graph());
    const targets = one.map((s) => s.faults![0].target);
    expect(targets).toContain("pay-db-1");
    expect(targets).toContain("srv-1");
    expect(targets).not.toContain("report-app"); // only tier-1 needs
    expect(one.find((s) => s.faults![0].target === "pay-db-1")!.faults![0].kind).toBe("database_crash");
    const two = nMinus2(base, graph(), { limit: 5 });
    expect(two).toHaveLength(5);
    expect(two.every((s) => s.faults!.length === 2)).toBe(true);
  });
  it("loadGrid() makes one scenario per multiplier", () => {
    const grid = loadGrid(base, { multipliers: [1, 1.5, 2] });
    expect(grid.map((s) => s.faults![0].params!.multiplier)).toEqual([1, 1.5, 2]);
    expect(() => loadGrid(base, { multipliers: [0] })).toThrow("multipliers");
  });
  it("whatIfScenarios() keeps valid what-ifs and reports the rejected ones with reasons", () => {
    const { scenarios, rejected } = whatIfScenarios(base, [
      { name: "ok", description: "", faults: [{ kind: "node_crash", target: "srv-2", at: 3600, duration: 600 }] },
      { name: "ghost", description: "", faults: [{ kind: "node_crash", target: "srv-99", at: 3600, duration: 600 }] },
      { name: "bad kind", description: "", faults: [{ kind: "database_crash", target: "srv-1", at: 3600, duration: 600 }] },
    ] as never, { graph: graph() });
    expect(scenarios.map((s) => s.name)).toEqual(["mini db crash / what-if: ok"]);
    expect(rejected.map((r) => r.name)).toEqual(["ghost", "bad kind"]);
    expect(rejected[0].reasons[0]).toContain('"srv-99" not found');
  });
});

describe("what-ifs from the heuristic supervisor", () => {
  it("become valid scenarios on the topology, none rejected", async () => {
    const g = miniBank();
    const context = { topologyNodes: g.mapNodes((id, a) => ({ id, kind: a.kind, tier: a.tier })), criticalNodes: ["pay-db-1", "core-1", "pay-api-1"], horizonSeconds: 86400 };
    const set = await new HeuristicSupervisor().generateWhatIfs(context, 6);
    const { scenarios, rejected } = whatIfScenarios(dbCrash({ faults: [] }), set.scenarios, { graph: g as never });
    expect(rejected).toEqual([]);
    expect(scenarios).toHaveLength(set.scenarios.length);
  });
});

describe("sweep()", () => {
  it("gives the same records on one worker and on two, in input order, with progress", async () => {
    const scenarios = nMinus1(dbCrash({ faults: [], horizon: "12h", supervisor: { kind: "none" } }), graph()).slice(0, 4).map((s) => ({ ...s, topology: { spec: miniBankSpec() } }));
    const progress: number[] = [];
    const one = await sweep(scenarios, { workers: 1 });
    const two = await sweep(scenarios, { workers: 2, onProgress: (p) => progress.push(p.done) });
    const strip = (items: typeof one) => items.map((i) => (i.kind === "sweep_ok" ? { ...i, wallSeconds: 0 } : i));
    expect(strip(two)).toEqual(strip(one));
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(one.every((i) => i.kind === "sweep_ok")).toBe(true);
  }, 60_000);

  it("records a failing scenario as an error and keeps the others", async () => {
    const good = { ...dbCrash({ supervisor: { kind: "none" }, horizon: "12h" }), topology: { spec: miniBankSpec() } };
    const bad = { ...good, name: "broken", faults: [{ kind: "node_crash", target: "nope", at: 0, duration: 60 }] };
    const items = await sweep([good, bad as never]);
    expect(items[0].kind).toBe("sweep_ok");
    expect(items[1]).toMatchObject({ kind: "sweep_error", name: "broken" });
  });
});

describe("scoreSupervisor()", () => {
  it("scores the heuristic's root causes and actions against the injected faults", async () => {
    const scenarios = incidentScenarios(dbCrash({ faults: [], horizon: "12h" }), { graph: graph(), n: 3 });
    const score = await scoreSupervisor(scenarios, { supervisor: new HeuristicSupervisor(), graph: graph() });
    expect(score.scenarios).toBe(3);
    expect(score.rows.map((r) => r.truth)).toHaveLength(3);
    const db = score.rows.find((r) => r.truth === "pay-db-1");
    expect(db?.rank).toBe(1);
    expect(score.top1).toBeGreaterThan(0);
    expect(score.top3).toBeGreaterThanOrEqual(score.top1);
  }, 60_000);
});

/** The mini bank as an inline topology spec, so worker threads can rebuild it. */
function miniBankSpec(): Record<string, unknown> {
  const g = miniBank();
  return {
    nodes: g.mapNodes((id, a) => ({ id, ...a })),
    edges: g.mapEdges((_e, a, source, target) => ({ source, target, ...a })),
  };
}

describe("whatIfContext() and rankSweep()", () => {
  it("builds the supervisor's what-if context from a graph and a scenario", async () => {
    const { whatIfContext } = await import("../../lib/scenarios");
    const context = whatIfContext(miniBank() as never, dbCrash());
    expect(context.horizonSeconds).toBe(14 * 3600);
    expect(context.criticalNodes).toContain("pay-db-1");
    expect(context.existingFaults).toEqual([{ kind: "database_crash", target: "pay-db-1" }]);
    expect(context.topologyNodes.find((n) => n.id === "svc-payments")).toMatchObject({ kind: "business_service", tier: 1 });
  });
  it("ranks sweep records by tier-1 minutes down, errors last", async () => {
    const { rankSweep } = await import("../../lib/scenarios");
    const ok = (index: number, down: number) => ({ kind: "sweep_ok", index, name: `s${index}`, tags: [], summary: { tier1DownMinutes: down, tier1Availability: 1 - down / 1440, tier1P95LatencyMs: 100 }, kpis: [], faults: [], impacts: [], incidents: [], wallSeconds: 0 }) as never;
    const ranked = rankSweep([ok(0, 2), { kind: "sweep_error", index: 1, name: "bad", error: "x" }, ok(2, 30), ok(3, 0)]);
    expect(ranked.map((r) => r.index)).toEqual([2, 0, 3, 1]);
  });
});
