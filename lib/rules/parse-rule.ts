// The rule-set parser's per-rule section: one rule object checked field by field into a parsed Rule.
import { unsupportedConstruct } from "./compile";
import { RULE_DURATION_HINT, parseRuleDuration } from "./duration";
import { factSpec } from "./facts";
import { parseTemplate } from "./template";
import { SEVERITIES, type ConditionJson, type FactRef, type Rule, type RuleJson, type Severity } from "./types";
import { Reporter, hasOwn, isObject, type ConditionScan, type ParseOptions } from "./parse-common";
import { checkCondition, collectFacts } from "./parse-conditions";
import { LABEL_NAME, RESERVED_LABELS, checkGroupBy, checkInhibits, checkScope, checkStringRecord } from "./parse-sections";

export const RULE_KEYS = [
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

/** What every rule of a set shares while it is parsed. */
export interface RuleContext {
  prefix: string;
  problems: import("../errors").Problem[];
  setReport: Reporter;
  names: ReadonlySet<string>;
  seenNames: Map<string, number>;
  setGroupBy: readonly string[];
  named: ReadonlyMap<string, ConditionScan>;
  env: { conditions: Record<string, unknown>; options: ParseOptions };
  defaults: { severity: Severity; priority: number };
}

/** Checks the rule at `index`; returns it parsed (problems go to the context's list), or undefined when it is not even an object. */
export function parseRule(raw: unknown, index: number, ctx: RuleContext, ruleIndex: number): Rule | undefined {
  const { prefix, problems, setReport, names, seenNames, setGroupBy, named, env } = ctx;
  const options = env.options;
  const DEFAULTS = ctx.defaults;
  const before = problems.length;
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
  // Only a well-formed tree may be walked by the compiler's checks (a malformed one was reported above).
  const reason = isObject(conditions) && problems.length === before ? unsupportedConstruct(conditions, env.conditions as Record<string, ConditionJson>, options.operators) : undefined;
  return {
    kind: "rule",
    name,
    index: ruleIndex,
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
  };
}
