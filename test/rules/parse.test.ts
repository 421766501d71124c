// Loading rule sets: what is accepted, and bad rules failing at load time with the rule's name, the JSON path and the value.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { loadDefaultRules, loadRules, parseRuleSet, ruleSetToJson, type RuleJson } from "../../lib/rules";

const cpuRule: RuleJson = { name: "HighCpu", for: "5m", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.85 }] } };

function problemsOf(json: unknown): { path: string; message: string; value?: unknown }[] {
  try {
    parseRuleSet(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).problems];
  }
  throw new Error("expected a ValidationError");
}

describe("parseRuleSet()", () => {
  it("accepts CPU > 85% for 5 minutes and latency > 200 ms in a few lines each", () => {
    const set = parseRuleSet([cpuRule, { name: "HighLatency", conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] } }]);
    expect(set.rules.map((r) => [r.name, r.forSeconds, r.severity, r.engine])).toEqual([
      ["HighCpu", 300, "warning", "compiled"],
      ["HighLatency", 0, "warning", "compiled"],
    ]);
    expect(set.rules[0].primary).toEqual({ fact: "cpu", key: "cpu", params: undefined });
  });

  it("parses windowed facts, durations, scope, labels, annotations and inhibits", () => {
    const set = parseRuleSet({
      name: "custom",
      group_by: ["service"],
      rules: [
        {
          name: "SlowP95",
          for: "1h30m",
          keep_firing_for: 120,
          severity: "critical",
          scope: { kinds: ["application"], tiers: [1, 2], tags: ["prod"] },
          labels: { team: "payments" },
          annotations: { summary: "p95 {{ latency_ms | round }} ms on {{ node }}" },
          conditions: { any: [{ fact: "latency_ms", params: { window: "5m", stat: "p95" }, operator: "greaterThan", value: 200 }] },
        },
        { name: "DbDown", conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, inhibits: [{ rules: ["SlowP95"] }], group_by: ["upstream"] },
      ],
    });
    const [slow, db] = set.rules;
    expect(slow.forSeconds).toBe(5400);
    expect(slow.keepFiringForSeconds).toBe(120);
    expect(slow.facts).toEqual([{ fact: "latency_ms", params: { window: 300, stat: "p95" }, key: "latency_ms[5m:p95]" }]);
    expect(slow.groupBy).toEqual(["service"]);
    expect(slow.templateFacts).toEqual([]);
    expect(db.groupBy).toEqual(["upstream"]);
    expect(db.inhibits).toEqual([{ rules: ["SlowP95"] }]);
    expect(set.name).toBe("custom");
  });

  it("rejects each kind of bad rule with the rule's name, the JSON path and the value", () => {
    const problems = problemsOf({
      rules: [
        { name: "UnknownFact", conditions: { all: [{ fact: "cpu_load", operator: "greaterThan", value: 1 }] } },
        { name: "UnknownOperator", conditions: { all: [{ fact: "cpu", operator: "gt", value: 0.85 }] } },
        { name: "BadDuration", for: "5 mins", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.85 }] } },
        { name: "TextThreshold", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: "0.85" }] } },
        { name: "NoKind", scope: { kinds: [] }, conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.85 }] } },
        { name: "TypoKind", scope: { kinds: ["databse"] }, conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.85 }] } },
      ],
    });
    const byRule = (name: string) => problems.filter((p) => p.message.startsWith(`rule "${name}"`));
    expect(byRule("UnknownFact")).toMatchObject([{ path: "$.rules[0].conditions.all[0].fact", value: "cpu_load" }]);
    expect(byRule("UnknownFact")[0].message).toMatch(/unknown fact "cpu_load" at \$\.rules\[0\]\.conditions\.all\[0\]\.fact; expected one of cpu, ram/);
    expect(byRule("UnknownOperator")[0].message).toMatch(
      /^rule "UnknownOperator": unknown operator "gt" at \$\.rules\[1\]\.conditions\.all\[0\]\.operator; expected one of equal, notEqual, in, notIn, contains/,
    );
    expect(byRule("BadDuration")).toMatchObject([{ path: "$.rules[2].for", value: "5 mins" }]);
    expect(byRule("BadDuration")[0].message).toContain('invalid duration "5 mins" at $.rules[2].for; expected a number of seconds or a duration like "30s"');
    expect(byRule("TextThreshold")).toMatchObject([{ path: "$.rules[3].conditions.all[0].value", value: "0.85" }]);
    expect(byRule("TextThreshold")[0].message).toContain("threshold is not a number");
    expect(byRule("NoKind")).toMatchObject([{ path: "$.rules[4].scope.kinds" }]);
    expect(byRule("NoKind")[0].message).toContain("scope names no kind");
    expect(byRule("TypoKind")).toMatchObject([{ path: "$.rules[5].scope.kinds[0]", value: "databse" }]);
    expect(byRule("TypoKind")[0].message).toContain("expected one of router, switch");
    expect(problems).toHaveLength(6);
  });

  it("reports every problem at once and keeps nothing of an invalid set", () => {
    let error: ValidationError | undefined;
    try {
      parseRuleSet([cpuRule, { ...cpuRule, name: "Bad", severity: "urgent" }]);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message).toBe('parseRuleSet: 1 problem in rule set "rules":\n  rule "Bad": unknown severity "urgent" at $[1].severity; expected critical, warning, info');
    expect(error!.problems).toEqual([{ path: "$[1].severity", value: "urgent", message: 'rule "Bad": unknown severity "urgent" at $[1].severity; expected critical, warning, info' }]);
  });

  it("catches typos in field names, duplicate names and bad labels", () => {
    const problems = problemsOf([
      { ...cpuRule, keep_firing: "5m" },
      { ...cpuRule, labels: { severity: "page", "bad-name": "x" } },
      { name: "", conditions: cpuRule.conditions },
    ]);
    const messages = problems.map((p) => p.message).join("\n");
    expect(messages).toContain('rule "HighCpu": unknown field "keep_firing" at $[0].keep_firing');
    expect(messages).toContain('rule "HighCpu": duplicate rule name (also $[0]): "HighCpu" at $[1].name');
    expect(messages).toContain('label "severity" is set by the engine');
    expect(messages).toContain('invalid label name "bad-name"');
    expect(messages).toContain('rule #2: missing or empty name; found ""');
  });

  it("checks conditions: structure, value types against fact types, params, named conditions", () => {
    const problems = problemsOf({
      conditions: { loop1: { condition: "loop2" }, loop2: { all: [{ condition: "loop1" }] } },
      rules: [
        { name: "Flat", conditions: { fact: "cpu", operator: "greaterThan", value: 1 } },
        { name: "Empty", conditions: { all: [] } },
        { name: "Mixed", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 1 }], any: [] } },
        { name: "StatusNumber", conditions: { all: [{ fact: "status", operator: "greaterThan", value: 1 }] } },
        { name: "StatusCase", conditions: { all: [{ fact: "status", operator: "equal", value: "Down" }] } },
        { name: "InScalar", conditions: { all: [{ fact: "kind", operator: "in", value: "database" }] } },
        { name: "ContainsOnNumber", conditions: { all: [{ fact: "cpu", operator: "contains", value: 1 }] } },
        { name: "ParamsOnStatus", conditions: { all: [{ fact: "status", params: { window: "5m" }, operator: "equal", value: "down" }] } },
        { name: "BadStat", conditions: { all: [{ fact: "cpu", params: { window: "5m", stat: "mean" }, operator: "greaterThan", value: 1 }] } },
        { name: "BadWindow", conditions: { all: [{ fact: "cpu", params: { window: "5 mins" }, operator: "greaterThan", value: 1 }] } },
        { name: "NoValue", conditions: { all: [{ fact: "cpu", operator: "greaterThan" }] } },
        { name: "UnknownRef", conditions: { all: [{ condition: "nope" }] } },
        { name: "BadNot", conditions: { not: [{ fact: "cpu", operator: "greaterThan", value: 1 }] } },
      ],
    });
    const at = (name: string) => problems.filter((p) => p.message.startsWith(`rule "${name}"`)).map((p) => `${p.path} ${p.message}`);
    expect(at("Flat")[0]).toContain("conditions must start with all, any, not or condition");
    expect(at("Empty")[0]).toContain('"all" is empty');
    expect(at("Mixed")[0]).toContain("condition mixes all and any");
    expect(at("StatusNumber")[0]).toContain('greaterThan compares numbers but fact "status" is a string');
    expect(at("StatusCase")[0]).toContain('not a value of fact "status": "Down"');
    expect(at("InScalar")[0]).toContain("in needs a list");
    expect(at("ContainsOnNumber")[0]).toContain('contains needs a list fact such as tags, but "cpu" is a number');
    expect(at("ParamsOnStatus")[0]).toContain('fact "status" takes no params');
    expect(at("BadStat")[0]).toContain('unknown stat "mean" for fact "cpu"; expected one of avg, min, max, p50, p95, rate');
    expect(at("BadWindow")[0]).toContain('invalid window "5 mins"');
    expect(at("NoValue")[0]).toContain('condition on "cpu" has no "value"');
    expect(at("UnknownRef")[0]).toContain('unknown named condition "nope"');
    expect(at("BadNot")[0]).toContain('"not" takes one condition object');
    expect(problems.some((p) => p.message.includes("cycle: loop1 -> loop2 -> loop1"))).toBe(true);
  });

  it("checks scopes, group_by, inhibits and annotation templates", () => {
    const problems = problemsOf([
      { ...cpuRule, name: "A", scope: { kinds: ["database"], tiers: [0.5], zone: "x" }, group_by: ["upstream", "not a label"] },
      { ...cpuRule, name: "B", inhibits: [{ rules: ["Nope", "B"] }, { on: "everything" }] },
      { ...cpuRule, name: "C", annotations: { summary: "{{ cpuu }} on {{ node | shout }}", other: "{{ value | fixed }}" } },
    ]);
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rule "A": unknown scope field "zone" at $[0].scope.zone'),
        expect.stringContaining('rule "A": scope.tiers must be a non-empty list of integers >= 0 but found [0.5]'),
        expect.stringContaining('rule "A": invalid group_by key "not a label" at $[0].group_by[1]'),
        expect.stringContaining('rule "B": inhibits an unknown rule "Nope" at $[1].inhibits[0].rules[0]'),
        expect.stringContaining('rule "B": a rule cannot inhibit itself: "B"'),
        expect.stringContaining('rule "B": inhibit entry names no target at $[1].inhibits[1]'),
        expect.stringContaining('rule "B": unknown inhibit relation "everything"'),
        expect.stringContaining('rule "C": unknown name "cpuu"'),
        expect.stringContaining('rule "C": filter "fixed"'),
      ]),
    );
  });

  it("marks rules the compiler does not support as running on json-rules-engine, with the reason", () => {
    const set = parseRuleSet(
      [
        { name: "Custom", conditions: { all: [{ fact: "name", operator: "startsWith", value: "db-" }] } },
        { name: "FactVsFact", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: { fact: "ram" } }] } },
        { name: "DeepPath", conditions: { all: [{ fact: "tags", path: "$..x", operator: "equal", value: "a" }] } },
        { name: "Decorated", conditions: { all: [{ fact: "tags", operator: "someFact:equal", value: "prod" }] } },
      ],
      { operators: { startsWith: (a, b) => typeof a === "string" && a.startsWith(String(b)) } },
    );
    expect(set.rules.map((r) => [r.name, r.engine, r.engineReason])).toEqual([
      ["Custom", "json-rules-engine", 'custom operator "startsWith"'],
      ["FactVsFact", "json-rules-engine", 'compares fact "cpu" with fact "ram"'],
      ["DeepPath", "json-rules-engine", 'path "$..x" is beyond the compiled JSONPath subset ($, $.name, $[index])'],
      ["Decorated", "compiled", undefined],
    ]);
  });

  it("returns a frozen set that does not change when the input does", () => {
    const input = [structuredClone(cpuRule)];
    const set = parseRuleSet(input);
    (input[0].conditions as { all: { value: number }[] }).all[0].value = 0.1;
    expect((set.rules[0].conditions as { all: { value: number }[] }).all[0].value).toBe(0.85);
    expect(Object.isFrozen(set.rules[0])).toBe(true);
  });
});

describe("loadRules()", () => {
  it("reads a file, a JSON text or a value, naming the set after the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "rules-"));
    const file = join(dir, "ops.json");
    writeFileSync(file, JSON.stringify({ rules: [cpuRule] }));
    expect(loadRules(file).name).toBe("ops");
    expect(loadRules(JSON.stringify([cpuRule])).rules).toHaveLength(1);
    expect(loadRules([cpuRule]).rules[0].name).toBe("HighCpu");
  });

  it("reports JSON syntax errors and unreadable files", () => {
    expect(() => loadRules('{"rules": [')).toThrow(/loadRules: 1 problem in rule JSON:\n {2}\$: not valid JSON/);
    expect(() => loadRules("/no/such/rules.json")).toThrow('loadRules: expected source to be a readable rule file or a JSON text but found "/no/such/rules.json".');
  });
});

describe("ruleSetToJson()", () => {
  it("writes JSON that parses back to the same rules", () => {
    const set = loadDefaultRules();
    const again = parseRuleSet(JSON.parse(JSON.stringify(ruleSetToJson(set))));
    expect(again.rules.map((r) => r.json)).toEqual(set.rules.map((r) => r.json));
    expect(again.name).toBe("default");
  });
});
