// The supervisor's score against the twin's ground truth: root-cause accuracy @1 and @3 over every injected fault, by category and fault kind, and whether its proposed actions help.
import type { InfraGraph } from "../graph";
import { invalidArgument } from "../errors";
import type { Action, ActionPlan, Diagnosis, Supervisor } from "../llm";
import { checkActionPolicy, describePolicy, type ActionPolicy } from "./action-policy";
import { compareResults, forkScenario } from "./fork";
import type { Scenario } from "./format";
import { FAULT_SET_CATEGORIES, INCIDENT_FAULTS, NETWORK_KINDS } from "./fault-sets";
import { criticalComponents, GENERATOR_DEFAULTS } from "./generators";
import { runScenario, type DiagnosisRequest } from "./runner";
import { twinRuleTopology } from "./twin-facts";

/** How the supervisor did on one injected fault. */
export interface ScoredIncident {
  scenario: string;
  /** The scenario's category (single, related-pair, unrelated-pair, three, network). */
  category: string;
  /** The injected fault's target: the true root cause. */
  truth: string;
  faultKind: string;
  /** Kind of the target node (database, router, ...). */
  targetKind: string;
  /** The incident whose diagnosis was scored: the first diagnosis, from the fault's start, of an incident with an alert on the target or on something depending on it. */
  incident?: string;
  diagnosedAt?: number;
  /** Its ranked candidates (top 3). */
  candidates: string[];
  /** 1-based rank of the truth, other injected targets not counted (naming another real fault first is not an error); null when absent or undiagnosed. */
  rank: number | null;
  actions: string[];
  /** Whether the scenario's fork with the proposed actions did better for tier-1 services (lenient: fewer degraded minutes count when nothing was down); null when not tried. */
  helped: boolean | null;
  /** Strict: the fork recovered faster or lost fewer tier-1 minutes down, and is worse on nothing. */
  helpedStrict: boolean | null;
  verdict?: string;
  /** Proposed actions the action policy refused, held for confirmation or skipped as no-ops (one line each); absent when all passed. */
  policy?: string[];
}

/** Root-cause figures over a set of faults: every injected fault counts, an undiagnosed one is a miss. */
export interface ScoreFigures {
  faults: number;
  /** Share of faults with a diagnosis of an incident they caused. */
  diagnosed: number;
  /** Share of faults ranked first. */
  top1: number;
  /** Share of faults in the top 3. */
  top3: number;
}

export interface SupervisorScore {
  kind: "supervisor_score";
  supervisor: string;
  scenarios: number;
  /** Injected faults, all counted. */
  faults: number;
  /** Shares over all faults. */
  diagnosed: number;
  top1: number;
  top3: number;
  /** Faults no diagnosis covered (misses). */
  silent: number;
  byCategory: Record<string, ScoreFigures>;
  byFaultKind: Record<string, ScoreFigures>;
  /** Network faults (routers, switches, firewalls, load balancers). */
  network: ScoreFigures;
  /** Share of forks (one per scenario with proposed actions and a tier-1 impact) that helped, strict definition. */
  actionUseful: number;
  /** The same with the lenient definition (fewer degraded minutes count when nothing was down). */
  actionUsefulLenient: number;
  actionsTried: number;
  rows: ScoredIncident[];
}

/**
 * N incident scenarios over the base, one injected fault each, spread over node kinds and fault kinds (see
 * INCIDENT_FAULTS): what the supervisor score runs on. The fault's target is the truth its diagnosis is checked against.
 */
export function incidentScenarios(base: Scenario, options: { graph: InfraGraph; n: number; at?: number | string; duration?: number | string }): Scenario[] {
  const { graph, n } = options ?? ({} as never);
  if (!Number.isInteger(n) || n < 1) throw invalidArgument("incidentScenarios", "options.n", "an integer >= 1", n);
  if (!graph || typeof graph.forEachNode !== "function") throw invalidArgument("incidentScenarios", "options.graph", "the estate's graph (loadTopology, bankTopology)", graph);
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

function figures(rows: readonly ScoredIncident[]): ScoreFigures {
  const n = rows.length;
  const share = (k: number) => (n === 0 ? 0 : k / n);
  return {
    faults: n,
    diagnosed: share(rows.filter((r) => r.incident !== undefined).length),
    top1: share(rows.filter((r) => r.rank === 1).length),
    top3: share(rows.filter((r) => r.rank !== null && r.rank <= 3).length),
  };
}

function groupFigures(rows: readonly ScoredIncident[], key: (r: ScoredIncident) => string): Record<string, ScoreFigures> {
  const groups = new Map<string, ScoredIncident[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return Object.fromEntries([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, list]) => [k, figures(list)]));
}

