// Alert, transition and incident records: unions keyed on `kind`, plain data that survives a JSON round trip.
import type { FactValue } from "./facts";
import type { Severity } from "./types";

/** Fields every alert has. An alert is one (rule, node) episode from activation to resolution. */
export interface RuleAlertBase {
  /** `rule/node/activeAt`, unique over a run. */
  id: string;
  rule: string;
  node: string;
  severity: Severity;
  /** alertname, node, severity, kind, tier (when known) and the rule's labels. */
  labels: Record<string, string>;
  /** Annotations rendered when the alert last changed state. */
  annotations: Record<string, string>;
  /** When the condition started to hold (seconds). */
  activeAt: number;
  /** The rule's primary fact at the last evaluation where the condition held. */
  value: FactValue;
  /** Every fact the rule reads, as of the last state change, by key (`cpu`, `cpu[5m:avg]`). */
  values: Record<string, FactValue>;
}

/** Condition holds, `for` has not elapsed yet. */
export interface PendingRuleAlert extends RuleAlertBase {
  kind: "pending";
}

/** Firing: `for` elapsed; may be kept firing by `keep_firing_for` after the condition stops. */
export interface FiringRuleAlert extends RuleAlertBase {
  kind: "firing";
  firedAt: number;
  /** First evaluation at which the condition no longer held, while kept firing (Prometheus' KeepFiringSince). */
  keepFiringSince?: number;
  /** Ids of the firing cause alerts that inhibit this one (empty when it notifies). */
  inhibitedBy: string[];
  /** The first evaluation that ended with this alert firing and not inhibited: when a receiver was notified. Absent while silenced. */
  notifiedAt?: number;
}

/** Fired, then resolved. */
export interface ResolvedRuleAlert extends RuleAlertBase {
  kind: "resolved";
  firedAt: number;
  resolvedAt: number;
  /** When a receiver was notified; absent when inhibition silenced the alert for its whole life. */
  notifiedAt?: number;
}

/** Cleared while pending: never fired, so never notified (Prometheus drops these silently; we keep the record). */
export interface DroppedRuleAlert extends RuleAlertBase {
  kind: "dropped";
  droppedAt: number;
}

/** Any alert. */
export type RuleAlert = PendingRuleAlert | FiringRuleAlert | ResolvedRuleAlert | DroppedRuleAlert;

/** An alert still in the engine's active set. */
export type ActiveRuleAlert = PendingRuleAlert | FiringRuleAlert;

/** Fields every transition has. */
export interface TransitionBase {
  time: number;
  alertId: string;
  rule: string;
  node: string;
  severity: Severity;
  value: FactValue;
}

/** inactive → pending. */
export interface PendingTransition extends TransitionBase {
  kind: "pending";
  activeAt: number;
}

/** pending → firing. */
export interface FiringTransition extends TransitionBase {
  kind: "firing";
  activeAt: number;
  firedAt: number;
  annotations: Record<string, string>;
}

/** firing → resolved (inactive). */
export interface ResolvedTransition extends TransitionBase {
  kind: "resolved";
  activeAt: number;
  firedAt: number;
  resolvedAt: number;
}

/** pending → inactive without firing. */
export interface DroppedTransition extends TransitionBase {
  kind: "dropped";
  activeAt: number;
}

/** A firing alert became inhibited by firing cause alerts. */
export interface InhibitedTransition extends TransitionBase {
  kind: "inhibited";
  by: string[];
}

/** A firing alert is no longer inhibited (its causes resolved). */
export interface UninhibitedTransition extends TransitionBase {
  kind: "uninhibited";
}

/** One change of an alert, as `evaluate` returns them and `history` keeps them. */
export type AlertTransition = PendingTransition | FiringTransition | ResolvedTransition | DroppedTransition | InhibitedTransition | UninhibitedTransition;

/** Fields every incident has. */
export interface IncidentBase {
  /** `INC-0001`, in order of opening. */
  id: string;
  openedAt: number;
  /** Every alert that ever belonged to the incident. */
  alertIds: string[];
  /** Alerts of the incident firing now. */
  firing: string[];
  nodes: string[];
  rules: string[];
  /** Business services touched. */
  services: string[];
  /** The worst severity seen. */
  severity: Severity;
  /** From the topology's root-cause candidates for the incident's nodes, most likely first. */
  rootCandidates: string[];
  probableRoot?: string;
  /** Alerts of the incident that inhibit others (the causes). */
  causes: string[];
  /** "probableRoot: RuleA, RuleB". */
  title: string;
}

/** An incident with firing alerts. */
export interface OpenIncident extends IncidentBase {
  kind: "open";
}

/** An incident whose alerts all resolved, or that merged into another. */
export interface ClosedIncident extends IncidentBase {
  kind: "closed";
  closedAt: number;
  /** Set when the incident was folded into an older one because their alerts came together. */
  mergedInto?: string;
}

/** Any incident. */
export type Incident = OpenIncident | ClosedIncident;

/** How many alerts fired, how many of them notified a receiver, and how many inhibition silenced for their whole life. */
export interface AlertCounts {
  /** Alerts that reached firing (firing now or resolved). */
  fired: number;
  /** Fired alerts a receiver was told about (firing and not inhibited at the end of some evaluation). */
  notified: number;
  /** Fired alerts inhibition silenced throughout: fired = notified + inhibited. */
  inhibited: number;
}

/** Counts fired, notified and inhibited alerts: `alertCounts(engine.allAlerts())`. */
export function alertCounts(alerts: readonly RuleAlert[]): AlertCounts {
  let fired = 0;
  let notified = 0;
  for (const alert of alerts) {
    if (alert.kind !== "firing" && alert.kind !== "resolved") continue;
    fired++;
    if (alert.notifiedAt !== undefined) notified++;
  }
  return { fired, notified, inhibited: fired - notified };
}
