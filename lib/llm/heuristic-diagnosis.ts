// Root-cause ranking from topology: the most upstream unhealthy component shared by the alerting nodes ranks first.
import type { Neighbourhood } from "./neighbourhood";
import { clockTime, neighbourhood, unhealthySigns, upstreamClosure } from "./neighbourhood";
import type { DiagnosisCandidate, IncidentInput } from "./types";

/** Weights of the diagnosis score; they sum to 1. */
export const DIAGNOSIS_WEIGHTS = {
  /** Share of alerting nodes that depend on the candidate (or are it). */
  coverage: 0.45,
  /** The candidate itself alerts or looks unhealthy. */
  unhealthy: 0.3,
  /** Nothing the candidate depends on looks unhealthy: it is the most upstream trouble. */
  mostUpstream: 0.15,
  /** The candidate is down outright. */
  down: 0.1,
  /** Share given to the graph module's own score when the incident carries one. */
  graph: 0.3,
};

/** Options of `rankRootCauses`. */
export interface RankOptions {
  /** Candidates returned at most. */
  limit?: number;
}

/** Ranks root-cause candidates of an incident, most likely first, each with a confidence 0..1 and its evidence. */
export function rankRootCauses(incident: IncidentInput, options: RankOptions = {}): DiagnosisCandidate[] {
  const limit = options.limit ?? 5;
  const hood = neighbourhood(incident);
  let alerting = [...hood.alertsByNode.keys()].sort();
  if (alerting.length === 0) alerting = [...hood.nodes.values()].filter((n) => unhealthySigns(n).length > 0).map((n) => n.id).sort();
  const closures = new Map(alerting.map((a) => [a, upstreamClosure(hood, a)]));
  const graphScores = new Map((incident.rootCandidates ?? []).map((c) => [c.node, c]));

  const ids = new Set<string>();
  for (const closure of closures.values()) for (const id of closure) ids.add(id);
  for (const id of graphScores.keys()) ids.add(id);

  const scored: { candidate: DiagnosisCandidate; coverage: number }[] = [];
  for (const id of ids) {
    const covered = alerting.filter((a) => closures.get(a)?.has(id));
    const coverage = alerting.length === 0 ? 0 : covered.length / alerting.length;
    const node = hood.nodes.get(id);
    const alerts = hood.alertsByNode.get(id) ?? [];
    const signs = unhealthySigns(node);
    const unhealthy = alerts.length > 0 || signs.length > 0;
    const troubledUpstream = [...upstreamClosure(hood, id)].filter((u) => u !== id && isTroubled(hood, u)).sort();
    const down = signs.some((s) => /^status (down|failed|crashed|offline|unreachable|dead|stopped)$/i.test(s));

    let score =
      DIAGNOSIS_WEIGHTS.coverage * coverage +
      (unhealthy ? DIAGNOSIS_WEIGHTS.unhealthy + (troubledUpstream.length === 0 ? DIAGNOSIS_WEIGHTS.mostUpstream : 0) : 0) +
      (down ? DIAGNOSIS_WEIGHTS.down : 0);
    // A healthy component shared by everything (the core router of a calm network) is weak evidence.
    if (!unhealthy) score *= 0.3;
    const graph = graphScores.get(id);
    if (graph) score = (1 - DIAGNOSIS_WEIGHTS.graph) * score + DIAGNOSIS_WEIGHTS.graph * clamp01(graph.score);

    const evidence: string[] = [];
    for (const alert of alerts.slice(0, 3)) evidence.push(`alert ${alert.rule} (${alert.severity}) firing since ${clockTime(alert.since)}${alert.value === undefined ? "" : `, value ${round(alert.value)}`}`);
    if (alerts.length > 3) evidence.push(`${alerts.length - 3} more alerts on this node`);
    for (const sign of signs) evidence.push(sign);
    const others = covered.filter((c) => c !== id);
    if (others.length > 0) evidence.push(`${others.length} of ${alerting.length} alerting nodes depend on it (${others.slice(0, 4).join(", ")}${others.length > 4 ? ", ..." : ""})`);
    if (unhealthy && troubledUpstream.length === 0) evidence.push("nothing it depends on looks unhealthy");
    if (unhealthy && troubledUpstream.length > 0) evidence.push(`depends on unhealthy ${troubledUpstream.slice(0, 3).join(", ")}`);
    if (graph) evidence.push(`graph analysis: ${graph.reason} (score ${round(graph.score)})`);
    // Graph candidates and alerting nodes outside the context are kept; anything else unknown is noise.
    if (node === undefined && !graph && alerts.length === 0) continue;
    scored.push({ candidate: { node: id, confidence: round(clamp01(score)), evidence }, coverage });
  }
  scored.sort((a, b) => b.candidate.confidence - a.candidate.confidence || b.coverage - a.coverage || (a.candidate.node < b.candidate.node ? -1 : 1));
  return scored.filter((s) => s.candidate.confidence > 0).slice(0, limit).map((s) => s.candidate);
}

function isTroubled(hood: Neighbourhood, id: string): boolean {
  return (hood.alertsByNode.get(id)?.length ?? 0) > 0 || unhealthySigns(hood.nodes.get(id)).length > 0;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
