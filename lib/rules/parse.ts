// Loading rule sets: validates every rule at once and reports each problem with the rule's name, the JSON path and the value.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError, describeValue, invalidArgument, type Problem } from "../errors";
import { unsupportedConstruct } from "./compile";
import { RULE_DURATION_HINT, parseRuleDuration } from "./duration";
import { FACT_CATALOGUE, SCOPE_KINDS, factKey, factSpec, parseWindowParams, type FactSpec } from "./facts";
import { DECORATORS, NUMERIC_OPERATORS, OPERATORS, parseOperator, type CustomOperator } from "./operators";
import { parseTemplate } from "./template";
import { SEVERITIES, type ConditionJson, type FactRef, type InhibitSpec, type Rule, type RuleJson, type RuleScope, type RuleSet, type RuleSetJson, type Severity } from "./types";

const DEFAULTS = {
  severity: "warning" as Severity,
  groupBy: ["upstream", "service"] as readonly string[],
  priority: 1,
  name: "rules",
};

/** Special group_by keys; anything else names a label. */
export const GROUP_KEYS = ["upstream", "service", "node"] as const;

const RULE_KEYS = [
  "name",
  "conditions",
  "event",
  "priority",
  "for",
  "keep_firing_for",
  "severity",
  "labels",
  "annotations",
  "scope",
  "group_by",
  "inhibits",
  "description",
  "rationale",
  "enabled",
];
const SET_KEYS = ["$schema", "name", "description", "group_by", "conditions", "rules"];
const LEAF_KEYS = ["fact", "operator", "value", "params", "path", "priority", "name"];
const BOOLEAN_KEYS = ["all", "any", "not"];
const SCOPE_KEYS = ["kinds", "tags", "tiers", "nodes"];
const INHIBIT_KEYS = ["rules", "labels", "on", "equal"];
const INHIBIT_RELATIONS = ["dependents", "node", "service", "all"];
const RESERVED_LABELS = ["alertname", "node", "severity", "kind", "tier"];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Options of `parseRuleSet` and `loadRules`. */
export interface ParseOptions {
  /** Name of the set when the JSON has none. */
  name?: string;
  /** Custom operators; rules that use one run on json-rules-engine. */
  operators?: Readonly<Record<string, CustomOperator>>;
  /** Facts beyond the catalogue that the fact sources of this set provide. */
  facts?: readonly FactSpec[];
  /** Node kinds scopes may name; the graph's kinds by default. */
  kinds?: readonly string[];
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Collects problems for one rule (or named condition) with a fixed message prefix. */
class Reporter {
  constructor(
    private readonly problems: Problem[],
    private readonly who: string,
  ) {}
  add(path: string, what: string, value?: unknown, expected?: string): void {
    const shown = value === undefined ? "" : ` ${describeValue(value)}`;
    this.problems.push({ path, value, message: `${this.who}: ${what}${shown} at ${path}${expected ? `; expected ${expected}` : ""}` });
  }
}

interface ConditionScan {
  facts: FactRef[];
  references: string[];
}

/** Validates a condition tree; collects facts read and named conditions referenced. */
function checkCondition(
  node: unknown,
  path: string,
  top: boolean,
  report: Reporter,
  scan: ConditionScan,
  env: { conditions: Record<string, unknown>; options: ParseOptions },
): void {
  if (!isObject(node)) {
    report.add(path, "condition must be an object but found", node);
    return;
  }
  const booleans = BOOLEAN_KEYS.filter((k) => hasOwn(node, k));
  const isReference = hasOwn(node, "condition");
  if (booleans.length + (isReference ? 1 : 0) > 1) {
    report.add(path, `condition mixes ${[...booleans, ...(isReference ? ["condition"] : [])].join(" and ")}`, undefined, "exactly one of all, any, not, condition");
    return;
  }
  if (booleans.length === 1 || isReference) {
    const key = isReference ? "condition" : booleans[0];
    for (const k of Object.keys(node)) {
      if (k !== key && k !== "priority" && k !== "name") report.add(`${path}.${k}`, `unexpected field "${k}" beside "${key}"`, undefined, `only ${key}, priority, name`);
    }
    checkPriority(node, path, report);
    if (key === "condition") {
      const name = node.condition;
      if (typeof name !== "string" || !hasOwn(env.conditions, name)) {
        const known = Object.keys(env.conditions);
        report.add(`${path}.condition`, "unknown named condition", name, known.length ? `one of ${known.join(", ")}` : `a name defined under "conditions" at the top of the rule set`);
      } else scan.references.push(name);
      return;
    }
    const children = node[key];
    if (key === "not") {
      if (Array.isArray(children) || !isObject(children)) report.add(`${path}.not`, '"not" takes one condition object but found', children);
      else checkCondition(children, `${path}.not`, false, report, scan, env);
      return;
    }
    if (!Array.isArray(children)) {
      report.add(`${path}.${key}`, `"${key}" must be an array of conditions but found`, children);
      return;
    }
    if (children.length === 0) report.add(`${path}.${key}`, `"${key}" is empty`, undefined, "at least one condition (json-rules-engine treats an empty list as true)");
    children.forEach((child, i) => checkCondition(child, `${path}.${key}[${i}]`, false, report, scan, env));
    return;
  }
  if (top) {
    report.add(path, "conditions must start with all, any, not or condition but found", node);
    return;
  }
  checkLeaf(node, path, report, scan, env.options);
}

function checkPriority(node: Record<string, unknown>, path: string, report: Reporter): void {
  if (hasOwn(node, "priority") && !(typeof node.priority === "number" && Number.isInteger(node.priority) && node.priority >= 1)) {
    report.add(`${path}.priority`, "invalid priority", node.priority, "an integer >= 1");
  }
}

function checkLeaf(node: Record<string, unknown>, path: string, report: Reporter, scan: ConditionScan, options: ParseOptions): void {
  for (const k of Object.keys(node)) {
    if (!LEAF_KEYS.includes(k)) report.add(`${path}.${k}`, `unknown field "${k}" in condition`, undefined, LEAF_KEYS.join(", "));
  }
  checkPriority(node, path, report);
  if (hasOwn(node, "name") && typeof node.name !== "string") report.add(`${path}.name`, "condition name must be a string but found", node.name);
  const factName = node.fact;
  const spec = typeof factName === "string" ? factSpec(factName, options.facts) : undefined;
  if (typeof factName !== "string") report.add(`${path}.fact`, "missing or non-string fact", factName, "a fact name such as cpu, latency_ms, status");
  else if (spec === undefined) report.add(`${path}.fact`, "unknown fact", factName, `one of ${knownFacts(options).join(", ")}`);

  let params;
  if (hasOwn(node, "params")) {
    if (spec !== undefined && !spec.params) report.add(`${path}.params`, `fact "${spec.name}" takes no params but found`, node.params);
    else {
      const parsed = parseWindowParams(node.params, spec, parseRuleDuration);
      if (typeof parsed === "string") report.add(`${path}.params`, parsed + "; found", node.params);
      else params = parsed;
    }
  }
  if (hasOwn(node, "path") && (typeof node.path !== "string" || node.path === "")) report.add(`${path}.path`, "path must be a non-empty JSONPath string but found", node.path);
  if (spec !== undefined) scan.facts.push({ fact: spec.name, params, key: factKey(spec.name, params) });

  const operatorName = node.operator;
  const parsed = typeof operatorName === "string" ? parseOperator(operatorName, options.operators) : undefined;
  if (parsed === undefined) {
    const custom = Object.keys(options.operators ?? {});
    report.add(
      `${path}.operator`,
      "unknown operator",
      operatorName,
      `one of ${[...OPERATORS, ...custom].join(", ")}, optionally decorated (${DECORATORS.map((d) => d + ":").join(", ")})`,
    );
    return;
  }
  if (!hasOwn(node, "value")) {
    report.add(path, `condition on "${String(factName)}" has no "value"`);
    return;
  }
  const value = node.value;
  if (isObject(value) && hasOwn(value, "fact")) {
    const other = value.fact;
    if (typeof other !== "string" || factSpec(other, options.facts) === undefined) report.add(`${path}.value.fact`, "unknown fact", other, `one of ${knownFacts(options).join(", ")}`);
    else scan.facts.push({ fact: other, key: other });
    return;
  }
  if (parsed.custom) return;
  // Walk the decorators outermost first, tracking what the base operator will compare.
  let values: unknown[] = [value];
  let factType = spec?.type;
  let swapped = false;
  for (const decorator of parsed.decorators) {
    if (decorator === "someValue" || decorator === "everyValue") {
      if (!values.every(Array.isArray)) {
        report.add(`${path}.value`, `operator "${operatorName}" needs a list value (${decorator}) but found`, value);
        return;
      }
      values = values.flatMap((v) => v as unknown[]);
    } else if (decorator === "someFact" || decorator === "everyFact") {
      if (factType !== undefined && factType !== "string[]") {
        report.add(`${path}.operator`, `${decorator} needs a list fact such as tags, but "${String(factName)}" is a ${factType}; found`, operatorName);
        return;
      }
      factType = "string";
    } else if (decorator === "swap") swapped = true;
  }
  if (swapped) {
    if (!values.every((v) => isScalar(v) || Array.isArray(v))) report.add(`${path}.value`, "value must be a string, number, boolean, null or list but found", value);
    return;
  }
  const base = parsed.base;
  for (const v of values) {
    if (NUMERIC_OPERATORS.has(base)) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        report.add(`${path}.value`, `threshold is not a number: ${base} needs a number but found`, v);
        return;
      }
      if (factType !== undefined && factType !== "number" && !params) {
        report.add(`${path}.operator`, `${base} compares numbers but fact "${String(factName)}" is a ${factType}; found`, operatorName);
        return;
      }
    } else if (base === "in" || base === "notIn") {
      if (!Array.isArray(v) || !v.every(isScalar)) {
        report.add(`${path}.value`, `${base} needs a list of strings, numbers or booleans but found`, v);
        return;
      }
      for (const item of v) checkEnum(item, spec, `${path}.value`, report, options);
    } else if (base === "contains" || base === "doesNotContain") {
      if (factType !== undefined && factType !== "string[]") {
        report.add(`${path}.operator`, `${base} needs a list fact such as tags, but "${String(factName)}" is a ${factType}; found`, operatorName);
        return;
      }
      if (!isScalar(v)) report.add(`${path}.value`, `${base} needs a single string, number or boolean but found`, v);
    } else {
      if (!isScalar(v)) {
        report.add(`${path}.value`, `${base} needs a string, number, boolean or null but found`, v);
        return;
      }
      if (factType === "number" && typeof v !== "number" && !params) {
        report.add(`${path}.value`, `fact "${String(factName)}" is a number but the value is`, v);
        return;
      }
      checkEnum(v, spec, `${path}.value`, report, options);
    }
  }
}

