// Root-cause ranking from topology and time: the most upstream unhealthy component that explains the alerting nodes ranks first; several roots are ranked by greedy cover.
import type { Neighbourhood } from "./neighbourhood";
import { clockTime, neighbourhood, unhealthySigns, upstreamClosure } from "./neighbourhood";
import type { DiagnosisCandidate, IncidentInput } from "./types";

/** Weights of the diagnosis score; the first five sum to 1. */
export const DIAGNOSIS_WEIGHTS = {
  /** Share of the (not yet explained) alerting nodes that depend on the candidate (or are it). */
  coverage: 0.35,
  /** The candidate itself alerts or looks unhealthy. */
  unhealthy: 0.2,
  /** Nothing the candidate depends on looks unhealthy: it is the most upstream trouble (a busy host beneath a down database explains it). */
  mostUpstream: 0.25,
  /** The candidate is down outright. */
  down: 0.1,
  /** The candidate has an alert no cause silenced (a cause rule's alert, or one nothing upstream explains). */
  notified: 0.05,
  /** The candidate's trouble began first among the incident's alerts (time order along the path). */
  first: 0.05,
  /** Factor on a candidate that depends on a root already ranked: that root explains it (a crashed host explains its VMs). */
  explained: 0.5,
  /** Share given to the graph module's own score when the incident carries one. */
  graph: 0.2,
};

/** Options of `rankRootCauses`. */
export interface RankOptions {
  /** Candidates returned at most. */
  limit?: number;
}

interface Scored {
  id: string;
  /** Alerting nodes it explains (itself included). */
  covers: string[];
  /** Score without the coverage term, 0..1 - coverage weight. */
  rest: number;
  unhealthy: boolean;
  /** What it depends on, transitively (within the context). */
  upstream: Set<string>;
  graphScore?: number;
  evidence: string[];
}

/**
 * Ranks root-cause candidates of an incident, most likely first, each with a confidence 0..1 and its evidence. Several
 * faults at once are ranked by greedy cover: the best candidate first, then the best at explaining the alerting nodes
 * it does not explain, and so on, so a second root is not buried under the first one's neighbours.
 */
