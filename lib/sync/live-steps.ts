// Steps of observed data read from a live Prometheus: each step's raw samples, or a gap when there were none; outages are backed off and caught up.
import { TwinError, invalidArgument } from "../errors";
import type { LiveSample } from "../ingest";
import { parseDuration } from "../time";

const DEFAULTS = { step: 60, pace: "wall-clock" as const, lagSeconds: 2, pollMs: 1000, backoffMs: 500, maxBackoffMs: 10_000, maxStepsPerQuery: 120, timeoutMs: 10_000 };

/** How a live sync moves on: with the wall clock, or as soon as the data of a step is in. */
export type LivePace = "wall-clock" | "as-fast-as-data";

/** Options of `liveSteps`. */
export interface LiveStepsOptions {
  /** A PromQL series selector (raw samples are read: `{job="bank"}`, `{__name__=~"cpu|latency_ms"}`); no functions. */
  query: string;
  /** Step length: seconds or a duration ("1m"); 60 s by default. */
  step?: number | string;
  /** Start of the first step, ms since 1970; now rounded down to the step by default. A past start is caught up. */
  start?: number;
  /** Stop after the step ending at or after this time (ms since 1970); never by default. */
  until?: number;
  /**
   * "wall-clock" (default): a step is read once the clock is `lag` past its end, so the twin runs in lockstep with
   * real time. "as-fast-as-data": a step is read as soon as Prometheus holds a sample newer than its end (or the
   * clock is `lag` past it), so a backlog is replayed as fast as the server answers.
   */
  pace?: LivePace;
  /** How long after a step's end its data is taken as complete: seconds or a duration; 2 s by default. */
  lag?: number | string;
  /** Label holding the node id ("node" by default). */
  nodeLabel?: string;
  /** Prometheus metric name → twin metric name (`{node_cpu_ratio: "cpu"}`); unmapped names pass unchanged. */
  rename?: Readonly<Record<string, string>>;
  /** Wait between reads when nothing is complete yet (as-fast-as-data); 1000 ms by default. */
  pollMs?: number;
  /** First wait after a failed read, doubled up to `maxBackoffMs` (10 s) while the server stays down; 500 ms by default. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout, ms (10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The clock, ms since 1970 (tests); Date.now by default. */
  now?: () => number;
}

/** What `liveSteps` yields: a step's samples, a step without samples (a gap: nothing is invented), or news of an outage. */
export type LiveStep =
  | { kind: "data"; /** Step end, ms since 1970. */ time: number; samples: LiveSample[] }
  | { kind: "gap"; time: number; reason: string }
  | { kind: "unreachable"; /** When reads started failing, ms. */ since: number; error: string }
  | { kind: "reachable"; /** When reads worked again, ms. */ at: number; downMs: number };

/** A read of a Prometheus server that failed (unreachable, HTTP error, bad answer). */
export class LiveReadError extends TwinError {}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Raw samples of `selector` in (from, to] (ms), read with one instant range-vector query at `to`. */
export async function readRawSamples(base: string, selector: string, window: { from: number; to: number }, options: Pick<LiveStepsOptions, "nodeLabel" | "rename" | "timeoutMs" | "signal"> = {}): Promise<LiveSample[]> {
  const api = "readRawSamples";
  const url = new URL("api/v1/query", base.endsWith("/") ? base : base + "/");
  // One extra second of range: 2.x ranges are closed and 3.x left-open; the (from, to] filter below decides.
  url.searchParams.set("query", `${selector}[${Math.ceil((window.to - window.from) / 1000) + 1}s]`);
  url.searchParams.set("time", (window.to / 1000).toFixed(3));
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULTS.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
  } catch (error) {
    throw new LiveReadError(`${api}: ${url.origin} did not answer: ${(error as Error).message}.`, { cause: error });
  }
  const text = await response.text();
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: { metric: Record<string, string>; values: [number, string][] }[] } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new LiveReadError(`${api}: HTTP ${response.status} from ${url.origin}, not JSON: ${text.slice(0, 200)}.`);
  }
  if (!response.ok || body.status !== "success") {
    const hint = response.status === 400 ? ` (options.query must be a series selector such as {job="bank"}, not ${JSON.stringify(selector)})` : "";
    throw new LiveReadError(`${api}: HTTP ${response.status} from ${url.origin}: ${body.error ?? text.slice(0, 200)}${hint}.`);
  }
  if (body.data?.resultType !== "matrix") throw new LiveReadError(`${api}: expected a matrix of raw samples, got ${JSON.stringify(body.data?.resultType)}.`);
  const nodeLabel = options.nodeLabel ?? "node";
  const samples: LiveSample[] = [];
  for (const series of body.data.result ?? []) {
    const node = series.metric[nodeLabel];
    const name = series.metric.__name__;
    if (node === undefined || name === undefined) continue;
    const metric = options.rename?.[name] ?? name;
    for (const [seconds, value] of series.values) {
      const time = Math.round(seconds * 1000);
      if (time > window.from && time <= window.to) samples.push({ time, node, metric, value: Number(value) });
    }
  }
  return samples.sort((a, b) => a.time - b.time);
}

