// Export to Prometheus alerting-rule YAML for the rules whose conditions map cleanly to PromQL; the others are listed with why.
import { invalidArgument } from "../errors";
import { anomalyPromQl } from "./anomaly-params";
import { formatRuleDuration, parseRuleDuration } from "./duration";
import { factSpec, STATUS_VALUES } from "./facts";
import { parseOperator } from "./operators";
import { parseTemplate } from "./template";
import type { ConditionJson, FactConditionJson, Rule, RuleSet } from "./types";

const DEFAULTS = { nodeLabel: "node", kindLabel: "kind", tierLabel: "tier" };

/** Options of `toPrometheusRules`. */
export interface PrometheusExportOptions {
  /** PromQL metric name per fact (`{cpu: "node_cpu_ratio"}`); the fact name by default. `status_code` and `status` read `metricNames.status ?? "status"`. */
  metricNames?: Readonly<Record<string, string>>;
  /** Rule group name; the rule set's name by default. */
  groupName?: string;
  /** Label carrying the node id, kind and tier on the exported metrics. */
  nodeLabel?: string;
  kindLabel?: string;
  tierLabel?: string;
  /** Seconds between samples, to turn an anomaly detector's window (in points) into a range (default 60). */
  stepSeconds?: number;
  /**
   * Range-selector semantics of the Prometheus that will run the rules. infratwin's windows are (t - w, t].
   * "closed" (default): Prometheus 2.x, whose `[w]` is [t - w, t], so ranges are written 1 ms shorter
   * (`[9m59s999ms]`) to select the same samples (Prometheus timestamps are whole milliseconds; on 3.x this
   * differs only for a sample landing exactly 1 ms inside the window's start). "left-open": Prometheus 3.x,
   * whose `[w]` is already (t - w, t], so ranges are written as the rule says (`[10m]`).
   */
  windowBoundary?: WindowBoundary;
}

/** How the target Prometheus bounds a range selector: 2.x "closed" [t - r, t], 3.x "left-open" (t - r, t]. */
export type WindowBoundary = "closed" | "left-open";

/** The boundary for a Prometheus major version: 2 → "closed", 3 and later → "left-open". */
export function windowBoundaryFor(prometheusVersion: number): WindowBoundary {
  if (!(Number.isInteger(prometheusVersion) && prometheusVersion >= 2)) {
    throw invalidArgument("windowBoundaryFor", "prometheusVersion", "a Prometheus major version such as 2 or 3", prometheusVersion);
  }
  return prometheusVersion >= 3 ? "left-open" : "closed";
}

/** What the export did. */
export interface PrometheusExport {
  kind: "prometheus_rules";
  yaml: string;
  /** The range-selector semantics the ranges were written for. */
  windowBoundary: WindowBoundary;
  exported: { rule: string; expr: string }[];
  skipped: { rule: string; reason: string }[];
  /** Exported rules whose annotations lost something in translation. */
  notes: { rule: string; note: string }[];
}

const COMPARATORS: Readonly<Record<string, string>> = {
  greaterThan: ">",
  greaterThanInclusive: ">=",
  lessThan: "<",
  lessThanInclusive: "<=",
  equal: "==",
};
const OVER_TIME: Readonly<Record<string, (selector: string) => string>> = {
  avg: (s) => `avg_over_time(${s})`,
  min: (s) => `min_over_time(${s})`,
  max: (s) => `max_over_time(${s})`,
  p50: (s) => `quantile_over_time(0.5, ${s})`,
  p95: (s) => `quantile_over_time(0.95, ${s})`,
};

/** Flattens nested `all` into leaves; returns a reason string for anything else. */
function leaves(condition: ConditionJson, named: RuleSet["conditions"], out: FactConditionJson[]): string | undefined {
  const c = condition as unknown as Record<string, unknown>;
  if (Array.isArray(c.all)) {
    for (const child of c.all as ConditionJson[]) {
      const reason = leaves(child, named, out);
      if (reason) return reason;
    }
    return undefined;
  }
  if (Array.isArray(c.any)) {
    if ((c.any as ConditionJson[]).length === 1) return leaves((c.any as ConditionJson[])[0], named, out);
    return '"any" of several conditions has no clean PromQL form (label sets of "or" differ)';
  }
  if (c.not !== undefined) return '"not" has no clean PromQL form (absent series would match)';
  if (typeof c.condition === "string") {
    const target = named[c.condition];
    return target ? leaves(target, named, out) : `unknown named condition "${c.condition}"`;
  }
  out.push(condition as FactConditionJson);
  return undefined;
}

