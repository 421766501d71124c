// The bridge from a running twin to the rules: a FactSource over the twin's live arrays, windows at full resolution, and a RuleTopology over the graph.
import { STATUSES } from "../status";
import type Graph from "graphology";
import { rootCauseCandidates, type GraphIndex, type GraphStore } from "../graph";
import { RollingWindows, TWIN_METRICS } from "../metrics";
import type { FactAccessor, FactSource, RuleTopology, WindowParams } from "../rules";
import { buildTopology, toGraphStore, TWIN_KINDS, type Twin, type TwinTopology } from "../twin";
import { LOOKBACK_SECONDS, SampleLookback } from "./sample-lookback";

const NETWORK_KIND_CODES = new Set(["router", "switch", "firewall", "load_balancer"].map((k) => (TWIN_KINDS as readonly string[]).indexOf(k)));

const STAT_NAMES: Record<string, "mean" | "min" | "max" | "p50" | "p95" | "rate"> = { avg: "mean", min: "min", max: "max", p50: "p50", p95: "p95", rate: "rate" };
/** Windowed columns: the twin's metrics plus a 0/1 "down" indicator for availability. */
const WINDOW_METRICS = [...TWIN_METRICS, "down"] as const;

/** Upstream sets: what each node needs, through depends_on, its hosts, the network devices in front of it and (for services) the applications serving it. */
export function upstreamOf(topo: TwinTopology, v: number, cache: Map<number, Set<number>>): Set<number> {
  let set = cache.get(v);
  if (set) return set;
  set = new Set<number>();
  const stack = [v];
  while (stack.length > 0) {
    forEachNeed(topo, stack.pop()!, (y) => {
      if (y !== v && !set!.has(y)) {
        set!.add(y);
        stack.push(y);
      }
    });
  }
  cache.set(v, set);
  return set;
}

/** Calls `visit(y)` for each node x needs directly (the edges `upstreamOf` follows, duplicates allowed). */
function forEachNeed(topo: TwinTopology, x: number, visit: (y: number) => void): void {
  for (let k = topo.dependsOn.offsets[x]; k < topo.dependsOn.offsets[x + 1]; k++) {
    const t = topo.dependsOn.targets[k];
    visit(t);
    // Calling one member of a redundancy group means needing the group.
    const g = topo.group[t];
    if (g >= 0) for (const m of topo.groups[g].members) visit(m);
  }
  for (let k = topo.servedBy.offsets[x]; k < topo.servedBy.offsets[x + 1]; k++) visit(topo.servedBy.targets[k]);
  if (topo.host[x] >= 0) visit(topo.host[x]);
  // Packets reach a server through the network devices around it; they in turn need the devices they link to.
  for (let k = topo.network.offsets[x]; k < topo.network.offsets[x + 1]; k++) {
    const y = topo.network.targets[k];
    if (NETWORK_KIND_CODES.has(topo.kind[y])) visit(y);
  }
}

/** The inverse of the "needs" edges as adjacency (y → every x that needs y directly), for counting dependents without every node's upstream set. */
function neededBy(topo: TwinTopology): { offsets: Int32Array; sources: Int32Array } {
  const offsets = new Int32Array(topo.n + 1);
  for (let x = 0; x < topo.n; x++) forEachNeed(topo, x, (y) => offsets[y + 1]++);
  for (let v = 0; v < topo.n; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, topo.n);
  const sources = new Int32Array(offsets[topo.n]);
  for (let x = 0; x < topo.n; x++) forEachNeed(topo, x, (y) => (sources[fill[y]++] = x));
  return { offsets, sources };
}

/**
 * A FactSource reading the twin's current step as monitoring sees it: the measured metrics (cpu, ram, latency,
 * errors, throughput) are the observed telemetry the metrics store records (with the twin's realism: noise, spikes,
 * scrape gaps), so a rule fires here exactly as it would on the recorded series; status, disk and replication lag
 * are the model's. An instant fact holds the latest sample through a scrape gap of up to 5 minutes (Prometheus's
 * lookback); windowed facts (`{"window": "5m", "stat": "p95"}`) read a ring buffer of the samples filled after every
 * step, skipping missing ones, at full resolution whatever the store records.
 */
