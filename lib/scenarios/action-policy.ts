// The policy every proposed action passes before a fork applies it: parameter bounds, shared infrastructure guarded, no-op actions reported.
import { describeValue, invalidArgument } from "../errors";
import type { InfraGraph } from "../graph";
import type { Action } from "../llm";
import type { Intervention } from "../twin";

/** What the policy allows; every field has a default (`ACTION_POLICY_DEFAULTS`). */
export interface ActionPolicy {
  /** Most instances one scale_out may add. */
  maxScaleOutInstances?: number;
  /** Lowest rate limit, requests/s: below it a limit is an outage, not a protection. */
  minRateLimitRps?: number;
  /** Highest rate limit, requests/s. */
  maxRateLimitRps?: number;
  /** Node kinds a restart may target. */
  restartableKinds?: readonly string[];
  /** Shared infrastructure (storage, core network): restarts, reroutes and rate limits on it need confirmation. */
  sharedKinds?: readonly string[];
  /** Apply actions that need confirmation (an operator said yes); false by default, so they are only reported. */
  confirmed?: boolean;
}

export const ACTION_POLICY_DEFAULTS: Required<ActionPolicy> = {
  maxScaleOutInstances: 16,
  minRateLimitRps: 1,
  maxRateLimitRps: 1e6,
  restartableKinds: ["server", "vm", "application", "database", "queue", "load_balancer"],
  sharedKinds: ["storage", "router", "switch", "firewall"],
  confirmed: false,
};

/** What the policy decided for one action: applied, refused, held for confirmation, or skipped because it would do nothing. */
export type ActionDecision = "apply" | "refuse" | "confirm" | "no_effect";

export interface ActionVerdict {
  action: Action | Intervention;
  decision: ActionDecision;
  /** Why (empty for "apply"); shown in reports. */
  reason: string;
}

/** Every action's verdict and the actions that may be applied. */
export interface PolicyReport {
  kind: "policy_report";
  verdicts: ActionVerdict[];
  /** The actions to apply: "apply" ones, plus "confirm" ones when the policy is `confirmed`. */
  applied: (Action | Intervention)[];
}

function targetOf(action: Action | Intervention): string {
  return action.kind === "reroute" ? action.from : action.node;
}

/** One action against the policy on `graph` (node kinds and tiers come from the graph). */
function verdictOf(action: Action | Intervention, graph: InfraGraph, policy: Required<ActionPolicy>): ActionVerdict {
  const kindOf = (id: unknown) => (typeof id === "string" && graph.hasNode(id) ? String(graph.getNodeAttribute(id, "kind")) : undefined);
  const node = targetOf(action);
  const kind = kindOf(node);
  const verdict = (decision: ActionDecision, reason = ""): ActionVerdict => ({ action, decision, reason });
  if (kind === undefined) return verdict("refuse", `node ${describeValue(node)} is not in the topology`);
  if (action.kind === "reroute" && kindOf(action.to) === undefined) return verdict("refuse", `reroute target ${describeValue(action.to)} is not in the topology`);
  if (action.kind === "failover" && action.to !== undefined && kindOf(action.to) === undefined) return verdict("refuse", `failover target ${describeValue(action.to)} is not in the topology`);
  const shared = policy.sharedKinds.includes(kind);
  switch (action.kind) {
    case "scale_out": {
      const n = action.instances;
      if (!(Number.isInteger(n) && n >= 1 && n <= policy.maxScaleOutInstances))
        return verdict("refuse", `scale_out of ${node} by ${describeValue(n)} instances is outside 1..${policy.maxScaleOutInstances} (maxScaleOutInstances)`);
      if (kind === "business_service") return verdict("no_effect", `${node} is a business service: it has no servers of its own to scale; scale the application behind it`);
      return verdict("apply");
    }
    case "rate_limit": {
      const rps = action.rps;
      if (!(typeof rps === "number" && Number.isFinite(rps) && rps >= policy.minRateLimitRps && rps <= policy.maxRateLimitRps))
        return verdict("refuse", `rate_limit of ${node} to ${describeValue(rps)} rps is outside ${policy.minRateLimitRps}..${policy.maxRateLimitRps} rps (minRateLimitRps, maxRateLimitRps)`);
      if (kind === "business_service") return verdict("no_effect", `${node} is a business service: the twin limits requests where they are served, so a rate limit here changes nothing; limit the application or load balancer behind it`);
      if (shared) return verdict("confirm", `rate-limiting shared infrastructure (${kind} ${node}) affects every service behind it`);
      return verdict("apply");
    }
    case "restart":
      if (shared) return verdict("confirm", `restarting shared infrastructure (${kind} ${node}) takes down everything that depends on it`);
      if (!policy.restartableKinds.includes(kind)) return verdict("refuse", `a ${kind} cannot be restarted (restartableKinds: ${policy.restartableKinds.join(", ")})`);
      return verdict("apply");
    case "reroute":
      if (shared) return verdict("confirm", `draining shared infrastructure (${kind} ${node}) moves the traffic of every service behind it`);
      return verdict("apply");
    default:
      return verdict("apply");
  }
}

/**
 * Checks proposed actions against `policy` before anything is applied: out-of-bounds parameters are refused, destructive
 * actions on shared infrastructure wait for confirmation, actions that would change nothing are reported as such.
 * `checkActionPolicy(plan.actions, result.graph)` → `{ applied, verdicts }`.
 */
export function checkActionPolicy(actions: readonly (Action | Intervention)[], graph: InfraGraph, policy: ActionPolicy = {}): PolicyReport {
  if (!Array.isArray(actions)) throw invalidArgument("checkActionPolicy", "actions", "an array of actions", actions);
  const merged = { ...ACTION_POLICY_DEFAULTS, ...policy };
  if (!(Number.isInteger(merged.maxScaleOutInstances) && merged.maxScaleOutInstances >= 1)) throw invalidArgument("checkActionPolicy", "policy.maxScaleOutInstances", "an integer >= 1", merged.maxScaleOutInstances);
  if (!(merged.minRateLimitRps > 0 && merged.maxRateLimitRps >= merged.minRateLimitRps)) throw invalidArgument("checkActionPolicy", "policy.minRateLimitRps", "a number > 0, at most maxRateLimitRps", merged.minRateLimitRps);
  const verdicts = actions.map((a) => (a && typeof a === "object" ? verdictOf(a, graph, merged) : { action: a, decision: "refuse" as const, reason: `not an action: ${describeValue(a)}` }));
  const applied = verdicts.filter((v) => v.decision === "apply" || (v.decision === "confirm" && merged.confirmed)).map((v) => v.action);
  return { kind: "policy_report", verdicts, applied };
}

/** One line per action that was not applied as proposed, for reports and the CLI. */
export function describePolicy(report: PolicyReport): string[] {
  return report.verdicts
    .filter((v) => v.decision !== "apply")
    .map((v) => `${v.decision === "confirm" ? "held for confirmation" : v.decision === "no_effect" ? "skipped, no effect" : "refused"}: ${v.action.kind} ${targetOf(v.action)}: ${v.reason}`);
}
