// Backtests: precision, recall, F1, detection delay and alerts per day against labelled windows; comparisons.
import { describe, expect, it } from "vitest";
import { backtest, backtestAsync, backtestMarkdown, compareBacktests, comparisonMarkdown, loadDefaultRules, parseRuleSet, ruleSetToJson, tableFacts, timelineFromLongCsv, timelineFromSteps } from "../../lib/rules";
import { classicRules, estateCsv, estateLabels, estateTopology } from "./fixtures";

function candidateSet() {
  const json = ruleSetToJson(classicRules());
  const latency = json.rules.find((r) => r.name === "HighLatency")!;
  latency.for = "3m";
  return parseRuleSet({ ...json, name: "candidate" });
}

describe("backtest()", () => {
  it("scores the default pack on recorded telemetry against labelled windows", () => {
    const result = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels, topology: estateTopology });
    expect(result.episodes.map((e) => [e.kind, e.alertId, e.firedAt, e.notifiedAt])).toEqual([
      ["true_positive", "DatabaseDown/db/1200", 1230, 1230],
      // Inhibited by DatabaseDown while the database is down, notified when it comes back.
      ["true_positive", "HighLatency/app/1200", 1260, 1800],
      ["false_positive", "HighLatency/other/3000", 3060, 3060],
    ]);
    expect(result).toMatchObject({
      steps: 240,
      start: 0,
      end: 7170,
      alerts: 3,
      truePositives: 2,
      falsePositives: 1,
      suppressed: 0,
      windows: 2,
      detected: 1,
      missed: 1,
      precision: 2 / 3,
      recall: 0.5,
      detectionDelay: { mean: 30, median: 30, p95: 30, max: 30 },
      alertsPerDay: 36,
    });
    expect(result.f1).toBeCloseTo(4 / 7, 12);
    expect(result.outcomes.map((o) => [o.kind, o.window.node])).toEqual([["detected", "db"], ["missed", "app"]]);
    expect(result.perKind).toEqual([
      { kind: "database_crash", windows: 1, detected: 1, recall: 1 },
      { kind: "memory_leak", windows: 1, detected: 0, recall: 0 },
    ]);
    expect(result.perRule.find((r) => r.rule === "HighLatency")).toEqual({ rule: "HighLatency", alerts: 2, truePositives: 1, falsePositives: 1, windowsDetected: 1, precision: 0.5, meanDelay: 600 });
    expect(result.incidents.length).toBeGreaterThan(0);
  });

  it("counts alerts on dependents only with a topology, and inhibited alerts only when asked", () => {
    const noTopology = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels });
    expect(noTopology.episodes.find((e) => e.node === "app")).toMatchObject({ kind: "false_positive", notifiedAt: 1260 });
    const counted = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels, topology: estateTopology, countInhibited: true });
    expect(counted.perRule.find((r) => r.rule === "HighLatency")!.meanDelay).toBe(60);
  });

  it("does not credit an alert that fires after the window's end plus grace", () => {
    const late = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: [{ node: "other", start: 2000, end: 2700 }], grace: "5m" });
    expect(late.detected).toBe(0);
    const graceful = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: [{ node: "other", start: 2000, end: 2700 }], grace: "10m" });
    expect(graceful.outcomes).toMatchObject([{ kind: "detected", delay: 1060 }]);
  });

  it("gives null ratios when they are undefined", () => {
    const quiet = timelineFromSteps([0, 30].map((time) => ({ time, facts: tableFacts([{ id: "a", kind: "server", cpu: 0.1 }]) })));
    expect(backtest(classicRules(), { timeline: quiet, labels: [] })).toMatchObject({ alerts: 0, precision: null, recall: null, f1: null, detectionDelay: null });
  });

  it("names bad inputs", () => {
    expect(() => backtest(classicRules(), { timeline: 5 as never, labels: [] })).toThrow("backtest: expected options.timeline to be a Timeline");
    expect(() => backtest(classicRules(), { timeline: timelineFromSteps([]), labels: [], grace: "5 mins" })).toThrow('backtest: expected options.grace to be a duration such as "5m" but found "5 mins".');
    expect(() => backtest(classicRules(), { timeline: timelineFromSteps([]), labels: [{ node: "a" }] })).toThrow(/backtest: 2 problems in labels/);
  });
});

describe("backtestAsync()", () => {
  it("matches backtest() and runs rule sets that need json-rules-engine", async () => {
    const sync = backtest(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels, topology: estateTopology });
    const reference = await backtestAsync(classicRules(), { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels, topology: estateTopology, evaluator: "json-rules-engine" });
    expect(reference.episodes).toEqual(sync.episodes);
    expect(reference.f1).toBe(sync.f1);
  });
});

describe("compareBacktests()", () => {
  it("puts two rule sets side by side and says which is better on each metric", () => {
    const timeline = () => timelineFromLongCsv(estateCsv());
    const production = backtest(classicRules(), { timeline: timeline(), labels: estateLabels, topology: estateTopology });
    const candidate = backtest(candidateSet(), { timeline: timeline(), labels: estateLabels, topology: estateTopology });
    const comparison = compareBacktests(production, candidate);
    expect(comparison.a).toBe("default");
    expect(comparison.b).toBe("candidate");
    const precision = comparison.rows.find((r) => r.metric === "precision")!;
    expect(precision).toMatchObject({ a: 2 / 3, b: 1, better: "b" });
    expect(precision.delta).toBeCloseTo(1 / 3, 12);
    expect(comparison.rows.find((r) => r.metric === "recall")).toMatchObject({ better: "same" });
    expect(comparison.rows.find((r) => r.metric === "alerts per day")).toMatchObject({ a: 36, b: 24, better: "b" });
    expect(comparison.warnings).toEqual([]);
    expect(comparisonMarkdown(comparison)).toContain("| precision | 0.667 | 1 | 0.333 | candidate |");
    expect(backtestMarkdown(candidate)).toContain("| HighLatency | 1 | 1 | 0 | 1 | 1 | 600 |");
  });
});
