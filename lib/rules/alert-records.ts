// Alert records as the engine keeps them: each rule's runtime (bound predicate, slots, active set) and the record changes of the lifecycle.
import type { ActiveRuleAlert, AlertTransition, DroppedRuleAlert, FiringRuleAlert, PendingRuleAlert, ResolvedRuleAlert } from "./alerts";
import type { BoundRule } from "./bind";
import type { FactSource, FactValue } from "./facts";
import { inhibitorsOf, type CauseSpec, type InhibitionTopology } from "./inhibition";
import { renderTemplate, type TemplatePart } from "./template";
import type { Rule } from "./types";

/** One rule's evaluation state inside the engine. */
export interface RuleRuntime {
  rule: Rule;
  bound: BoundRule | undefined;
  /** Active alert by node number, for the bound source. */
  slots: (ActiveRuleAlert | undefined)[];
  /** Active alerts of the rule in activation order (the source of truth across re-binds). */
  active: Set<ActiveRuleAlert>;
  /** Active alerts whose node is not in scope of the bound source: their condition counts as false. */
  orphans: ActiveRuleAlert[];
  /** Results from json-rules-engine for rules that run there. */
  truth: Uint8Array | undefined;
  templates: [string, TemplatePart[]][];
  /** Inhibit specs of other rules that may target this rule. */
  targetedBy: { source: RuleRuntime; spec: Rule["inhibits"][number] }[];
}

export function cleanValue(value: FactValue): FactValue {
  if (typeof value === "number" && Number.isNaN(value)) return undefined;
  if (Array.isArray(value)) return [...value];
  return value;
}

/** inactive → pending: a new alert with labels, values and annotations, added to the rule's active set. */
export function activateAlert(rt: RuleRuntime, source: FactSource, node: number, time: number, out: AlertTransition[]): ActiveRuleAlert {
  const rule = rt.rule;
  const nodeId = source.nodeId(node);
  const labels: Record<string, string> = { alertname: rule.name, node: nodeId, severity: rule.severity, kind: source.kind(node) };
  const tier = source.tier(node);
  if (tier !== undefined) labels.tier = String(tier);
  Object.assign(labels, rule.labels);
  const alert: PendingRuleAlert = {
    kind: "pending",
    id: `${rule.name}/${nodeId}/${time}`,
    rule: rule.name,
    node: nodeId,
    severity: rule.severity,
    labels,
    annotations: {},
    activeAt: time,
    value: cleanValue(rt.bound!.primary?.(node)),
    values: {},
  };
  captureAlert(rt, source, alert, node);
  rt.slots[node] = alert;
  rt.active.add(alert);
  out.push({ kind: "pending", time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value, activeAt: time });
  return alert;
}

/** pending → firing. */
export function fireAlert(alert: ActiveRuleAlert, time: number, out: AlertTransition[]): void {
  const firing = alert as unknown as FiringRuleAlert;
  firing.kind = "firing";
  firing.firedAt = time;
  firing.inhibitedBy = [];
  out.push({
    kind: "firing",
    time,
    alertId: alert.id,
    rule: alert.rule,
    node: alert.node,
    severity: alert.severity,
    value: alert.value,
    activeAt: alert.activeAt,
    firedAt: time,
    annotations: { ...alert.annotations },
  });
}

/** Drops a pending alert or resolves a firing one, moving it to `finished`. */
export function endAlert(rt: RuleRuntime, alert: ActiveRuleAlert, how: "drop" | "resolve", time: number, out: AlertTransition[], finished: (ResolvedRuleAlert | DroppedRuleAlert)[]): void {
  const base = { time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value };
  rt.active.delete(alert);
  if (how === "drop") {
    const dropped = alert as unknown as DroppedRuleAlert;
    dropped.kind = "dropped";
    dropped.droppedAt = time;
    finished.push(dropped);
    out.push({ ...base, kind: "dropped", activeAt: alert.activeAt });
    return;
  }
  const resolved = alert as unknown as ResolvedRuleAlert & { keepFiringSince?: number; inhibitedBy?: string[] };
  delete resolved.keepFiringSince;
  delete resolved.inhibitedBy;
  resolved.kind = "resolved";
  resolved.resolvedAt = time;
  finished.push(resolved);
  out.push({ ...base, kind: "resolved", activeAt: resolved.activeAt, firedAt: resolved.firedAt, resolvedAt: time });
}

/** Records fact values and renders annotations (at activation and when firing). */
export function captureAlert(rt: RuleRuntime, source: FactSource, alert: ActiveRuleAlert, node: number): void {
  const values: Record<string, FactValue> = {};
  for (const [key, accessor] of rt.bound!.accessors) values[key] = cleanValue(accessor(node));
  alert.values = values;
  if (rt.templates.length === 0) return;
  const tier = source.tier(node);
  const byName: Record<string, FactValue> = { ...values };
  for (const ref of rt.rule.facts) if (byName[ref.fact] === undefined) byName[ref.fact] = values[ref.key];
  const context = {
    variables: { node: alert.node, rule: alert.rule, value: alert.value, severity: alert.severity, kind: source.kind(node), tier },
    labels: alert.labels,
    facts: byName,
  };
  const annotations: Record<string, string> = {};
  for (const [key, parts] of rt.templates) annotations[key] = renderTemplate(parts, context);
  alert.annotations = annotations;
}

/**
 * Applies every firing cause's inhibit specs to the firing alerts they target, first noting when each firing cause stopped
 * carrying traffic (`handovers`, updated in place); returns true when any alert's inhibitors changed.
 */
export function applyInhibition(runtimes: readonly RuleRuntime[], causeRuntimes: readonly RuleRuntime[], ctx: { topology: InhibitionTopology; handovers: Map<string, number> }, time: number, out: AlertTransition[]): boolean {
  let changed = false;
  const firingCauses = new Set<string>();
  for (const rt of causeRuntimes) {
    for (const alert of rt.active) {
      if (alert.kind !== "firing") continue;
      firingCauses.add(alert.id);
      if (!ctx.handovers.has(alert.id) && !ctx.topology.carriesLoad(alert.node)) ctx.handovers.set(alert.id, time);
    }
  }
  for (const id of ctx.handovers.keys()) if (!firingCauses.has(id)) ctx.handovers.delete(id);
  for (const target of runtimes) {
    if (target.targetedBy.length === 0) continue;
    const specs: CauseSpec[] = target.targetedBy.map(({ source, spec }) => ({ spec, causes: source.active as Iterable<FiringRuleAlert> }));
    for (const alert of target.active) {
      if (alert.kind !== "firing") continue;
      const by = inhibitorsOf(alert, specs, ctx.topology, ctx.handovers);
      const was = alert.inhibitedBy.length > 0;
      const base = { time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value };
      if (by.length > 0 && !was) out.push({ ...base, kind: "inhibited", by: [...by] });
      else if (by.length === 0 && was) out.push({ ...base, kind: "uninhibited" });
      if (by.length !== alert.inhibitedBy.length || by.some((id, i) => alert.inhibitedBy[i] !== id)) changed = true;
      alert.inhibitedBy = by;
    }
  }
  return changed;
}

/** Marks firing alerts that end this evaluation uninhibited as notified (once). */
export function markNotified(runtimes: readonly RuleRuntime[], time: number): void {
  for (const rt of runtimes) {
    for (const alert of rt.active) if (alert.kind === "firing" && alert.notifiedAt === undefined && alert.inhibitedBy.length === 0) alert.notifiedAt = time;
  }
}
