// Which nodes a dashboard panel follows (by data centre, region, kind, tier, tag, service or node) and the mean and max of a metric over them.
import { dependenciesOf, type InfraGraph } from "../graph";
import { invalidArgument } from "../errors";
import type { MetricsStore } from "../metrics";

/** How a panel picks nodes. */
export type SelectionBy = "all" | "datacenter" | "region" | "kind" | "tier" | "tag" | "service" | "node";
export const SELECTION_BYS: readonly SelectionBy[] = ["all", "datacenter", "region", "kind", "tier", "tag", "service", "node"];

/** A selection: every node, or those whose `by` attribute equals `value` (a service selects itself and what it depends on). */
export interface Selection {
  by: SelectionBy;
  value?: string;
}

/** The node ids a selection picks, in graph order. */
export function selectNodes(graph: InfraGraph, selection: Selection): string[] {
  const api = "selectNodes";
  if (!SELECTION_BYS.includes(selection.by)) throw invalidArgument(api, "selection.by", SELECTION_BYS.join(", "), selection.by);
  if (selection.by === "all") return graph.nodes();
  const value = selection.value ?? "";
  if (selection.by === "node") return graph.hasNode(value) ? [value] : [];
  if (selection.by === "service") {
    if (!graph.hasNode(value)) return [];
    return [value, ...dependenciesOf(graph, value).map((r) => r.id)];
  }
  return graph.filterNodes((_id, a) => {
    if (selection.by === "tag") return Array.isArray(a.tags) && a.tags.includes(value);
    return String((a as Record<string, unknown>)[selection.by] ?? "") === value;
  });
}

/** The values each selection dimension takes in the graph (for the page's pickers). */
export function selectionValues(graph: InfraGraph): Record<SelectionBy, string[]> {
  const sets: Record<string, Set<string>> = { datacenter: new Set(), region: new Set(), kind: new Set(), tier: new Set(), tag: new Set(), service: new Set() };
  graph.forEachNode((id, a) => {
    for (const key of ["datacenter", "region", "kind", "tier"]) {
      const v = (a as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) sets[key].add(String(v));
    }
    for (const t of Array.isArray(a.tags) ? a.tags : []) sets.tag.add(String(t));
    if (a.kind === "business_service") sets.service.add(id);
  });
  const sorted = (s: Set<string>) => [...s].sort();
  return { all: [], node: [], datacenter: sorted(sets.datacenter), region: sorted(sets.region), kind: sorted(sets.kind), tier: sorted(sets.tier), tag: sorted(sets.tag), service: sorted(sets.service) };
}

/** A metric over a selection: per time point, the mean and the max over the nodes (at most `maxPoints`, each the max of its bucket). */
export interface AggregateSeries {
  metric: string;
  nodes: number;
  time: number[];
  mean: number[];
  max: number[];
}

/** Aggregates a metric over nodes from the store, bucketed to at most `maxPoints` points so 10,000-node estates stay light. */
export function aggregateSeries(store: MetricsStore, metric: string, nodes: readonly string[], options: { maxPoints?: number } = {}): AggregateSeries {
  const api = "aggregateSeries";
  if (!store.hasMetric(metric)) throw invalidArgument(api, "metric", `one of ${store.metricNames.join(", ")}`, metric);
  const steps = store.recordedSteps;
  const maxPoints = options.maxPoints ?? 600;
  const bucket = Math.max(1, Math.ceil(steps / maxPoints));
  const points = Math.ceil(steps / bucket);
  const sum = new Float64Array(points);
  const max = new Float64Array(points).fill(-Infinity);
  const count = new Float64Array(points);
  const m = store.metricIndex(metric);
  const buffer = new Float64Array(steps);
  for (const id of nodes) {
    if (!store.hasNode(id)) continue;
    store.readSeries(m, store.nodeIndex(id), buffer, 0, steps);
    for (let s = 0; s < steps; s++) {
      const v = buffer[s];
      if (!Number.isFinite(v)) continue;
      const p = Math.floor(s / bucket);
      sum[p] += v;
      count[p] += 1;
      if (v > max[p]) max[p] = v;
    }
  }
  const times = store.times;
  const time: number[] = [];
  const mean: number[] = [];
  const maxOut: number[] = [];
  for (let p = 0; p < points; p++) {
    time.push(times[Math.min(steps - 1, (p + 1) * bucket - 1)]);
    mean.push(count[p] > 0 ? sum[p] / count[p] : NaN);
    maxOut.push(count[p] > 0 ? max[p] : NaN);
  }
  return { metric, nodes: nodes.length, time, mean, max: maxOut };
}
