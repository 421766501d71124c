// The facts rules may read (the catalogue) and the small interface an evaluator reads them through (FactSource).
import { STATUSES } from "../status";
import { NODE_KINDS } from "../graph/schema";
import { anomalyKey, isAnomalyParamsRecord, parseAnomalyParams, type AnomalyParams } from "./anomaly-params";
import { formatRuleDuration } from "./duration";
import { parseSyncParams, SYNC_FACTS, syncFactKey, type SyncFactParams } from "./sync-params";

/** What a fact holds for one node at one step; `undefined` when there is no observation. */
export type FactValue = number | string | boolean | readonly string[] | null | undefined;

/** Reads one fact of node number `node` at the source's current step. */
export type FactAccessor = (node: number) => FactValue;

/** Statistics a windowed fact may ask for. */
export const FACT_WINDOW_STATS = ["avg", "min", "max", "p50", "p95", "rate"] as const;

/** One window statistic: `rate` is the change per second between the first and last samples of the window. */
export type FactWindowStat = (typeof FACT_WINDOW_STATS)[number];

/** Window parameters after parsing: `{"window": "5m", "stat": "p95"}` → `{ window: 300, stat: "p95" }`. */
export interface WindowParams {
  /** Window length in seconds; the window is (now - window, now]. */
  window: number;
  stat: FactWindowStat;
  /** Set for the `anomaly` fact (params `{"metric": "cpu", "detector": "ensemble"}`): the score is read at the current step, window 0. */
  anomaly?: AnomalyParams;
  /** Set for the `deviation` and `observed` facts of a sync session (params `{"metric": "cpu", "measure": "z"}`), read at the current step. */
  sync?: SyncFactParams;
}

/**
 * The input every rule evaluator reads: a set of nodes numbered 0..nodeCount-1 with static attributes,
 * and `accessor`, which is called once per (fact, params) when rules are bound to the source, never in
 * the hot path. An accessor reads the source's *current* step, so one source object can serve a whole run
 * (evaluators re-bind only when they are handed a different object or the node count changes).
 * `accessor` returns `undefined` for a fact the source does not know at all; for a known fact without data
 * it returns an accessor that yields `undefined`.
 */
export interface FactSource {
  readonly nodeCount: number;
  nodeId(node: number): string;
  kind(node: number): string;
  tier(node: number): number | undefined;
  tags(node: number): readonly string[];
  accessor(fact: string, params?: WindowParams): FactAccessor | undefined;
}

/** A FactSource that adds facts on top of another: nodes, kinds, tiers and tags are the inner source's. */
export abstract class LayeredFactSource implements FactSource {
  constructor(protected inner: FactSource) {}

  get nodeCount(): number {
    return this.inner.nodeCount;
  }
  nodeId(node: number): string {
    return this.inner.nodeId(node);
  }
  kind(node: number): string {
    return this.inner.kind(node);
  }
  tier(node: number): number | undefined {
    return this.inner.tier(node);
  }
  tags(node: number): readonly string[] {
    return this.inner.tags(node);
  }
  abstract accessor(fact: string, params?: WindowParams): FactAccessor | undefined;
}

/** The value types of facts. */
export type FactType = "number" | "string" | "boolean" | "string[]";

/** Where a fact comes from. */
export type FactGroup = "metric" | "graph" | "service" | "sync";

/** One entry of the fact catalogue. */
export interface FactSpec {
  name: string;
  type: FactType;
  unit: string;
  group: FactGroup;
  description: string;
  /** Whether the fact accepts window params (`{"window": "5m", "stat": "avg"}`). */
  params: boolean;
  /** The only values a string fact takes, when they are known. */
  values?: readonly string[];
  /** The statistics allowed with params when not all of FACT_WINDOW_STATS are (availability only averages). */
  stats?: readonly FactWindowStat[];
}

/** The node kinds rule scopes may name (the graph's kinds; `parseRuleSet(json, {kinds})` overrides). */
export const SCOPE_KINDS = NODE_KINDS;

/** The status names of the `status` fact; the metrics store keeps them as codes 0, 1, 2. */
/** The values of the `status` fact (lib/status.ts). */
export const STATUS_VALUES = STATUSES;

