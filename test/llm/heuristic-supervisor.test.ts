// The offline supervisor's judgement: root causes from topology, the playbook per fault, summaries and generated what-ifs.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ValidationError } from "../../lib/errors";
import { HeuristicSupervisor, rankRootCauses } from "../../lib/llm";
import type { Action, IncidentInput } from "../../lib/llm";
import { supervisorSpecs } from "./supervisor-specs";
import { badDeployment, calmState, databaseOutage, memoryLeak, outageState, routerOutage, saturatedApp, whatIfContext } from "./fixtures";

const supervisor = new HeuristicSupervisor();

function withoutStandby(incident: IncidentInput): IncidentInput {
  return {
    ...incident,
    context: { nodes: incident.context.nodes.map((n) => (n.id === "db-core-1" ? { ...n, standby: undefined, redundancyGroup: undefined } : n)) },
  };
}

describe("HeuristicSupervisor.diagnose()", () => {
  it("`diagnose()` ranks the failed database shared by every alerting node first", async () => {
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(diagnosis.incidentId).toBe("inc-db");
    expect(diagnosis.time).toBe(3700);
    const [top, second] = diagnosis.candidates;
    expect(top.node).toBe("db-core-1");
    expect(top.confidence).toBeGreaterThan(second.confidence);
    expect(top.evidence.join("\n")).toMatch(/DatabaseDown/);
    expect(top.evidence.join("\n")).toMatch(/3 of 4 alerting nodes depend on it/);
    expect(top.evidence.join("\n")).toMatch(/nothing it depends on looked unhealthy at \d\d:\d\d:\d\d/);
  });

  it("`diagnose()` prefers the most upstream failure over the nodes it drags down", async () => {
    const diagnosis = await supervisor.diagnose(routerOutage());
    expect(diagnosis.candidates[0].node).toBe("core-router-1");
    const srv = diagnosis.candidates.find((c) => c.node === "srv-1");
    expect(srv?.evidence).toContain("depends on unhealthy core-router-1");
  });

  it("`diagnose()` does not blame a healthy component just because everything depends on it", async () => {
    const diagnosis = await supervisor.diagnose(databaseOutage());
    const router = diagnosis.candidates.find((c) => c.node === "core-router-1");
    expect(router === undefined || router.confidence < 0.2).toBe(true);
  });

  it("`diagnose()` blends the graph module's root candidates into the ranking, with their reason as evidence", async () => {
    const incident = { ...badDeployment(), rootCandidates: [{ node: "srv-1", score: 1, reason: "hosts every alerting node" }] };
    const plain = await supervisor.diagnose(badDeployment());
    const blended = await supervisor.diagnose(incident);
    const before = plain.candidates.find((c) => c.node === "srv-1")?.confidence ?? 0;
    const after = blended.candidates.find((c) => c.node === "srv-1");
    expect(after?.confidence).toBeGreaterThan(before);
    expect(after?.evidence).toContain("graph analysis: hosts every alerting node (score 1)");
    expect(blended.candidates[0].node).toBe("app-cards-1");
  });

  it("`diagnose()` keeps an alerting node that the context does not describe", async () => {
    const incident = badDeployment();
    incident.alerts.push({ rule: "UpstreamErrors", node: "ext-psp", nodeKind: "application", severity: "warning", since: 8960 });
    const diagnosis = await supervisor.diagnose(incident);
    expect(diagnosis.candidates.map((c) => c.node)).toContain("ext-psp");
  });

  it("`diagnose()` rejects a malformed incident with the path of the problem", async () => {
    const broken = { ...databaseOutage(), alerts: [{ rule: "X", node: 3 }] } as unknown as IncidentInput;
    const error = await supervisor.diagnose(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^HeuristicSupervisor\.diagnose: \d+ problems in incident/);
    expect((error as Error).message).toContain("$.alerts[0].node: expected a string but found 3");
  });
});

