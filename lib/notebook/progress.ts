// Live progress for long runs and sweeps: one display updated in place, throttled; a few text lines outside a kernel.
import { invalidArgument, UsageError } from "../errors";
import { formatDuration } from "../time";
import { newDisplay, type DisplayHandle } from "./display";
import { escapeHtml, styledHtml } from "./html";
import { currentSink, textSink } from "./kernel";

const DEFAULTS = {
  label: "progress",
  /** At most one display update per this many wall-clock ms. */
  throttleMs: 200,
  /** Outside a kernel each update is a printed line: fewer of them. */
  textThrottleMs: 5000,
};

/** Options of `progress`. */
export interface ProgressOptions {
  /** Units of work in all (steps, scenarios); > 0. */
  total: number;
  /** What is running ("simulating 30 days"). */
  label?: string;
  /** Least wall-clock ms between two updates (200 by default; 5000 for the text fallback). */
  throttleMs?: number;
  /** Unit name shown after the counts ("steps"). */
  unit?: string;
  /** Show "12 / 40" counts before the percentage (true by default; false for work measured as a fraction). */
  counts?: boolean;
  /** Wall clock in ms (`performance.now` by default); tests pass a fake one. */
  clock?: () => number;
}

/** A live progress display. */
export interface Progress {
  /** Units done so far. */
  readonly count: number;
  readonly total: number;
  /** Whether `done()` was called. */
  readonly finished: boolean;
  /** Adds `n` units (1 by default) and refreshes the display when the throttle allows. */
  tick(n?: number): void;
  /** Sets the units done and refreshes the display when the throttle allows. */
  set(count: number): void;
  /** Marks the work finished and shows the final state (always, whatever the throttle); an optional note replaces the rate line. */
  done(note?: string): void;
}

/**
 * Starts a progress display: one output that updates in place at most every 200 ms of wall time (so a
 * tight loop pays almost nothing), and a final update on `done()`.
 * `const p = progress({ total: items.length, label: "N-1 sweep" }); for (...) { ...; p.tick(); } p.done();`
 */
