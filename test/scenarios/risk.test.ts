import { describe, expect, it } from "vitest";
import { utilisationBaseline, type NodeRiskPredictor } from "../../lib/gnn";
import { parseRuleSet } from "../../lib/rules";
import { runScenario } from "../../lib/scenarios";
import { contextNode, stateInput } from "../../lib/scenarios/supervision";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "./fixtures";

const riskRule = parseRuleSet({
  name: "risk",
  rules: [
    {
      name: "FailureLikely",
      severity: "warning",
      for: "10m",
      scope: { kinds: ["application", "database", "server", "vm"] },
      conditions: { all: [{ fact: "risk", operator: "greaterThan", value: 0.6 }] },
      annotations: { summary: "{{ node }} is likely to fail soon" },
    },
  ],
});

describe("runScenario({ risk })", () => {
  it("feeds a risk model's predictions to the `risk` fact and keeps the trace", async () => {
    const scenario = dbCrash({ horizon: "6h", faults: [{ kind: "cpu_hog", target: "pay-api-1", at: "02:00", duration: "1h" }], supervisor: { kind: "none" } });
    const result = await runScenario(scenario, { graph: miniBank() as never, ruleSet: riskRule, risk: { predictor: utilisationBaseline(), everyMinutes: 5 } });
    const fired = result.alerts.filter((a) => a.rule === "FailureLikely" && (a.kind === "firing" || a.kind === "resolved"));
    expect(fired.map((a) => a.node)).toContain("pay-api-1");
    const first = Math.min(...fired.filter((a) => a.node === "pay-api-1").map((a) => a.activeAt ?? Infinity));
    expect(first).toBeGreaterThanOrEqual(2 * 3600);
    expect(result.risk!.times).toHaveLength(6 * 12);
    expect(result.risk!.predictor).toBe("utilisation-threshold");
    const i = result.risk!.nodes.indexOf("pay-api-1");
    const during = result.risk!.values[result.risk!.times.indexOf(2.5 * 3600)][i];
    const before = result.risk!.values[result.risk!.times.indexOf(1.5 * 3600)][i];
    expect(during).toBeGreaterThan(0.6);
    expect(before).toBeLessThan(0.6);
  }, 60_000);

  it("passes the latest risks to the supervisor: on context nodes, as the state's at-risk list, in the summary", async () => {
    const scenario = dbCrash({ horizon: "3h", faults: [{ kind: "cpu_hog", target: "pay-api-1", at: "01:00", duration: "3h" }] });
    const result = await runScenario(scenario, { graph: miniBank() as never, ruleSet: riskRule, risk: { predictor: utilisationBaseline(), everyMinutes: 5 } });
    const twin = result.twin;
    const v = twin.topology.indexOf.get("pay-api-1")!;
    const last = result.risk!.values.at(-1)![result.risk!.nodes.indexOf("pay-api-1")];
    expect(contextNode(twin, v).risk).toBeCloseTo(last, 3);
    const state = stateInput(twin, result.ruleEngine);
    expect(state.atRisk![0]).toMatchObject({ id: "pay-api-1", kind: "application" });
    expect(state.atRisk!.length).toBeLessThanOrEqual(5);
    const summary = result.annotations.find((a) => a.request === "summarize" && a.status === "answered");
    expect(JSON.stringify(summary!.answer)).toContain("pay-api-1 (" + last.toFixed(2) + ")");
  }, 60_000);

  it("sends no risk without a model", async () => {
    const result = await runScenario(dbCrash({ horizon: "1h", faults: [] }), { graph: miniBank() as never, ruleSet: riskRule });
    expect(stateInput(result.twin, result.ruleEngine).atRisk).toBeUndefined();
    expect(contextNode(result.twin, 0).risk).toBeUndefined();
  });

  it("leaves the fact empty without a model, so risk rules stay silent", async () => {
    const scenario = dbCrash({ horizon: "2h", faults: [], supervisor: { kind: "none" } });
    const result = await runScenario(scenario, { graph: miniBank() as never, ruleSet: riskRule });
    expect(result.alerts).toHaveLength(0);
    expect(result.risk).toBeUndefined();
  });

  it("names a bad predictor", async () => {
    await expect(runScenario(dbCrash({ horizon: "1h", faults: [] }), { graph: miniBank() as never, risk: { predictor: {} as NodeRiskPredictor } })).rejects.toThrow("options.risk.predictor");
  });
});
