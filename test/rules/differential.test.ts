// Differential test: the compiled evaluator and json-rules-engine agree on random rules over random fact sets.
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { RandomStreams, type Rng } from "../../lib/random";
import {
  compileCondition,
  createRuleEngine,
  factKey,
  loadDefaultRules,
  tableFacts,
  unsupportedConstruct,
  type ConditionJson,
  type FactValue,
  type NodeRow,
  type WindowParams,
} from "../../lib/rules";

const NUMERIC = ["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"];
const OPERATORS = ["equal", "notEqual", "in", "notIn", "contains", "doesNotContain", ...NUMERIC];
const FACTS = ["n1", "n2", "s1", "tags", "b1", "obj"] as const;
const WINDOW = { window: "5m", stat: "avg" };
const STRINGS = ["up", "down", "degraded", "12", "3.5abc", "", "x"];
const NUMBERS = [0, 1, 2.5, 5, 10, -3, 0.85, 200];

type Facts = Record<string, unknown>;

/** A fact value of any type, biased towards the fact's natural type: undefined, null, NaN, numeric strings, arrays. */
function randomValue(rng: Rng, fact: string): unknown {
  const roll = rng.random();
  if (roll < 0.08) return undefined;
  if (roll < 0.11) return null;
  if (roll < 0.13) return Number.NaN;
  if (roll < 0.2) return rng.choice(STRINGS);
  if (roll < 0.25) return rng.bernoulli(0.5);
  if (roll < 0.3) return [rng.choice(NUMBERS), rng.choice(STRINGS)];
  switch (fact) {
    case "n1":
    case "n2":
      return rng.bernoulli(0.7) ? rng.choice(NUMBERS) : Math.round(rng.uniform(-5, 250) * 10) / 10;
    case "s1":
      return rng.choice(STRINGS);
    case "tags":
      return STRINGS.filter(() => rng.bernoulli(0.3));
    case "b1":
      return rng.bernoulli(0.5);
    default:
      return rng.choice([{ a: { b: rng.choice(NUMBERS) }, list: [rng.choice(STRINGS), 1] }, { a: 3 }, { a: "str" }, [7, 8], "plain", { list: [] }]);
  }
}

function randomFacts(rng: Rng): Facts {
  const facts: Facts = {};
  for (const fact of FACTS) facts[fact] = randomValue(rng, fact);
  facts[factKey("n1", { window: 300, stat: "avg" })] = randomValue(rng, "n1");
  return facts;
}

function scalar(rng: Rng): unknown {
  return rng.choice<unknown>([...NUMBERS, ...STRINGS, true, false, null]);
}

/** The condition value an operator expects; shapes json-rules-engine would throw on (in with a number) are avoided. */
function valueFor(rng: Rng, base: string, listValue: boolean): unknown {
  if (listValue) return [0, 1, 2].map(() => valueFor(rng, base, false));
  if (NUMERIC.includes(base)) return rng.bernoulli(0.9) ? rng.choice(NUMBERS) : rng.choice(["5", "abc"]);
  if (base === "in" || base === "notIn") return rng.bernoulli(0.9) ? [scalar(rng), scalar(rng), rng.choice(STRINGS)] : rng.choice(STRINGS.filter((s) => s !== ""));
  return scalar(rng);
}

interface Coverage {
  operators: Set<string>;
  decorators: Set<string>;
  nesting: Set<string>;
  maxDepth: number;
  paths: number;
  params: number;
  references: number;
}

function randomLeaf(rng: Rng, cover: Coverage, names: string[]): ConditionJson {
  if (names.length > 0 && rng.bernoulli(0.08)) {
    cover.references++;
    return { condition: rng.choice(names) };
  }
  const fact = rng.choice(FACTS);
  const base = rng.choice(OPERATORS);
  let operator = base;
  let listValue = false;
  if (rng.bernoulli(0.3)) {
    const decorator = rng.choice(["not", "someFact", "everyFact", "someValue", "everyValue", "swap"]);
    cover.decorators.add(decorator);
    if (decorator === "someValue" || decorator === "everyValue") listValue = true;
    operator = `${decorator}:${base}`;
    if (decorator === "swap" && (base === "in" || base === "notIn")) operator = `swap:equal`;
  }
  cover.operators.add(base);
  const leaf: Record<string, unknown> = { fact, operator, value: valueFor(rng, base, listValue) };
  if (fact === "n1" && rng.bernoulli(0.5)) {
    leaf.params = WINDOW;
    cover.params++;
  }
  if (rng.bernoulli(0.12)) {
    leaf.path = rng.choice(["$.a", "$.a.b", "$.list[0]", "$", "$[1]", "$.length"]);
    cover.paths++;
  }
  if (rng.bernoulli(0.1)) leaf.priority = rng.int(1, 3);
  return leaf as unknown as ConditionJson;
}

function randomCondition(rng: Rng, depth: number, cover: Coverage, names: string[], top = false): ConditionJson {
  if (!top && (depth >= 4 || rng.bernoulli(0.45))) return randomLeaf(rng, cover, names);
  cover.maxDepth = Math.max(cover.maxDepth, depth);
  const kind = rng.choice(top ? ["all", "any", "not"] : ["all", "any", "not", "all", "any"]);
  if (kind === "not") {
    const child = randomCondition(rng, depth + 1, cover, names);
    const childKind = "all" in child ? "all" : "any" in child ? "any" : "not" in child ? "not" : "leaf";
    cover.nesting.add(`not>${childKind}`);
    return { not: child };
  }
  const size = rng.bernoulli(0.03) ? 0 : rng.int(1, 4);
  const children = Array.from({ length: size }, () => randomCondition(rng, depth + 1, cover, names));
  for (const child of children) cover.nesting.add(`${kind}>${"all" in child ? "all" : "any" in child ? "any" : "not" in child ? "not" : "leaf"}`);
  return (kind === "all" ? { all: children } : { any: children }) as ConditionJson;
}

