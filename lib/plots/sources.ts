// The plain-data inputs plot builders accept (a metrics store, a run result, ground truth) and how they are recognised.
import { invalidArgument } from "../errors";

/** What the plots read from a metrics store (lib/metrics' `MetricsStore` has all of it). */
export interface StoreLike {
  readonly nodeIds: readonly string[];
  readonly kinds: readonly string[];
  readonly metricNames: readonly string[];
  readonly times: ArrayLike<number>;
  readonly recordedSteps: number;
  readonly recordInterval: number;
  readonly epochMs: number | undefined;
  hasNode(nodeId: string): boolean;
  series(metric: string, nodeId: string): ArrayLike<number>;
}

/** A fault as the ground truth logs it. */
export interface FaultRecordLike {
  id: string;
  kind: string;
  target: string;
  at: number;
  duration: number;
  label?: string;
}

/** Something that happened to a fault: start, end, failover, oom, restart. */
export interface FaultEventLike {
  time: number;
  fault: string;
  kind: string;
  node: string;
  detail?: string;
}

/** A period a business service was degraded or down. */
export interface ImpactLike {
  service: string;
  name?: string;
  status: string;
  start: number;
  end: number | null;
  faults?: readonly string[];
}

/** The twin's ground truth: what was injected and what it did. */
export interface GroundTruthLike {
  faults?: readonly FaultRecordLike[];
  events?: readonly FaultEventLike[];
  impacts?: readonly ImpactLike[];
}

/** A run result: a store and, for twin runs, the ground truth (lib/twin's `TwinResult` fits). */
export interface ResultLike {
  metrics: StoreLike;
  groundTruth?: GroundTruthLike;
}

/** True for something shaped like a metrics store. */
export function isStoreLike(value: unknown): value is StoreLike {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<StoreLike>;
  return typeof v.series === "function" && Array.isArray(v.nodeIds) && Array.isArray(v.metricNames) && v.times !== undefined;
}

/** True for something shaped like a run result. */
export function isResultLike(value: unknown): value is ResultLike {
  return typeof value === "object" && value !== null && isStoreLike((value as { metrics?: unknown }).metrics);
}

/** Splits a store-or-result argument into the store and the ground truth (when there is one). */
export function resolveSource(source: unknown, api: string): { store: StoreLike; truth: GroundTruthLike | undefined } {
  if (isStoreLike(source)) return { store: source, truth: undefined };
  if (isResultLike(source)) return { store: source.metrics, truth: source.groundTruth };
  throw invalidArgument(api, "source", "a MetricsStore or a run result with .metrics", source);
}

/** Checks that a metric is recorded, naming the ones that are. */
export function checkMetric(store: StoreLike, metric: unknown, api: string): string {
  if (typeof metric !== "string" || !store.metricNames.includes(metric)) {
    throw invalidArgument(api, "options.metric", `a recorded metric (${store.metricNames.join(", ")})`, metric);
  }
  return metric;
}

/** Checks node ids against the store; returns them. */
export function checkNodes(store: StoreLike, nodes: unknown, api: string): string[] {
  if (!Array.isArray(nodes) || nodes.some((n) => typeof n !== "string")) throw invalidArgument(api, "options.nodes", "an array of node ids", nodes);
  for (const id of nodes) if (!store.hasNode(id)) throw invalidArgument(api, "options.nodes", "ids of recorded nodes", id);
  return nodes.slice();
}

/** Recorded step range [first, end) for times in [from, to]. */
export function stepWindow(store: StoreLike, from: number | undefined, to: number | undefined, api: string): [number, number] {
  if (from !== undefined && (typeof from !== "number" || Number.isNaN(from))) throw invalidArgument(api, "options.from", "a time in seconds", from);
  if (to !== undefined && (typeof to !== "number" || Number.isNaN(to))) throw invalidArgument(api, "options.to", "a time in seconds", to);
  const times = store.times;
  let first = 0;
  let end = store.recordedSteps;
  if (from !== undefined) while (first < end && times[first] < from) first++;
  if (to !== undefined) while (end > first && times[end - 1] > to) end--;
  return [first, end];
}

/** Checks an optional positive integer option. */
export function positiveInt(value: unknown, fallback: number, api: string, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw invalidArgument(api, field, "an integer >= 1", value);
  return value;
}
