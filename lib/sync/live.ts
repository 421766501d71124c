// Live sync: a sync session advanced step by step from a real Prometheus, its incidents posted to the supervisor, its values served to Prometheus.
import type Graph from "graphology";
import { invalidArgument } from "../errors";
import type { GraphStore } from "../graph";
import type { SupervisorQueue } from "../llm";
import { incidentInput } from "../scenarios/supervision";
import { parseDuration } from "../time";
import type { TwinExporter } from "./exporter";
import { liveSteps, type LivePace, type LiveStep } from "./live-steps";
import { openSync, type SyncSession } from "./session";
import { askAboutEpisodes } from "./supervisor";
import { SYNC_METRICS, type DeviationEpisode, type SyncOptions, type SyncStep } from "./types";

/** Options of `syncLive`: the session's options, where to read, how to pace, and who to tell. */
export interface SyncLiveOptions extends Omit<SyncOptions, "start" | "step"> {
  /** Base URL of the Prometheus server (`http://127.0.0.1:9090/`). */
  prometheus: string;
  /** Series selector of everything the sync reads: the compared metrics and the services' request rates (`{job="bank"}`). */
  query: string;
  /** Label holding the node id ("node"). */
  nodeLabel?: string;
  /** Prometheus metric name → twin metric (`{node_cpu_ratio: "cpu", http_requests_rate: "requests_per_s"}`). */
  rename?: Readonly<Record<string, string>>;
  /** Step length: seconds or a duration; 60 s by default. */
  step?: number | string;
  /** Start of the first step, ms since 1970; now rounded down to the step by default (a past start is caught up). */
  start?: number;
  /** Stop after the step ending at or after this time, ms since 1970; runs until `signal` aborts by default. */
  until?: number;
  /** "wall-clock" (default) or "as-fast-as-data": see `liveSteps`. */
  pace?: LivePace;
  /** How long after a step's end its data counts as complete (2 s). */
  lag?: number | string;
  /** Back-off while Prometheus is unreachable: first wait and cap, ms (500, 10 000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  signal?: AbortSignal;
  /** Each new open incident, and each step's newly opened deviation episodes, are posted here as "diagnose" requests; the sync never waits for an answer. */
  supervisor?: SupervisorQueue;
  /** Serves every step's predicted, observed, deviation, z and alert states. */
  exporter?: TwinExporter;
  /** After every step (the arrays are the session's live buffers: copy what you keep). */
  onStep?: (step: SyncStep, info: { gap: boolean }) => void;
  /** When Prometheus stops answering and when it answers again. */
  onOutage?: (event: Extract<LiveStep, { kind: "unreachable" | "reachable" }>) => void;
}

/** A stretch of steps without data, ms since 1970 (from the first step's start to the last step's end). */
export interface SyncGap {
  from: number;
  to: number;
  steps: number;
}

/** What `syncLive` returns when it stops. */
export interface SyncLiveResult {
  kind: "sync_live";
  session: SyncSession;
  steps: number;
  /** Steps that had samples. */
  dataSteps: number;
  /** Steps without samples, merged into stretches: recorded, never filled in (observed is NaN there). */
  gaps: SyncGap[];
  /** When Prometheus was unreachable (`to` null if it still was at the end). */
  outages: { from: number; to: number | null; error: string }[];
  episodes: DeviationEpisode[];
  /** Incidents (rule incidents by id, deviation episodes as "deviation@<step end>") posted to the supervisor, with the annotation id of each request. */
  posted: { incident: string; annotation: string }[];
  warnings: string[];
}

/**
 * Runs the twin beside a live Prometheus: every step is read with `liveSteps` (raw samples of the step, or a gap),
 * the session advances with them (a gap advances with no observations, so deviation there is NaN, not invented),
 * rules run on observed + predicted + deviation facts, new incidents go to the supervisor queue without being
 * awaited, and the exporter (if any) serves the step. Survives Prometheus outages (back-off, the outage's steps
 * recorded as gaps, then caught up). Stops at `until` or when `signal` aborts, and returns what happened.
 */
