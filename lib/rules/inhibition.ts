// Inhibition: which firing cause alerts silence a firing target alert, as a pure function of the firing set and the topology's answers.
import type { FiringRuleAlert } from "./alerts";
import type { InhibitRelation, InhibitSpec } from "./types";

/** The graph questions inhibition asks (the engine caches them). */
export interface InhibitionTopology {
  /** `target` depends on `cause`, transitively. */
  dependsOn(target: string, cause: string): boolean;
  /** The two nodes support a business service in common. */
  shareService(a: string, b: string): boolean;
  /**
   * Whether the cause's node still carries its dependents' traffic now: false for a redundancy-group member whose
   * partner has taken over (a failed-over primary). A cause that no longer carries traffic explains nothing downstream.
   */
  carriesLoad(node: string): boolean;
}

/** One inhibit spec of a cause rule, with the cause rule's firing alerts. */
export interface CauseSpec {
  spec: InhibitSpec;
  causes: Iterable<FiringRuleAlert>;
}

/**
 * When each firing cause alert stopped carrying its dependents' traffic (its failover completed), by alert id. A
 * symptom that began before that is still the cause's consequence (a window still averaging the outage, a service
 * catching up); one that began after is news.
 */
export type Handovers = ReadonlyMap<string, number>;

/** Whether `cause` explains `target` under `on`. */
export function relates(on: InhibitRelation, cause: FiringRuleAlert, target: FiringRuleAlert, topology: InhibitionTopology, handovers: Handovers): boolean {
  if (on === "all") return true;
  if (cause.node === target.node) return true;
  if (on === "node") return false;
  if (!topology.carriesLoad(cause.node)) {
    const since = handovers.get(cause.id);
    if (since === undefined || target.activeAt >= since) return false;
  }
  return on === "service" ? topology.shareService(cause.node, target.node) : topology.dependsOn(target.node, cause.node);
}

/** Ids of the cause alerts that inhibit `alert` now (empty: it notifies), in spec then activation order. */
export function inhibitorsOf(alert: FiringRuleAlert, specs: readonly CauseSpec[], topology: InhibitionTopology, handovers: Handovers): string[] {
  const by: string[] = [];
  for (const { spec, causes } of specs) {
    if (spec.labels && !Object.entries(spec.labels).every(([k, v]) => alert.labels[k] === v)) continue;
    for (const cause of causes) {
      if (cause.kind !== "firing" || cause === alert || cause.id === alert.id) continue;
      if (!relates(spec.on ?? "dependents", cause, alert, topology, handovers)) continue;
      if (spec.equal && !spec.equal.every((k) => cause.labels[k] === alert.labels[k])) continue;
      if (!by.includes(cause.id)) by.push(cause.id);
    }
  }
  return by;
}
