import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import type { Supervisor } from "../../lib/llm";
import { HeuristicSupervisor } from "../../lib/llm";
import { loadScenario, parseScenario, resolveFaultTargets, runScenario } from "../../lib/scenarios";
import { rng } from "../../lib/random";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "./fixtures";

describe("parseScenario()", () => {
  it("reports every problem with its JSON path and value", () => {
    let error: unknown;
    try {
      parseScenario({ name: "", seed: 1.5, topology: { dataset: "x", file: "y" }, horizon: "1 day", faults: [{ kind: "db_crash", target: { kind: "databse" }, at: "25:00", duration: "5 mins" }], colour: "red" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["$.name", "$.seed", "$.topology", "$.horizon", "$.faults[0].kind", "$.faults[0].target.kind", "$.faults[0].at", "$.faults[0].duration", "$.colour"]));
    expect((error as Error).message).toContain('"5 mins"');
  });

  it("loadScenario() names the unknown scenario", () => {
    expect(() => loadScenario("no-such-scenario")).toThrow('scenario "no-such-scenario" not found');
  });
});

describe("resolveFaultTargets()", () => {
  const nodes = miniBank().mapNodes((id, a) => ({ id, kind: a.kind, tier: a.tier, tags: a.tags }));
  it("picks by kind, deterministically at random, or all", () => {
    const first = resolveFaultTargets([{ kind: "database_crash", target: { kind: "database" }, at: 0, duration: 60 }], nodes, rng(1));
    expect(first.map((f) => f.target)).toEqual(["pay-db-1"]);
    const all = resolveFaultTargets([{ kind: "node_crash", target: { kind: "server", pick: "all" }, at: 0, duration: 60 }], nodes, rng(1));
    expect(all.map((f) => f.target)).toEqual(["srv-1", "srv-2", "srv-3", "srv-4", "srv-5"]);
    const a = resolveFaultTargets([{ kind: "node_crash", target: { kind: "server", pick: "random", count: 2 }, at: 0, duration: 60 }], nodes, rng(5));
    const b = resolveFaultTargets([{ kind: "node_crash", target: { kind: "server", pick: "random", count: 2 }, at: 0, duration: 60 }], nodes, rng(5));
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
  });
  it("fails when a selector matches nothing", () => {
    expect(() => resolveFaultTargets([{ kind: "node_crash", target: { kind: "server", tag: "mainframe" }, at: 0, duration: 60 }], nodes, rng(1))).toThrow("$.faults[0].target");
  });
});

describe("runScenario()", () => {
  it("runs a database crash through rules and the supervisor: cause firing, symptoms inhibited, root and actions proposed", async () => {
    const result = await runScenario(dbCrash(), { graph: miniBank() as never });
    const dbDown = result.alerts.find((a) => a.rule === "DatabaseDown" && a.node === "pay-db-1");
    expect(dbDown?.kind).toBe("resolved");
    const latency = result.transitions.filter((t) => t.kind === "inhibited");
    expect(latency.length).toBeGreaterThan(0);
    const incident = result.incidents.find((i) => i.nodes.includes("pay-db-1"))!;
    expect(incident.probableRoot).toBe("pay-db-1");
    const diagnosis = result.annotations.find((a) => a.request === "diagnose" && a.subject === incident.id)!;
    expect(diagnosis.status).toBe("answered");
    expect(diagnosis.simTime).toBe(incident.openedAt);
    expect(diagnosis.answer!.kind === "diagnosis" && diagnosis.answer!.candidates[0].node).toBe("pay-db-1");
    const plan = result.annotations.find((a) => a.request === "propose_actions" && a.subject === incident.id)!;
    expect(plan.answer!.kind === "action_plan" && plan.answer!.actions.map((a) => a.kind)).toContain("failover");
    expect(result.annotations.some((a) => a.request === "summarize" && a.status === "answered")).toBe(true);
    expect(result.summary.tier1DownMinutes).toBeGreaterThan(0);
    expect(result.kpis.map((k) => k.service)).toEqual(["svc-payments", "svc-reporting"]);
  });

  it("is deterministic for a seed", async () => {
    const a = await runScenario(dbCrash({ supervisor: { kind: "none" } }), { graph: miniBank() as never });
    const b = await runScenario(dbCrash({ supervisor: { kind: "none" } }), { graph: miniBank() as never });
    expect(Array.from(a.metrics.series("latency_ms", "svc-payments"))).toEqual(Array.from(b.metrics.series("latency_ms", "svc-payments")));
    expect(a.alerts).toEqual(b.alerts);
    expect(a.summary).toEqual(b.summary);
  });

  it("never waits for a slow supervisor: the run ends, late answers are recorded as missed", async () => {
    const heuristic = new HeuristicSupervisor();
    const slow: Supervisor = {
      name: "heuristic",
      summarize: (s, o) => new Promise((r) => setTimeout(() => r(heuristic.summarize(s, o)), 2000)),
      diagnose: (i, o) => new Promise((r) => setTimeout(() => r(heuristic.diagnose(i, o)), 2000)),
      proposeActions: (i, o) => new Promise((r) => setTimeout(() => r(heuristic.proposeActions(i, o)), 2000)),
      generateWhatIfs: (c, n, o) => heuristic.generateWhatIfs(c, n, o),
      usage: () => heuristic.usage(),
    } as Supervisor;
    const result = await runScenario(dbCrash({ supervisor: { kind: "heuristic", deadlineMs: 50 } }), { graph: miniBank() as never, supervisor: slow });
    expect(result.twin.steps).toBe(14 * 60);
    expect(result.annotations.length).toBeGreaterThan(0);
    // Late answers are never dropped: the heuristic answers them, marked as a fallback after the missed deadline.
    expect(result.annotations.every((a) => a.status === "answered" && a.fallback === "missed_deadline" && a.supervisor === "heuristic")).toBe(true);
    expect(result.warnings.some((w) => w.includes("missed"))).toBe(true);
  });
});

describe("windowed facts in a run", () => {
  it("a 30-minute average reads the last 30 one-minute steps, whatever the longest default window", async () => {
    const rules = { rules: [{ name: "BusyHalfHour", conditions: { all: [{ fact: "cpu", params: { window: "30m", stat: "avg" }, operator: "greaterThan", value: 0.3 }] }, event: { type: "alert" }, scope: { kinds: ["database"] } }] };
    const result = await runScenario(dbCrash({ faults: [], supervisor: { kind: "none" }, rules }), { graph: miniBank() as never });
    const alert = result.alerts.find((a) => a.node === "pay-db-1")!;
    expect(alert).toBeDefined();
    const step = alert.activeAt / 60;
    // Rules read what monitoring records (the default realism's observed series), skipping scrape gaps as a window does.
    const cpu = Array.from(result.metrics.series("cpu", "pay-db-1")).slice(step - 29, step + 1).filter((x) => x === x);
    const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    expect(alert.values["cpu[30m:avg]"]).toBeCloseTo(mean, 5);
    expect(mean).toBeGreaterThan(0.3);
  });
});