function checkEnum(value: unknown, spec: FactSpec | undefined, path: string, report: Reporter, options: ParseOptions): void {
  const values = spec?.name === "kind" && options.kinds ? options.kinds : spec?.values;
  if (spec !== undefined && values !== undefined && typeof value === "string" && !values.includes(value)) {
    report.add(path, `not a value of fact "${spec.name}":`, value, `one of ${values.join(", ")}`);
  }
}

function knownFacts(options: ParseOptions): string[] {
  return [...FACT_CATALOGUE.map((f) => f.name), ...(options.facts ?? []).map((f) => f.name)];
}

function checkStringList(value: unknown, path: string, report: Reporter, what: string, allowEmpty = false): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) {
    report.add(path, `${what} must be a list of non-empty strings but found`, value);
    return undefined;
  }
  if (!allowEmpty && value.length === 0) {
    report.add(path, `${what} is empty`, undefined, "at least one entry, or leave the field out");
    return undefined;
  }
  return value as string[];
}

function checkScope(raw: unknown, path: string, report: Reporter, options: ParseOptions): RuleScope {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    report.add(path, "scope must be an object like {\"kinds\": [\"database\"]} but found", raw);
    return {};
  }
  const scope: { kinds?: string[]; tags?: string[]; tiers?: number[]; nodes?: string[] } = {};
  for (const k of Object.keys(raw)) if (!SCOPE_KEYS.includes(k)) report.add(`${path}.${k}`, `unknown scope field "${k}"`, undefined, SCOPE_KEYS.join(", "));
  const kinds = options.kinds ?? SCOPE_KINDS;
  if (hasOwn(raw, "kinds")) {
    if (Array.isArray(raw.kinds) && raw.kinds.length === 0) report.add(`${path}.kinds`, "scope names no kind: kinds is empty", undefined, `at least one of ${kinds.join(", ")}`);
    else {
      const list = checkStringList(raw.kinds, `${path}.kinds`, report, "scope.kinds");
      if (list) {
        list.forEach((kind, i) => {
          if (!kinds.includes(kind)) report.add(`${path}.kinds[${i}]`, "scope names an unknown node kind", kind, `one of ${kinds.join(", ")}`);
        });
        scope.kinds = list;
      }
    }
  }
  if (hasOwn(raw, "tags")) scope.tags = checkStringList(raw.tags, `${path}.tags`, report, "scope.tags");
  if (hasOwn(raw, "nodes")) scope.nodes = checkStringList(raw.nodes, `${path}.nodes`, report, "scope.nodes");
  if (hasOwn(raw, "tiers")) {
    const tiers = raw.tiers;
    if (!Array.isArray(tiers) || tiers.length === 0 || !tiers.every((t) => Number.isInteger(t) && (t as number) >= 0)) {
      report.add(`${path}.tiers`, "scope.tiers must be a non-empty list of integers >= 0 but found", tiers);
    } else scope.tiers = tiers as number[];
  }
  return scope;
}

