// Incidents: firing alerts grouped by their rules' group_by and by inhibition, with a probable root from the topology.
import type { ClosedIncident, FiringRuleAlert, Incident, OpenIncident } from "./alerts";
import { SEVERITIES, type Severity } from "./types";

/** What grouping asks of the engine. */
export interface IncidentOps {
  /** The group_by keys of an alert's rule: "node", "upstream", "service" or label names. */
  groupBy(alert: FiringRuleAlert): readonly string[];
  /** Whether `node` depends on `upstream` (false without a topology). */
  dependsOn(node: string, upstream: string): boolean;
  servicesOf(node: string): readonly string[];
  /** Topology's root candidates; empty without a topology. */
  rootCandidates(nodes: readonly string[]): string[];
  /** Related alerts group only when their conditions started at most this far apart (seconds); inhibition links always. */
  groupWindowSeconds?: number;
}

/** Defaults of incident grouping. */
export const INCIDENT_DEFAULTS = {
  /**
   * 15 minutes: a fault's symptoms follow it within minutes (detection `for`s are 30 s to 10 min), while a background
   * alert that began half an hour earlier has another cause.
   */
  groupWindowSeconds: 900,
};

/** The tracker's state, part of the engine's state. */
export interface IncidentTrackerState {
  incidents: Incident[];
  next: number;
}

function pushUnique<T>(list: T[], item: T): boolean {
  if (list.includes(item)) return false;
  list.push(item);
  return true;
}

/** Position of a node in a ranked list, candidates not in it last. */
function rankOf(list: readonly string[], node: string): number {
  const i = list.indexOf(node);
  return i < 0 ? list.length : i;
}

