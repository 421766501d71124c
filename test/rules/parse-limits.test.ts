// Rule sets against hostile input: common slips, depth limits, prototype keys, a BOM, and a seeded fuzz of 2,000+ sets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TwinError, ValidationError } from "../../lib/errors";
import { MAX_CONDITION_DEPTH, loadRules, parseRuleSet } from "../../lib/rules";
import { FUZZ_PARAMS, jsonish, mutated, nasty, typedErrorOrResult } from "../fuzz";

const leaf = { fact: "cpu", operator: "greaterThan", value: 0.9 };
const rule = { name: "HighCpu", for: "5m", severity: "critical", labels: { team: "core" }, conditions: { all: [leaf] } };

function nested(depth: number): unknown {
  let tree: unknown = leaf;
  for (let i = 1; i < depth; i++) tree = { all: [tree] };
  return tree;
}

function messageOf(json: unknown): string {
  try {
    parseRuleSet(json);
  } catch (error) {
    expect(error).toBeInstanceOf(TwinError);
    return (error as Error).message;
  }
  throw new Error("expected the rule set to be refused");
}

describe("parseRuleSet() on common slips", () => {
  it('refuses "all": {…}, null and [null] with a typed error naming the path', () => {
    expect(messageOf([{ ...rule, conditions: { all: leaf } }])).toContain('"all" must be an array of conditions');
    expect(messageOf(null)).toContain("rule set");
    expect(messageOf([null])).toContain("$[0]");
    expect(messageOf({ rules: [{ ...rule, conditions: { all: [null] } }] })).toContain("$.rules[0].conditions.all[0]");
    expect(messageOf([{ ...rule, conditions: { any: { all: {} } } }])).toContain('"any" must be an array');
  });

  it(`accepts conditions nested ${MAX_CONDITION_DEPTH} deep and refuses one level more with the limit in the message`, () => {
    expect(parseRuleSet([{ ...rule, conditions: nested(MAX_CONDITION_DEPTH) }]).rules).toHaveLength(1);
    expect(messageOf([{ ...rule, conditions: nested(MAX_CONDITION_DEPTH + 1) }])).toContain(`deeper than ${MAX_CONDITION_DEPTH} levels`);
  });

  it("answers a rule nested 10,000 deep (and event params 10,000 deep) with a ValidationError, not a stack overflow", () => {
    expect(() => parseRuleSet([{ ...rule, conditions: nested(10_000) }])).toThrow(ValidationError);
    let params: unknown = 1;
    for (let i = 0; i < 10_000; i++) params = { p: params };
    expect(() => parseRuleSet([{ ...rule, event: { type: "x", params } }])).toThrow(/nests deeper than/);
  });

  it("treats __proto__ and constructor as plain names", () => {
    const json = JSON.parse('{"rules":[{"name":"__proto__","labels":{"constructor":"x"},"conditions":{"all":[{"fact":"cpu","operator":"greaterThan","value":1}]}}]}');
    const set = parseRuleSet(json);
    expect(set.rules[0].name).toBe("__proto__");
    expect(set.rules[0].labels.constructor).toBe("x");
    expect(messageOf(JSON.parse('{"rules":[{"name":"a","conditions":{"all":[{"condition":"constructor"}]}}]}'))).toContain("unknown named condition");
  });

  it("reads rule JSON text and files that start with a byte-order mark", () => {
    expect(loadRules("\uFEFF" + JSON.stringify([rule])).rules[0].name).toBe("HighCpu");
  });
});

describe("parseRuleSet() fuzzed", () => {
  it("answers every generated rule set with a typed error or a parsed set (seeded, 2,000+ cases)", () => {
    const ruleArb = fc.oneof(mutated(rule), mutated({ ...rule, conditions: { any: [leaf, { not: leaf }] } }), jsonish);
    const leafArb = mutated(leaf).map((l) => ({ ...rule, conditions: { all: [l] } }));
    const setArb = fc.oneof(
      fc.array(fc.oneof(ruleArb, leafArb), { maxLength: 3 }),
      fc.record({ name: nasty, rules: fc.array(fc.oneof(ruleArb, leafArb), { maxLength: 3 }), conditions: fc.oneof(nasty, fc.constant({ c: leaf })) }),
      jsonish,
    );
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(setArb, (json) => {
        outcomes[typedErrorOrResult(() => parseRuleSet(json))]++;
      }),
      FUZZ_PARAMS,
    );
    // Both branches are exercised: the generator is not all garbage.
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);
});
