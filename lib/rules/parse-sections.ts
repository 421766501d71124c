// The rule-set parser's sections beside conditions: scope, group_by, labels and annotations, inhibits.
import type { InhibitSpec, RuleScope } from "./types";
import { SCOPE_KINDS } from "./facts";
import { Reporter, checkStringList, hasOwn, isObject, type ParseOptions } from "./parse-common";

/** Special group_by keys; anything else names a label. */
export const GROUP_KEYS = ["upstream", "service", "node"] as const;
const SCOPE_KEYS = ["kinds", "tags", "tiers", "nodes"];
const INHIBIT_KEYS = ["rules", "labels", "on", "equal"];
const INHIBIT_RELATIONS = ["dependents", "node", "service", "all"];
export const RESERVED_LABELS = ["alertname", "node", "severity", "kind", "tier"];
export const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkScope(raw: unknown, path: string, report: Reporter, options: ParseOptions): RuleScope {
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

export function checkGroupBy(raw: unknown, path: string, report: Reporter): string[] | undefined {
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

export function checkStringRecord(raw: unknown, path: string, report: Reporter, what: string): Record<string, string> {
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

export function checkInhibits(raw: unknown, path: string, report: Reporter, selfName: string, names: ReadonlySet<string>): InhibitSpec[] {
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