describe("HeuristicSupervisor.proposeActions()", () => {
  const first = async (incident: IncidentInput): Promise<Action> => (await supervisor.proposeActions(incident)).actions[0];

  it("`proposeActions()` fails a crashed database over to its standby", async () => {
    expect(await first(databaseOutage())).toMatchObject({ kind: "failover", node: "db-core-1", to: "db-core-2" });
  });

  it("`proposeActions()` restarts a crashed database without standby and asks for a replica", async () => {
    const plan = await supervisor.proposeActions(withoutStandby(databaseOutage()));
    expect(plan.actions.map((a) => a.kind)).toEqual(["restart", "add_replica"]);
    expect(plan.actions[1]).toMatchObject({ node: "db-core-1" });
  });

  it("`proposeActions()` scales out a saturated application", async () => {
    const action = await first(saturatedApp());
    expect(action).toMatchObject({ kind: "scale_out", node: "app-payments-1" });
    expect(action.kind === "scale_out" && action.instances).toBe(1);
  });

  it("`proposeActions()` rolls back an application that fails after a deployment", async () => {
    expect(await first(badDeployment())).toMatchObject({ kind: "rollback", node: "app-cards-1" });
  });

  it("`proposeActions()` reroutes around a failed router through its redundancy peer", async () => {
    expect(await first(routerOutage())).toMatchObject({ kind: "reroute", from: "core-router-1", to: "core-router-2" });
  });

  it("`proposeActions()` restarts a leaking application", async () => {
    expect(await first(memoryLeak())).toMatchObject({ kind: "restart", node: "app-payments-1" });
  });

  it("`proposeActions()` explains every action and names the affected services", async () => {
    const plan = await supervisor.proposeActions(databaseOutage());
    expect(plan.kind).toBe("action_plan");
    for (const action of plan.actions) {
      expect(action.rationale.length).toBeGreaterThan(10);
      expect(action.expectedEffect.length).toBeGreaterThan(10);
    }
    expect(plan.actions[0].expectedEffect).toContain("payments, cards");
  });
});

describe("HeuristicSupervisor.summarize()", () => {
  it("`summarize()` names the unhealthy services, the firing alerts and the likely root", async () => {
    const summary = await supervisor.summarize(outageState());
    expect(summary).toMatchObject({ kind: "summary", supervisor: "heuristic", time: 3700 });
    expect(summary.text).toBe(
      "At 01:01:40 (simulated), 2 of 3 business services are not healthy: payments (degraded), cards (degraded). " +
        "4 alerts are firing (2 critical, 2 warning) on 4 nodes. 1 open incident; the most severe is inc-db (critical), most likely rooted at db-core-1.",
    );
    expect(summary.highlights[0]).toBe("payments (tier 1): degraded, availability 97.12%, p95 2400 ms");
    expect(summary.highlights).toContain("critical: DatabaseDown on db-core-1 since 01:00:00");
  });

  it("`summarize()` says so when all is well", async () => {
    const summary = await supervisor.summarize(calmState());
    expect(summary.text).toBe("At 00:01:00 (simulated), 1 of 1 business services are healthy. No alerts are firing.");
    expect(summary.highlights).toEqual([]);
  });
});

