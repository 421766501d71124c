// The differential test: `promtool test rules` (the real Prometheus 2.42 rule engine) on the exported rule pack, fed a twin run, must fire exactly the alerts infratwin's lifecycle fires.
import { describe, expect, it } from "vitest";
import { createRuleEngine, loadDefaultRules, parseRuleSet, timelineFromLongCsv, toPrometheusRules, windowBoundaryFor, type TimelineNode } from "../../lib/rules";
import { runScenario } from "../../lib/scenarios";
import { paymentsEstate } from "../graph/fixtures";
import { expectedAlerts, promtoolSeries, runPromtoolTest, skipWithoutPromtool, withoutAnnotations } from "./promtool-input";

const METRICS = ["cpu", "ram", "disk", "latency_ms", "error_rate", "status", "replication_lag_s"];

let run: ReturnType<typeof runOnce> | undefined;
/** The twin run, computed once for the file. */
const twinRun = () => (run ??= runOnce());

/** A 3-hour run of the payments estate at 1-minute steps with a CPU hog, a database crash and a bad deployment. */
async function runOnce() {
  const graph = paymentsEstate();
  const result = await runScenario(
    {
      name: "promtool-differential",
      seed: 3,
      horizon: "3h",
      step: "1m",
      rules: "none",
      supervisor: { kind: "none" },
      faults: [
        { kind: "cpu_hog", target: "srv-1", at: "00:20", duration: "40m", params: { share: 0.95 } },
        { kind: "database_crash", target: "db-p", at: "01:30", duration: "15m" },
        { kind: "bad_deployment", target: "app-fraud", at: "02:10", duration: "20m", params: { errorRate: 0.5 } },
      ],
    },
    { graph },
  );
  const nodes: TimelineNode[] = graph.nodes().map((id) => {
    const a = graph.getNodeAttributes(id);
    return { id, kind: a.kind, tier: a.tier };
  });
  return { store: result.metrics, nodes };
}

/** Minute samples of one node's CPU: 0 at 0 s, then 0.95: a 10-minute average at 600 s is 0.95 over (0, 600] but 0.86 over [0, 600]. */
function windowEdge() {
  const rows = ["time,node,metric,value,kind", ...Array.from({ length: 16 }, (_, i) => `${i * 60},a,cpu,${i === 0 ? 0 : 0.95},server`)];
  const timeline = timelineFromLongCsv(rows.join("\n"));
  const ruleSet = parseRuleSet([{ name: "WindowEdge", severity: "warning", conditions: { all: [{ fact: "cpu", params: { window: "10m", stat: "avg" }, operator: "greaterThan", value: 0.9 }] } }]);
  return { timeline, store: timeline.store, ruleSet, nodes: [{ id: "a", kind: "server" }] as TimelineNode[] };
}

describe("promtool test rules on the exported pack, against infratwin's alert lifecycle", () => {
  it.skipIf(skipWithoutPromtool())("the default pack on a twin run: promtool fires the same alerts as infratwin at every 1-minute evaluation", async () => {
    const { store, nodes } = await twinRun();
    const ruleSet = loadDefaultRules();
    const exported = toPrometheusRules(ruleSet, { windowBoundary: windowBoundaryFor(2) });
    expect(exported.skipped).toEqual([]);
    const cases = expectedAlerts(ruleSet, store, nodes);
    // The run must exercise the lifecycle, not compare two silences: several rules fire, for, keep_firing_for and windows included.
    const fired = new Set(cases.filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname));
    expect([...fired].sort()).toEqual(expect.arrayContaining(["ApplicationDown", "DatabaseDown", "HighCpu", "HighErrorRate", "HighLatency", "Tier1ServiceDown"]));
    expect(cases.length).toBe(store.recordedSteps * ruleSet.rules.length);
    const result = runPromtoolTest(withoutAnnotations(exported.yaml), { stepSeconds: 60, series: promtoolSeries(store, nodes, METRICS), cases });
    expect(result.status, result.output.slice(0, 4000)).toBe(0);
    expect(result.output).toContain("SUCCESS");
  }, 180_000);

  it.skipIf(skipWithoutPromtool())("a changed expectation fails promtool (the comparison can fail)", async () => {
    const { store, nodes } = await twinRun();
    const ruleSet = loadDefaultRules();
    const cases = expectedAlerts(ruleSet, store, nodes);
    const firing = cases.findIndex((c) => c.exp_alerts.length > 0);
    const tampered = cases.map((c, i) => (i === firing ? { ...c, exp_alerts: [] } : c));
    const result = runPromtoolTest(withoutAnnotations(toPrometheusRules(ruleSet).yaml), { stepSeconds: 60, series: promtoolSeries(store, nodes, METRICS), cases: tampered });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(cases[firing].alertname);
  }, 180_000);
});

describe("the window boundary of the export", () => {
  it("infratwin's windows are left-open (t - w, t]: the sample at t - 10m is outside the 10-minute window", () => {
    const { timeline, ruleSet } = windowEdge();
    const engine = createRuleEngine(ruleSet);
    const firingAt: number[] = [];
    for (const { time, facts } of timeline) {
      engine.evaluate(time, facts);
      if (engine.alerts().some((a) => a.kind === "firing")) firingAt.push(time);
    }
    // At 600 s the window (0, 600] holds ten samples of 0.95; a closed [0, 600] would add the 0 and miss the threshold.
    expect(firingAt[0]).toBe(600);
  });

  it('"left-open" (Prometheus 3.x) writes the range as the rule says; "closed" (2.x, the default) writes it 1 ms short', () => {
    const { ruleSet } = windowEdge();
    expect(toPrometheusRules(ruleSet, { windowBoundary: windowBoundaryFor(3) }).exported[0].expr).toBe("avg_over_time(cpu[10m]) > 0.9");
    expect(toPrometheusRules(ruleSet).exported[0].expr).toBe("avg_over_time(cpu[9m59s999ms]) > 0.9");
    expect(toPrometheusRules(ruleSet).windowBoundary).toBe("closed");
    expect(toPrometheusRules(ruleSet, { windowBoundary: "left-open" }).yaml).toContain("Prometheus 3.x (left-open ranges (t - r, t])");
    expect(() => toPrometheusRules(ruleSet, { windowBoundary: "open" as never })).toThrow(/toPrometheusRules: .*options\.windowBoundary.*"open"/);
    expect(() => windowBoundaryFor(1)).toThrow(/windowBoundaryFor: .*prometheusVersion/);
  });

  it.skipIf(skipWithoutPromtool())("on promtool 2.42 the closed export matches infratwin at the window's edge, and the 3.x form does not", () => {
    const { store, ruleSet, nodes } = windowEdge();
    const cases = expectedAlerts(ruleSet, store, nodes);
    expect(cases.find((c) => c.eval_time === "600s")?.exp_alerts).toHaveLength(1);
    const run = (boundary: "closed" | "left-open") =>
      runPromtoolTest(toPrometheusRules(ruleSet, { windowBoundary: boundary }).yaml, { stepSeconds: 60, series: promtoolSeries(store, nodes, ["cpu"]), cases });
    const closed = run("closed");
    expect(closed.status, closed.output).toBe(0);
    // Prometheus 2.x's closed [t - 10m, t] takes in the 0 at 0 s, so at 600 s nothing fires: the 3.x form is wrong on 2.x.
    const leftOpen = run("left-open");
    expect(leftOpen.status).not.toBe(0);
    expect(leftOpen.output).toMatch(/alertname: WindowEdge, time: 10m,[\s\S]*got:\[\]/);
  });
});