function checkGroupBy(raw: unknown, path: string, report: Reporter): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = checkStringList(raw, path, report, "group_by", true);
  if (!list) return undefined;
  list.forEach((key, i) => {
    if (!(GROUP_KEYS as readonly string[]).includes(key) && !LABEL_NAME.test(key)) {
      report.add(`${path}[${i}]`, "invalid group_by key", key, `"upstream", "service", "node" or a label name`);
    }
  });
  return list;
}

function checkStringRecord(raw: unknown, path: string, report: Reporter, what: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    report.add(path, `${what} must be an object of strings but found`, raw);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") report.add(`${path}.${k}`, `${what} values must be strings but found`, v);
    else out[k] = v;
  }
  return out;
}

function checkInhibits(raw: unknown, path: string, report: Reporter, selfName: string, names: ReadonlySet<string>): InhibitSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    report.add(path, 'inhibits must be a list like [{"rules": ["HighLatency"], "on": "dependents"}] but found', raw);
    return [];
  }
  const out: InhibitSpec[] = [];
  raw.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) {
      report.add(at, "inhibit entry must be an object but found", entry);
      return;
    }
    for (const k of Object.keys(entry)) if (!INHIBIT_KEYS.includes(k)) report.add(`${at}.${k}`, `unknown inhibit field "${k}"`, undefined, INHIBIT_KEYS.join(", "));
    const spec: { rules?: string[]; labels?: Record<string, string>; on?: InhibitSpec["on"]; equal?: string[] } = {};
    if (hasOwn(entry, "rules")) {
      const rules = checkStringList(entry.rules, `${at}.rules`, report, "inhibits.rules");
      rules?.forEach((name, j) => {
        if (name === selfName) report.add(`${at}.rules[${j}]`, "a rule cannot inhibit itself:", name);
        else if (!names.has(name)) {
          const others = [...names].filter((n) => n !== selfName);
          report.add(`${at}.rules[${j}]`, "inhibits an unknown rule", name, others.length > 0 ? `one of ${others.join(", ")}` : "another rule of the set (this set has no other rule)");
        }
      });
      if (rules) spec.rules = rules;
    }
    if (hasOwn(entry, "labels")) spec.labels = checkStringRecord(entry.labels, `${at}.labels`, report, "inhibits.labels");
    if (spec.rules === undefined && spec.labels === undefined) report.add(at, "inhibit entry names no target", undefined, '"rules" and/or "labels"');
    if (hasOwn(entry, "on")) {
      if (!INHIBIT_RELATIONS.includes(entry.on as string)) report.add(`${at}.on`, "unknown inhibit relation", entry.on, INHIBIT_RELATIONS.join(", "));
      else spec.on = entry.on as InhibitSpec["on"];
    }
    if (hasOwn(entry, "equal")) {
      const equal = checkStringList(entry.equal, `${at}.equal`, report, "inhibits.equal");
      if (equal) spec.equal = equal;
    }
    out.push(spec);
  });
  return out;
}