export function rankRootCauses(incident: IncidentInput, options: RankOptions = {}): DiagnosisCandidate[] {
  const limit = options.limit ?? 5;
  const hood = neighbourhood(incident);
  let alerting = [...hood.alertsByNode.keys()].sort();
  if (alerting.length === 0) alerting = [...hood.nodes.values()].filter((n) => unhealthySigns(n).length > 0).map((n) => n.id).sort();
  const closures = new Map(alerting.map((a) => [a, upstreamClosure(hood, a)]));
  const graphScores = new Map((incident.rootCandidates ?? []).map((c) => [c.node, c]));
  const firstSince = Math.min(...incident.alerts.map((a) => a.since));

  const ids = new Set<string>();
  for (const closure of closures.values()) for (const id of closure) ids.add(id);
  for (const id of graphScores.keys()) ids.add(id);

  const scored: Scored[] = [];
  for (const id of [...ids].sort()) {
    const covers = alerting.filter((a) => closures.get(a)?.has(id));
    const node = hood.nodes.get(id);
    const alerts = hood.alertsByNode.get(id) ?? [];
    const graph = graphScores.get(id);
    // Graph candidates and alerting nodes outside the context are kept; anything else unknown is noise.
    if (node === undefined && !graph && alerts.length === 0) continue;
    const signs = unhealthySigns(node);
    const unhealthy = alerts.length > 0 || signs.length > 0;
    const upstream = upstreamClosure(hood, id);
    upstream.delete(id);
    const troubledUpstream = [...upstream].filter((u) => isTroubled(hood, u)).sort();
    const down = signs.some((s) => /^status (down|failed|crashed|offline|unreachable|dead|stopped)$/i.test(s));
    const notified = alerts.some((a) => a.inhibited !== true);
    const since = alerts.length > 0 ? Math.min(...alerts.map((a) => a.since)) : Infinity;
    const first = Number.isFinite(since) && since <= firstSince;

    let rest = unhealthy ? DIAGNOSIS_WEIGHTS.unhealthy + (troubledUpstream.length === 0 ? DIAGNOSIS_WEIGHTS.mostUpstream : 0) : 0;
    rest += (down ? DIAGNOSIS_WEIGHTS.down : 0) + (notified ? DIAGNOSIS_WEIGHTS.notified : 0) + (first ? DIAGNOSIS_WEIGHTS.first : 0);

    const evidence: string[] = [];
    for (const alert of alerts.slice(0, 3)) {
      const when = alert.until !== undefined ? `fired ${clockTime(alert.since)}–${clockTime(alert.until)}` : `firing since ${clockTime(alert.since)}`;
      evidence.push(`alert ${alert.rule} (${alert.severity}) ${when}${alert.value === undefined ? "" : `, value ${round(alert.value)}`}${alert.inhibited ? ", silenced by a cause upstream" : ""}`);
    }
    if (alerts.length > 3) evidence.push(`${alerts.length - 3} more alerts on this node`);
    for (const sign of signs) evidence.push(`${sign} at ${clockTime(incident.time)}`);
    const others = covers.filter((c) => c !== id);
    if (others.length > 0) evidence.push(`${others.length} of ${alerting.length} alerting nodes depend on it (${others.slice(0, 4).join(", ")}${others.length > 4 ? ", ..." : ""})`);
    if (first && alerts.length > 0) evidence.push(`its alert came first (${clockTime(since)})`);
    if (unhealthy && troubledUpstream.length === 0) evidence.push(`nothing it depends on looked unhealthy at ${clockTime(incident.time)}`);
    if (unhealthy && troubledUpstream.length > 0) evidence.push(`depends on unhealthy ${troubledUpstream.slice(0, 3).join(", ")}`);
    if (graph) evidence.push(`graph analysis: ${graph.reason} (score ${round(graph.score)})`);
    scored.push({ id, covers, rest, unhealthy, upstream, graphScore: graph ? clamp01(graph.score) : undefined, evidence });
  }

  const chosenIds: string[] = [];
  const confidence = (s: Scored, uncovered: ReadonlySet<string>, total: number) => {
    const explained = total === 0 ? 0 : s.covers.filter((c) => uncovered.has(c)).length / total;
    let score = DIAGNOSIS_WEIGHTS.coverage * explained + s.rest;
    if (chosenIds.some((root) => s.upstream.has(root))) score *= DIAGNOSIS_WEIGHTS.explained;
    // A healthy component shared by everything (the core router of a calm network) is weak evidence.
    if (!s.unhealthy) score *= 0.3;
    if (s.graphScore !== undefined) score = (1 - DIAGNOSIS_WEIGHTS.graph) * score + DIAGNOSIS_WEIGHTS.graph * s.graphScore;
    return clamp01(score);
  };
  const uncovered = new Set(alerting);
  const left = [...scored];
  const ranked: DiagnosisCandidate[] = [];
  while (left.length > 0 && ranked.length < limit) {
    let best = -1;
    let bestScore = -1;
    let bestCover = -1;
    for (let i = 0; i < left.length; i++) {
      const c = confidence(left[i], uncovered, alerting.length);
      const cover = left[i].covers.filter((x) => uncovered.has(x)).length;
      if (c > bestScore || (c === bestScore && cover > bestCover)) {
        best = i;
        bestScore = c;
        bestCover = cover;
      }
    }
    const [chosen] = left.splice(best, 1);
    if (bestScore <= 0) break;
    ranked.push({ node: chosen.id, confidence: round(bestScore), evidence: chosen.evidence });
    chosenIds.push(chosen.id);
    for (const c of chosen.covers) uncovered.delete(c);
  }
  return ranked;
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
