// Live telemetry as async iterables of batches: a tailed CSV/NDJSON file that keeps growing, and a polled Prometheus server.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { TwinError, invalidArgument } from "../errors";
import { parseDuration } from "../time";
import { csvRowReader, type CsvReaderOptions } from "./csv-reader";
import { TelemetryFormatError } from "./errors";
import { RecordReader, readPrometheus, type PrometheusReadOptions } from "./json-reader";
import { SampleSet } from "./samples";
import { TimeColumnParser, type TimeOptions } from "./time";

/** One observed sample: wall-clock ms since 1970 (or ms from 0 for plain-second files), node, metric, value (NaN = missing). */
export interface LiveSample {
  time: number;
  node: string;
  metric: string;
  value: number;
}

/**
 * What a live source yields: the samples that arrived since the last batch (in arrival order) and the
 * watermark, the time up to which the source believes it has delivered everything. A step-by-step consumer
 * (the rule runner, the sync module) can close every step at or before the watermark.
 */
export interface LiveBatch {
  samples: LiveSample[];
  watermark: number;
}

/** A live telemetry source. Break out of the loop (or abort `signal`) to stop it. */
export type LiveSource = AsyncIterable<LiveBatch>;

/** An error of a live source that retrying did not cure (server down, repeated HTTP errors). */
export class LiveSourceError extends TwinError {}

/** A sample set that hands samples out as they arrive instead of keeping them. */
class LiveSink extends SampleSet {
  pending: LiveSample[] = [];
  watermark = -Infinity;
  override add(time: number, node: number, metric: number, value: number): void {
    this.pending.push({ time, node: this.nodes[node], metric: this.metrics[metric], value });
    if (time > this.watermark) this.watermark = time;
  }
  take(): LiveSample[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Options of `tailTelemetry`. */
export interface TailOptions extends CsvReaderOptions, TimeOptions {
  /** "csv" or "ndjson"; from the extension by default (.ndjson/.jsonl → ndjson). */
  format?: "csv" | "ndjson";
  /** How often to look for new lines; 500 ms by default. */
  intervalMs?: number;
  /** Start at the end of the file (only new lines); false by default (read what is there, then follow). */
  fromEnd?: boolean;
  /** Stop after this long without new data (ms); never by default. */
  idleTimeoutMs?: number;
  rename?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

/**
 * Follows a growing CSV or NDJSON file (any layout `readTelemetry` reads line by line) and yields each batch
 * of complete new lines as samples. A partial last line waits for its end; a file that shrinks or is replaced
 * (rotated: another inode) is read again from its start. The watermark is the latest sample time seen.
 */
export async function* tailTelemetry(path: string, options: TailOptions = {}): AsyncGenerator<LiveBatch> {
  const api = "tailTelemetry";
  if (typeof path !== "string" || path === "") throw invalidArgument(api, "path", "a file path", path);
  const format = options.format ?? (/\.(ndjson|jsonl)$/i.test(path) ? "ndjson" : "csv");
  const intervalMs = options.intervalMs ?? 500;
  const fresh = () => {
    const sink = new LiveSink(options.rename);
    const time = new TimeColumnParser(options, api);
    return { sink, csv: csvRowReader(api, sink, time, options), records: new RecordReader(api, sink, time, options) };
  };
  let state = fresh();
  let offset = options.fromEnd ? statSync(path).size : 0;
  let inode = statSync(path).ino;
  let line = 1;
  let carry = "";
  let decoder = new StringDecoder("utf8");
  let idleSince = Date.now();
  const buffer = Buffer.alloc(1 << 20);
  while (!options.signal?.aborted) {
    const stat = statSync(path);
    const size = stat.size;
    if (size < offset || stat.ino !== inode) {
      inode = stat.ino;
      // Rotated or truncated: a new file begins, with its own header.
      state = fresh();
      offset = 0;
      line = 1;
      carry = "";
      decoder = new StringDecoder("utf8");
    }
    if (size > offset) {
      const fd = openSync(path, "r");
      let text = "";
      try {
        while (offset < size) {
          const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - offset), offset);
          if (n <= 0) break;
          offset += n;
          text += decoder.write(buffer.subarray(0, n));
        }
      } finally {
        closeSync(fd);
      }
      if (text.indexOf("\0") >= 0) throw new TelemetryFormatError(api, { line }, "binary data (a NUL byte) in a tailed text file.");
      const lines = (carry + text).split(/\r?\n/);
      carry = lines.pop() as string;
      if (lines.length > 0) {
        if (format === "csv") state.csv.push({ lines, first: line });
        else {
          lines.forEach((l, k) => {
            if (l.trim() === "") return;
            let record: unknown;
            try {
              record = JSON.parse(l);
            } catch (error) {
              throw new TelemetryFormatError(api, { line: line + k }, `not JSON (${(error as Error).message}).`);
            }
            state.records.add(record, { line: line + k });
          });
        }
        line += lines.length;
        const samples = state.sink.take();
        if (samples.length > 0) {
          idleSince = Date.now();
          yield { samples, watermark: state.sink.watermark };
          continue;
        }
      }
    }
    if (options.idleTimeoutMs !== undefined && Date.now() - idleSince >= options.idleTimeoutMs) return;
    await sleep(intervalMs, options.signal);
  }
}

/** Options of `pollPrometheus` and of reading a Prometheus URL with `readTelemetry`. */
export interface PrometheusPollOptions extends PrometheusReadOptions {
  /** PromQL of the series to follow, e.g. `{__name__=~"node_cpu_ratio|latency_ms"}`. */
  query: string;
  /** Resolution of the query: seconds or a duration; 60 s by default. */
  step?: number | string;
  /** How far back the first poll reaches: seconds or a duration; 5 minutes by default. */
  since?: number | string;
  /** Wait this long between polls; the step by default. */
  intervalMs?: number;
  /** Stay this far behind now so late scrapes are in (seconds or a duration); 0 by default. */
  lag?: number | string;
  /** Attempts per poll beyond the first when the server fails (network error, 5xx, 429); 5 by default. */
  retries?: number;
  /** First wait before a retry, doubled each time up to 30 s; 250 ms by default. */
  backoffMs?: number;
  /** Called before each retry with the attempt number and the error. */
  onRetry?: (attempt: number, error: Error) => void;
  /** Stop after this many polls (tests, bounded replays); forever by default. */
  polls?: number;
  signal?: AbortSignal;
  rename?: Readonly<Record<string, string>>;
  /** The clock, ms since 1970 (tests); Date.now by default. */
  now?: () => number;
}

/** One `query_range` call with retries and exponential back-off; returns the parsed response body. */
export async function queryRange(api: string, base: string, range: { query: string; start: number; end: number; step: number }, options: Pick<PrometheusPollOptions, "retries" | "backoffMs" | "onRetry" | "signal">): Promise<unknown> {
  const url = new URL("api/v1/query_range", base.endsWith("/") ? base : base + "/");
  url.searchParams.set("query", range.query);
  url.searchParams.set("start", String(range.start));
  url.searchParams.set("end", String(range.end));
  url.searchParams.set("step", String(range.step));
  const retries = options.retries ?? 5;
  let wait = options.backoffMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    let error: Error;
    try {
      const response = await fetch(url, { signal: options.signal });
      const body = await response.text();
      if (response.ok) return JSON.parse(body);
      const message = `HTTP ${response.status} from ${url.origin}${url.pathname}: ${body.slice(0, 200)}`;
      // A bad query will not get better: 4xx other than 429 fails at once.
      if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new LiveSourceError(`${api}: ${message} (check options.query ${JSON.stringify(range.query)}).`);
      error = new Error(message);
    } catch (e) {
      if (e instanceof LiveSourceError || options.signal?.aborted) throw e;
      error = e as Error;
    }
    if (attempt >= retries) throw new LiveSourceError(`${api}: ${base} failed ${attempt + 1} times, last: ${error.message}; raise options.retries or check the server.`, { cause: error });
    options.onRetry?.(attempt + 1, error);
    await sleep(wait, options.signal);
    wait = Math.min(wait * 2, 30_000);
  }
}