/** A PromQL range selecting infratwin's window (now - seconds, now] under the target's boundary. */
function promRange(seconds: number, boundary: WindowBoundary): string {
  return `[${formatRuleDuration(boundary === "closed" ? seconds - 0.001 : seconds)}]`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function regexAlternatives(values: readonly (string | number)[]): string {
  return values.map((v) => String(v).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
}

function leafExpr(leaf: FactConditionJson, matchers: string, options: PrometheusExportOptions): { expr: string } | { reason: string } {
  const spec = factSpec(leaf.fact);
  const parsed = parseOperator(leaf.operator);
  if (parsed === undefined || parsed.custom) return { reason: `operator "${leaf.operator}" has no PromQL form` };
  if (parsed.decorators.length > 0) return { reason: `decorated operator "${leaf.operator}" has no clean PromQL form` };
  if (leaf.path !== undefined) return { reason: `condition on "${leaf.fact}" uses a JSONPath` };
  if (spec === undefined || (spec.group !== "metric" && leaf.fact !== "status_code")) {
    return { reason: `fact "${leaf.fact}" is not a metric Prometheus would have` };
  }
  let value = leaf.value;
  let metricFact = leaf.fact;
  if (leaf.fact === "status") {
    if (parsed.base !== "equal" || typeof value !== "string") return { reason: `status ${leaf.operator} ${JSON.stringify(value)} has no clean PromQL form (only status equal "...")` };
    value = STATUS_VALUES.indexOf(value as (typeof STATUS_VALUES)[number]);
    metricFact = "status_code";
  }
  if (parsed.base === "notEqual") return { reason: `notEqual holds for missing data in json-rules-engine but PromQL's != drops missing series` };
  const comparator = COMPARATORS[parsed.base];
  if (comparator === undefined) return { reason: `operator "${parsed.base}" has no clean PromQL form` };
  if (typeof value !== "number") return { reason: `condition on "${leaf.fact}" compares with a non-number ${JSON.stringify(value)}` };
  const names = options.metricNames ?? {};
  if (leaf.fact === "anomaly") {
    const anomaly = (leaf.params as { metric?: string; metrics?: string[]; detector?: string; options?: Record<string, unknown> } | undefined) ?? {};
    if (Array.isArray(anomaly.metrics)) return { reason: `anomaly detector "${anomaly.detector ?? "isolation_forest"}" over ${anomaly.metrics.join(", ")} keeps a fitted forest PromQL cannot express` };
    if (typeof anomaly.metric !== "string") return { reason: `anomaly condition without a "metric" param` };
    return anomalyPromQl({ metric: anomaly.metric, detector: anomaly.detector ?? "ensemble", options: anomaly.options }, comparator, value, {
      selector: (m) => `${names[m] ?? m}${matchers}`,
      stepSeconds: options.stepSeconds ?? 60,
      range: (seconds) => promRange(seconds, options.windowBoundary ?? "closed"),
    });
  }
  const metric = metricFact === "status_code" ? (names.status_code ?? names.status ?? "status") : (names[metricFact] ?? metricFact);
  let selector = `${metric}${matchers}`;
  const params = leaf.params;
  if (params !== undefined) {
    const stat = params.stat ?? "avg";
    const over = OVER_TIME[stat];
    if (over === undefined) return { reason: `window stat "${stat}" has no exact PromQL equivalent` };
    const seconds = parseRuleDuration(params.window);
    const range = seconds !== undefined ? promRange(seconds, options.windowBoundary ?? "closed") : `[${String(params.window)}]`;
    selector = over(`${selector}${range}`);
  }
  return { expr: `${selector} ${comparator} ${value}` };
}

function translateAnnotation(text: string, primaryFact: string | undefined, options: PrometheusExportOptions, notes: string[]): string {
  const parsed = parseTemplate(text, (name) => factSpec(name) !== undefined);
  if (parsed.kind === "error") return text;
  const nodeLabel = options.nodeLabel ?? DEFAULTS.nodeLabel;
  const labelFor: Readonly<Record<string, string>> = {
    node: nodeLabel,
    rule: "alertname",
    severity: "severity",
    kind: options.kindLabel ?? DEFAULTS.kindLabel,
    tier: options.tierLabel ?? DEFAULTS.tierLabel,
  };
  return parsed.parts
    .map((part) => {
      if (part.kind === "text") return part.text;
      let head: string;
      let isValue = false;
      if (part.ref.kind === "label") head = `$labels.${part.ref.name}`;
      else if (part.ref.kind === "variable" && part.ref.name !== "value") head = `$labels.${labelFor[part.ref.name]}`;
      else if (part.ref.kind === "variable" || part.ref.name === primaryFact) {
        head = "$value";
        isValue = true;
      } else {
        notes.push(`annotation placeholder ${part.source} reads fact "${part.ref.name}", which the alert's value does not carry; written as text`);
        return `<${part.ref.name}>`;
      }
      const filters = part.filters.map((f) => {
        if (f.name === "pct" && isValue) return "humanizePercentage";
        if (f.name === "round" && isValue) return 'printf "%.0f"';
        if (f.name === "fixed" && isValue) return `printf "%.${f.arg}f"`;
        if (f.name === "upper") return "toUpper";
        if (f.name === "lower") return "toLower";
        return undefined;
      });
      return `{{ ${[head, ...filters.filter((f) => f !== undefined)].join(" | ")} }}`;
    })
    .join("");
}

function exportRule(rule: Rule, ruleSet: RuleSet, options: PrometheusExportOptions): { expr: string; notes: string[] } | { reason: string } {
  if (!rule.enabled) return { reason: "disabled" };
  if (rule.engine === "json-rules-engine") return { reason: `runs on json-rules-engine: ${rule.engineReason}` };
  if (rule.scope.tags !== undefined) return { reason: "scope.tags has no label on exported metrics" };
  const list: FactConditionJson[] = [];
  const reason = leaves(rule.conditions as ConditionJson, ruleSet.conditions, list);
  if (reason) return { reason };
  const matchers: string[] = [];
  const nodeLabel = options.nodeLabel ?? DEFAULTS.nodeLabel;
  if (rule.scope.kinds) matchers.push(`${options.kindLabel ?? DEFAULTS.kindLabel}=~${quote(regexAlternatives(rule.scope.kinds))}`);
  if (rule.scope.tiers) matchers.push(`${options.tierLabel ?? DEFAULTS.tierLabel}=~${quote(regexAlternatives(rule.scope.tiers))}`);
  if (rule.scope.nodes) matchers.push(`${nodeLabel}=~${quote(regexAlternatives(rule.scope.nodes))}`);
  const selector = matchers.length > 0 ? `{${matchers.join(",")}}` : "";
  const parts: string[] = [];
  for (const leaf of list) {
    const result = leafExpr(leaf, selector, options);
    if ("reason" in result) return result;
    parts.push(result.expr);
  }
  const expr = parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(` and on(${nodeLabel}) `);
  return { expr, notes: [] };
}

/** YAML for one string-keyed block at an indent, every scalar double-quoted (JSON escapes are valid YAML). */
function yamlMap(entries: Record<string, string>, indent: string): string[] {
  return Object.entries(entries).map(([k, v]) => `${indent}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : quote(k)}: ${quote(v)}`);
}

/**
 * Writes the rules that map cleanly to PromQL as a Prometheus rule file: all-of threshold comparisons on
 * metrics (`cpu > 0.85`), windowed avg/min/max/p50/p95 as `*_over_time(metric[5m])`, status equality as
 * the status code, scope kinds/tiers/nodes as label matchers, `for` and `keep_firing_for` as written.
 * Other rules are listed in `skipped` with the reason.
 */
export function toPrometheusRules(ruleSet: RuleSet, options: PrometheusExportOptions = {}): PrometheusExport {
  const boundary = options.windowBoundary ?? "closed";
  if (boundary !== "closed" && boundary !== "left-open") {
    throw invalidArgument("toPrometheusRules", "options.windowBoundary", '"closed" (Prometheus 2.x) or "left-open" (Prometheus 3.x)', options.windowBoundary);
  }
  const exported: { rule: string; expr: string }[] = [];
  const skipped: { rule: string; reason: string }[] = [];
  const notes: { rule: string; note: string }[] = [];
  const target = boundary === "closed" ? "Prometheus 2.x (closed ranges [t - r, t])" : "Prometheus 3.x (left-open ranges (t - r, t])";
  const lines = [`# infratwin rules, range selectors written for ${target}`, "groups:", `  - name: ${quote(options.groupName ?? ruleSet.name)}`, "    rules:"];
  for (const rule of ruleSet.rules) {
    const result = exportRule(rule, ruleSet, options);
    if ("reason" in result) {
      skipped.push({ rule: rule.name, reason: result.reason });
      continue;
    }
    exported.push({ rule: rule.name, expr: result.expr });
    lines.push(`      - alert: ${quote(rule.name)}`, `        expr: ${quote(result.expr)}`);
    if (rule.forSeconds > 0) lines.push(`        for: ${formatRuleDuration(rule.forSeconds)}`);
    if (rule.keepFiringForSeconds > 0) lines.push(`        keep_firing_for: ${formatRuleDuration(rule.keepFiringForSeconds)}`);
    lines.push("        labels:", ...yamlMap({ severity: rule.severity, ...rule.labels }, "          "));
    const ruleNotes: string[] = [];
    const primary = rule.facts[0]?.fact;
    const annotations: Record<string, string> = {};
    for (const [key, text] of Object.entries(rule.annotations)) annotations[key] = translateAnnotation(text, primary, options, ruleNotes);
    if (rule.rationale !== undefined && annotations.rationale === undefined) annotations.rationale = rule.rationale;
    if (Object.keys(annotations).length > 0) lines.push("        annotations:", ...yamlMap(annotations, "          "));
    for (const note of ruleNotes) notes.push({ rule: rule.name, note });
  }
  if (exported.length === 0) lines[3] = "    rules: []";
  return { kind: "prometheus_rules", yaml: lines.join("\n") + "\n", windowBoundary: boundary, exported, skipped, notes };
}
