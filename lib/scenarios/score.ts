// The supervisor's score against the twin's ground truth: root-cause accuracy @1 and @3, and whether its proposed actions make the fork recover faster.
import type { InfraGraph } from "../graph";
import { invalidArgument } from "../errors";
import type { Action, ActionPlan, Diagnosis, Supervisor } from "../llm";
import { compareResults, forkScenario } from "./fork";
import type { Scenario } from "./format";
import { criticalComponents, GENERATOR_DEFAULTS } from "./generators";
import type { FaultKind } from "../twin";
import { runScenario } from "./runner";
import { twinRuleTopology } from "./twin-facts";

/** How the supervisor did on one incident scenario. */
export interface ScoredIncident {
  scenario: string;
  /** The injected fault's target: the true root cause. */
  truth: string;
  faultKind: string;
  incident?: string;
  /** Its ranked candidates (top 3). */
  candidates: string[];
  /** 1-based rank of the truth among all candidates, or null when absent or no diagnosis came. */
  rank: number | null;
  actions: string[];
  /** Whether the fork with the proposed actions did better for tier-1 services; null when no actions were proposed, or the baseline never hurt one. */
  helped: boolean | null;
  verdict?: string;
}

export interface SupervisorScore {
  kind: "supervisor_score";
  supervisor: string;
  scenarios: number;
  /** Scenarios that produced a diagnosed incident. */
  diagnosed: number;
  /** Share of diagnosed scenarios whose top candidate is the true root. */
  top1: number;
  top3: number;
  /** Scenarios whose fault raised no incident worth a diagnosis (redundancy absorbed it): not counted in top1/top3. */
  silent: number;
  /** Share of scenarios with proposed actions whose fork recovered faster. */
  actionUseful: number;
  actionsTried: number;
  rows: ScoredIncident[];
}

/**
 * The faults incident scenarios inject per node kind, in turn: crashes where failover should cope, and faults only an
 * operator's action ends (a bad deployment to roll back, a leak or a runaway process to restart).
 */
export const INCIDENT_FAULTS: Record<string, readonly { kind: FaultKind; params?: Record<string, number | string> }[]> = {
  database: [{ kind: "database_crash" }],
  application: [{ kind: "bad_deployment", params: { errorRate: 0.6 } }, { kind: "memory_leak", params: { ratePerHour: 1.5, restartS: 300 } }, { kind: "node_crash" }],
  server: [{ kind: "node_crash" }, { kind: "cpu_hog", params: { share: 0.9 } }],
  router: [{ kind: "network_outage" }],
  firewall: [{ kind: "network_outage" }],
  load_balancer: [{ kind: "network_outage" }],
  queue: [{ kind: "node_crash" }],
  storage: [{ kind: "node_crash" }],
};

/**
 * N incident scenarios over the base, one injected fault each, spread over node kinds and fault kinds (see
 * INCIDENT_FAULTS): what the supervisor score runs on. The fault's target is the truth its diagnosis is checked against.
 */
