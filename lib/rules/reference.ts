// The reference evaluator: runs rules on json-rules-engine itself, for rules the compiler does not support and to check the compiler.
import { Engine } from "json-rules-engine";
import { parseRuleDuration } from "./duration";
import { parseWindowParams, factKey, type FactAccessor, type FactSource } from "./facts";
import type { Rule, RuleSet } from "./types";

/** The fact holding the node number during a run; facts read it from a closure, not the almanac. */
const NODE_FACT = "__infratwin_node";

/**
 * Runs a subset of a rule set's rules on json-rules-engine, one engine per distinct set of rules in scope
 * of a node (so every node is one `engine.run`), facts served from a FactSource.
 */
export class ReferenceEvaluator {
  private readonly engines = new Map<string, { engine: Engine; rules: number[] }>();
  private source: FactSource | undefined;
  private node = 0;
  private readonly accessors = new Map<string, FactAccessor>();

  constructor(
    private readonly ruleSet: RuleSet,
    /** Which rules (indexes into ruleSet.rules) this evaluator runs. */
    private readonly ruleIndexes: readonly number[],
    /** Called when the source lacks a fact: throws the error the caller wants to show. */
    private readonly onMissingFact: (fact: string, key: string) => never,
  ) {}

  private factValue(fact: string, rawParams: unknown): unknown {
    const hasParams = rawParams !== null && typeof rawParams === "object" && Object.keys(rawParams as object).length > 0;
    const params = hasParams ? parseWindowParams(rawParams, undefined, parseRuleDuration) : undefined;
    if (typeof params === "string") throw new Error(params);
    const key = factKey(fact, params);
    let accessor = this.accessors.get(key);
    if (accessor === undefined) {
      accessor = this.source!.accessor(fact, params);
      if (accessor === undefined) this.onMissingFact(fact, key);
      this.accessors.set(key, accessor);
    }
    return accessor(this.node);
  }

  private engineFor(ruleIndexes: number[]): { engine: Engine; rules: number[] } {
    const key = ruleIndexes.join(",");
    let entry = this.engines.get(key);
    if (entry !== undefined) return entry;
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const [name, fn] of Object.entries(this.ruleSet.operators)) engine.addOperator(name, fn);
    for (const [name, condition] of Object.entries(this.ruleSet.conditions)) engine.setCondition(name, condition as never);
    const facts = new Set<string>();
    for (const index of ruleIndexes) {
      const rule = this.ruleSet.rules[index];
      engine.addRule({ name: String(index), conditions: rule.conditions as never, event: { type: rule.event.type }, priority: rule.priority });
      for (const ref of rule.facts) facts.add(ref.fact);
    }
    for (const fact of facts) engine.addFact(fact, (params: unknown) => this.factValue(fact, params), { cache: false });
    entry = { engine, rules: ruleIndexes };
    this.engines.set(key, entry);
    return entry;
  }

  /**
   * Groups the scopes by node once: `plan[i]` is a node and the rules whose scope holds it, nodes ascending.
   * `evaluate` builds a plan per call; a caller that evaluates the same scopes every step (a benchmark, a
   * backtest) builds it once and calls `evaluatePlan`.
   */
  plan(scopes: readonly (Int32Array | undefined)[]): ReferencePlan {
    const byNode = new Map<number, number[]>();
    const rules: number[] = [];
    for (const r of this.ruleIndexes) {
      const scope = scopes[r];
      if (scope === undefined) continue;
      rules.push(r);
      for (let k = 0; k < scope.length; k++) {
        const list = byNode.get(scope[k]);
        if (list === undefined) byNode.set(scope[k], [r]);
        else list.push(r);
      }
    }
    const nodes = [...byNode.keys()].sort((a, b) => a - b);
    return { rules, nodes: nodes.map((node) => ({ node, rules: byNode.get(node)! })) };
  }

  /**
   * Evaluates every rule on every node of its scope: `scopes[r]` lists the nodes of rule r (indexed like
   * ruleSet.rules) and `out[r][node]` is set to 1 where the conditions hold, 0 elsewhere in scope.
   */
  async evaluate(source: FactSource, scopes: readonly (Int32Array | undefined)[], out: readonly (Uint8Array | undefined)[]): Promise<void> {
    await this.evaluatePlan(source, this.plan(scopes), out);
  }

  /** `evaluate` with the node grouping already built by `plan`. */
  async evaluatePlan(source: FactSource, plan: ReferencePlan, out: readonly (Uint8Array | undefined)[]): Promise<void> {
    if (source !== this.source) {
      this.source = source;
      this.accessors.clear();
    }
    for (const r of plan.rules) out[r]!.fill(0);
    for (const { node, rules } of plan.nodes) {
      const { engine } = this.engineFor(rules);
      this.node = node;
      const result = await engine.run({ [NODE_FACT]: node });
      for (const ruleResult of result.results) out[Number(ruleResult.name)]![node] = 1;
    }
  }
}

/** The node grouping `ReferenceEvaluator.plan` builds: rules in play, and per node (ascending) the rules that scope it. */
export interface ReferencePlan {
  rules: number[];
  nodes: { node: number; rules: number[] }[];
}

/** Evaluates one rule on one node with json-rules-engine; for tests and debugging. */
export async function evaluateWithJsonRulesEngine(ruleSet: RuleSet, rule: Rule, source: FactSource, node: number): Promise<boolean> {
  const evaluator = new ReferenceEvaluator(ruleSet, [rule.index], (fact) => {
    throw new Error(`evaluateWithJsonRulesEngine: the fact source has no fact "${fact}"`);
  });
  const scopes: (Int32Array | undefined)[] = [];
  const out: (Uint8Array | undefined)[] = [];
  scopes[rule.index] = Int32Array.of(node);
  out[rule.index] = new Uint8Array(source.nodeCount);
  await evaluator.evaluate(source, scopes, out);
  return out[rule.index]![node] === 1;
}