/** Facts read by a condition tree, following named conditions. */
function collectFacts(scan: ConditionScan, named: ReadonlyMap<string, ConditionScan>, seen = new Set<string>()): FactRef[] {
  const out = [...scan.facts];
  for (const name of scan.references) {
    if (seen.has(name)) continue;
    seen.add(name);
    const inner = named.get(name);
    if (inner) out.push(...collectFacts(inner, named, seen));
  }
  return out;
}

function findCycle(named: ReadonlyMap<string, ConditionScan>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 2) return undefined;
    if (state.get(name) === 1) return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 1);
    stack.push(name);
    for (const next of named.get(name)?.references ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 2);
    return undefined;
  };
  for (const name of named.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

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
export function parseRuleSet(json: unknown, options: ParseOptions = {}, api = "parseRuleSet"): RuleSet {
  const problems: Problem[] = [];
  const setReport = new Reporter(problems, "rule set");
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
  rulesList.forEach((raw, index) => {
    const path = `${prefix}[${index}]`;
    if (!isObject(raw)) {
      setReport.add(path, `rule #${index} must be an object but found`, raw);
      return;
    }
    const hasName = typeof raw.name === "string" && raw.name !== "";
    const name = hasName ? (raw.name as string) : `#${index}`;
    const report = new Reporter(problems, hasName ? `rule "${name}"` : `rule #${index}`);
    if (!hasName) report.add(`${path}.name`, "missing or empty name; found", raw.name);
    else if (seenNames.has(name)) report.add(`${path}.name`, `duplicate rule name (also ${prefix}[${seenNames.get(name)}]):`, name);
    else seenNames.set(name, index);
    for (const k of Object.keys(raw)) if (!RULE_KEYS.includes(k)) report.add(`${path}.${k}`, `unknown field "${k}"`, undefined, RULE_KEYS.join(", "));

    const scan: ConditionScan = { facts: [], references: [] };
    if (!hasOwn(raw, "conditions")) report.add(`${path}.conditions`, "missing conditions");
    else checkCondition(raw.conditions, `${path}.conditions`, true, report, scan, env);

    let event: Rule["event"] = { type: name };
    if (hasOwn(raw, "event")) {
      const e = raw.event;
      if (!isObject(e) || typeof e.type !== "string") report.add(`${path}.event`, 'event must be an object with a string "type" but found', e);
      else if (e.params !== undefined && !isObject(e.params)) report.add(`${path}.event.params`, "event params must be an object but found", e.params);
      else event = e.params === undefined ? { type: e.type } : { type: e.type, params: e.params as Record<string, unknown> };
    }
    let priority = DEFAULTS.priority;
    if (hasOwn(raw, "priority")) {
      if (!(typeof raw.priority === "number" && Number.isInteger(raw.priority) && raw.priority >= 1)) report.add(`${path}.priority`, "invalid priority", raw.priority, "an integer >= 1");
      else priority = raw.priority;
    }
    const duration = (key: "for" | "keep_firing_for"): number => {
      if (!hasOwn(raw, key)) return 0;
      const seconds = parseRuleDuration(raw[key]);
      if (seconds === undefined) report.add(`${path}.${key}`, `invalid duration`, raw[key], RULE_DURATION_HINT);
      return seconds ?? 0;
    };
    const forSeconds = duration("for");
    const keepFiringForSeconds = duration("keep_firing_for");
    let severity = DEFAULTS.severity;
    if (hasOwn(raw, "severity")) {
      if (!(SEVERITIES as readonly unknown[]).includes(raw.severity)) report.add(`${path}.severity`, "unknown severity", raw.severity, SEVERITIES.join(", "));
      else severity = raw.severity as Severity;
    }
    const labels = checkStringRecord(raw.labels, `${path}.labels`, report, "labels");
    for (const key of Object.keys(labels)) {
      if (!LABEL_NAME.test(key)) report.add(`${path}.labels`, "invalid label name", key, "letters, digits and _ , not starting with a digit");
      else if (RESERVED_LABELS.includes(key)) report.add(`${path}.labels.${key}`, `label "${key}" is set by the engine; found`, labels[key], `another name (${RESERVED_LABELS.join(", ")} are reserved)`);
    }
    const annotationsRaw = checkStringRecord(raw.annotations, `${path}.annotations`, report, "annotations");
    const templateFacts = new Set<string>();
    for (const [key, text] of Object.entries(annotationsRaw)) {
      const parsed = parseTemplate(text, (n) => factSpec(n, options.facts) !== undefined);
      if (parsed.kind === "error") report.add(`${path}.annotations.${key}`, parsed.message + "; found", text);
      else for (const part of parsed.parts) if (part.kind === "ref" && part.ref.kind === "fact") templateFacts.add(part.ref.name);
    }
    const scope = checkScope(raw.scope, `${path}.scope`, report, options);
    const groupBy = checkGroupBy(raw.group_by, `${path}.group_by`, report) ?? setGroupBy;
    const inhibits = checkInhibits(raw.inhibits, `${path}.inhibits`, report, name, names);
    for (const key of ["description", "rationale"] as const) {
      if (hasOwn(raw, key) && typeof raw[key] !== "string") report.add(`${path}.${key}`, `${key} must be a string but found`, raw[key]);
    }
    if (hasOwn(raw, "enabled") && typeof raw.enabled !== "boolean") report.add(`${path}.enabled`, "enabled must be true or false but found", raw.enabled);

    const allFacts = collectFacts(scan, named);
    const facts: FactRef[] = [];
    for (const ref of allFacts) if (!facts.some((f) => f.key === ref.key)) facts.push(ref);
    const primary = facts.find((f) => f.params !== undefined || factSpec(f.fact, options.facts)?.type === "number");
    const conditions = raw.conditions as Rule["conditions"];
    const reason = isObject(conditions) ? unsupportedConstruct(conditions, env.conditions as Record<string, ConditionJson>, options.operators) : undefined;
    rules.push({
      kind: "rule",
      name,
      index: rules.length,
      description: raw.description as string | undefined,
      rationale: raw.rationale as string | undefined,
      enabled: raw.enabled !== false,
      conditions,
      event,
      priority,
      forSeconds,
      keepFiringForSeconds,
      severity,
      labels,
      annotations: annotationsRaw,
      scope,
      groupBy,
      inhibits,
      facts,
      primary,
      // A template naming a fact the conditions read (maybe windowed) prints the value the conditions compared.
      templateFacts: [...templateFacts].filter((f) => !facts.some((ref) => ref.fact === f)),
      engine: reason === undefined ? "compiled" : "json-rules-engine",
      engineReason: reason,
      json: raw as unknown as RuleJson,
    });
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
  if (typeof source !== "string") return parseRuleSet(source, options, api);
  const trimmed = source.trimStart();
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
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(api, [{ path: "$", message: `not valid JSON: ${(error as Error).message}`, value: isText ? undefined : source }], isText ? "rule JSON" : source);
  }
  return parseRuleSet(json, { ...options, name: isText ? options.name : (options.name ?? baseName(source)) }, api);
}

function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.json$/i, "");
}

/** Where the default rule pack lives (datasets/rules/default.json at the package root). */
export const DEFAULT_RULES_PATH = join(__dirname, "..", "..", "datasets", "rules", "default.json");

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
