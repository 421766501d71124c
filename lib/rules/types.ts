// The rule format: json-rules-engine's JSON plus temporal and alerting fields, as written and as parsed.
import type { FactSpec, WindowParams } from "./facts";
import type { CustomOperator } from "./operators";

/** Alert severities, most severe first. */
export const SEVERITIES = ["critical", "warning", "info"] as const;

/** How bad an alert is. */
export type Severity = (typeof SEVERITIES)[number];

/** A leaf condition as json-rules-engine writes it; `params` are window params here. */
export interface FactConditionJson {
  fact: string;
  operator: string;
  value: unknown;
  /** Window params `{window, stat}`, or anomaly params `{metric, detector, options}` for the `anomaly` fact. */
  params?: { window?: string | number; stat?: string; metric?: string; detector?: string; options?: Record<string, unknown> };
  path?: string;
  priority?: number;
  name?: string;
}

/** A reference to a named condition of the rule set (`"conditions": {"dbDown": {...}}` at the top). */
export interface ConditionReferenceJson {
  condition: string;
  priority?: number;
  name?: string;
}

/** `all` / `any` / `not` nesting. */
export type BooleanConditionJson =
  | { all: ConditionJson[]; priority?: number; name?: string }
  | { any: ConditionJson[]; priority?: number; name?: string }
  | { not: ConditionJson; priority?: number; name?: string };

/** Any condition node. */
export type ConditionJson = FactConditionJson | ConditionReferenceJson | BooleanConditionJson;

/** The root of a rule's conditions: a boolean node or a reference. */
export type TopLevelConditionJson = BooleanConditionJson | ConditionReferenceJson;

/** Which nodes a rule watches; fields are combined with AND, lists within a field with OR (tags: all listed). */
export interface RuleScope {
  /** Node kinds, any of. */
  kinds?: readonly string[];
  /** Tags the node must all carry. */
  tags?: readonly string[];
  /** Criticality tiers, any of. */
  tiers?: readonly number[];
  /** Node ids, any of. */
  nodes?: readonly string[];
}

/** How a firing cause alert silences symptom alerts (Alertmanager's inhibit_rules, attached to the cause). */
export interface InhibitSpec {
  /** Target rules by name. */
  rules?: readonly string[];
  /** Target alerts whose labels include all of these. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Which targets relate to the cause: "dependents" (the cause's node or a node that depends on it,
   * the default), "node" (same node), "service" (a business service in common), "all" (any node).
   */
  on?: InhibitRelation;
  /** Labels that must be equal on cause and target, as in Alertmanager's `equal`. */
  equal?: readonly string[];
}

/** Relations an inhibition may require between cause and target. */
export type InhibitRelation = "dependents" | "node" | "service" | "all";

/** One rule as written in JSON. */
export interface RuleJson {
  name: string;
  conditions: TopLevelConditionJson;
  event?: { type: string; params?: Record<string, unknown> };
  priority?: number;
  for?: string | number;
  keep_firing_for?: string | number;
  severity?: Severity;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  scope?: RuleScope;
  group_by?: string[];
  inhibits?: InhibitSpec[];
  description?: string;
  rationale?: string;
  enabled?: boolean;
}

/** A rule set as written: an array of rules or an object with `rules`. */
export interface RuleSetJson {
  /** Path of the JSON Schema, for editors; ignored. */
  $schema?: string;
  name?: string;
  description?: string;
  /** Default grouping of alerts into incidents ("upstream", "service", "node" or label names). */
  group_by?: string[];
  /** Named conditions that rules reference with `{"condition": "name"}`. */
  conditions?: Record<string, ConditionJson>;
  rules: RuleJson[];
}

/** A fact a rule reads, with parsed params. */
export interface FactRef {
  fact: string;
  params?: WindowParams;
  /** `cpu` or `cpu[5m:avg]`. */
  key: string;
}

/** Which evaluator runs a rule. */
export type RuleEngineKind = "compiled" | "json-rules-engine";

/** A validated rule, ready to evaluate. */
export interface Rule {
  readonly kind: "rule";
  readonly name: string;
  /** Position in the rule set. */
  readonly index: number;
  readonly description?: string;
  readonly rationale?: string;
  readonly enabled: boolean;
  readonly conditions: TopLevelConditionJson;
  readonly event: { type: string; params?: Record<string, unknown> };
  readonly priority: number;
  /** `for` in seconds. */
  readonly forSeconds: number;
  /** `keep_firing_for` in seconds. */
  readonly keepFiringForSeconds: number;
  readonly severity: Severity;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly scope: RuleScope;
  readonly groupBy: readonly string[];
  readonly inhibits: readonly InhibitSpec[];
  /** Distinct facts the conditions read, in order of appearance. */
  readonly facts: readonly FactRef[];
  /** The first numeric fact of the conditions: what `value` means on its alerts. */
  readonly primary?: FactRef;
  /** Facts the annotation templates read. */
  readonly templateFacts: readonly string[];
  /** "compiled", or "json-rules-engine" when the rule uses something the compiler does not support. */
  readonly engine: RuleEngineKind;
  /** Why the rule runs on json-rules-engine. */
  readonly engineReason?: string;
  /** The rule exactly as written. */
  readonly json: RuleJson;
}

/** A validated rule set. */
export interface RuleSet {
  readonly kind: "rule_set";
  readonly name: string;
  readonly description?: string;
  readonly groupBy: readonly string[];
  readonly rules: readonly Rule[];
  readonly conditions: Readonly<Record<string, ConditionJson>>;
  readonly operators: Readonly<Record<string, CustomOperator>>;
  /** Facts beyond the catalogue that this set was allowed to use. */
  readonly extraFacts: readonly FactSpec[];
  readonly json: RuleSetJson;
}
