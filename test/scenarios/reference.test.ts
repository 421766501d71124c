// End-to-end on the bundled reference bank: the studies the issues promise, checked on the real topology.
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../lib/graph";
import { HeuristicSupervisor } from "../../lib/llm";
import { incidentScenarios, loadScenario, nMinus1, runScenario, scoreSupervisor, sweep } from "../../lib/scenarios";

describe("the payday database crash on the reference bank", () => {
  it("fails over, alerts pending → firing → resolved with symptoms inhibited, and the supervisor names the database", async () => {
    const result = await runScenario(loadScenario("db-crash-payday"));
    const truth = result.groundTruth;
    const failover = truth.events.find((e) => e.kind === "failover");
    expect(failover).toMatchObject({ node: "db-core-banking-standby" });
    expect(failover!.time).toBeGreaterThanOrEqual(36000 + 180);
    expect(failover!.time).toBeLessThanOrEqual(36000 + 300);
    // The cause alert goes pending, fires, and resolves once the standby serves.
    const dbDown = result.transitions.filter((t) => t.rule === "DatabaseDown" && t.node === "db-core-banking-primary").map((t) => t.kind);
    expect(dbDown.slice(0, 3)).toEqual(["pending", "firing", "resolved"]);
    // Its dependents' latency and error alerts are inhibited while it fires.
    const inhibited = result.transitions.filter((t) => t.kind === "inhibited");
    expect(inhibited.length).toBeGreaterThan(0);
    expect(inhibited.some((t) => (t.rule === "HighLatency" || t.rule === "HighErrorRate") && t.node.startsWith("app-core-banking"))).toBe(true);
    // Core accounts is hurt during detection and back after failover.
    const status = result.metrics.series("status", "svc-core-accounts");
    expect(status[36000 / 60 + 2]).toBe(2);
    expect(status[37200 / 60]).toBeLessThan(2);
    const incident = result.incidents.find((i) => i.nodes.includes("db-core-banking-primary"))!;
    expect(incident.probableRoot).toBe("db-core-banking-primary");
    const diagnosis = result.annotations.find((a) => a.request === "diagnose" && a.subject === incident.id);
    expect(diagnosis?.answer?.kind === "diagnosis" && diagnosis.answer.candidates[0].node).toBe("db-core-banking-primary");
  }, 120_000);
});

describe("storage and replication on the reference bank", () => {
  it("a storage array failure fails its primaries over to standbys on the other array", async () => {
    const graph = loadTopology("reference-bank");
    const { createTwin } = await import("../../lib/twin");
    const twin = createTwin(graph, { seed: 3, start: "2026-11-24", horizon: "14h", faults: [{ kind: "node_crash", target: "san-eu-west-dc1-p1-a", at: "10:00", duration: "45m" }] });
    const run = twin.run();
    expect(run.groundTruth.events.some((e) => e.kind === "failover" && e.node === "db-core-banking-standby")).toBe(true);
    expect(run.metrics.series("status", "svc-core-accounts")[(10 * 60 + 15)]).toBeLessThan(2);
  }, 60_000);

  it("a crashed primary comes back as a standby and catches up on replication", async () => {
    const result = await runScenario({ ...loadScenario("db-crash-payday"), supervisor: { kind: "none" } });
    const lag = result.metrics.series("replication_lag_s", "db-core-banking-primary");
    const back = 38700 / 60;
    expect(lag[back + 1]).toBeGreaterThan(60);
    expect(lag[back + 60]).toBeLessThan(5);
  }, 60_000);
});

describe("sweeps and scores on the reference bank", () => {
  const graph = loadTopology("reference-bank");
  it("an N-1 sweep gives the same records on two workers as on one", async () => {
    const base = { ...loadScenario("quiet-day"), rules: "default" as const, horizon: "14h" };
    const scenarios = nMinus1(base, graph, { targets: ["db-core-banking-primary", "app-payments-hub-1", "rtr-core-eu-west-dc1-a", "sw-dist-eu-west-dc1-p1-a"] });
    const one = await sweep(scenarios, { workers: 1 });
    const progress: number[] = [];
    const two = await sweep(scenarios, { workers: 2, onProgress: (p) => progress.push(p.done) });
    const strip = (items: typeof one) => items.map((i) => (i.kind === "sweep_ok" ? { ...i, wallSeconds: 0 } : i));
    expect(strip(two)).toEqual(strip(one));
    expect(progress).toEqual([1, 2, 3, 4]);
  }, 180_000);

  it("the heuristic supervisor finds the injected root cause", async () => {
    const base = { ...loadScenario("quiet-day"), horizon: "14h" };
    const scenarios = incidentScenarios(base, { graph, n: 8 });
    expect(new Set(scenarios.map((s) => s.faults![0].kind))).toEqual(new Set(["bad_deployment", "database_crash", "network_outage", "node_crash"]));
    const score = await scoreSupervisor(scenarios.slice(0, 4), { supervisor: new HeuristicSupervisor() });
    expect(score.scenarios).toBe(4);
    expect(score.top3).toBeGreaterThanOrEqual(0.5);
  }, 180_000);
});
