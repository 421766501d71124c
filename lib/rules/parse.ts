// Loading rule sets: validates every rule at once and reports each problem with the rule's name, the JSON path and the value.
// The sections live beside this file: parse-common (options, reporter), parse-conditions, parse-sections, parse-rule.
import { datasetPath } from "../package-root";
import { readFileSync } from "node:fs";
import { ValidationError, invalidArgument, type Problem } from "../errors";
import type { ConditionJson, Rule, RuleSet, RuleSetJson, Severity } from "./types";
import { MAX_CONDITION_DEPTH, Reporter, deepFreeze, isObject, hasOwn, type ConditionScan, type ParseOptions } from "./parse-common";
import { checkCondition, findCycle } from "./parse-conditions";
import { checkGroupBy } from "./parse-sections";
import { parseRule, type RuleContext } from "./parse-rule";
import { MAX_JSON_DEPTH, stripBom, tooDeepAt } from "../json-guard";

export type { ParseOptions } from "./parse-common";
export { MAX_CONDITION_DEPTH } from "./parse-common";
export { GROUP_KEYS } from "./parse-sections";

const DEFAULTS = {
  severity: "warning" as Severity,
  groupBy: ["upstream", "service"] as readonly string[],
  priority: 1,
  name: "rules",
};

const SET_KEYS = ["$schema", "name", "description", "group_by", "conditions", "rules"];

/** A ValidationError whose lines are the problems' messages (which already name the rule and the path). */
function ruleSetError(api: string, problems: Problem[], what: string): ValidationError {
  const error = new ValidationError(api, problems, what);
  const lines = problems.slice(0, 20).map((p) => `  ${p.message}`);
  if (problems.length > 20) lines.push(`  ... and ${problems.length - 20} more`);
  error.message = `${api}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${what}:\n${lines.join("\n")}`;
  return error;
}

/**
 * Validates a rule set (an array of rules or `{rules: [...]}`) and returns it parsed. Every problem in
 * the set is reported at once in a ValidationError whose lines read
 * `rule "HighCpu": unknown operator "gt" at $.rules[0].conditions.all[0].operator; expected one of ...`;
 * a set with any problem is rejected whole, so nothing is dropped silently.
 */
export function parseRuleSet(json: unknown, options: ParseOptions = {}): RuleSet {
  return parseRuleSetAs("parseRuleSet", json, options);
}

