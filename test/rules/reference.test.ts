// The json-rules-engine path: rules the compiler leaves to json-rules-engine, facts served from a FactSource.
import { describe, expect, it } from "vitest";
import { createRuleEngine, evaluateWithJsonRulesEngine, parseRuleSet, tableFacts } from "../../lib/rules";

describe("evaluateWithJsonRulesEngine()", () => {
  const set = parseRuleSet(
    [
      { name: "CpuAboveRam", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: { fact: "ram" } }] } },
      { name: "Prefixed", conditions: { all: [{ fact: "name", operator: "startsWith", value: "db-" }, { fact: "cpu", params: { window: "5m", stat: "max" }, operator: "greaterThan", value: 0.5 }] } },
    ],
    { operators: { startsWith: (a, b) => typeof a === "string" && a.startsWith(String(b)) } },
  );
  const facts = tableFacts([
    { id: "db-1", kind: "database", cpu: 0.9, ram: 0.5, "cpu[5m:max]": 0.95 },
    { id: "app-1", kind: "application", cpu: 0.2, ram: 0.5, "cpu[5m:max]": 0.95 },
  ]);

  it("runs one rule on one node with json-rules-engine itself", async () => {
    expect(await evaluateWithJsonRulesEngine(set, set.rules[0], facts, 0)).toBe(true);
    expect(await evaluateWithJsonRulesEngine(set, set.rules[0], facts, 1)).toBe(false);
    expect(await evaluateWithJsonRulesEngine(set, set.rules[1], facts, 0)).toBe(true);
    expect(await evaluateWithJsonRulesEngine(set, set.rules[1], facts, 1)).toBe(false);
  });

  it("serves windowed params to json-rules-engine facts", async () => {
    facts.set("db-1", "cpu[5m:max]", 0.1);
    expect(await evaluateWithJsonRulesEngine(set, set.rules[1], facts, 0)).toBe(false);
    facts.set("db-1", "cpu[5m:max]", 0.95);
  });

  it("drives the alert lifecycle in an engine, next to compiled rules", async () => {
    const engine = createRuleEngine(set);
    expect(engine.fallbackRules.map((f) => f.rule)).toEqual(["CpuAboveRam", "Prefixed"]);
    const transitions = await engine.evaluateAsync(0, facts);
    expect(transitions.filter((t) => t.kind === "firing").map((t) => t.alertId)).toEqual(["CpuAboveRam/db-1/0", "Prefixed/db-1/0"]);
  });
});
