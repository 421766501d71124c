// The supervisor score on a fixed seeded set: every injected fault counts; diagnosed, @1, @3 and action usefulness asserted.
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../lib/graph";
import { HeuristicSupervisor } from "../../lib/llm";
import { faultSetScenarios, loadScenario, scoreSupervisor } from "../../lib/scenarios";

const graph = loadTopology("reference-bank");
const base = { ...loadScenario("quiet-day"), horizon: "12h" };

describe("faultSetScenarios()", () => {
  it("draws the same seeded sets every time, with related pairs related and faults overlapping", () => {
    const a = faultSetScenarios(base, graph, "related-pair", 3, { seed: 7 });
    expect(faultSetScenarios(base, graph, "related-pair", 3, { seed: 7 })).toEqual(a);
    expect(faultSetScenarios(base, graph, "related-pair", 3, { seed: 8 })).not.toEqual(a);
    for (const s of a) {
      expect(s.faults).toHaveLength(2);
      expect(s.tags).toContain("related-pair");
      const [first, second] = s.faults!;
      expect(Number(second.at) - Number(first.at)).toBeGreaterThan(0);
      expect(Number(second.at) - Number(first.at)).toBeLessThanOrEqual(1200);
    }
    expect(faultSetScenarios(base, graph, "three", 2).every((s) => s.faults!.length === 3)).toBe(true);
    expect(faultSetScenarios(base, graph, "network", 3).every((s) => ["router", "switch", "firewall", "load_balancer"].includes(String(graph.getNodeAttribute(s.faults![0].target as string, "kind"))))).toBe(true);
  });

  it("names the category and the count it refuses", () => {
    expect(() => faultSetScenarios(base, graph, "pairs" as never, 1)).toThrow(/faultSetScenarios: expected category to be "single", "related-pair", "unrelated-pair", "three", "network" but found "pairs"/);
    expect(() => faultSetScenarios(base, graph, "single", 0)).toThrow(/faultSetScenarios: expected n to be an integer >= 1 but found 0/);
  });
});

describe("scoreSupervisor() on a fixed seeded set", () => {
  it("diagnoses every fault of single, related-pair and three-fault scenarios, ranks most first, and its actions help", async () => {
    const scenarios = [
      ...faultSetScenarios(base, graph, "single", 3, { seed: 3 }),
      ...faultSetScenarios(base, graph, "related-pair", 1, { seed: 3 }),
      ...faultSetScenarios(base, graph, "three", 1, { seed: 3 }),
    ];
    const score = await scoreSupervisor(scenarios, { supervisor: new HeuristicSupervisor(), graph });
    expect(score.scenarios).toBe(5);
    expect(score.faults).toBe(8);
    expect(score.rows.map((r) => r.category)).toEqual(["single", "single", "single", "related-pair", "related-pair", "three", "three", "three"]);
    // Over all faults, not over diagnosed ones: an undiagnosed fault counts as a miss.
    expect(score.diagnosed).toBe(1);
    expect(score.top1).toBeGreaterThanOrEqual(0.75);
    expect(score.top3).toBeGreaterThanOrEqual(0.875);
    expect(score.byCategory.single.top1).toBe(1);
    // Actions: forks where the baseline hurt a tier-1 service. Lenient counts fewer degraded minutes when nothing was
    // down (a rolled-back deployment); strict only faster recovery or fewer minutes down, so it can only be lower.
    expect(score.actionsTried).toBeGreaterThanOrEqual(3);
    expect(score.actionUsefulLenient).toBeGreaterThanOrEqual(0.5);
    expect(score.actionUseful).toBeLessThanOrEqual(score.actionUsefulLenient);
    expect(score.rows.filter((r) => r.helped !== null).every((r) => r.helpedStrict === false || r.helped === true)).toBe(true);
    expect(Object.values(score.byFaultKind).reduce((n, f) => n + f.faults, 0)).toBe(8);
  }, 180_000);
});

describe("scoreSupervisor() actions that help", () => {
  it("a leaking primary database: the plan hands over to the standby and restarts it, so tier-1 loses no minute; a bad deployment: the plan rolls it back and the degradation ends", async () => {
    const base = { ...loadScenario("quiet-day"), horizon: "14h" };
    const leak = { ...base, name: "leak on the core banking primary", faults: [{ kind: "memory_leak", target: "db-core-banking-primary", at: "10:00", duration: "3h", params: { ratePerHour: 0.2, restartS: 300 } }] };
    const deploy = { ...base, name: "bad release of a payments hub", faults: [{ kind: "bad_deployment", target: "app-payments-hub-2", at: "10:00", duration: "2h", params: { errorRate: 0.6 } }] };
    const score = await scoreSupervisor([leak, deploy], { supervisor: new HeuristicSupervisor(), graph });
    const [leakRow, deployRow] = score.rows;
    // Without the fix the leak ends in an out-of-memory crash and tier-1 services are down until the failover.
    expect(leakRow.actions).toEqual(["failover db-core-banking-primary", "restart db-core-banking-primary"]);
    expect(leakRow.helpedStrict).toBe(true);
    expect(leakRow.verdict).toMatch(/tier-1 down [1-9]\d* → 0 min/);
    // Nothing goes down with a bad release on one of several hubs: the tier-1 impact is degradation, and the rollback shortens it.
    expect(deployRow.actions).toEqual(["rollback app-payments-hub-2"]);
    expect(deployRow.helped).toBe(true);
    const [before, after] = /degraded (\d+) → (\d+) min/.exec(deployRow.verdict!)!.slice(1).map(Number);
    expect(after).toBeLessThan(before / 10);
  }, 180_000);
});
