// Timelines: recorded telemetry (a metrics store, or long-form CSV) replayed step by step as FactSources for backtests.
import { STATUSES } from "../status";
import { invalidArgument } from "../errors";
import { type CsvImportOptions, type ImportReport, type MetricsStore } from "../metrics";
import { importCsvAs } from "../metrics/import";
import { factSpec, type FactAccessor, type FactSource, type WindowParams } from "./facts";
import { parseRuleDuration, type RuleDuration } from "./duration";
import type { RuleTopology } from "./topology";

const DEFAULTS = { lookback: 300 };

/** One step of a timeline: a time in seconds and the facts at that time. */
export interface TimelineStep {
  time: number;
  facts: FactSource;
}

/**
 * Steps in time order. Implementations may hand out the same FactSource object at every step, moved to
 * the step (evaluators then bind once).
 */
export interface Timeline extends Iterable<TimelineStep> {
  /** Wall-clock ms since 1970 of time 0, when times came from timestamps (for converting label times). */
  readonly epochMs?: number;
}

/** Static facts of a node that telemetry does not carry. */
export interface TimelineNode {
  id: string;
  kind?: string;
  tier?: number;
  tags?: readonly string[];
  region?: string;
  /** Count of nodes depending on this one (else derived from `topology` when given). */
  dependents?: number;
  /** Redundancy group name, for `redundancy_left`. */
  redundancyGroup?: string;
}

/** Options of `timelineFromStore` and `timelineFromLongCsv`. */
export interface StoreTimelineOptions {
  /** Static node facts; by default kind comes from the store, tier/tags/region from store labels of those names. */
  nodes?: readonly TimelineNode[];
  /** For dependents and unhealthy_dependencies when `nodes` do not give them. */
  topology?: RuleTopology;
  /** First time included (seconds). */
  from?: number;
  /** Last time included (seconds). */
  to?: number;
  /**
   * How far back an instant fact looks for the latest sample when the current step has none, as
   * Prometheus' lookback delta does; "5m" by default, 0 to read only the current step.
   */
  lookback?: RuleDuration;
}

/** A timeline from an array or other iterable of steps (for instance one tableFacts per step). */
export function timelineFromSteps(steps: Iterable<TimelineStep>, epochMs?: number): Timeline {
  return { epochMs, [Symbol.iterator]: () => steps[Symbol.iterator]() };
}

/** Linear-interpolated percentile p (0..100) of `values[0..n)`, sorting them (as lib/metrics defines it). */
function percentile(values: Float64Array, n: number, p: number): number {
  if (n === 0) return NaN;
  const sorted = values.subarray(0, n).sort();
  const rank = ((n - 1) * p) / 100;
  const low = Math.floor(rank);
  const fraction = rank - low;
  return fraction === 0 || low + 1 >= n ? sorted[low] : sorted[low] + fraction * (sorted[low + 1] - sorted[low]);
}

/** The FactSource a store timeline moves from step to step. */
class StoreFacts implements FactSource {
  readonly nodeCount: number;
  step = 0;
  private readonly kinds: string[];
  private readonly tiers: (number | undefined)[];
  private readonly tagLists: (readonly string[])[];
  private readonly regions: (string | undefined)[];
  private readonly dependentCounts: (number | undefined)[];
  private readonly groups: (string | undefined)[];
  private readonly scratch: Float64Array;
  private readonly windowStart = new Map<number, { step: number; from: number }>();
  private upstream: number[][] | undefined;
  private readonly lookback: number;

  constructor(
    private readonly store: MetricsStore,
    private readonly options: StoreTimelineOptions,
  ) {
    const ids = store.nodeIds;
    this.nodeCount = ids.length;
    const byId = new Map((options.nodes ?? []).map((n) => [n.id, n]));
    const label = (name: string, i: number) => store.labels[name]?.[i];
    this.kinds = ids.map((id, i) => byId.get(id)?.kind ?? store.kinds[i] ?? "unknown");
    this.tiers = ids.map((id, i) => {
      const given = byId.get(id)?.tier;
      if (given !== undefined) return given;
      const text = label("tier", i);
      const tier = text === undefined || text === "" ? NaN : Number(text);
      return Number.isFinite(tier) ? tier : undefined;
    });
    this.tagLists = ids.map((id, i) => byId.get(id)?.tags ?? (label("tags", i) ?? "").split(/[;|]/).filter((t) => t !== ""));
    this.regions = ids.map((id, i) => byId.get(id)?.region ?? label("region", i));
    this.groups = ids.map((id, i) => byId.get(id)?.redundancyGroup ?? label("redundancy_group", i));
    this.dependentCounts = ids.map((id) => byId.get(id)?.dependents);
    if (options.topology && this.dependentCounts.some((d) => d === undefined)) {
      const topology = options.topology;
      this.dependentCounts = ids.map((id, i) => this.dependentCounts[i] ?? ids.filter((other) => other !== id && topology.dependsOn(other, id)).length);
    }
    this.scratch = new Float64Array(Math.max(1, store.recordedSteps));
    this.lookback = parseRuleDuration(options.lookback ?? DEFAULTS.lookback) ?? DEFAULTS.lookback;
  }