export async function syncLive(graph: Graph | GraphStore, options: SyncLiveOptions): Promise<SyncLiveResult> {
  const api = "syncLive";
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object with prometheus and query", options);
  const stepMs = parseDuration(options.step ?? 60, api, "options.step") * 1000;
  if (!(stepMs > 0)) throw invalidArgument(api, "options.step", "a duration > 0", options.step);
  const start = options.start ?? Math.floor(Date.now() / stepMs) * stepMs;
  if (options.until !== undefined && !(options.until > start)) throw invalidArgument(api, "options.until", `a time after the start (${new Date(start).toISOString()})`, options.until);
  const { prometheus, query, nodeLabel, rename, pace, lag, backoffMs, maxBackoffMs, signal, supervisor, exporter, onStep, onOutage, until, ...sessionOptions } = options;
  const horizon = sessionOptions.horizon ?? (until !== undefined ? (until - start) / 1000 + stepMs / 1000 : undefined);
  const session = openSync(graph, { ...sessionOptions, start, step: stepMs / 1000, ...(horizon !== undefined ? { horizon } : {}) });
  const result: SyncLiveResult = { kind: "sync_live", session, steps: 0, dataSteps: 0, gaps: [], outages: [], episodes: [], posted: [], warnings: [] };
  const asked = new Set<string>();
  const gapSteps = () => result.gaps.reduce((n, g) => n + g.steps, 0);
  const reader = liveSteps(prometheus, { query, nodeLabel, rename, step: stepMs / 1000, start, until, pace, lag, backoffMs, maxBackoffMs, signal });
  for await (const item of reader) {
    if (item.kind === "unreachable" || item.kind === "reachable") {
      if (item.kind === "unreachable") result.outages.push({ from: item.since, to: null, error: item.error });
      else result.outages[result.outages.length - 1].to = item.at;
      onOutage?.(item);
      continue;
    }
    // The twin's horizon bounds a session; past it the sync stops rather than throwing mid-stream.
    if (session.steps * (stepMs / 1000) >= session.twin.horizon) {
      result.warnings.push(`stopped at ${new Date(item.time - stepMs).toISOString()}: the session's horizon (${session.twin.horizon} s) is reached; give options.horizon for longer runs`);
      break;
    }
    const gap = item.kind === "gap";
    const step = session.advance({ time: item.time, samples: gap ? [] : item.samples });
    result.steps++;
    if (gap) {
      const last = result.gaps[result.gaps.length - 1];
      if (last !== undefined && last.to === item.time - stepMs) {
        last.to = item.time;
        last.steps++;
      } else result.gaps.push({ from: item.time - stepMs, to: item.time, steps: 1 });
    } else result.dataSteps++;
    if (supervisor !== undefined) postIncidents(session, supervisor, asked, result.posted, step);
    exporter?.update({
      time: step.time / 1000,
      nodes: session.twin.topology.ids,
      metrics: SYNC_METRICS,
      predicted: SYNC_METRICS.map((m) => step.predicted[m]),
      observed: SYNC_METRICS.map((m) => step.observed[m]),
      deviation: SYNC_METRICS.map((m) => step.deviation[m]),
      z: SYNC_METRICS.map((m) => step.z[m]),
      alerts: session.alerts().filter((a) => a.kind === "pending" || a.kind === "firing") as { rule: string; node: string; kind: "pending" | "firing"; severity: string }[],
      gapSteps: gapSteps(),
    });
    onStep?.(step, { gap });
  }
  result.episodes = session.episodes();
  result.warnings.push(...session.warnings());
  return result;
}

/** Posts each incident the first time it is open, as the scenario runner does; `post` returns at once (never awaited). */
function postIncidents(session: SyncSession, queue: SupervisorQueue, asked: Set<string>, posted: SyncLiveResult["posted"], step: SyncStep): void {
  if (step.newEpisodes.length > 0) {
    const annotation = askAboutEpisodes(session, queue, { episodes: step.newEpisodes });
    if (annotation !== undefined) posted.push({ incident: `deviation@${new Date(step.time).toISOString()}`, annotation });
  }
  if (step.transitions.length === 0) return;
  const simTime = (step.time - session.startMs) / 1000;
  for (const incident of session.incidents()) {
    if (incident.kind !== "open" || asked.has(incident.id)) continue;
    asked.add(incident.id);
    const annotation = queue.post({ kind: "diagnose", incident: incidentInput(incident, session, session.twin, simTime) }, simTime);
    posted.push({ incident: incident.id, annotation });
  }
}