function compiledFor(condition: ConditionJson, named: Record<string, ConditionJson>, current: { facts: Facts }) {
  return compileCondition(condition, {
    accessor: (fact: string, params: WindowParams | undefined) => {
      const key = factKey(fact, params);
      return () => current.facts[key] as FactValue;
    },
    conditions: named,
  });
}

describe("compileCondition() agrees with json-rules-engine", () => {
  it("on 12,000 random fact sets over random rules covering every operator, decorator and nesting", async () => {
    const rng = new RandomStreams(20240611).stream("differential");
    const cover: Coverage = { operators: new Set(), decorators: new Set(), nesting: new Set(), maxDepth: 0, paths: 0, params: 0, references: 0 };
    const batches = 24;
    const rulesPerBatch = 8;
    const factSetsPerBatch = 500;
    let compared = 0;
    let trues = 0;
    const disagreements: string[] = [];
    for (let batch = 0; batch < batches; batch++) {
      const named: Record<string, ConditionJson> = {
        shared1: randomCondition(rng, 1, cover, [], true),
        shared2: { all: [randomLeaf(rng, cover, ["shared1"]), randomLeaf(rng, cover, [])] } as ConditionJson,
      };
      const engine = new Engine([], { allowUndefinedFacts: true });
      for (const [name, condition] of Object.entries(named)) engine.setCondition(name, condition as never);
      const rules = Array.from({ length: rulesPerBatch }, (_, r) => {
        const conditions = randomCondition(rng, 1, cover, Object.keys(named), true);
        expect(unsupportedConstruct(conditions, named)).toBeUndefined();
        engine.addRule({ name: `r${r}`, conditions: structuredClone(conditions) as never, event: { type: `r${r}` } });
        return conditions;
      });
      const current = { facts: {} as Facts };
      const predicates = rules.map((conditions) => compiledFor(conditions, named, current));
      for (let k = 0; k < factSetsPerBatch; k++) {
        const facts = randomFacts(rng);
        current.facts = facts;
        const runtime: Record<string, unknown> = {};
        for (const fact of FACTS) {
          runtime[fact] = (params: { window?: string } | undefined) =>
            params && params.window ? facts[factKey(fact, { window: 300, stat: "avg" })] : facts[fact];
        }
        const result = await engine.run(runtime);
        const passed = new Set(result.results.map((r) => r.name));
        for (let r = 0; r < rules.length; r++) {
          const reference = passed.has(`r${r}`);
          const compiled = predicates[r](0);
          compared++;
          if (reference) trues++;
          if (reference !== compiled && disagreements.length < 5) {
            disagreements.push(`${JSON.stringify(rules[r])} on ${JSON.stringify(facts)}: json-rules-engine ${reference}, compiled ${compiled}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBe(batches * rulesPerBatch * factSetsPerBatch);
    expect(batches * factSetsPerBatch).toBeGreaterThanOrEqual(10_000);
    // The test means something only if it saw both outcomes and every construct.
    expect(trues / compared).toBeGreaterThan(0.1);
    expect(trues / compared).toBeLessThan(0.9);
    expect([...cover.operators].sort()).toEqual([...OPERATORS].sort());
    expect([...cover.decorators].sort()).toEqual(["everyFact", "everyValue", "not", "someFact", "someValue", "swap"]);
    for (const edge of ["all>all", "all>any", "all>not", "all>leaf", "any>all", "any>any", "any>not", "any>leaf", "not>all", "not>any", "not>leaf"]) {
      expect(cover.nesting.has(edge), edge).toBe(true);
    }
    expect(cover.maxDepth).toBeGreaterThanOrEqual(3);
    expect(cover.paths).toBeGreaterThan(100);
    expect(cover.params).toBeGreaterThan(60);
    expect(cover.references).toBeGreaterThan(50);
  }, 60_000);
});

describe("createRuleEngine() gives the same transitions with either evaluator", () => {
  it("on the default pack over a random day of node facts", async () => {
    const rng = new RandomStreams(7).stream("engine-differential");
    const kinds = ["server", "vm", "database", "application", "load_balancer", "business_service", "storage", "queue"];
    const rows: NodeRow[] = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, kind: kinds[i % kinds.length], tier: 1 + (i % 3) }));
    const facts = tableFacts(rows);
    const compiled = createRuleEngine(loadDefaultRules());
    const reference = createRuleEngine(loadDefaultRules(), { evaluator: "json-rules-engine" });
    let transitions = 0;
    for (let step = 0; step < 120; step++) {
      for (const row of rows) {
        facts.update({
          [row.id]: {
            cpu: rng.uniform(0.5, 1),
            ram: rng.uniform(0.7, 1),
            disk: rng.uniform(0.8, 1),
            latency_ms: rng.uniform(50, 400),
            error_rate: rng.uniform(0, 0.1),
            status: rng.choice(["up", "up", "up", "degraded", "down"]),
            "replication_lag_s[5m:avg]": rng.uniform(0, 60),
          },
        });
      }
      const a = compiled.evaluate(step * 30, facts);
      const b = await reference.evaluateAsync(step * 30, facts);
      expect(b).toEqual(a);
      transitions += a.length;
    }
    expect(transitions).toBeGreaterThan(100);
    expect(reference.incidents()).toEqual(compiled.incidents());
  }, 60_000);
});