  nodeId(node: number): string {
    return this.store.nodeIds[node];
  }
  kind(node: number): string {
    return this.kinds[node];
  }
  tier(node: number): number | undefined {
    return this.tiers[node];
  }
  tags(node: number): readonly string[] {
    return this.tagLists[node];
  }

  private metric(name: string): number | undefined {
    return this.store.hasMetric(name) ? this.store.metricIndex(name) : undefined;
  }

  /** First step of the window (now - window, now] for the current step, cached per window length. */
  private startOf(window: number): number {
    let cached = this.windowStart.get(window);
    if (cached === undefined) {
      cached = { step: -1, from: 0 };
      this.windowStart.set(window, cached);
    }
    if (cached.step !== this.step) {
      const times = this.store.times;
      const limit = times[this.step] - window;
      let from = cached.step >= 0 && cached.step <= this.step ? cached.from : 0;
      while (from < this.step && times[from] <= limit) from++;
      cached.step = this.step;
      cached.from = from;
    }
    return cached.from;
  }

  private windowed(m: number, params: WindowParams): FactAccessor {
    const store = this.store;
    const scratch = this.scratch;
    const times = store.times;
    return (node) => {
      const to = this.step;
      const from = this.startOf(params.window);
      let n = 0;
      let first = -1;
      let last = -1;
      for (let s = from; s <= to; s++) {
        const v = store.valueAt(m, node, s);
        if (v !== v) continue;
        if (first < 0) first = s;
        last = s;
        scratch[n++] = v;
      }
      if (n === 0) return undefined;
      switch (params.stat) {
        case "avg": {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += scratch[k];
          return sum / n;
        }
        case "min": {
          let best = Infinity;
          for (let k = 0; k < n; k++) if (scratch[k] < best) best = scratch[k];
          return best;
        }
        case "max": {
          let best = -Infinity;
          for (let k = 0; k < n; k++) if (scratch[k] > best) best = scratch[k];
          return best;
        }
        case "p50":
          return percentile(scratch, n, 50);
        case "p95":
          return percentile(scratch, n, 95);
        case "rate":
          return last > first ? (scratch[n - 1] - scratch[0]) / (times[last] - times[first]) : undefined;
      }
    };
  }

  /** The sample at `step`, else the latest within the lookback; NaN when there is none. */
  private sample(m: number, node: number, step: number): number {
    const store = this.store;
    const v = store.valueAt(m, node, step);
    if (v === v || this.lookback <= 0) return v;
    const times = store.times;
    const limit = times[step] - this.lookback;
    for (let s = step - 1; s >= 0 && times[s] >= limit; s--) {
      const earlier = store.valueAt(m, node, s);
      if (earlier === earlier) return earlier;
    }
    return NaN;
  }

  private statusCode(m: number, node: number, step: number): number | undefined {
    const v = this.sample(m, node, step);
    return v === v ? Math.round(v) : undefined;
  }