export function incidentScenarios(base: Scenario, graph: InfraGraph, n: number, options: { at?: number | string; duration?: number | string } = {}): Scenario[] {
  if (!Number.isInteger(n) || n < 1) throw invalidArgument("incidentScenarios", "n", "an integer >= 1", n);
  const byKind = new Map<string, string[]>();
  for (const id of criticalComponents(graph)) {
    const kind = String(graph.getNodeAttribute(id, "kind"));
    if (!INCIDENT_FAULTS[kind]) continue; // vms and switches fail like their host or neighbour
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  const picked: { id: string; kind: string; round: number }[] = [];
  const kinds = [...byKind.keys()].sort();
  for (let round = 0; picked.length < n && kinds.some((k) => byKind.get(k)!.length > round); round++)
    for (const k of kinds) if (picked.length < n && byKind.get(k)!.length > round) picked.push({ id: byKind.get(k)![round], kind: k, round });
  const at = options.at ?? GENERATOR_DEFAULTS.at;
  const duration = options.duration ?? "2h";
  return picked.map(({ id, kind, round }) => {
    const choices = INCIDENT_FAULTS[kind];
    const fault = choices[round % choices.length];
    return {
      ...structuredClone({ ...base, rules: base.rules ?? "default" }),
      name: `${base.name} / incident: ${fault.kind} on ${id}`,
      faults: [...(base.faults ?? []), { kind: fault.kind, target: id, at, duration, ...(fault.params ? { params: { ...fault.params } } : {}), label: `${fault.kind} on ${id}` }],
      tags: [...(base.tags ?? []), "incident", `target:${id}`],
      parent: base.name,
    };
  });
}

/**
 * Runs each scenario with the supervisor, scores its first diagnosis against the injected fault, and (unless
 * `tryActions` is false) reruns a fork with its proposed actions to see whether they help.
 */
export async function scoreSupervisor(scenarios: readonly Scenario[], options: { supervisor: Supervisor; graph?: InfraGraph; tryActions?: boolean; onProgress?: (done: number, total: number) => void }): Promise<SupervisorScore> {
  const rows: ScoredIncident[] = [];
  let done = 0;
  for (const scenario of scenarios) {
    const fault = scenario.faults?.[scenario.faults.length - 1];
    if (!fault || typeof fault.target !== "string") throw invalidArgument("scoreSupervisor", `scenario "${scenario.name}".faults`, "at least one fault with a node id target (the truth)", scenario.faults);
    const truth = fault.target;
    const result = await runScenario({ ...scenario, supervisor: { ...(scenario.supervisor ?? {}), kind: "heuristic" } }, { graph: options.graph, supervisor: options.supervisor });
    // The incident the fault caused: the first diagnosed one from the fault's start on (earlier ones are background noise).
    const faultStart = result.groundTruth.faults.find((f) => f.target === truth)?.at ?? 0;
    const topology = twinRuleTopology(result.twin);
    const related = new Set(result.incidents.filter((i) => i.nodes.some((node) => node === truth || topology.dependsOn(node, truth))).map((i) => i.id));
    const answered = result.annotations.filter((a) => a.request === "diagnose" && a.status === "answered" && a.answer?.kind === "diagnosis" && a.simTime >= faultStart);
    const diagnosis = answered.find((a) => a.subject !== undefined && related.has(a.subject));
    const answer = diagnosis?.answer as Diagnosis | undefined;
    const candidates = answer ? answer.candidates.map((c) => c.node) : [];
    const rankIndex = candidates.indexOf(truth);
    const plan = result.annotations.find((a) => a.request === "propose_actions" && a.subject === diagnosis?.subject && a.status === "answered")?.answer as ActionPlan | undefined;
    const actions: Action[] = plan?.actions ?? [];
    let helped: boolean | null = null;
    let verdict: string | undefined;
    // Actions are judged only where the baseline hurt a tier-1 service (down or degraded): otherwise there is nothing for them to fix.
    const hurt = result.summary.tier1DownMinutes > 0 || result.summary.timeToRecoverS > 0 || result.summary.tier1DegradedMinutes > 0;
    if (!hurt && actions.length > 0) verdict = "no tier-1 impact in the baseline: nothing for the actions to fix";
    if (options.tryActions !== false && actions.length > 0 && diagnosis && hurt) {
      try {
        const fork = await runScenario(forkScenario({ ...scenario, supervisor: { kind: "none" } }, actions, { at: diagnosis.simTime + 60 }), { graph: options.graph });
        const comparison = compareResults(result, fork);
        helped = comparison.helped;
        verdict = comparison.verdict;
      } catch (e) {
        verdict = `fork failed: ${(e as Error).message}`;
      }
    }
    rows.push({
      scenario: scenario.name,
      truth,
      faultKind: fault.kind,
      incident: diagnosis?.subject,
      candidates: candidates.slice(0, 3),
      rank: rankIndex >= 0 ? rankIndex + 1 : null,
      actions: actions.map((a) => `${a.kind} ${"node" in a ? a.node : `${a.from}→${a.to}`}`),
      helped,
      verdict,
    });
    options.onProgress?.(++done, scenarios.length);
  }
  const diagnosed = rows.filter((r) => r.incident !== undefined);
  const n = diagnosed.length;
  const tried = rows.filter((r) => r.helped !== null);
  return {
    kind: "supervisor_score",
    supervisor: options.supervisor.name,
    scenarios: rows.length,
    diagnosed: n,
    silent: rows.length - n,
    top1: n ? diagnosed.filter((r) => r.rank === 1).length / n : 0,
    top3: n ? diagnosed.filter((r) => r.rank !== null && r.rank <= 3).length / n : 0,
    actionUseful: tried.length ? tried.filter((r) => r.helped).length / tried.length : 0,
    actionsTried: tried.length,
    rows,
  };
}
