// The compiled evaluator's semantics on the cases json-rules-engine handles in its own way.
import { describe, expect, it } from "vitest";
import { compileCondition, isCompilablePath, unsupportedConstruct, type ConditionJson, type FactValue } from "../../lib/rules";

function holds(condition: ConditionJson, facts: Record<string, unknown>, conditions: Record<string, ConditionJson> = {}): boolean {
  const predicate = compileCondition(condition, { accessor: (fact, params) => () => facts[params ? `${fact}@${params.window}:${params.stat}` : fact] as FactValue, conditions });
  return predicate(0);
}

const leaf = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({ all: [{ fact, operator, value, ...extra }] }) as ConditionJson;

describe("compileCondition()", () => {
  it("compares numbers with the four numeric operators", () => {
    expect(holds(leaf("cpu", "greaterThan", 0.85), { cpu: 0.9 })).toBe(true);
    expect(holds(leaf("cpu", "greaterThan", 0.85), { cpu: 0.85 })).toBe(false);
    expect(holds(leaf("cpu", "greaterThanInclusive", 0.85), { cpu: 0.85 })).toBe(true);
    expect(holds(leaf("cpu", "lessThan", 0.85), { cpu: 0.5 })).toBe(true);
    expect(holds(leaf("cpu", "lessThanInclusive", 0.85), { cpu: 0.86 })).toBe(false);
  });

  it("treats missing facts as json-rules-engine does: comparisons fail, negations pass", () => {
    for (const missing of [undefined, null, Number.NaN]) {
      expect(holds(leaf("cpu", "greaterThan", 0), { cpu: missing })).toBe(false);
      expect(holds(leaf("cpu", "lessThan", 100), { cpu: missing })).toBe(false);
      expect(holds(leaf("status", "notEqual", "down"), { status: missing })).toBe(true);
      expect(holds(leaf("status", "notIn", ["down"]), { status: missing })).toBe(true);
    }
  });

  it("compares numeric strings loosely, and rejects what parseFloat rejects", () => {
    expect(holds(leaf("cpu", "greaterThan", 10), { cpu: "12" })).toBe(true);
    expect(holds(leaf("cpu", "greaterThan", 10), { cpu: "12abc" })).toBe(false);
    expect(holds(leaf("cpu", "lessThan", 10), { cpu: true })).toBe(false);
    expect(holds(leaf("cpu", "greaterThan", 1), { cpu: [5] })).toBe(true);
  });

  it("needs a list fact for contains and doesNotContain (a string is not searched)", () => {
    expect(holds(leaf("tags", "contains", "prod"), { tags: ["prod", "eu"] })).toBe(true);
    expect(holds(leaf("tags", "doesNotContain", "prod"), { tags: ["eu"] })).toBe(true);
    expect(holds(leaf("tags", "contains", "prod"), { tags: "prod" })).toBe(false);
    expect(holds(leaf("tags", "doesNotContain", "prod"), { tags: undefined })).toBe(false);
  });

  it("matches in/notIn with strict equality (NaN is never in a list)", () => {
    expect(holds(leaf("kind", "in", ["database", "storage"]), { kind: "database" })).toBe(true);
    expect(holds(leaf("tier", "in", [1, 2]), { tier: "1" })).toBe(false);
    expect(holds(leaf("cpu", "in", [Number.NaN]), { cpu: Number.NaN })).toBe(false);
  });

  it("applies operator decorators, outermost first", () => {
    expect(holds(leaf("tags", "someFact:equal", "prod"), { tags: ["eu", "prod"] })).toBe(true);
    expect(holds(leaf("tags", "everyFact:equal", "prod"), { tags: ["eu", "prod"] })).toBe(false);
    expect(holds(leaf("cpu", "someValue:greaterThan", [0.95, 0.5]), { cpu: 0.6 })).toBe(true);
    expect(holds(leaf("cpu", "everyValue:greaterThan", [0.95, 0.5]), { cpu: 0.6 })).toBe(false);
    expect(holds(leaf("status", "not:equal", "up"), { status: "down" })).toBe(true);
    expect(holds(leaf("cpu", "swap:greaterThan", 0.5), { cpu: 0.4 })).toBe(true);
    expect(holds(leaf("tags", "someFact:not:equal", "prod"), { tags: ["prod"] })).toBe(false);
  });

  it("nests all, any and not, and treats an empty any as true like json-rules-engine", () => {
    const condition = { any: [{ all: [{ fact: "cpu", operator: "greaterThan", value: 0.8 }, { not: { fact: "status", operator: "equal", value: "down" } }] }, { fact: "ram", operator: "greaterThan", value: 0.9 }] } as ConditionJson;
    expect(holds(condition, { cpu: 0.9, status: "up", ram: 0 })).toBe(true);
    expect(holds(condition, { cpu: 0.9, status: "down", ram: 0 })).toBe(false);
    expect(holds(condition, { cpu: 0, status: "down", ram: 0.95 })).toBe(true);
    expect(holds({ any: [] } as ConditionJson, {})).toBe(true);
    expect(holds({ all: [] } as ConditionJson, {})).toBe(true);
  });

  it("reads windowed facts through their own accessor", () => {
    const condition = leaf("cpu", "greaterThan", 0.85, { params: { window: "5m", stat: "p95" } });
    expect(holds(condition, { cpu: 0.1, "cpu@300:p95": 0.9 })).toBe(true);
    expect(holds(condition, { cpu: 0.9, "cpu@300:p95": 0.1 })).toBe(false);
  });

  it("follows a JSONPath into object facts and leaves other values as they are", () => {
    expect(holds(leaf("meta", "equal", 3, { path: "$.a.b" }), { meta: { a: { b: 3 } } })).toBe(true);
    expect(holds(leaf("meta", "equal", "x", { path: "$.list[0]" }), { meta: { list: ["x"] } })).toBe(true);
    expect(holds(leaf("meta", "equal", 2, { path: "$.length" }), { meta: ["a", "b"] })).toBe(true);
    expect(holds(leaf("meta", "equal", "plain", { path: "$.a" }), { meta: "plain" })).toBe(true);
    expect(holds(leaf("meta", "equal", undefined, { path: "$.toString" }), { meta: {} })).toBe(true);
  });

  it("inlines named conditions", () => {
    const named = { hot: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.8 }] } } as Record<string, ConditionJson>;
    expect(holds({ all: [{ condition: "hot" }] } as ConditionJson, { cpu: 0.9 }, named)).toBe(true);
    expect(holds({ not: { condition: "hot" } } as ConditionJson, { cpu: 0.9 }, named)).toBe(false);
  });
});

describe("unsupportedConstruct()", () => {
  it("names what the compiler leaves to json-rules-engine, following named conditions", () => {
    const named = { ref: { all: [{ fact: "cpu", operator: "greaterThan", value: { fact: "ram" } }] } } as Record<string, ConditionJson>;
    expect(unsupportedConstruct({ all: [{ condition: "ref" }] } as ConditionJson, named)).toBe('compares fact "cpu" with fact "ram"');
    expect(unsupportedConstruct(leaf("name", "startsWith", "db"), {}, { startsWith: () => true })).toBe('custom operator "startsWith"');
    expect(unsupportedConstruct(leaf("meta", "equal", 1, { path: "$..b" }))).toMatch(/^path "\$\.\.b" is beyond/);
    expect(unsupportedConstruct(leaf("cpu", "not:greaterThan", 1))).toBeUndefined();
  });
});

describe("isCompilablePath()", () => {
  it("accepts $, dotted names and indexes only", () => {
    expect(["$", "$.a", "$.a.b[0]", "$[2].x"].every(isCompilablePath)).toBe(true);
    expect(["a", "$..a", "$[-1]", "$[*]", "$['a']", "$.a[?(@.b)]"].some(isCompilablePath)).toBe(false);
  });
});
