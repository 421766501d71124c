import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MetricsStore } from "../../lib/metrics";
import { backtest, backtestAsync, factKey, parseRuleSet, promote, rulePackAlarms, timelineFromStore, toPrometheusRules, type RuleSetJson } from "../../lib/rules";
import { DAY_POINTS, seasonalSeries, withShift } from "../analytics/series";

const SHIFT_AT = 9 * DAY_POINTS + 150;

/** Two nodes, 12 days of 5-minute cpu (0..1); node "b" shifts up by 0.25 at SHIFT_AT. */
function store(): MetricsStore {
  const a = seasonalSeries("rules-a", { days: 12, level: 0.3, amplitude: 0.2, noise: 0.01 });
  const b = withShift(seasonalSeries("rules-b", { days: 12, level: 0.3, amplitude: 0.2, noise: 0.01 }), SHIFT_AT, 0.25);
  const s = new MetricsStore({ nodes: ["a", "b"], kinds: ["server", "server"], metrics: ["cpu"], stepSeconds: 300, startTime: a.times[0], precision: "float64" });
  for (let i = 0; i < a.times.length; i++) s.append(a.times[i], [Float64Array.of(a.values[i], b.values[i])]);
  return s;
}

const anomalyRule = (detector: string, forDuration = "10m"): RuleSetJson => ({
  name: `anomaly-${detector}`,
  rules: [
    {
      name: "CpuAnomalous",
      for: forDuration,
      conditions: { all: [{ fact: "anomaly", params: { metric: "cpu", detector }, operator: "greaterThanInclusive", value: 0.5 }] },
      event: { type: "alert" },
    },
  ],
});

describe("the anomaly fact", () => {
  const s = store();
  const times = s.times;
  const labels = [{ node: "b", start: times[SHIFT_AT], end: times[SHIFT_AT] + 6 * 3600 }];
  const dir = mkdtempSync(join(tmpdir(), "anomaly-facts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("parses {metric, detector} params into a distinct key and rejects bad ones with the field named", () => {
    const set = parseRuleSet(anomalyRule("ensemble"));
    expect(set.rules[0].facts[0].key).toBe("anomaly[cpu:ensemble]");
    expect(set.rules[0].engine).toBe("compiled");
    expect(factKey("anomaly", { window: 0, stat: "avg", anomaly: { metric: "latency_ms", detector: "robust_z" } })).toBe("anomaly[latency_ms:robust_z]");
    expect(() => parseRuleSet(anomalyRule("isolation"))).toThrow(/unknown detector "isolation"; expected one of robust_z.*\$.rules\[0\].conditions.all\[0\].params/s);
    expect(() => parseRuleSet({ name: "x", rules: [{ name: "r", conditions: { all: [{ fact: "anomaly", params: { detector: "ensemble" }, operator: "greaterThan", value: 0.5 }] }, event: { type: "a" } }] })).toThrow(/need a "metric"/);
  });

  it("a backtest with an anomaly rule detects the level shift with `for`, on the compiled evaluator and json-rules-engine alike", async () => {
    const set = parseRuleSet(anomalyRule("ensemble"));
    const compiled = backtest(set, { timeline: timelineFromStore(s), labels });
    const reference = await backtestAsync(set, { timeline: timelineFromStore(s), labels, evaluator: "json-rules-engine" });
    expect(compiled.detected).toBe(1);
    expect(compiled.alerts).toBe(reference.alerts);
    expect(compiled.detected).toBe(reference.detected);
    expect(compiled.episodes.map((e) => [e.node, e.firedAt])).toEqual(reference.episodes.map((e) => [e.node, e.firedAt]));
    // `for` holds the alert back: it fires at least 10 minutes after it became active.
    for (const e of compiled.episodes) expect(e.firedAt - e.activeAt).toBeGreaterThanOrEqual(600);
  }, 120_000);

  it("an anomaly rule backtested against a threshold rule: the detector finds the shift the threshold misses", () => {
    const threshold = parseRuleSet({ name: "threshold", rules: [{ name: "CpuHigh", for: "10m", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.9 }] }, event: { type: "alert" } }] });
    const anomaly = parseRuleSet(anomalyRule("ensemble"));
    expect(backtest(threshold, { timeline: timelineFromStore(s), labels }).detected).toBe(0);
    const result = backtest(anomaly, { timeline: timelineFromStore(s), labels });
    expect(result.detected).toBe(1);
    const decision = promote(result, { production: backtest(threshold, { timeline: timelineFromStore(s), labels }), thresholds: { minRecall: 1 }, dir });
    expect(decision.kind).toBe("promoted");
  }, 120_000);

  it("rulePackAlarms scores a rule set on one series point by point", () => {
    const b = withShift(seasonalSeries("rules-b", { days: 12, level: 0.3, amplitude: 0.2, noise: 0.01 }), SHIFT_AT, 0.25);
    const alarms = rulePackAlarms(parseRuleSet(anomalyRule("ensemble")), b.times, b.values, { metric: "cpu" });
    expect(alarms.length).toBe(b.times.length);
    expect(Math.max(...alarms.subarray(SHIFT_AT, SHIFT_AT + 24))).toBe(1);
    expect(Math.max(...alarms.subarray(0, SHIFT_AT))).toBe(0);
  }, 60_000);

  it("the Prometheus export writes windowed_gaussian as avg_over_time/stddev_over_time and says why others are not expressible", () => {
    const set = parseRuleSet({
      name: "export",
      rules: [
        { name: "Gaussian", conditions: { all: [{ fact: "anomaly", params: { metric: "cpu", detector: "windowed_gaussian", options: { window: 60 } }, operator: "greaterThan", value: 0.5 }] }, event: { type: "a" } },
        { name: "Ensemble", conditions: { all: [{ fact: "anomaly", params: { metric: "cpu", detector: "ensemble" }, operator: "greaterThan", value: 0.5 }] }, event: { type: "a" } },
      ],
    });
    const out = toPrometheusRules(set, { stepSeconds: 60 });
    expect(out.exported.map((e) => e.rule)).toEqual(["Gaussian"]);
    expect(out.exported[0].expr).toContain("avg_over_time(cpu");
    expect(out.exported[0].expr).toContain("stddev_over_time(cpu");
    expect(out.exported[0].expr).toContain("[3600s] offset 60s");
    expect(out.exported[0].expr).toMatch(/> 4$/);
    expect(out.skipped).toEqual([{ rule: "Ensemble", reason: expect.stringContaining('anomaly detector "ensemble" keeps state PromQL cannot') }]);
  });
});
