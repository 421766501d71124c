// Replay: a batch of recorded telemetry (a read file, a metrics store, or samples) fed step by step through a sync session.
import type Graph from "graphology";
import { invalidArgument } from "../errors";
import type { GraphStore } from "../graph";
import type { LiveSample } from "../ingest/live";
import type { TelemetryRead } from "../ingest/read";
import { MetricsStore } from "../metrics";
import { parseDuration } from "../time";
import { openSync, startMsOf, type SyncSession } from "./session";
import { LOAD_METRICS, SYNC_METRICS, type ReplayResult, type SyncOptions, type SyncStep } from "./types";

/** What `replay` reads: `readTelemetry`'s result, a metrics store (e.g. `await store.readMetrics(runId)`), or samples. */
export type ReplaySource = TelemetryRead | MetricsStore | readonly LiveSample[];

/** Options of `replay`: a session's, with `start` defaulting to the first sample's step. */
export interface ReplayOptions extends Omit<SyncOptions, "start"> {
  start?: string | number;
  /** Called after every step with the session (the arrays are live: copy what you keep). */
  onStep?: (step: SyncStep, session: SyncSession) => void;
}

/** Observed steps of a source, in time order: a step's samples are those with start + k·step <= time < start + (k+1)·step. */
interface StepFeed {
  firstMs: number;
  lastMs: number;
  /** Yields [step index, samples] in increasing step order. */
  steps(startMs: number, stepMs: number): Iterable<[number, LiveSample[]]>;
}

function storeFeed(store: MetricsStore, wanted: readonly string[], api: string): StepFeed {
  const metrics = wanted.filter((m) => store.hasMetric(m));
  if (metrics.length === 0) throw invalidArgument(api, "telemetry", `telemetry with at least one of the metrics ${wanted.join(", ")}`, `a store of ${store.metricNames.join(", ")}`);
  const epoch = store.epochMs ?? 0;
  const times = store.times;
  const n = store.recordedSteps;
  const mIdx = metrics.map((m) => store.metricIndex(m));
  const nodes = store.nodeIds;
  return {
    firstMs: n > 0 ? epoch + times[0] * 1000 : NaN,
    lastMs: n > 0 ? epoch + times[n - 1] * 1000 : NaN,
    *steps(startMs, stepMs) {
      // The session reads a step's samples and keeps none: one pool of sample objects serves every step (no garbage per value).
      const pool: LiveSample[] = [];
      let used = 0;
      let current = -1;
      for (let s = 0; s < n; s++) {
        const ms = epoch + times[s] * 1000;
        const k = Math.floor((ms - startMs) / stepMs + 1e-9);
        if (k < 0) continue;
        if (k !== current && used > 0) {
          yield [current, pool.slice(0, used)];
          used = 0;
        }
        current = k;
        for (let i = 0; i < metrics.length; i++)
          for (let v = 0; v < nodes.length; v++) {
            const value = store.valueAt(mIdx[i], v, s);
            if (value !== value) continue;
            let sample = pool[used];
            if (sample === undefined) sample = pool[used] = { time: 0, node: "", metric: "", value: 0 };
            sample.time = ms;
            sample.node = nodes[v];
            sample.metric = metrics[i];
            sample.value = value;
            used++;
          }
      }
      if (used > 0) yield [current, pool.slice(0, used)];
    },
  };
}

function sampleFeed(samples: readonly LiveSample[]): StepFeed {
  let first = Infinity;
  let last = -Infinity;
  for (const s of samples) {
    if (s.time < first) first = s.time;
    if (s.time > last) last = s.time;
  }
  return {
    firstMs: first,
    lastMs: last,
    *steps(startMs, stepMs) {
      const byStep = new Map<number, LiveSample[]>();
      for (const s of samples) {
        const k = Math.floor((s.time - startMs) / stepMs + 1e-9);
        if (k < 0) continue;
        let list = byStep.get(k);
        if (!list) byStep.set(k, (list = []));
        list.push(s);
      }
      for (const k of [...byStep.keys()].sort((a, b) => a - b)) yield [k, byStep.get(k)!];
    },
  };
}

/**
 * Replays recorded telemetry through a sync session: the twin runs on the recorded request rates, every step is
 * compared with the recorded cpu, ram, latency_ms, error_rate and status, and the result holds the three series
 * (predicted, observed, z), the ranked deviation episodes, alerts and incidents. Faults in the options are
 * injected on top of the recorded day.
 */
export function replay(graph: Graph | GraphStore, telemetry: ReplaySource, options: ReplayOptions = {}): ReplayResult {
  const api = "replay";
  const loadMetrics = options.loadMapping?.metrics ?? LOAD_METRICS;
  const wanted = [...SYNC_METRICS, ...loadMetrics];
  let feed: StepFeed;
  if (Array.isArray(telemetry)) feed = sampleFeed(telemetry as readonly LiveSample[]);
  else if (telemetry instanceof MetricsStore) feed = storeFeed(telemetry, wanted, api);
  else if (telemetry && typeof telemetry === "object" && (telemetry as TelemetryRead).store instanceof MetricsStore) feed = storeFeed((telemetry as TelemetryRead).store, wanted, api);
  else throw invalidArgument(api, "telemetry", "readTelemetry's result, a MetricsStore or an array of {time, node, metric, value}", telemetry);
  if (!Number.isFinite(feed.firstMs)) throw invalidArgument(api, "telemetry", "telemetry with at least one sample", "no samples");
  const stepSeconds = parseDuration(options.step ?? 60, api, "step");
  const stepMs = stepSeconds * 1000;
  const startMs = options.start === undefined ? Math.floor(feed.firstMs / stepMs) * stepMs : startMsOf(options.start, api);
  const span = Math.max(stepSeconds, Math.ceil((feed.lastMs - startMs + 1) / stepMs) * stepSeconds);
  const { onStep, ...rest } = options;
  const session = openSync(graph, { ...rest, start: startMs, step: stepSeconds, horizon: options.horizon ?? span });
  for (const [k, samples] of feed.steps(startMs, stepMs)) {
    if (k * stepSeconds >= session.twin.horizon) break;
    const step = session.advance({ time: startMs + (k + 1) * stepMs, samples });
    onStep?.(step, session);
  }
  return {
    steps: session.steps,
    times: Array.from({ length: session.steps }, (_, k) => startMs + (k + 1) * stepMs),
    predicted: session.predicted,
    observed: session.observed,
    z: session.z,
    episodes: session.episodes(),
    alerts: session.allAlerts(),
    incidents: session.incidents(),
    warnings: session.warnings(),
    session,
  };
}
