// Binding a rule set to a FactSource: each rule's scope as node numbers, its compiled predicate and its fact accessors.
import { notFound } from "../errors";
import { compileCondition, type NodePredicate } from "./compile";
import { factKey, type FactAccessor, type FactSource, type WindowParams } from "./facts";
import type { Rule, RuleScope, RuleSet } from "./types";

/** One rule bound to a source. */
export interface BoundRule {
  rule: Rule;
  /** Node numbers in the rule's scope, ascending. */
  scope: Int32Array;
  /** The compiled predicate; undefined for rules that run on json-rules-engine. */
  predicate: NodePredicate | undefined;
  /** Accessors of every fact the rule reads or its annotations print, by key. */
  accessors: ReadonlyMap<string, FactAccessor>;
  /** Accessor of the rule's primary fact. */
  primary: FactAccessor | undefined;
}

/** Node numbers of a source that a scope selects. */
export function scopeNodes(scope: RuleScope, source: FactSource): Int32Array {
  const kinds = scope.kinds ? new Set(scope.kinds) : undefined;
  const tiers = scope.tiers ? new Set(scope.tiers) : undefined;
  const nodes = scope.nodes ? new Set(scope.nodes) : undefined;
  const tags = scope.tags;
  const out: number[] = [];
  for (let i = 0; i < source.nodeCount; i++) {
    if (kinds && !kinds.has(source.kind(i))) continue;
    if (tiers) {
      const tier = source.tier(i);
      if (tier === undefined || !tiers.has(tier)) continue;
    }
    if (tags) {
      const own = source.tags(i);
      if (!tags.every((t) => own.includes(t))) continue;
    }
    if (nodes && !nodes.has(source.nodeId(i))) continue;
    out.push(i);
  }
  return Int32Array.from(out);
}

/**
 * Binds every enabled rule of a set to a source: resolves each fact accessor once, computes scopes and
 * compiles predicates (all rules when `compileAll`, else those marked "compiled"). Throws a NotFoundError
 * naming the rule and the fact when the source lacks a fact.
 */
export function bindRules(ruleSet: RuleSet, source: FactSource, options: { api?: string; compile?: "all" | "compiled" | "none" } = {}): (BoundRule | undefined)[] {
  const api = options.api ?? "bindRules";
  const compile = options.compile ?? "compiled";
  return ruleSet.rules.map((rule) => {
    if (!rule.enabled) return undefined;
    const accessors = new Map<string, FactAccessor>();
    const resolve = (fact: string, params: WindowParams | undefined): FactAccessor => {
      const key = factKey(fact, params);
      let accessor = accessors.get(key);
      if (accessor === undefined) {
        accessor = source.accessor(fact, params);
        if (accessor === undefined) throw notFound(api, "fact", key, `Rule ${JSON.stringify(rule.name)} reads it, but the fact source does not provide it.`);
        accessors.set(key, accessor);
      }
      return accessor;
    };
    for (const ref of rule.facts) resolve(ref.fact, ref.params);
    for (const fact of rule.templateFacts) resolve(fact, undefined);
    const wantsCompile = compile === "all" || (compile === "compiled" && rule.engine === "compiled");
    const predicate = wantsCompile ? compileCondition(rule.conditions, { accessor: resolve, conditions: ruleSet.conditions, operators: ruleSet.operators }) : undefined;
    return {
      rule,
      scope: scopeNodes(rule.scope, source),
      predicate,
      accessors,
      primary: rule.primary ? accessors.get(rule.primary.key) : undefined,
    };
  });
}