function categoryOf(scenario: Scenario): string {
  const tagged = FAULT_SET_CATEGORIES.find((c) => scenario.tags?.includes(c));
  if (tagged) return tagged;
  const n = scenario.faults?.length ?? 0;
  return n <= 1 ? "single" : n === 2 ? "pair" : "three";
}

/**
 * Runs each scenario with the supervisor and scores every injected fault (node targets) against the diagnoses: the first
 * diagnosis, from the fault's start to its end, of an incident with an alert on the target (failing any, with an alert
 * that fired after the fault began on something that depends on it); an undiagnosed fault is a miss. Unless `tryActions` is false, reruns a fork of each scenario that hurt a tier-1
 * service with the actions proposed with those diagnoses, judged strictly and leniently.
 */
export async function scoreSupervisor(
  scenarios: readonly Scenario[],
  options: { supervisor: Supervisor; graph?: InfraGraph; tryActions?: boolean; policy?: ActionPolicy; onProgress?: (done: number, total: number) => void },
): Promise<SupervisorScore> {
  const rows: ScoredIncident[] = [];
  let done = 0;
  let tried = 0;
  let strict = 0;
  let lenient = 0;
  for (const scenario of scenarios) {
    const faults = (scenario.faults ?? []).filter((f) => typeof f.target === "string" && f.target !== "*");
    if (faults.length === 0) throw invalidArgument("scoreSupervisor", `scenario "${scenario.name}".faults`, "at least one fault with a node id target (the truth)", scenario.faults);
    const result = await runScenario({ ...scenario, supervisor: { ...(scenario.supervisor ?? {}), kind: "heuristic" } }, { graph: options.graph, supervisor: options.supervisor });
    const topology = twinRuleTopology(result.twin);
    const truths = new Set(faults.map((f) => f.target as string));
    const byId = new Map(result.annotations.map((a) => [a.id, a]));
    const category = categoryOf(scenario);
    const scenarioRows: ScoredIncident[] = [];
    const plans: { time: number; actions: Action[] }[] = [];
    for (const fault of faults) {
      const truth = fault.target as string;
      const logged = result.groundTruth.faults.find((f) => f.target === truth && f.kind === fault.kind);
      const start = logged?.at ?? 0;
      const end = logged ? logged.at + logged.duration : result.twin.horizon;
      // The fault's own symptoms must be in the diagnosed incident: an alert on the target; failing any, an alert that
      // fired after the fault began on something depending on it.
      const answered = result.diagnosisRequests.filter((r) => {
        const answer = byId.get(r.annotation);
        return r.simTime >= start && r.simTime <= end && answer?.status === "answered" && answer.answer?.kind === "diagnosis";
      });
      const request =
        answered.find((r) => r.alerts.some((a) => a.node === truth)) ?? answered.find((r) => r.alerts.some((a) => a.since >= start && topology.dependsOn(a.node, truth)));
      const answer = request ? (byId.get(request.annotation)!.answer as Diagnosis) : undefined;
      const ranked = answer ? answer.candidates.map((c) => c.node) : [];
      // Other injected faults named before the truth are right answers too: they do not push it down.
      const own = ranked.filter((node) => node === truth || !truths.has(node));
      const at = own.indexOf(truth);
      const planOf = (r: DiagnosisRequest) => {
        const plan = byId.get(r.actions)?.answer as ActionPlan | undefined;
        return plan?.kind === "action_plan" ? plan.actions : [];
      };
      const actions: Action[] = request ? planOf(request) : [];
      // An operator follows the incident's plans as they come, from the fault's start: the first plan of the incident
      // holding this fault's symptoms may already fix it, before a later diagnosis names the fault's own node.
      if (request)
        for (const r of result.diagnosisRequests)
          if (r.incident === request.incident && r.simTime >= start && r.simTime <= request.simTime && planOf(r).length > 0) plans.push({ time: r.simTime, actions: planOf(r) });
      scenarioRows.push({
        scenario: scenario.name,
        category,
        truth,
        faultKind: fault.kind,
        targetKind: String(result.graph.hasNode(truth) ? result.graph.getNodeAttribute(truth, "kind") : "unknown"),
        incident: request?.incident,
        diagnosedAt: request?.simTime,
        candidates: ranked.slice(0, 3),
        rank: at >= 0 ? at + 1 : null,
        actions: actions.map((a) => `${a.kind} ${"node" in a ? a.node : `${a.from}→${a.to}`}`),
        helped: null,
        helpedStrict: null,
      });
    }
    // Actions are judged only where the baseline hurt a tier-1 service (down or degraded): otherwise there is nothing for them to fix.
    const hurt = result.summary.tier1DownMinutes > 0 || result.summary.timeToRecoverS > 0 || result.summary.tier1DegradedMinutes > 0;
    let verdict: string | undefined = !hurt && plans.length > 0 ? "no tier-1 impact in the baseline: nothing for the actions to fix" : undefined;
    let helped: boolean | null = null;
    let helpedStrict: boolean | null = null;
    let policyLines: string[] = [];
    if (options.tryActions !== false && plans.length > 0 && hurt) {
      // Each plan applies a minute after its own diagnosis (a fault's fix cannot come before the fault).
      const proposed = dedupeActions([...plans].sort((a, b) => a.time - b.time).flatMap((p) => p.actions.map((a) => ({ ...a, at: p.time + 60 }))));
      // Like every fork, the score's passes the action policy: refused, held and no-op actions are reported, never applied.
      const checked = checkActionPolicy(proposed, result.graph, options.policy);
      const actions = checked.applied as (Action & { at: number })[];
      policyLines = describePolicy(checked);
      try {
        if (actions.length === 0) throw new Error(`no proposed action passed the action policy (${policyLines.join("; ")})`);
        const fork = await runScenario(forkScenario({ ...scenario, supervisor: { kind: "none" } }, actions, { at: Math.min(...actions.map((a) => a.at)) }), { graph: options.graph });
        const comparison = compareResults(result, fork);
        const better = (metric: string) => comparison.kpis.find((k) => k.metric === metric)?.better;
        const worse = better("tier-1 availability") === false || better("tier-1 minutes down") === false;
        helped = comparison.helped;
        helpedStrict = !worse && (better("time to recover (s)") === true || better("tier-1 minutes down") === true);
        verdict = comparison.verdict;
        tried++;
        if (helped) lenient++;
        if (helpedStrict) strict++;
      } catch (e) {
        verdict = actions.length === 0 ? `not tried: ${(e as Error).message}` : `fork failed: ${(e as Error).message}`;
      }
    }
    for (const row of scenarioRows) rows.push({ ...row, helped, helpedStrict, ...(verdict !== undefined ? { verdict } : {}), ...(policyLines.length > 0 ? { policy: policyLines } : {}) });
    options.onProgress?.(++done, scenarios.length);
  }
  const overall = figures(rows);
  return {
    kind: "supervisor_score",
    supervisor: options.supervisor.name,
    scenarios: scenarios.length,
    faults: rows.length,
    diagnosed: overall.diagnosed,
    top1: overall.top1,
    top3: overall.top3,
    silent: rows.filter((r) => r.incident === undefined).length,
    byCategory: groupFigures(rows, (r) => r.category),
    byFaultKind: groupFigures(rows, (r) => r.faultKind),
    network: figures(rows.filter((r) => NETWORK_KINDS.includes(r.targetKind))),
    actionUseful: tried ? strict / tried : 0,
    actionUsefulLenient: tried ? lenient / tried : 0,
    actionsTried: tried,
    rows,
  };
}

/** The first of each (kind, target) pair: a later plan repeating an action does not apply it twice. */
function dedupeActions(actions: readonly (Action & { at: number })[]): (Action & { at: number })[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = `${a.kind} ${"node" in a ? a.node : `${a.from}→${a.to}`}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