export class TwinFactSource implements FactSource {
  readonly nodeCount: number;
  readonly windows: RollingWindows;
  private readonly topo: TwinTopology;
  private readonly upstream = new Map<number, Set<number>>();
  private readonly dependentCount = new Map<number, number>();
  private inverse: { offsets: Int32Array; sources: Int32Array } | undefined;
  private readonly downColumn: Float64Array;
  /** The observed columns (TWIN_METRICS order), as the twin hands them to monitoring, and their held instant values. */
  private readonly observed: readonly Float64Array[];
  private readonly instant: SampleLookback;
  private readonly windowColumns: readonly Float64Array[];
  /** Latest predicted failure risk per node (NaN: no prediction), set by a risk model during the run. */
  private risk: Float32Array | undefined;

  constructor(private readonly twin: Twin, maxWindowSeconds = 3600) {
    this.topo = twin.topology;
    this.nodeCount = this.topo.n;
    this.downColumn = new Float64Array(this.topo.n);
    this.observed = twin.view().columns;
    const s = twin.state;
    this.instant = new SampleLookback(this.observed as Float64Array[], {
      lookbackSeconds: Math.max(LOOKBACK_SECONDS, twin.stepSeconds),
      exact: [s.cpu, s.ram, s.disk, s.latency, s.errorRate, s.throughput, s.status, s.replicationLag],
    });
    this.windowColumns = [...this.observed, this.downColumn];
    this.windows = new RollingWindows({
      nodes: this.topo.n,
      metrics: WINDOW_METRICS,
      capacity: Math.max(2, Math.ceil(maxWindowSeconds / twin.stepSeconds) + 1),
      stepSeconds: twin.stepSeconds,
    });
  }

  /** Copies the current step into the windows; call once per step before evaluating. */
  push(time: number): void {
    const s = this.twin.state;
    for (let v = 0; v < this.topo.n; v++) this.downColumn[v] = s.status[v] === 2 ? 1 : 0;
    this.instant.update(time);
    this.windows.push(this.windowColumns, time);
  }

  /** Sets the latest predicted risk per node number (what the `risk` fact reads until the next prediction). */
  setRisk(values: Float32Array): void {
    if (values.length !== this.nodeCount) throw new RangeError(`TwinFactSource.setRisk: expected ${this.nodeCount} values, got ${values.length}`);
    this.risk = values;
  }

  nodeId(node: number): string {
    return this.topo.ids[node];
  }
  kind(node: number): string {
    return TWIN_KINDS[this.topo.kind[node]];
  }
  tier(node: number): number | undefined {
    return this.topo.tier[node];
  }
  tags(node: number): readonly string[] {
    return this.topo.tags[node];
  }

  accessor(fact: string, params?: WindowParams): FactAccessor | undefined {
    const s = this.twin.state;
    const [cpu, ram, disk, latency, errorRate, throughput, , replicationLag] = this.instant.values;
    const topo = this.topo;
    if (params) {
      const steps = Math.max(1, Math.round(params.window / this.twin.stepSeconds));
      const stat = STAT_NAMES[params.stat];
      const metric = fact === "status_code" ? "status" : fact === "availability" ? "down" : fact;
      if (!(WINDOW_METRICS as readonly string[]).includes(metric) || !stat) return undefined;
      const m = this.windows.metricIndex(metric);
      if (fact === "availability") return (v) => 1 - this.windows.stat(m, v, steps, "mean");
      return (v) => this.windows.stat(m, v, steps, stat);
    }
    switch (fact) {
      case "cpu":
        return (v) => cpu[v];
      case "ram":
        return (v) => ram[v];
      case "disk":
        return (v) => disk[v];
      case "latency_ms":
        return (v) => latency[v];
      case "error_rate":
        return (v) => errorRate[v];
      case "throughput":
        return (v) => throughput[v];
      case "replication_lag_s":
        return (v) => replicationLag[v];
      case "status":
        return (v) => STATUSES[s.status[v]];
      case "status_code":
        return (v) => s.status[v];
      case "availability":
        return (v) => (s.status[v] === 2 ? 0 : 1);
      case "kind":
        return (v) => TWIN_KINDS[topo.kind[v]];
      case "tier":
        return (v) => topo.tier[v];
      case "tags":
        return (v) => topo.tags[v];
      case "name":
        return (v) => topo.ids[v];
      case "region":
        return (v) => {
          const r = (this.twin.store.node(topo.ids[v]) as { region?: unknown }).region;
          return typeof r === "string" ? r : undefined;
        };
      case "dependents":
        return (v) => this.dependents(v);
      case "redundancy_left":
        return (v) => {
          const g = topo.group[v];
          if (g < 0) return s.down[v] ? -1 : 0;
          let healthy = 0;
          for (const m of topo.groups[g].members) if (!s.down[m]) healthy++;
          return healthy - 1;
        };
      case "risk":
        return (v) => {
          const r = this.risk?.[v];
          return r === undefined || r !== r ? undefined : r;
        };
      case "unhealthy_dependencies":
        return (v) => {
          let n = 0;
          for (const u of upstreamOf(topo, v, this.upstream)) if (s.status[u] > 0) n++;
          return n;
        };
      default:
        return undefined;
    }
  }