/** Every fact a rule may name, with its type, unit and whether it takes window params. */
export const FACT_CATALOGUE: readonly FactSpec[] = [
  { name: "cpu", type: "number", unit: "ratio 0..1", group: "metric", params: true, description: "Share of CPU capacity in use." },
  { name: "ram", type: "number", unit: "ratio 0..1", group: "metric", params: true, description: "Share of memory in use." },
  { name: "disk", type: "number", unit: "ratio 0..1", group: "metric", params: true, description: "Share of disk space in use." },
  { name: "error_rate", type: "number", unit: "ratio 0..1", group: "metric", params: true, description: "Share of requests failing." },
  { name: "latency_ms", type: "number", unit: "ms", group: "metric", params: true, description: "Mean request latency." },
  { name: "throughput", type: "number", unit: "requests/s", group: "metric", params: true, description: "Requests served per second." },
  { name: "replication_lag_s", type: "number", unit: "s", group: "metric", params: true, description: "Seconds behind the replication source (databases, storage)." },
  {
    name: "status",
    type: "string",
    unit: "",
    group: "metric",
    params: false,
    values: STATUS_VALUES,
    description: 'Health: "up", "degraded" or "down". Use status_code for windows.',
  },
  { name: "status_code", type: "number", unit: "0 up, 1 degraded, 2 down", group: "metric", params: true, description: "Health as the metrics store keeps it; windows give e.g. the worst status (max) over the last 5m." },
  { name: "kind", type: "string", unit: "", group: "graph", params: false, values: SCOPE_KINDS, description: "Node kind in the infrastructure graph." },
  { name: "tier", type: "number", unit: "1 = most critical", group: "graph", params: false, description: "Criticality tier of the node." },
  { name: "tags", type: "string[]", unit: "", group: "graph", params: false, description: "Free-form tags of the node (use the contains operator)." },
  { name: "name", type: "string", unit: "", group: "graph", params: false, description: "Node id." },
  { name: "region", type: "string", unit: "", group: "graph", params: false, description: "Region or site of the node." },
  { name: "dependents", type: "number", unit: "nodes", group: "graph", params: false, description: "Number of nodes that depend on this one, directly or transitively." },
  {
    name: "redundancy_left",
    type: "number",
    unit: "nodes",
    group: "graph",
    params: false,
    description: "Healthy (not down) members of the node's redundancy group minus one: 0 means no spare left, -1 means the group is down; a node without a group is a group of one.",
  },
  {
    name: "availability",
    type: "number",
    unit: "ratio 0..1",
    group: "service",
    params: true,
    stats: ["avg"],
    description: "Business services: share of the window the service was not down (without params: 1 now up or degraded, 0 down).",
  },
  {
    name: "anomaly",
    type: "number",
    unit: "score 0..1",
    group: "metric",
    params: true,
    description: 'Anomaly score of a metric from a streaming detector, params {"metric": "cpu", "detector": "ensemble"} (lib/analytics); 0.5 is the alarm point.',
  },
  { name: "unhealthy_dependencies", type: "number", unit: "nodes", group: "service", params: false, description: "Business services: transitive dependencies that are degraded or down now." },
  {
    name: "risk",
    type: "number",
    unit: "probability 0..1",
    group: "metric",
    params: false,
    description: "Predicted probability that the node fails within the risk model's horizon (a trained model passed as runScenario's `risk` option); no value without a model.",
  },
  {
    name: "deviation",
    type: "number",
    unit: "robust z, metric unit or ratio",
    group: "sync",
    params: true,
    description:
      'Sync sessions (lib/sync): how far production is from the twin\'s prediction, params {"metric": "cpu", "measure": "z"}; measure "z" is |robust z| of observed − predicted against its rolling median/MAD, "abs" |observed − predicted|, "relative" that over |predicted|; no value where the metric is not observed.',
  },
  {
    name: "observed",
    type: "number",
    unit: "the metric's unit",
    group: "sync",
    params: true,
    description: 'Sync sessions (lib/sync): the value production reported this step, params {"metric": "latency_ms"}; the plain metric facts (cpu, latency_ms, ...) are the twin\'s prediction.',
  },
];

const BY_NAME = new Map(FACT_CATALOGUE.map((f) => [f.name, f]));

/** The catalogue entry of a fact, or `undefined`. */
export function factSpec(name: string, extra?: readonly FactSpec[]): FactSpec | undefined {
  return BY_NAME.get(name) ?? extra?.find((f) => f.name === name);
}

/** A stable key for a fact with optional params: `cpu`, `cpu[5m:avg]`. */
export function factKey(fact: string, params?: WindowParams): string {
  if (params?.anomaly) return anomalyKey(params.anomaly);
  if (params?.sync) return syncFactKey(fact, params.sync);
  return params === undefined ? fact : `${fact}[${formatRuleDuration(params.window)}:${params.stat}]`;
}

/** The catalogue as a markdown table, for docs and notebooks. */
export function factCatalogueMarkdown(catalogue: readonly FactSpec[] = FACT_CATALOGUE): string {
  const rows = catalogue.map(
    (f) => `| \`${f.name}\` | ${f.type}${f.values ? ` (${f.values.join(", ")})` : ""} | ${f.unit} | ${f.group} | ${f.params ? "yes" : "no"} | ${f.description} |`,
  );
  return ["| fact | type | unit | group | window params | description |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/** Parses condition params `{"window": "5m", "stat": "p95"}`; `stat` defaults to "avg". Returns a message when invalid. */
export function parseWindowParams(raw: unknown, spec: FactSpec | undefined, parseDurationFn: (v: unknown) => number | undefined): WindowParams | string {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return `params must be an object like {"window": "5m", "stat": "avg"}`;
  const record = raw as Record<string, unknown>;
  if (spec !== undefined && (SYNC_FACTS as readonly string[]).includes(spec.name)) {
    const sync = parseSyncParams(spec.name, record);
    return typeof sync === "string" ? sync : { window: 0, stat: "avg", sync };
  }
  if (isAnomalyParamsRecord(record) || spec?.name === "anomaly") {
    if (spec !== undefined && spec.name !== "anomaly") return `params with a metric or detector belong to the "anomaly" fact, not "${spec.name}"`;
    const anomaly = parseAnomalyParams(record);
    return typeof anomaly === "string" ? anomaly : { window: 0, stat: "avg", anomaly };
  }
  for (const key of Object.keys(record)) {
    if (key !== "window" && key !== "stat") return `unknown param ${JSON.stringify(key)}; expected window and stat`;
  }
  if (record.window === undefined) return `params need a "window", as in {"window": "5m", "stat": "avg"}`;
  const window = parseDurationFn(record.window);
  if (window === undefined || window <= 0) return `invalid window ${JSON.stringify(record.window)}; expected a duration > 0 like "30s", "5m", "1h"`;
  const stat = record.stat ?? "avg";
  const allowed = spec?.stats ?? FACT_WINDOW_STATS;
  if (typeof stat !== "string" || !(allowed as readonly string[]).includes(stat)) {
    return `unknown stat ${JSON.stringify(stat)}${spec ? ` for fact "${spec.name}"` : ""}; expected one of ${allowed.join(", ")}`;
  }
  return { window, stat: stat as FactWindowStat };
}
