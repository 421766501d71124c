// The top deviation episodes as a question for the supervisor: an incident whose "alerts" are where production left the twin's prediction.
import { rootCauseCandidates } from "../graph";
import type { IncidentInput, SupervisorQueue } from "../llm";
import { contextNode } from "../scenarios/supervision";
import { upstreamOf } from "../scenarios/twin-facts";
import { TWIN_KINDS } from "../twin";
import type { SyncSession } from "./session";
import type { DeviationEpisode } from "./types";

/** Options of `episodeIncident` and `askAboutEpisodes`. */
export interface EpisodeQuestionOptions {
  /** How many of the highest-ranked episodes to include (5). */
  top?: number;
  /** Episodes to ask about instead of the session's ranking. */
  episodes?: readonly DeviationEpisode[];
}

const UNITS: Record<string, string> = { cpu: "", ram: "", latency_ms: " ms", error_rate: "", status: "" };

function describe(e: DeviationEpisode, minutes: number): string {
  const sign = e.peakDeviation >= 0 ? "above" : "below";
  const amount = Math.abs(e.peakDeviation);
  const shown = e.peakMetric === "latency_ms" ? amount.toFixed(1) : amount.toFixed(3);
  return `production's ${e.peakMetric} ran up to ${shown}${UNITS[e.peakMetric]} ${sign} the twin's prediction (robust z ${e.peakZ.toFixed(1)}) over ${Math.round(minutes)} min; metrics off: ${e.metrics.join(", ")}`;
}

/**
 * The supervisor's view of the top deviation episodes, in the shape of an incident (lib/llm IncidentInput): one
 * "twin_deviation" alert per episode (value = peak |z|, times in seconds from the session's start, summary in words),
 * the business services that depend on those nodes, root candidates upstream of them, and the nodes around them with
 * the twin's current values. Undefined when there is no episode.
 */
export function episodeIncident(session: SyncSession, options: EpisodeQuestionOptions = {}): IncidentInput | undefined {
  const top = options.top ?? 5;
  const episodes = (options.episodes ?? session.episodes()).slice(0, top);
  if (episodes.length === 0) return undefined;
  const twin = session.twin;
  const topo = twin.topology;
  const seconds = (ms: number) => (ms - session.startMs) / 1000;
  const stepMinutes = session.stepMs / 60000;
  const nodes = episodes.map((e) => topo.indexOf.get(e.node)).filter((v): v is number => v !== undefined);
  const cache = new Map<number, Set<number>>();
  const services: string[] = [];
  for (let s = 0; s < topo.n; s++) {
    if (TWIN_KINDS[topo.kind[s]] !== "business_service") continue;
    const up = upstreamOf(topo, s, cache);
    if (nodes.some((v) => v === s || up.has(v))) services.push(topo.ids[s]);
  }
  const candidates = rootCauseCandidates(twin.store.index(), episodes.map((e) => e.node), { limit: 5 });
  const around = new Set<number>(nodes);
  for (const c of candidates) if (topo.indexOf.has(c.id)) around.add(topo.indexOf.get(c.id)!);
  for (const v of nodes) for (let k = topo.dependsOn.offsets[v]; k < topo.dependsOn.offsets[v + 1]; k++) around.add(topo.dependsOn.targets[k]);
  const worst = episodes[0];
  return {
    id: `deviation-${worst.node}-${worst.start}`,
    time: seconds(session.nextTime - session.stepMs),
    severity: worst.peakZ >= 10 && worst.impact >= 3 ? "critical" : "warning",
    alerts: episodes.map((e) => ({
      rule: "twin_deviation",
      node: e.node,
      nodeKind: e.kind,
      severity: e.peakZ >= 10 ? "critical" : "warning",
      value: Math.round(e.peakZ * 10) / 10,
      since: seconds(e.start),
      ...(e.end !== null ? { until: seconds(e.end) } : {}),
      summary: describe(e, e.steps * stepMinutes),
    })),
    services,
    rootCandidates: candidates.map((c) => ({ node: c.id, score: Math.round(c.score * 1000) / 1000, reason: `upstream of ${c.explains.length} of ${nodes.length} nodes where production left the prediction` })),
    context: { nodes: [...around].slice(0, 80).map((v) => contextNode(twin, v)) },
  };
}

/**
 * Posts the top episodes to a supervisor queue as a diagnosis request ("why does production differ from the twin
 * here?") and returns the annotation id, or undefined when there is nothing to ask. Never waits for the answer:
 * read it from the queue (`queue.drain`, annotations) as for incidents.
 */
export function askAboutEpisodes(session: SyncSession, queue: SupervisorQueue, options: EpisodeQuestionOptions = {}): string | undefined {
  const incident = episodeIncident(session, options);
  return incident ? queue.post({ kind: "diagnose", incident }, incident.time) : undefined;
}
