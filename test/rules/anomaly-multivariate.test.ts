// The multivariate anomaly fact (isolation_forest over several metrics of a node) and the detectors' feeding cadence.
import { describe, expect, it } from "vitest";
import { MetricsStore } from "../../lib/metrics";
import { AnomalyFactSource, backtest, parseRuleSet, timelineFromStore, toPrometheusRules, type RuleSetJson } from "../../lib/rules";
import { DAY_POINTS, seasonalSeries } from "../analytics/series";

const CHANGE_AT = 3 * DAY_POINTS + 150;

/** Two nodes, five weekdays of 5-minute cpu and latency that move together; on node "b" latency triples from CHANGE_AT while cpu stays. */
function store(): MetricsStore {
  const nodes = ["a", "b"];
  const series = nodes.map((n) => seasonalSeries(`multi-${n}`, { days: 5, level: 0.3, amplitude: 0.2, noise: 0.01 }));
  const s = new MetricsStore({ nodes, kinds: ["application", "application"], metrics: ["cpu", "latency_ms"], stepSeconds: 300, startTime: series[0].times[0], precision: "float64" });
  for (let i = 0; i < series[0].times.length; i++) {
    const cpu = Float64Array.from(series, (x) => x.values[i]);
    // Latency follows cpu (queueing), so each metric alone keeps its usual range; only the pair is unusual on "b".
    const latency = Float64Array.from(series, (x, v) => 40 + 200 * x.values[i] * (v === 1 && i >= CHANGE_AT ? 2.2 : 1));
    s.append(series[0].times[i], [cpu, latency]);
  }
  return s;
}

const rule = (params: Record<string, unknown>, forDuration = "10m"): RuleSetJson => ({
  name: "multivariate",
  rules: [{ name: "NodeUnusual", for: forDuration, conditions: { all: [{ fact: "anomaly", params, operator: "greaterThanInclusive", value: 0.5 }] }, event: { type: "alert" } }],
});

describe("the multivariate anomaly fact", () => {
  it("parses {metrics, detector: isolation_forest} into one key and rejects mixed or short forms with the field named", () => {
    const set = parseRuleSet(rule({ metrics: ["cpu", "latency_ms"], detector: "isolation_forest" }));
    expect(set.rules[0].facts[0].key).toBe("anomaly[cpu+latency_ms:isolation_forest]");
    expect(() => parseRuleSet(rule({ metric: "cpu", detector: "isolation_forest" }))).toThrow(/give "metrics": \["cpu", "latency_ms"\]/);
    expect(() => parseRuleSet(rule({ metrics: ["cpu"], detector: "isolation_forest" }))).toThrow(/at least two distinct numeric facts.*\["cpu"\]/);
    expect(() => parseRuleSet(rule({ metrics: ["cpu", "latency_ms"], detector: "ensemble" }))).toThrow(/needs a multivariate detector \(isolation_forest\), not "ensemble"/);
    expect(() => parseRuleSet(rule({ metric: "cpu", metrics: ["cpu", "latency_ms"] }))).toThrow(/not both/);
  });

  // The forest flags the change when it starts (its features adapt within hours), so the rule has no `for`; its first
  // fit (256 points) has not seen a whole day, so the other node is judged after two days of learning.
  it("a backtest finds the node whose latency left its usual relation to cpu, and raises nothing on the other once learned", () => {
    const s = store();
    const labels = [{ node: "b", start: s.times[CHANGE_AT], end: s.times[CHANGE_AT] + 6 * 3600 }];
    const result = backtest(parseRuleSet(rule({ metrics: ["cpu", "latency_ms"] }, "0s")), { timeline: timelineFromStore(s), labels });
    expect(result.detected).toBe(1);
    expect(result.episodes.filter((e) => e.node === "b" && e.firedAt >= s.times[CHANGE_AT]).length).toBeGreaterThan(0);
    expect(result.episodes.filter((e) => e.node === "a" && e.firedAt >= s.times[2 * DAY_POINTS])).toEqual([]);
  }, 120_000);

  it("the Prometheus export lists it as not expressible, naming the detector and the metrics", () => {
    const out = toPrometheusRules(parseRuleSet(rule({ metrics: ["cpu", "latency_ms"], detector: "isolation_forest" })), { stepSeconds: 60 });
    expect(out.exported).toEqual([]);
    expect(out.skipped).toEqual([{ rule: "NodeUnusual", reason: expect.stringContaining('"isolation_forest" over cpu, latency_ms keeps a fitted forest PromQL cannot express') }]);
  });
});

describe("AnomalyFactSource cadence", () => {
  it("feeds detectors every `everySeconds` with the mean since the last feed, and holds scores in between", () => {
    const a = seasonalSeries("cadence", { days: 1, level: 0.3, amplitude: 0.2, noise: 0.05 });
    // One-minute steps: five per five-minute feed.
    const s = new MetricsStore({ nodes: ["a"], kinds: ["server"], metrics: ["cpu"], stepSeconds: 60, startTime: 0, precision: "float64" });
    for (let i = 0; i < 600; i++) s.append(i * 60, [Float64Array.of(a.values[i % a.values.length])]);
    const params = { metric: "cpu", detector: "windowed_gaussian", options: { window: 20 } };
    const scores: number[] = [];
    let source: AnomalyFactSource | undefined;
    for (const step of timelineFromStore(s, { lookback: 0 })) {
      source ??= new AnomalyFactSource(step.facts);
      source.watch(params);
      source.push(step.time, step.facts);
      scores.push(source.accessor("anomaly", { window: 0, stat: "avg", anomaly: params })!(0) as number);
    }
    for (let i = 1; i < scores.length; i++) if (i % 5 !== 0) expect(scores[i]).toBe(scores[i - 1]);
    const state = source!.detector("a", params)!.toJSON().state as { filled?: number; count?: number };
    expect(JSON.stringify(state)).not.toBe("{}");
    expect(() => new AnomalyFactSource(source!, { everySeconds: -1 })).toThrow(/AnomalyFactSource.*options.everySeconds.*-1/);
  });
});