export function progress(options: ProgressOptions): Progress {
  const api = "progress";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object with total", options);
  const total = options.total;
  if (typeof total !== "number" || !Number.isFinite(total) || total <= 0) throw invalidArgument(api, "options.total", "a finite number > 0", total);
  const label = options.label ?? DEFAULTS.label;
  if (typeof label !== "string") throw invalidArgument(api, "options.label", "a string", label);
  const clock = options.clock ?? (() => performance.now());
  const textMode = currentSink() === textSink;
  const throttleMs = options.throttleMs ?? (textMode ? DEFAULTS.textThrottleMs : DEFAULTS.throttleMs);
  if (typeof throttleMs !== "number" || !(throttleMs >= 0)) throw invalidArgument(api, "options.throttleMs", "a number >= 0", throttleMs);
  const unit = options.unit ? ` ${options.unit}` : "";
  const display: DisplayHandle = newDisplay();
  const started = clock();
  let count = 0;
  let finished = false;
  let lastRender = -Infinity;
  let note: string | undefined;

  const render = () => {
    const elapsed = (clock() - started) / 1000;
    const fraction = Math.min(1, count / total);
    const pct = `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
    const left = (elapsed / count) * (total - count);
    const eta = !finished && count > 0 && fraction < 1 ? (left < 1 ? " · under 1s left" : ` · about ${formatDuration(Math.round(left))} left`) : "";
    const done = options.counts === false ? pct : `${formatCount(count)} / ${formatCount(total)}${unit} (${pct})`;
    const status = `${done} · ${elapsed.toFixed(1)} s${eta}${note ? ` · ${note}` : ""}`;
    const html = `<div class="progress${finished ? " done" : ""}"><b>${escapeHtml(label)}</b><div class="track"><div class="fill" style="width:${(fraction * 100).toFixed(1)}%"></div></div><span>${escapeHtml(status)}</span></div>`;
    const bar = "#".repeat(Math.round(fraction * 20)).padEnd(20, ".");
    display.show({ data: { "text/html": styledHtml(html), "text/plain": `${label} [${bar}] ${status}${finished ? " done" : ""}` }, metadata: {} });
    lastRender = clock();
  };
  const maybeRender = () => {
    if (clock() - lastRender >= throttleMs) render();
  };
  const handle: Progress = {
    get count() {
      return count;
    },
    total,
    get finished() {
      return finished;
    },
    tick(n = 1) {
      if (finished) throw new UsageError(`Progress.tick: "${label}" is already done.`);
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) throw invalidArgument("Progress.tick", "n", "a finite number >= 0", n);
      count += n;
      maybeRender();
    },
    set(value) {
      if (finished) throw new UsageError(`Progress.set: "${label}" is already done.`);
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw invalidArgument("Progress.set", "count", "a finite number >= 0", value);
      count = value;
      maybeRender();
    },
    done(text?: string) {
      if (finished) return;
      finished = true;
      note = text;
      render();
    },
  };
  render();
  return handle;
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(1);
}

/**
 * Iterates over `items` with a progress display that ticks once per item and finishes after the last one
 * (or when the loop breaks or throws, noting it).
 * `for (const s of withProgress(scenarios, { label: "sweep" })) results.push(runScenario(s));`
 */
export function* withProgress<T>(items: Iterable<T> & { length?: number; size?: number }, options: Omit<ProgressOptions, "total"> & { total?: number } = {}): Generator<T, void, undefined> {
  const total = options.total ?? items.length ?? items.size;
  if (total === undefined) throw invalidArgument("withProgress", "options.total", "a number (the items have no length)", total);
  const p = progress({ ...options, total: total > 0 ? total : 1 });
  let complete = false;
  try {
    for (const item of items) {
      yield item;
      p.tick();
    }
    complete = true;
  } finally {
    p.done(complete ? undefined : "stopped early");
  }
}

/** What `runWithProgress` needs of a twin (lib/twin's `Twin` fits). */
export interface SteppableTwin<R> {
  readonly now: number;
  readonly steps: number;
  readonly stepSeconds: number;
  readonly horizon: number;
  onStep(fn: (view: { time: number }) => unknown): () => void;
  run(until?: number | string): R;
}

/**
 * Runs a twin to `until` (the horizon by default) with a live progress display of simulated time.
 * `const result = runWithProgress(createTwin(graph, { horizon: "30d" }), { label: "30 days" });`
 */
export function runWithProgress<R>(twin: SteppableTwin<R>, options: { until?: number; label?: string; throttleMs?: number; clock?: () => number } = {}): R {
  const api = "runWithProgress";
  if (typeof twin?.run !== "function" || typeof twin.onStep !== "function") throw invalidArgument(api, "twin", "a Twin (createTwin)", twin);
  const until = options.until ?? twin.horizon;
  if (typeof until !== "number" || !(until > 0)) throw invalidArgument(api, "options.until", "a time in seconds > 0", until);
  const from = twin.steps === 0 ? 0 : twin.now + twin.stepSeconds;
  const total = Math.max(1, Math.ceil((until - from) / twin.stepSeconds));
  const p = progress({ total, label: options.label ?? `simulating ${formatDuration(until - from)}`, unit: "steps", throttleMs: options.throttleMs, clock: options.clock });
  const off = twin.onStep(() => p.tick());
  let ok = false;
  try {
    const result = twin.run(until);
    ok = true;
    return result;
  } finally {
    off();
    p.done(ok ? undefined : "failed");
  }
}

/** What runners report: a fraction done (runScenario) or counts (sweep). */
export interface ProgressUpdate {
  fraction?: number;
  done?: number;
  total?: number;
}

/** An `onProgress` callback that drives one progress display; `done()` finishes it early or after a failure. */
export interface ProgressHook {
  (update: ProgressUpdate): void;
  /** Finishes the display (it finishes by itself when an update reports all done). */
  done(note?: string): void;
}

/**
 * A progress display to pass as a runner's `onProgress`: it reads fractions (`runScenario`) or done/total
 * counts (`sweep`), starts on the first update and finishes when the work is complete.
 * `await sweep(scenarios, { onProgress: progressHook({ label: "N-1 sweep" }) })`
 */
export function progressHook(options: { label?: string; throttleMs?: number; clock?: () => number } = {}): ProgressHook {
  let p: Progress | undefined;
  const hook = ((update: ProgressUpdate) => {
    if (p?.finished) return;
    if (typeof update !== "object" || update === null) throw invalidArgument("progressHook", "update", "{fraction} or {done, total}", update);
    if (typeof update.done === "number" && typeof update.total === "number" && update.total > 0) {
      p ??= progress({ ...options, total: update.total });
      p.set(Math.min(update.done, update.total));
      if (update.done >= update.total) p.done();
    } else if (typeof update.fraction === "number" && Number.isFinite(update.fraction)) {
      p ??= progress({ ...options, total: 1, counts: false });
      p.set(Math.max(0, Math.min(1, update.fraction)));
      if (update.fraction >= 1) p.done();
    } else {
      throw invalidArgument("progressHook", "update", "{fraction} or {done, total}", update);
    }
  }) as ProgressHook;
  hook.done = (note?: string) => {
    p ??= progress({ ...options, total: 1, counts: false });
    p.done(note);
  };
  return hook;
}