function worse(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/**
 * Keeps incidents up to date as the set of firing alerts changes. Alerts related by group_by whose conditions
 * started within the group window of each other, or by inhibition, form one incident; an incident never splits while open (its alerts stay together), two
 * incidents whose alerts come together merge into the older one, and an incident closes when none of
 * its alerts fires any more.
 */
export class IncidentTracker {
  private incidents: Incident[] = [];
  private next = 1;
  private readonly byAlert = new Map<string, Incident>();
  /** Node of each alert ever seen, for root candidates. */
  private readonly causeNodes = new Map<string, string>();
  /** Dependency links among the nodes of the last update's "upstream"-grouped alerts (see syncLinks). */
  private readonly links = new Map<string, Set<string>>();

  constructor(private readonly ops: IncidentOps) {}

  /** Regroups the firing alerts at `time`. */
  update(time: number, firing: readonly FiringRuleAlert[]): void {
    const n = firing.length;
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    };
    const union = (a: number, b: number) => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    };
    const position = new Map<string, number>();
    firing.forEach((alert, i) => position.set(alert.id, i));
    for (const incident of this.incidents) {
      if (incident.kind !== "open") continue;
      let first = -1;
      for (const id of incident.firing) {
        const i = position.get(id);
        if (i === undefined) continue;
        if (first < 0) first = i;
        else union(first, i);
      }
    }
    // Two alerts group when their rules share a group_by key under which they relate AND their conditions started
    // within the group window of each other (chains allowed): buckets per key value sorted by start make that near
    // linear, except "upstream" across nodes, checked once per pair of distinct nodes.
    const window = this.ops.groupWindowSeconds ?? INCIDENT_DEFAULTS.groupWindowSeconds;
    const buckets = new Map<string, number[]>();
    const bucket = (key: string, i: number) => {
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    };
    const upstreamNodes = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const alert = firing[i];
      for (const id of alert.inhibitedBy) {
        const j = position.get(id);
        if (j !== undefined) union(i, j);
      }
      for (const key of this.ops.groupBy(alert)) {
        if (key === "node") bucket(`node\u0000${alert.node}`, i);
        else if (key === "upstream") {
          bucket(`node\u0000${alert.node}`, i);
          const list = upstreamNodes.get(alert.node);
          if (list) list.push(i);
          else upstreamNodes.set(alert.node, [i]);
        } else if (key === "service") for (const service of this.ops.servicesOf(alert.node)) bucket(`service\u0000${service}`, i);
        else if (alert.labels[key] !== undefined) bucket(`label\u0000${key}\u0000${alert.labels[key]}`, i);
      }
    }
    const byStart = (a: number, b: number) => firing[a].activeAt - firing[b].activeAt || a - b;
    for (const members of buckets.values()) {
      members.sort(byStart);
      for (let k = 1; k < members.length; k++) if (firing[members[k]].activeAt - firing[members[k - 1]].activeAt <= window) union(members[k], members[k - 1]);
    }
    // Pairs of nodes related by dependency come from an index kept across updates (see syncLinks), not from comparing
    // every pair at every update: on 10^5 nodes that comparison was most of the run. Union order does not change the groups.
    this.syncLinks(upstreamNodes);
    const order = new Map<string, number>();
    for (const node of upstreamNodes.keys()) order.set(node, order.size);
    for (const [na, ia] of upstreamNodes) {
      for (const nb of this.links.get(na)!) {
        if (order.get(nb)! < order.get(na)!) continue;
        const ib = upstreamNodes.get(nb)!;
        for (const x of ia) for (const y of ib) if (Math.abs(firing[x].activeAt - firing[y].activeAt) <= window) union(x, y);
      }
    }
    const components = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = find(i);
      const list = components.get(root);
      if (list) list.push(i);
      else components.set(root, [i]);
    }
    const kept = new Set<Incident>();
    for (const members of components.values()) {
      const alerts = members.map((i) => firing[i]);
      const previous: Incident[] = [];
      for (const alert of alerts) {
        const incident = this.byAlert.get(alert.id);
        if (incident !== undefined && incident.kind === "open" && !previous.includes(incident)) previous.push(incident);
      }
      previous.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
      const keeper = (previous[0] as OpenIncident | undefined) ?? this.reopen(alerts, time, window) ?? this.open(time);
      for (const other of previous.slice(1)) this.mergeInto(other, keeper, time);
      keeper.firing = alerts.map((a) => a.id);
      let nodesChanged = false;
      for (const alert of alerts) {
        this.byAlert.set(alert.id, keeper);
        this.causeNodes.set(alert.id, alert.node);
        pushUnique(keeper.alertIds, alert.id);
        nodesChanged = pushUnique(keeper.nodes, alert.node) || nodesChanged;
        pushUnique(keeper.rules, alert.rule);
        for (const service of this.ops.servicesOf(alert.node)) pushUnique(keeper.services, service);
        keeper.severity = worse(keeper.severity, alert.severity);
        for (const cause of alert.inhibitedBy) if (position.has(cause)) nodesChanged = pushUnique(keeper.causes, cause) || nodesChanged;
      }
      if (nodesChanged || keeper.rootCandidates.length === 0) this.rank(keeper);
      keeper.title = `${keeper.probableRoot ?? "?"}: ${keeper.rules.join(", ")}`;
      kept.add(keeper);
    }
    for (const incident of this.incidents) {
      if (incident.kind === "open" && !kept.has(incident)) this.close(incident, time);
    }
  }

  /**
   * Keeps `links` (each node with a firing "upstream"-grouped alert → the other such nodes it depends on or that depend
   * on it) in step with this update's nodes: departed nodes are dropped, new ones are compared with those present.
   */
  private syncLinks(present: ReadonlyMap<string, unknown>): void {
    for (const [node, partners] of this.links) {
      if (present.has(node)) continue;
      for (const p of partners) this.links.get(p)?.delete(node);
      this.links.delete(node);
    }
    for (const a of present.keys()) {
      if (this.links.has(a)) continue;
      const partners = new Set<string>();
      for (const [b, theirs] of this.links) {
        if (this.ops.dependsOn(a, b) || this.ops.dependsOn(b, a)) {
          partners.add(b);
          theirs.add(a);
        }
      }
      this.links.set(a, partners);
    }
  }

  private open(time: number): OpenIncident {
    const incident: OpenIncident = {
      kind: "open",
      id: `INC-${String(this.next++).padStart(4, "0")}`,
      openedAt: time,
      alertIds: [],
      firing: [],
      nodes: [],
      rules: [],
      services: [],
      severity: "info",
      rootCandidates: [],
      causes: [],
      title: "",
    };
    this.incidents.push(incident);
    return incident;
  }

  /**
   * A recently closed incident (within the group window) that these alerts relate to by node or dependency, opened
   * again: a fault's tail (a replica catching up after its crash) or a symptom that flaps stays one incident.
   */
  private reopen(alerts: readonly FiringRuleAlert[], time: number, window: number): OpenIncident | undefined {
    let best: ClosedIncident | undefined;
    for (const incident of this.incidents) {
      if (incident.kind !== "closed" || incident.mergedInto !== undefined || time - incident.closedAt > window) continue;
      if (best !== undefined && incident.closedAt < best.closedAt) continue;
      const related = alerts.some((a) => incident.nodes.some((node) => node === a.node || this.ops.dependsOn(a.node, node) || this.ops.dependsOn(node, a.node)));
      if (related) best = incident;
    }
    if (best === undefined) return undefined;
    const open = best as unknown as OpenIncident & { closedAt?: number };
    delete open.closedAt;
    open.kind = "open";
    return open;
  }

  private close(incident: Incident, time: number, mergedInto?: string): void {
    const closed = incident as unknown as ClosedIncident;
    closed.kind = "closed";
    closed.closedAt = time;
    closed.firing = [];
    if (mergedInto !== undefined) closed.mergedInto = mergedInto;
  }

  private mergeInto(other: Incident, keeper: OpenIncident, time: number): void {
    for (const id of other.alertIds) {
      pushUnique(keeper.alertIds, id);
      this.byAlert.set(id, keeper);
    }
    for (const node of other.nodes) pushUnique(keeper.nodes, node);
    for (const rule of other.rules) pushUnique(keeper.rules, rule);
    for (const service of other.services) pushUnique(keeper.services, service);
    for (const cause of other.causes) pushUnique(keeper.causes, cause);
    keeper.severity = worse(keeper.severity, other.severity);
    this.close(other, time, keeper.id);
  }

  private rank(incident: Incident): void {
    let candidates = this.ops.rootCandidates(incident.nodes);
    if (candidates.length === 0) {
      candidates = [];
      for (const cause of incident.causes) {
        const node = this.causeNodes.get(cause);
        if (node !== undefined) pushUnique(candidates, node);
      }
      for (const node of incident.nodes) pushUnique(candidates, node);
    }
    // A firing cause (a rule that inhibits others, such as DatabaseDown) is the best evidence of a root: its nodes go first.
    const causeNodes: string[] = [];
    for (const cause of incident.causes) {
      const node = this.causeNodes.get(cause);
      if (node !== undefined) pushUnique(causeNodes, node);
    }
    if (causeNodes.length > 0) candidates = [...causeNodes.sort((a, b) => rankOf(candidates, a) - rankOf(candidates, b)), ...candidates.filter((c) => !causeNodes.includes(c))];
    incident.rootCandidates = candidates;
    incident.probableRoot = candidates[0];
  }

  /** Incidents in order of opening (copies). */
  list(): Incident[] {
    return structuredClone(this.incidents);
  }

  /** Plain JSON state. */
  state(): IncidentTrackerState {
    return structuredClone({ incidents: this.incidents, next: this.next });
  }

  /** Restores from `state()`. */
  restore(state: IncidentTrackerState | undefined): void {
    this.incidents = state?.incidents ?? [];
    this.next = state?.next ?? 1;
    this.byAlert.clear();
    this.causeNodes.clear();
    this.links.clear();
    for (const incident of this.incidents) for (const id of incident.alertIds) this.byAlert.set(id, incident);
  }
}