  accessor(fact: string, params?: WindowParams): FactAccessor | undefined {
    const store = this.store;
    const status = this.metric("status");
    if (params !== undefined) {
      if (fact === "availability") {
        if (status === undefined) return () => undefined;
        return (node) => {
          const from = this.startOf(params.window);
          let up = 0;
          let n = 0;
          for (let s = from; s <= this.step; s++) {
            const raw = store.valueAt(status, node, s);
            const code = raw === raw ? Math.round(raw) : undefined;
            if (code === undefined) continue;
            n++;
            if (code !== 2) up++;
          }
          return n === 0 ? undefined : up / n;
        };
      }
      const m = this.metric(fact === "status_code" ? "status" : fact);
      return m === undefined ? () => undefined : this.windowed(m, params);
    }
    switch (fact) {
      case "kind":
        return (node) => this.kinds[node];
      case "tier":
        return (node) => this.tiers[node];
      case "tags":
        return (node) => this.tagLists[node];
      case "name":
        return (node) => store.nodeIds[node];
      case "region":
        return (node) => this.regions[node];
      case "dependents":
        return (node) => this.dependentCounts[node];
      case "status":
        if (status === undefined) return () => undefined;
        return (node) => {
          const code = this.statusCode(status, node, this.step);
          return code === undefined ? undefined : STATUSES[code];
        };
      case "status_code":
        if (status === undefined) return () => undefined;
        return (node) => this.statusCode(status, node, this.step);
      case "availability":
        if (status === undefined) return () => undefined;
        return (node) => {
          const code = this.statusCode(status, node, this.step);
          return code === undefined ? undefined : code === 2 ? 0 : 1;
        };
      case "redundancy_left":
        return this.redundancyLeft(status);
      case "unhealthy_dependencies":
        return this.unhealthyDependencies(status);
    }
    const m = this.metric(fact);
    if (m === undefined) return factSpec(fact) !== undefined ? () => undefined : undefined;
    return (node) => {
      const v = this.sample(m, node, this.step);
      return v === v ? v : undefined;
    };
  }

  private redundancyLeft(status: number | undefined): FactAccessor {
    if (status === undefined) return () => undefined;
    const members = new Map<string, number[]>();
    this.groups.forEach((g, i) => {
      if (g !== undefined && g !== "") members.set(g, [...(members.get(g) ?? []), i]);
    });
    return (node) => {
      const group = this.groups[node];
      const list = group !== undefined && group !== "" ? members.get(group)! : [node];
      let healthy = 0;
      for (const m of list) {
        const code = this.statusCode(status, m, this.step);
        if (code === undefined) return undefined;
        if (code !== 2) healthy++;
      }
      return healthy - 1;
    };
  }

  private unhealthyDependencies(status: number | undefined): FactAccessor {
    const topology = this.options.topology;
    if (status === undefined || topology === undefined) return () => undefined;
    return (node) => {
      if (this.upstream === undefined) {
        const ids = this.store.nodeIds;
        this.upstream = ids.map((id) => ids.map((_, j) => j).filter((j) => ids[j] !== id && topology.dependsOn(id, ids[j])));
      }
      let n = 0;
      for (const u of this.upstream[node]) {
        const code = this.statusCode(status, u, this.step);
        if (code !== undefined && code > 0) n++;
      }
      return n;
    };
  }
}

/**
 * Replays a metrics store's recorded steps as a timeline. Facts: each metric by name (a step without a
 * sample reads the latest one within `options.lookback`, else no value), `status` from the numeric status
 * metric (0 up, 1 degraded, 2 down), windowed facts over the samples in (now - window, now], availability
 * from status, and static facts from `options.nodes` or store labels (tier, tags, region,
 * redundancy_group). The same FactSource moves from step to step.
 */
export function timelineFromStore(store: MetricsStore, options: StoreTimelineOptions = {}): Timeline {
  if (store === null || typeof store !== "object" || typeof store.valueAt !== "function") {
    throw invalidArgument("timelineFromStore", "store", "a MetricsStore", store);
  }
  if (options.lookback !== undefined && parseRuleDuration(options.lookback) === undefined) {
    throw invalidArgument("timelineFromStore", "options.lookback", 'a duration such as "5m" or seconds', options.lookback);
  }
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  return {
    epochMs: store.epochMs,
    *[Symbol.iterator]() {
      const facts = new StoreFacts(store, options);
      const times = store.times;
      for (let s = 0; s < store.recordedSteps; s++) {
        if (times[s] < from || times[s] > to) continue;
        facts.step = s;
        yield { time: times[s], facts };
      }
    },
  };
}

/** Options of `timelineFromLongCsv`: timeline options plus lib/metrics' CSV import options. */
export type LongCsvTimelineOptions = StoreTimelineOptions & Pick<CsvImportOptions, "stepSeconds" | "delimiter">;

/**
 * A timeline from telemetry CSV in long form, `time,node,metric,value` (optional `kind` and label
 * columns such as tier, tags, region), read with lib/metrics' importer: times in seconds or ISO 8601,
 * status as codes 0/1/2. The import report (warnings, empty values) is on `report`.
 */
export function timelineFromLongCsv(text: string, options: LongCsvTimelineOptions = {}): Timeline & { report: ImportReport; store: MetricsStore } {
  const { store, report } = importCsvAs("timelineFromLongCsv", text, { format: "long", stepSeconds: options.stepSeconds, delimiter: options.delimiter });
  return Object.assign(timelineFromStore(store, options), { report, store });
}