describe("HeuristicSupervisor.generateWhatIfs()", () => {
  it("`generateWhatIfs()` breaks each critical node with the fault that suits its kind, first", async () => {
    const set = await supervisor.generateWhatIfs(whatIfContext(), 3);
    expect(set.kind).toBe("what_ifs");
    expect(set.rejected).toEqual([]);
    expect(set.scenarios.map((s) => s.faults.map((f) => `${f.kind}@${f.target}`))).toEqual([["database_crash@db-core-1"], ["network_outage@core-router-1"], ["network_latency@lb-1"]]);
    expect(set.scenarios[0].faults[0]).toMatchObject({ at: 21_600, duration: 21_600 });
  });

  it("`generateWhatIfs()` continues with a load surge, a leak and N-2 pairs, all distinct", async () => {
    const set = await supervisor.generateWhatIfs(whatIfContext(), 8);
    expect(set.scenarios).toHaveLength(8);
    const names = set.scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(8);
    expect(names).toContain("Load surge x3 on svc-payments");
    expect(names).toContain("Memory leak on app-payments-1");
    expect(names).toContain("N-2: db-core-1 + core-router-1");
  });

  it("`generateWhatIfs()` skips faults the scenario already injects", async () => {
    const context = { ...whatIfContext(), existingFaults: [{ kind: "database_crash", target: "db-core-1" }] };
    const set = await supervisor.generateWhatIfs(context, 1);
    expect(set.scenarios[0].faults[0]).toMatchObject({ kind: "network_outage", target: "core-router-1" });
  });

  it("`generateWhatIfs()` reports proposals of a custom generator that target unknown nodes instead of dropping them", async () => {
    const custom = new HeuristicSupervisor({
      whatIfGenerator: () => [
        { name: "ok", description: "", faults: [{ kind: "node_crash", target: "srv-1", at: 10, duration: 60 }] },
        { name: "bad", description: "", faults: [{ kind: "node_crash", target: "srv-9", at: 10, duration: 60 }] },
      ],
    });
    const set = await custom.generateWhatIfs(whatIfContext(), 2);
    expect(set.scenarios.map((s) => s.name)).toEqual(["ok"]);
    expect(set.rejected).toEqual([{ index: 1, scenario: expect.objectContaining({ name: "bad" }), errors: [{ path: "$.faults[0].target", message: 'node "srv-9" is not in the topology' }] }]);
  });

  it("`generateWhatIfs()` rejects a count that is not a whole number", async () => {
    await expect(supervisor.generateWhatIfs(whatIfContext(), 1.5)).rejects.toThrow(InvalidArgumentError);
    await expect(supervisor.generateWhatIfs(whatIfContext(), -1)).rejects.toThrow("HeuristicSupervisor.generateWhatIfs: expected n to be an integer from 0 to 100 but found -1.");
  });
});

supervisorSpecs("HeuristicSupervisor", async () => ({ supervisor: new HeuristicSupervisor(), close: async () => {} }));

describe("rankRootCauses() with several roots, hosts and time order", () => {
  const node = (id: string, kind: string, status: string, dependsOn: string[] = []) => ({ id, kind, status, dependsOn, dependents: [] });
  const alert = (rule: string, nodeId: string, since: number, inhibited = false) => ({ rule, node: nodeId, nodeKind: "x", severity: "critical", since, ...(inhibited ? { inhibited: true } : {}) });

  it("ranks a crashed host above the VMs and applications it takes down", () => {
    const incident = {
      id: "INC-1",
      time: 600,
      severity: "critical" as const,
      services: [],
      alerts: [alert("HostDown", "srv", 60), alert("InstanceDown", "vm1", 60, true), alert("InstanceDown", "vm2", 60, true), alert("ApplicationDown", "app", 120, true)],
      context: { nodes: [node("srv", "server", "down"), node("vm1", "vm", "down", ["srv"]), node("vm2", "vm", "down", ["srv"]), node("app", "application", "down", ["vm1"])] },
    };
    expect(rankRootCauses(incident).map((c) => c.node).slice(0, 2)).toEqual(["srv", "vm1"]);
  });

  it("ranks a second, independent root right after the first instead of the first one's dependents", () => {
    const incident = {
      id: "INC-2",
      time: 1200,
      severity: "critical" as const,
      services: [],
      alerts: [alert("DatabaseDown", "db", 60), alert("ApplicationDown", "a1", 60, true), alert("ApplicationDown", "a2", 60, true), alert("ApplicationDown", "bad", 900)],
      context: { nodes: [node("db", "database", "down"), node("a1", "application", "down", ["db"]), node("a2", "application", "down", ["db"]), node("bad", "application", "down", ["vm9"]), node("vm9", "vm", "up")] },
    };
    expect(rankRootCauses(incident).map((c) => c.node).slice(0, 2)).toEqual(["db", "bad"]);
  });

  it("blames the busy host beneath a down database rather than the database", () => {
    const incident = {
      id: "INC-3",
      time: 300,
      severity: "critical" as const,
      services: [],
      alerts: [alert("DatabaseDown", "db", 60), alert("HighErrorRate", "app", 120, true)],
      context: { nodes: [{ ...node("srv", "server", "degraded"), cpu: 0.99 }, node("db", "database", "down", ["srv"]), node("app", "application", "degraded", ["db"])] },
    };
    expect(rankRootCauses(incident)[0].node).toBe("srv");
  });
});
