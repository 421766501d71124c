// Export to Prometheus alerting rules.
import { describe, expect, it } from "vitest";
import { classicRules } from "./fixtures";
import { loadDefaultRules, parseRuleSet, toPrometheusRules } from "../../lib/rules";

describe("toPrometheusRules()", () => {
  it("exports the default pack with for, keep_firing_for, scope matchers, labels and translated annotations", () => {
    const out = toPrometheusRules(classicRules(), { windowBoundary: "left-open" });
    expect(out.skipped).toEqual([]);
    expect(out.exported.map((e) => [e.rule, e.expr])).toEqual([
      ["HighCpu", 'cpu{kind=~"server|vm|database|application"} > 0.85'],
      ["HighLatency", 'latency_ms{kind=~"application|load_balancer|business_service"} > 200'],
      ["HighErrorRate", 'error_rate{kind=~"application|load_balancer|business_service"} > 0.05'],
      ["Tier1ServiceDown", 'status{kind=~"business_service",tier=~"1"} == 2'],
      ["HighMemory", 'ram{kind=~"server|vm|database|application"} > 0.9'],
      ["DiskAlmostFull", 'disk{kind=~"server|vm|database|storage|queue"} > 0.9'],
      ["ReplicationLag", 'avg_over_time(replication_lag_s{kind=~"database|storage"}[5m]) > 30'],
      ["DatabaseDown", 'status{kind=~"database"} == 2'],
    ]);
    expect(out.yaml).toContain(
      [
        '      - alert: "HighCpu"',
        '        expr: "cpu{kind=~\\"server|vm|database|application\\"} > 0.85"',
        "        for: 5m",
        "        keep_firing_for: 2m",
        "        labels:",
        '          severity: "warning"',
        '          team: "infrastructure"',
        "        annotations:",
        '          summary: "CPU at {{ $value | humanizePercentage }} on {{ $labels.node }}"',
        '          description: "{{ $labels.node }} ({{ $labels.kind }}) has been above 85% CPU for 5 minutes."',
      ].join("\n"),
    );
    expect(out.yaml.startsWith('# infratwin rules, range selectors written for Prometheus 3.x (left-open ranges (t - r, t])\ngroups:\n  - name: "default"\n    rules:\n')).toBe(true);
    expect(out.notes).toEqual([{ rule: "DatabaseDown", note: 'annotation placeholder {{ dependents }} reads fact "dependents", which the alert\'s value does not carry; written as text' }]);
  });

  it("joins all-of conditions with and, uses metric names, and skips what does not map cleanly, saying why", () => {
    const set = parseRuleSet(
      [
        { name: "Both", conditions: { all: [{ fact: "cpu", operator: "greaterThanInclusive", value: 0.9 }, { fact: "latency_ms", params: { window: "10m", stat: "p95" }, operator: "lessThan", value: 500 }] } },
        { name: "Either", conditions: { any: [{ fact: "cpu", operator: "greaterThan", value: 0.9 }, { fact: "ram", operator: "greaterThan", value: 0.9 }] } },
        { name: "Negated", conditions: { not: { fact: "cpu", operator: "greaterThan", value: 0.9 } } },
        { name: "Graph", conditions: { all: [{ fact: "dependents", operator: "greaterThan", value: 3 }] } },
        { name: "Rate", conditions: { all: [{ fact: "disk", params: { window: "1h", stat: "rate" }, operator: "greaterThan", value: 0 }] } },
        { name: "NotEqual", conditions: { all: [{ fact: "status", operator: "notEqual", value: "up" }] } },
        { name: "Tagged", scope: { tags: ["prod"] }, conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.9 }] } },
        { name: "Off", enabled: false, conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.9 }] } },
        { name: "Custom", conditions: { all: [{ fact: "name", operator: "startsWith", value: "db" }] } },
      ],
      { operators: { startsWith: () => true } },
    );
    const out = toPrometheusRules(set, { metricNames: { cpu: "node_cpu_ratio", latency_ms: "http_latency_ms" }, groupName: "infratwin" });
    expect(out.exported).toEqual([{ rule: "Both", expr: "(node_cpu_ratio >= 0.9) and on(node) (quantile_over_time(0.95, http_latency_ms[9m59s999ms]) < 500)" }]);
    expect(out.skipped).toEqual([
      { rule: "Either", reason: '"any" of several conditions has no clean PromQL form (label sets of "or" differ)' },
      { rule: "Negated", reason: '"not" has no clean PromQL form (absent series would match)' },
      { rule: "Graph", reason: 'fact "dependents" is not a metric Prometheus would have' },
      { rule: "Rate", reason: 'window stat "rate" has no exact PromQL equivalent' },
      { rule: "NotEqual", reason: 'status notEqual "up" has no clean PromQL form (only status equal "...")' },
      { rule: "Tagged", reason: "scope.tags has no label on exported metrics" },
      { rule: "Off", reason: "disabled" },
      { rule: "Custom", reason: 'runs on json-rules-engine: custom operator "startsWith"' },
    ]);
    expect(out.yaml).not.toContain("for:");
  });

  it("writes an empty group when nothing exports", () => {
    const out = toPrometheusRules(parseRuleSet([{ name: "Graph", conditions: { all: [{ fact: "tier", operator: "equal", value: 1 }] } }]));
    expect(out.yaml).toBe('# infratwin rules, range selectors written for Prometheus 2.x (closed ranges [t - r, t])\ngroups:\n  - name: "rules"\n    rules: []\n');
  });
});