/**
 * Reads a live Prometheus step by step: every step (end − step, end] comes out once, in order, as its raw samples
 * or as a gap when Prometheus holds none for it (scrapes missed, server down): steps are never filled in. While
 * the server is unreachable the reader backs off (doubling up to `maxBackoffMs`), says so once, and when it
 * answers again catches up the steps that came due meanwhile. Stops at `until` or when `signal` aborts.
 */
export async function* liveSteps(prometheus: string, options: LiveStepsOptions): AsyncGenerator<LiveStep> {
  const api = "liveSteps";
  if (typeof prometheus !== "string" || !/^https?:\/\//.test(prometheus)) throw invalidArgument(api, "prometheus", "an http(s) URL of a Prometheus server", prometheus);
  if (typeof options?.query !== "string" || !/^(?:[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?|\{.*\})$/s.test(options.query.trim())) {
    throw invalidArgument(api, "options.query", 'a PromQL series selector such as {job="bank"} (raw samples are read, so no functions or ranges)', options?.query);
  }
  const stepMs = parseDuration(options.step ?? DEFAULTS.step, api, "options.step") * 1000;
  if (!(stepMs >= 1)) throw invalidArgument(api, "options.step", "a duration of at least 1 ms", options.step);
  const pace = options.pace ?? DEFAULTS.pace;
  if (pace !== "wall-clock" && pace !== "as-fast-as-data") throw invalidArgument(api, "options.pace", '"wall-clock" or "as-fast-as-data"', pace);
  const lagMs = parseDuration(options.lag ?? DEFAULTS.lagSeconds, api, "options.lag") * 1000;
  const now = options.now ?? Date.now;
  const signal = options.signal;
  let cursor = options.start ?? Math.floor(now() / stepMs) * stepMs;
  if (!Number.isFinite(cursor)) throw invalidArgument(api, "options.start", "ms since 1970", options.start);
  const until = options.until ?? Infinity;
  let backoff = options.backoffMs ?? DEFAULTS.backoffMs;
  let downSince: number | undefined;
  while (!signal?.aborted && cursor < until) {
    const clock = now();
    const due = pace === "wall-clock" && clock < cursor + stepMs + lagMs;
    if (due) {
      await sleep(cursor + stepMs + lagMs - clock, signal);
      continue;
    }
    // Read from the cursor to now (or a bounded chunk of a backlog), then close every step the data or the clock completes.
    const to = Math.min(clock, cursor + stepMs * DEFAULTS.maxStepsPerQuery);
    let samples: LiveSample[];
    try {
      samples = await readRawSamples(prometheus, options.query, { from: cursor, to }, options);
    } catch (error) {
      if (signal?.aborted) return;
      if (!(error instanceof LiveReadError)) throw error;
      if (downSince === undefined) {
        downSince = clock;
        yield { kind: "unreachable", since: clock, error: error.message };
      }
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? DEFAULTS.maxBackoffMs);
      continue;
    }
    if (downSince !== undefined) {
      yield { kind: "reachable", at: clock, downMs: clock - downSince };
      downSince = undefined;
    }
    backoff = options.backoffMs ?? DEFAULTS.backoffMs;
    const newest = samples.length > 0 ? samples[samples.length - 1].time : -Infinity;
    let closed = 0;
    let k = 0;
    while (cursor + stepMs <= to && cursor < until) {
      const end = cursor + stepMs;
      const complete = end + lagMs <= clock || (pace === "as-fast-as-data" && newest > end);
      if (!complete) break;
      const inStep: LiveSample[] = [];
      while (k < samples.length && samples[k].time <= end) {
        if (samples[k].time > cursor) inStep.push(samples[k]);
        k++;
      }
      yield inStep.length > 0 ? { kind: "data", time: end, samples: inStep } : { kind: "gap", time: end, reason: `no samples in (${new Date(cursor).toISOString()}, ${new Date(end).toISOString()}]` };
      cursor = end;
      closed++;
      if (signal?.aborted) return;
    }
    if (closed === 0) await sleep(pace === "as-fast-as-data" ? (options.pollMs ?? DEFAULTS.pollMs) : Math.max(1, cursor + stepMs + lagMs - now()), signal);
  }
}
