// The rule-set parser's condition section: boolean trees, leaves (fact, operator, value), named-condition references.
import { DECORATORS, NUMERIC_OPERATORS, OPERATORS, parseOperator } from "./operators";
import { parseRuleDuration } from "./duration";
import { FACT_CATALOGUE, factKey, factSpec, parseWindowParams, type FactSpec } from "./facts";
import type { FactRef } from "./types";
import { MAX_CONDITION_DEPTH, Reporter, hasOwn, isObject, isScalar, type ConditionScan, type ParseOptions } from "./parse-common";

const LEAF_KEYS = ["fact", "operator", "value", "params", "path", "priority", "name"];
const BOOLEAN_KEYS = ["all", "any", "not"];

/** Validates a condition tree; collects facts read and named conditions referenced. */
export function checkCondition(
  node: unknown,
  path: string,
  top: boolean,
  report: Reporter,
  scan: ConditionScan,
  env: { conditions: Record<string, unknown>; options: ParseOptions },
  depth = 1,
): void {
  if (depth > MAX_CONDITION_DEPTH) {
    report.add(path, `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels`, undefined, "a flatter tree (named conditions can share parts)");
    return;
  }
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
      else checkCondition(children, `${path}.not`, false, report, scan, env, depth + 1);
      return;
    }
    if (!Array.isArray(children)) {
      report.add(`${path}.${key}`, `"${key}" must be an array of conditions but found`, children);
      return;
    }
    if (children.length === 0) report.add(`${path}.${key}`, `"${key}" is empty`, undefined, "at least one condition (json-rules-engine treats an empty list as true)");
    children.forEach((child, i) => checkCondition(child, `${path}.${key}[${i}]`, false, report, scan, env, depth + 1));
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

/** Facts read by a condition tree, following named conditions. */
export function collectFacts(scan: ConditionScan, named: ReadonlyMap<string, ConditionScan>, seen = new Set<string>()): FactRef[] {
  const out = [...scan.facts];
  for (const name of scan.references) {
    if (seen.has(name)) continue;
    seen.add(name);
    const inner = named.get(name);
    if (inner) out.push(...collectFacts(inner, named, seen));
  }
  return out;
}

export function findCycle(named: ReadonlyMap<string, ConditionScan>): string[] | undefined {
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
