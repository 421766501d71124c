// Forks and diffs: apply proposed actions to a copy of a scenario, rerun with the same seed, and compare KPIs — try the fix in the twin first.
import { invalidArgument } from "../errors";
import type { Action } from "../llm";
import type { Intervention } from "../twin";
import { formatDuration } from "../time";
import type { Scenario } from "./format";
import { runScenario, type RunScenarioOptions, type ScenarioResult } from "./runner";
import { checkActionPolicy, describePolicy, type ActionPolicy, type PolicyReport } from "./action-policy";

/** Turns a supervisor action (or an intervention) into an intervention at `at`. */
export function toIntervention(action: Action | Intervention, at: number | string): Intervention {
  switch (action.kind) {
    case "failover":
      return { kind: "failover", node: action.node, ...(action.to ? { to: action.to } : {}), at };
    case "scale_out":
      return { kind: "scale_out", node: action.node, instances: action.instances, at };
    case "add_replica":
      return { kind: "add_replica", node: action.node, at };
    case "restart":
      return { kind: "restart", node: action.node, at };
    case "rollback":
      return { kind: "rollback", node: action.node, at };
    case "rate_limit":
      return { kind: "rate_limit", node: action.node, rps: action.rps, at };
    case "reroute":
      return { kind: "reroute", from: action.from, to: action.to, at };
    default:
      throw invalidArgument("toIntervention", "action.kind", "failover, scale_out, add_replica, restart, rollback, rate_limit or reroute", (action as { kind: unknown }).kind);
  }
}

/** A copy of `base` with the actions applied at `at` (seconds or "10:05"), same seed: only the fix differs. */
export function forkScenario(base: Scenario, actions: readonly (Action | Intervention)[], options: { at: number | string; name?: string }): Scenario {
  if (!Array.isArray(actions) || actions.length === 0) throw invalidArgument("forkScenario", "actions", "a non-empty array of actions", actions);
  const interventions = actions.map((a) => toIntervention(a, (a as { at?: number | string }).at ?? options.at));
  const label = actions.map((a) => `${a.kind} ${"node" in a ? a.node : `${a.from}→${a.to}`}`).join(", ");
  return {
    ...structuredClone(base),
    name: options.name ?? `${base.name} + fix (${label})`,
    interventions: [...(base.interventions ?? []), ...interventions],
    tags: [...(base.tags ?? []), "fork"],
    parent: base.name,
  };
}

/** One KPI, baseline against fork. */
export interface KpiDelta {
  metric: string;
  baseline: number;
  fork: number;
  delta: number;
  /** Whether the fork is better on this KPI (lower is better except availability). */
  better: boolean | null;
}

/** Baseline against fork, on the headline KPIs and per service. */
export interface ScenarioComparison {
  kind: "scenario_comparison";
  baseline: string;
  fork: string;
  kpis: KpiDelta[];
  services: { service: string; availability: [number, number]; p95LatencyMs: [number, number]; downMinutes: [number, number] }[];
  /** True when the fork recovers faster, loses fewer tier-1 minutes down (or, with none down, fewer degraded), and is worse on nothing important. */
  helped: boolean;
  verdict: string;
}

function delta(metric: string, baseline: number, fork: number, higherIsBetter = false): KpiDelta {
  const d = fork - baseline;
  const eps = 1e-9 + Math.abs(baseline) * 1e-6;
  return { metric, baseline, fork, delta: d, better: Math.abs(d) <= eps ? null : higherIsBetter ? d > 0 : d < 0 };
}

/** Compares two results of the same scenario family. */
export function compareResults(baseline: ScenarioResult, fork: ScenarioResult): ScenarioComparison {
  const a = baseline.summary;
  const b = fork.summary;
  const kpis = [
    delta("tier-1 availability", a.tier1Availability, b.tier1Availability, true),
    delta("tier-1 p95 latency (ms)", a.tier1P95LatencyMs, b.tier1P95LatencyMs),
    delta("tier-1 minutes down", a.tier1DownMinutes, b.tier1DownMinutes),
    delta("tier-1 minutes degraded", a.tier1DegradedMinutes, b.tier1DegradedMinutes),
    delta("time to recover (s)", a.timeToRecoverS, b.timeToRecoverS),
    delta("incidents", a.incidents, b.incidents),
    delta("alerts fired", a.alertsFired, b.alertsFired),
    delta("alerts notified", a.alertsNotified, b.alertsNotified),
  ];
  const byService = new Map(fork.kpis.map((k) => [k.service, k]));
  const services = baseline.kpis.map((k) => {
    const f = byService.get(k.service);
    return {
      service: k.service,
      availability: [k.availability, f?.availability ?? NaN] as [number, number],
      p95LatencyMs: [k.p95LatencyMs, f?.p95LatencyMs ?? NaN] as [number, number],
      downMinutes: [k.downMinutes, f?.downMinutes ?? NaN] as [number, number],
    };
  });
  const byName = (name: string) => kpis.find((k) => k.metric === name)!;
  const down = byName("tier-1 minutes down");
  const degraded = byName("tier-1 minutes degraded");
  const recover = byName("time to recover (s)");
  const availability = byName("tier-1 availability");
  const recovered = recover.better === true || down.better === true || (down.better === null && degraded.better === true);
  const worse = availability.better === false || down.better === false;
  const helped = recovered && !worse;
  const verdict = helped
    ? `The fix helps: tier-1 down ${a.tier1DownMinutes} → ${b.tier1DownMinutes} min, degraded ${a.tier1DegradedMinutes} → ${b.tier1DegradedMinutes} min, time to recover ${formatDuration(a.timeToRecoverS)} → ${formatDuration(b.timeToRecoverS)}.`
    : worse
      ? `The fix makes things worse: tier-1 availability ${(a.tier1Availability * 100).toFixed(3)} % → ${(b.tier1Availability * 100).toFixed(3)} %.`
      : `The fix changes nothing that matters to tier-1 services (down ${a.tier1DownMinutes} → ${b.tier1DownMinutes} min).`;
  return { kind: "scenario_comparison", baseline: baseline.scenario.name, fork: fork.scenario.name, kpis, services, helped, verdict };
}

/** Runs the baseline and its fork with the actions, and compares them. */
export async function tryFix(
  base: Scenario,
  actions: readonly (Action | Intervention)[],
  options: { at: number | string; baseline?: ScenarioResult; policy?: ActionPolicy } & RunScenarioOptions,
): Promise<{ baseline: ScenarioResult; fork: ScenarioResult; comparison: ScenarioComparison; policy: PolicyReport }> {
  const { at, baseline: given, policy: rules, ...run } = options;
  const baseline = given ?? (await runScenario(base, run));
  // Nothing reaches the fork without passing the action policy (bounds, shared infrastructure, no-op actions).
  const policy = checkActionPolicy(actions, baseline.graph, rules);
  if (policy.applied.length === 0) throw invalidArgument("tryFix", "actions", `at least one action the policy allows (${describePolicy(policy).join("; ")})`, actions.map((a) => a.kind));
  const fork = await runScenario(forkScenario(base, policy.applied, { at }), run);
  return { baseline, fork, comparison: compareResults(baseline, fork), policy };
}
