// Imported metrics as facts: every metric of a store outside the catalogue becomes a numeric fact rules may use, with windows.
import { FACT_CATALOGUE, factSpec, type FactSpec } from "./facts";
import type { RuleSet } from "./types";

/** The metric names of a store, or the names themselves. */
type MetricNames = { readonly metricNames: readonly string[] } | readonly string[];

/**
 * Fact specs for the metrics that are not in the catalogue (`queue_depth`, `gc_pause_ms`...): numbers with
 * window params, so `{"fact": "queue_depth", "params": {"window": "5m", "stat": "max"}}` parses. Pass them as
 * `loadRules(file, { facts })` / `parseRuleSet(json, { facts })`.
 */
export function metricFacts(source: MetricNames): FactSpec[] {
  const names = Array.isArray(source) ? (source as readonly string[]) : (source as { metricNames: readonly string[] }).metricNames;
  return names
    .filter((name) => factSpec(name) === undefined && name !== "status")
    .map((name) => ({ name, type: "number" as const, unit: "as imported", group: "metric" as const, params: true, description: `Imported metric "${name}".` }));
}

/** The catalogue plus a store's own metrics, for `infratwin rules facts --telemetry`. */
export function factCatalogueFor(source: MetricNames): FactSpec[] {
  return [...FACT_CATALOGUE, ...metricFacts(source)];
}

/**
 * A warning when rules are scoped to node kinds but the telemetry knows no node's kind (no kind column, no
 * topology): those rules can never fire. Undefined when nothing is wrong.
 */
export function kindScopeWarning(ruleSet: RuleSet, kinds: readonly string[]): string | undefined {
  const scoped = ruleSet.rules.filter((r) => (r.scope.kinds?.length ?? 0) > 0);
  if (scoped.length === 0) return undefined;
  const known = kinds.filter((k) => k !== "unknown" && k !== "").length;
  if (known > 0) return undefined;
  return `${scoped.length} of ${ruleSet.rules.length} rules are scoped to node kinds (${scoped.map((r) => r.name).slice(0, 5).join(", ")}${scoped.length > 5 ? ", ..." : ""}) but no node has a kind: they cannot fire. Give the telemetry a kind column, or the estate's topology (--topology, or kinds in readTelemetry's options).`;
}