/**
 * Polls a Prometheus server's `/api/v1/query_range` and yields the new samples of every poll: the first poll
 * covers `since` before now, each next one starts a step after the last, so no sample is delivered twice.
 * Failures are retried with exponential back-off; the watermark is the end of the last range read.
 */
export async function* pollPrometheus(url: string, options: PrometheusPollOptions): AsyncGenerator<LiveBatch> {
  const api = "pollPrometheus";
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw invalidArgument(api, "url", "an http(s) URL of a Prometheus server", url);
  if (typeof options?.query !== "string" || options.query === "") throw invalidArgument(api, "options.query", "a PromQL query", options?.query);
  const step = parseDuration(options.step ?? 60, api, "options.step");
  if (!(step > 0)) throw invalidArgument(api, "options.step", "a duration > 0", options.step);
  const since = parseDuration(options.since ?? 300, api, "options.since");
  const lag = parseDuration(options.lag ?? 0, api, "options.lag");
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? step * 1000;
  const sink = new LiveSink(options.rename);
  const time = new TimeColumnParser({ numbers: "epoch-s" }, api);
  // Ranges start on multiples of the step, so successive polls evaluate at the same instants.
  let start = Math.floor((now() / 1000 - lag - since) / step) * step;
  for (let poll = 0; options.polls === undefined || poll < options.polls; poll++) {
    if (options.signal?.aborted) return;
    const end = Math.floor((now() / 1000 - lag) / step) * step;
    if (end >= start) {
      const body = await queryRange(api, url, { query: options.query, start, end, step }, options);
      readPrometheus(api, body as Parameters<typeof readPrometheus>[1], sink, time, options);
      sink.watermark = end * 1000;
      yield { samples: sink.take(), watermark: end * 1000 };
      start = end + step;
    }
    if (options.polls !== undefined && poll + 1 >= options.polls) return;
    await sleep(intervalMs, options.signal);
  }
}