  /** How many nodes have v in their upstream set: a walk back along the needs edges (building every node's upstream set instead cost O(n²) memory at 10^5 nodes). */
  private dependents(v: number): number {
    let n = this.dependentCount.get(v);
    if (n !== undefined) return n;
    this.inverse ??= neededBy(this.topo);
    const { offsets, sources } = this.inverse;
    const seen = new Uint8Array(this.topo.n);
    const stack = [v];
    seen[v] = 1;
    n = 0;
    while (stack.length > 0) {
      const y = stack.pop()!;
      for (let k = offsets[y]; k < offsets[y + 1]; k++) {
        const x = sources[k];
        if (seen[x] === 0) {
          seen[x] = 1;
          n++;
          stack.push(x);
        }
      }
    }
    this.dependentCount.set(v, n);
    return n;
  }

  /** Upstream set of a node, shared with the topology adapter. */
  upstreamSet(v: number): Set<number> {
    return upstreamOf(this.topo, v, this.upstream);
  }
}

/** The rules' view of a running twin's graph: transitive needs, the services a node supports, root candidates ranked down-first by live status. */
export function twinRuleTopology(twin: Twin): RuleTopology {
  const topo = twin.topology;
  const s = twin.state;
  return {
    ...ruleTopology(twin.store, topo, (v) => s.status[v]),
    // A member of a redundancy group carries traffic while it is the active one (primary/standby), or while no healthy
    // member could take its share (active-active): after a failover a crashed primary explains nothing downstream.
    carriesLoad(node) {
      const v = topo.indexOf.get(node);
      if (v === undefined) return true;
      const g = topo.group[v];
      if (g < 0) return true;
      const group = topo.groups[g];
      if (group.mode === "active-passive") return s.active[g] === v || s.active[g] < 0;
      return !s.down[v] || !group.members.some((m) => m !== v && !s.down[m]);
    },
  };
}

/**
 * The rules' view of a graph without a twin (for backtests on recorded telemetry): transitive needs through
 * depends_on, hosts, network and serves, the business services each node supports, and graph-ranked root candidates.
 */
export function graphRuleTopology(source: Graph | GraphStore): RuleTopology {
  const store = toGraphStore(source, "graphRuleTopology");
  return ruleTopology(store, buildTopology(store));
}

function ruleTopology(store: GraphStore, topo: TwinTopology, status?: (v: number) => number): RuleTopology {
  const cache = new Map<number, Set<number>>();
  const services: number[] = [];
  for (let v = 0; v < topo.n; v++) if (TWIN_KINDS[topo.kind[v]] === "business_service") services.push(v);
  const servicesByNode = new Map<number, string[]>();
  for (const svc of services) {
    for (const u of [svc, ...upstreamOf(topo, svc, cache)]) {
      const list = servicesByNode.get(u) ?? [];
      list.push(topo.ids[svc]);
      servicesByNode.set(u, list);
    }
  }
  let index: GraphIndex | undefined;
  return {
    dependsOn(node, upstream) {
      const a = topo.indexOf.get(node);
      const b = topo.indexOf.get(upstream);
      if (a === undefined || b === undefined || a === b) return false;
      return upstreamOf(topo, a, cache).has(b);
    },
    servicesOf(node) {
      const v = topo.indexOf.get(node);
      return v === undefined ? [] : servicesByNode.get(v) ?? [];
    },
    rootCandidates(nodes) {
      if (nodes.length === 0) return [];
      index ??= store.index();
      const ranked = rootCauseCandidates(index, nodes.filter((n) => topo.indexOf.has(n)), { limit: 10 }).map((c) => c.id);
      if (!status) return ranked.slice(0, 5);
      // The graph ranks by how much a component explains; a healthy component cannot be the cause: down ones first, then degraded.
      const of = (id: string) => status(topo.indexOf.get(id)!);
      return [2, 1, 0].flatMap((code) => ranked.filter((id) => of(id) === code)).slice(0, 5);
    },
  };
}
