import { describe, expect, it } from "vitest";
import { loadDefaultRules, parseRuleSet } from "../../lib/rules";
import { backtestScenario, groundTruthLabels, runScenario } from "../../lib/scenarios";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "./fixtures";
import { classicRules } from "../rules/fixtures";

describe("backtestScenario()", () => {
  it("labels every injected fault and scores the default pack on a day with two incidents", async () => {
    const scenario = dbCrash({
      horizon: "1d",
      supervisor: { kind: "none" },
      faults: [
        { kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "40m" },
        { kind: "node_crash", target: "srv-3", at: "15:00", duration: "30m" },
      ],
    });
    const result = await runScenario(scenario, { graph: miniBank() as never });
    const labels = groundTruthLabels(result.groundTruth, { horizon: result.twin.horizon });
    expect(labels.map((l) => [l.node, l.start, l.end, l.kind])).toEqual([
      ["pay-db-1", 36000, 38400, "database_crash"],
      ["srv-3", 54000, 55800, "node_crash"],
    ]);
    const report = backtestScenario(result, loadDefaultRules());
    expect(report.windows).toBe(2);
    expect(report.detected).toBeGreaterThanOrEqual(1);
    expect(report.recall).toBeGreaterThan(0);
    expect(report.detectionDelay!.mean).toBeLessThan(600);
    // A rule that cannot fire detects nothing.
    const silent = parseRuleSet({ name: "silent", rules: [{ name: "Never", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 2 }] }, event: { type: "alert" } }] });
    expect(backtestScenario(result, silent).recall).toBe(0);
  });
});

describe("graphRuleTopology()", () => {
  it("answers the rules' graph questions without a twin, so recorded telemetry can be scored against labels on upstream nodes", async () => {
    const { graphRuleTopology } = await import("../../lib/scenarios");
    const { backtest, timelineFromStore } = await import("../../lib/rules");
    const topology = graphRuleTopology(miniBank() as never);
    expect(topology.dependsOn("report-app", "srv-5")).toBe(true);
    expect(topology.dependsOn("report-app", "sw-c")).toBe(true);
    expect(topology.dependsOn("pay-api-1", "report-app")).toBe(false);
    expect(topology.servicesOf("pay-db-1")).toContain("svc-payments");
    // A partition labelled on the switch is detected by alerts on what sits behind it only when the topology is known.
    const scenario = dbCrash({ supervisor: { kind: "none" }, faults: [{ kind: "network_outage", target: "sw-c", at: "02:00", duration: "30m" }] });
    const result = await runScenario(scenario, { graph: miniBank() as never });
    const labels = groundTruthLabels(result.groundTruth, { horizon: result.twin.horizon });
    // The pre-NetworkDeviceDown pack: it sees the partition only through what sits behind the switch.
    const rules = classicRules();
    const blind = backtest(rules, { timeline: timelineFromStore(result.metrics), labels });
    const aware = backtest(rules, { timeline: timelineFromStore(result.metrics, { topology }), labels, topology });
    expect(aware.detected).toBe(1);
    expect(aware.recall).toBeGreaterThan(blind.recall ?? 0);
  });
});