/** `parseRuleSet` with errors named after the public call that parsed (`loadRules`). */
function parseRuleSetAs(api: string, json: unknown, options: ParseOptions): RuleSet {
  const problems: Problem[] = [];
  const setReport = new Reporter(problems, "rule set");
  const deep = tooDeepAt(json, MAX_JSON_DEPTH);
  if (deep !== undefined) throw new ValidationError(api, [{ path: deep, message: `rule set nests deeper than ${MAX_JSON_DEPTH} levels at ${deep}; flatten it (conditions may nest at most ${MAX_CONDITION_DEPTH} levels)` }], "rule set");
  let rulesRaw: unknown;
  let prefix: string;
  let top: Record<string, unknown> = {};
  if (Array.isArray(json)) {
    rulesRaw = json;
    prefix = "$";
  } else if (isObject(json)) {
    top = json;
    rulesRaw = json.rules;
    prefix = "$.rules";
    for (const k of Object.keys(json)) if (!SET_KEYS.includes(k)) setReport.add(`$.${k}`, `unknown field "${k}"`, undefined, SET_KEYS.join(", "));
    if (!Array.isArray(rulesRaw)) setReport.add("$.rules", "rules must be an array but found", rulesRaw);
  } else {
    throw invalidArgument(api, "rule set", "an array of rules or an object with a rules array", json);
  }
  const setName = typeof top.name === "string" && top.name !== "" ? top.name : (options.name ?? DEFAULTS.name);
  if (hasOwn(top, "name") && (typeof top.name !== "string" || top.name === "")) setReport.add("$.name", "name must be a non-empty string but found", top.name);
  if (hasOwn(top, "description") && typeof top.description !== "string") setReport.add("$.description", "description must be a string but found", top.description);
  const setGroupBy = checkGroupBy(top.group_by, "$.group_by", setReport) ?? DEFAULTS.groupBy;

  // Named conditions first: rules may reference them.
  const namedRaw = top.conditions === undefined ? {} : top.conditions;
  const named = new Map<string, ConditionScan>();
  const env = { conditions: {} as Record<string, unknown>, options };
  if (!isObject(namedRaw)) setReport.add("$.conditions", "conditions must be an object of named conditions but found", namedRaw);
  else {
    env.conditions = namedRaw;
    for (const [name, condition] of Object.entries(namedRaw)) {
      const scan: ConditionScan = { facts: [], references: [] };
      checkCondition(condition, `$.conditions.${name}`, true, new Reporter(problems, `condition "${name}"`), scan, env);
      named.set(name, scan);
    }
    const cycle = findCycle(named);
    if (cycle) setReport.add("$.conditions", `named conditions reference each other in a cycle: ${cycle.join(" -> ")}`);
  }

  const rulesList = Array.isArray(rulesRaw) ? rulesRaw : [];
  const names = new Set<string>();
  for (const r of rulesList) if (isObject(r) && typeof r.name === "string") names.add(r.name);
  const seenNames = new Map<string, number>();
  const rules: Rule[] = [];
  const ctx: RuleContext = { prefix, problems, setReport, names, seenNames, setGroupBy, named, env, defaults: DEFAULTS };
  rulesList.forEach((raw, index) => {
    const rule = parseRule(raw, index, ctx, rules.length);
    if (rule) rules.push(rule);
  });

  if (problems.length > 0) throw ruleSetError(api, problems, `rule set "${setName}"`);
  const copy = deepFreeze(structuredClone(Array.isArray(json) ? { rules: json } : json) as unknown as RuleSetJson);
  // Frozen throughout, except the caller's operator functions, which are only referenced.
  return Object.freeze({
    kind: "rule_set",
    name: setName,
    description: top.description as string | undefined,
    groupBy: deepFreeze([...setGroupBy]),
    rules: deepFreeze(rules.map((r, i) => ({ ...r, conditions: copy.rules[i].conditions, json: copy.rules[i] }))),
    conditions: (copy.conditions ?? {}) as Record<string, ConditionJson>,
    operators: Object.freeze({ ...(options.operators ?? {}) }),
    extraFacts: deepFreeze(structuredClone([...(options.facts ?? [])])),
    json: copy,
  }) as RuleSet;
}

/**
 * Loads a rule set from a file path, a JSON text or an already parsed value. Syntax errors and invalid
 * rules are reported together as a ValidationError naming the file.
 */
export function loadRules(source: string | object, options: ParseOptions = {}): RuleSet {
  const api = "loadRules";
  if (typeof source !== "string") return parseRuleSetAs(api, source, options);
  const trimmed = stripBom(source).trimStart();
  const isText = trimmed.startsWith("{") || trimmed.startsWith("[");
  let text = source;
  if (!isText) {
    try {
      text = readFileSync(source, "utf8");
    } catch (error) {
      throw invalidArgument(api, "source", "a readable rule file or a JSON text", source);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (error) {
    throw new ValidationError(api, [{ path: "$", message: `not valid JSON: ${(error as Error).message}`, value: isText ? undefined : source }], isText ? "rule JSON" : source);
  }
  return parseRuleSetAs(api, json, { ...options, name: isText ? options.name : (options.name ?? baseName(source)) });
}

function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.json$/i, "");
}

/** Where the default rule pack lives (datasets/rules/default.json at the package root). */
export const DEFAULT_RULES_PATH = datasetPath("rules", "default.json");

/** The default rule pack: CPU, latency, error rate, tier-1 availability, memory, disk, replication lag, database down. */
export function loadDefaultRules(): RuleSet {
  return loadRules(DEFAULT_RULES_PATH, { name: "default" });
}

/** The JSON to write for a rule set (as it was written, rules in order; without `$schema`, whose relative path would not hold elsewhere). */
export function ruleSetToJson(ruleSet: RuleSet): RuleSetJson {
  const { $schema: _schema, ...json } = structuredClone(ruleSet.json) as RuleSetJson;
  void _schema;
  return { name: ruleSet.name, ...json };
}
