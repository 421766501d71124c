// The asynchronous seam between simulation and supervisor: post a question and go on; answers attach at the simulated time they concern.
import { invalidArgument, TwinError } from "../errors";
import { ConcurrencyLimiter } from "./limiter";
import { MAX_DEADLINE_MS, MIN_DEADLINE_MS } from "../limits";
import type { IncidentInput, RequestKind, StateInput, Supervisor, SupervisorAnswer, SupervisorName, UsageTotals, WhatIfContext } from "./types";

/** A question for the supervisor, keyed on `kind`. */
export type SupervisorRequest =
  | { kind: "summarize"; state: StateInput }
  | { kind: "diagnose"; incident: IncidentInput }
  | { kind: "propose_actions"; incident: IncidentInput }
  | { kind: "generate_what_ifs"; context: WhatIfContext; n: number };

/** Where a posted question stands. */
export type AnnotationStatus = "pending" | "answered" | "failed" | "missed_deadline";

/** A posted question and, once settled, its answer: what the notebook renders as a card next to the charts. */
export interface Annotation {
  id: string;
  /** Simulated seconds the question concerns (the incident's time, not the time the answer arrived). */
  simTime: number;
  request: RequestKind;
  /** The incident id, for questions about one incident. */
  subject?: string;
  status: AnnotationStatus;
  answer?: SupervisorAnswer;
  /** Who answered (the heuristic when the model fell back), or the queue's supervisor while pending. */
  supervisor: SupervisorName;
  /** Wall-clock milliseconds from posting to settling. */
  latencyMs?: number;
  /** Why the question failed or missed its deadline. */
  error?: string;
  /** Set when the answer is the fallback's because the supervisor missed the drain deadline (the model's answer was cancelled). */
  fallback?: "missed_deadline";
}

/** What `drain` found. */
export interface DrainReport {
  kind: "drain_report";
  answered: number;
  failed: number;
  /** Questions still unanswered at the deadline, now `missed_deadline`. */
  missed: Annotation[];
  /** The supervisor's usage after draining. */
  usage: UsageTotals;
}

/** Options of `SupervisorQueue`. */
export interface SupervisorQueueOptions {
  /** Questions in flight at once (default 2). */
  concurrency?: number;
  /** Wall clock in ms for latencies (default `performance.now`). */
  clock?: () => number;
  /** Answers questions that miss the drain deadline (usually the offline heuristic), so none is dropped; none by default. */
  fallback?: Supervisor;
}

/** Defaults of `SupervisorQueueOptions` and `drain`. */
export const SUPERVISOR_QUEUE_DEFAULTS = { concurrency: 2, deadlineMs: 30_000 };

/** The error a question's call is cancelled with when it misses the drain deadline. */
export class DeadlineMissedError extends TwinError {}

interface Job {
  annotation: Annotation;
  request: SupervisorRequest;
  controller: AbortController;
  postedAt: number;
  settled: Promise<void>;
}

type Listener = (annotation: Annotation) => void;

const KINDS: ReadonlySet<string> = new Set(["summarize", "diagnose", "propose_actions", "generate_what_ifs"]);

/** Posts questions without waiting; answers resolve in the background under a concurrency limit; `drain` waits for them up to a deadline. */
export class SupervisorQueue {
  readonly supervisor: Supervisor;
  private readonly limiter: ConcurrencyLimiter;
  private readonly clock: () => number;
  private readonly jobs: Job[] = [];
  private readonly posted: Listener[] = [];
  private readonly answered: Listener[] = [];
  private sequence = 0;
  private readonly fallback: Supervisor | undefined;

  /** `new SupervisorQueue(createSupervisor())` */
  constructor(supervisor: Supervisor, options: SupervisorQueueOptions = {}) {
    this.supervisor = supervisor;
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? SUPERVISOR_QUEUE_DEFAULTS.concurrency);
    this.clock = options.clock ?? (() => performance.now());
    this.fallback = options.fallback;
  }

  /** Posts a question about simulated time `simTime` and returns its id at once; the supervisor is not called before this returns. */
  post(request: SupervisorRequest, simTime: number): string {
    const api = "SupervisorQueue.post";
    if (typeof request !== "object" || request === null || !KINDS.has((request as { kind?: string }).kind ?? "")) {
      throw invalidArgument(api, "request.kind", '"summarize", "diagnose", "propose_actions" or "generate_what_ifs"', (request as { kind?: unknown } | null)?.kind);
    }
    if (typeof simTime !== "number" || !Number.isFinite(simTime) || simTime < 0) throw invalidArgument(api, "simTime", "a finite number >= 0", simTime);
    const id = `q${++this.sequence}`;
    const subject = request.kind === "diagnose" || request.kind === "propose_actions" ? request.incident?.id : undefined;
    const annotation: Annotation = { id, simTime, request: request.kind, ...(subject === undefined ? {} : { subject }), status: "pending", supervisor: this.supervisor.name };
    const controller = new AbortController();
    const job: Job = { annotation, request, controller, postedAt: this.clock(), settled: Promise.resolve() };
    // Start on a microtask: posting must never run supervisor code inside the simulation step.
    job.settled = Promise.resolve().then(() => this.run(job));
    this.jobs.push(job);
    this.emit(this.posted, annotation);
    return id;
  }

  /** Every posted question, in posting order (copies: changing them changes nothing). */
  annotations(): Annotation[] {
    return this.jobs.map((job) => ({ ...job.annotation }));
  }

  /** One question by id, or undefined. */
  annotation(id: string): Annotation | undefined {
    const job = this.jobs.find((j) => j.annotation.id === id);
    return job ? { ...job.annotation } : undefined;
  }

  /** Questions not yet settled. */
  get pending(): number {
    return this.jobs.filter((j) => j.annotation.status === "pending").length;
  }

  /** Calls `listener` with each newly posted question; returns a function that unsubscribes. */
  onPosted(listener: Listener): () => void {
    return subscribe(this.posted, listener);
  }

  /** Calls `listener` whenever a question settles (answered, failed or missed_deadline); returns a function that unsubscribes. */
  onAnswered(listener: Listener): () => void {
    return subscribe(this.answered, listener);
  }

  /** Waits for outstanding questions up to `deadlineMs` (wall clock), then marks the rest `missed_deadline` and cancels them. */
  async drain(options: { deadlineMs?: number } = {}): Promise<DrainReport> {
    const deadlineMs = options.deadlineMs ?? SUPERVISOR_QUEUE_DEFAULTS.deadlineMs;
    // Node's timers treat anything from 2^31 ms on as 1 ms, so the range is checked, not trusted.
    if (typeof deadlineMs !== "number" || !(deadlineMs >= MIN_DEADLINE_MS && deadlineMs <= MAX_DEADLINE_MS))
      throw invalidArgument("SupervisorQueue.drain", "options.deadlineMs", `a number of ms from ${MIN_DEADLINE_MS} to ${MAX_DEADLINE_MS} (24 h)`, deadlineMs);
    const outstanding = this.jobs.filter((j) => j.annotation.status === "pending");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([Promise.all(outstanding.map((j) => j.settled)), deadline]);
    clearTimeout(timer);
    const missed: Annotation[] = [];
    for (const job of outstanding) {
      if (job.annotation.status !== "pending") continue;
      job.controller.abort(new DeadlineMissedError(`SupervisorQueue.drain: question ${job.annotation.id} missed the ${deadlineMs} ms deadline.`));
      const error = `no answer within the ${deadlineMs} ms drain deadline`;
      const answer = await this.fallbackAnswer(job.request);
      if (answer) this.settle(job, { status: "answered", answer, supervisor: answer.supervisor, fallback: "missed_deadline", error: `${error}; answered by the ${answer.supervisor} fallback` });
      else this.settle(job, { status: "missed_deadline", error });
      missed.push({ ...job.annotation });
    }
    return {
      kind: "drain_report",
      answered: outstanding.filter((j) => j.annotation.status === "answered").length,
      failed: outstanding.filter((j) => j.annotation.status === "failed").length,
      missed,
      usage: this.supervisor.usage(),
    };
  }

  /** The fallback's answer to a question the supervisor could not answer in time, or undefined (no fallback, or it failed too). */
  private async fallbackAnswer(request: SupervisorRequest): Promise<SupervisorAnswer | undefined> {
    if (!this.fallback || this.fallback === this.supervisor) return undefined;
    try {
      return await ask(this.fallback, request, new AbortController().signal);
    } catch {
      return undefined;
    }
  }

  private async run(job: Job): Promise<void> {
    const signal = job.controller.signal;
    try {
      const answer = await this.limiter.run(() => ask(this.supervisor, job.request, signal), signal);
      if (job.annotation.status === "pending") this.settle(job, { status: "answered", answer, supervisor: answer.supervisor });
    } catch (error) {
      if (job.annotation.status === "pending") this.settle(job, { status: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }

  private settle(job: Job, change: Partial<Annotation>): void {
    Object.assign(job.annotation, change, { latencyMs: this.clock() - job.postedAt });
    this.emit(this.answered, job.annotation);
  }

  private emit(listeners: Listener[], annotation: Annotation): void {
    for (const listener of [...listeners]) {
      try {
        listener({ ...annotation });
      } catch (error) {
        // A broken display hook must not lose the answer; say so instead of hiding it.
        console.error(`SupervisorQueue: a listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function ask(supervisor: Supervisor, request: SupervisorRequest, signal: AbortSignal): Promise<SupervisorAnswer> {
  switch (request.kind) {
    case "summarize":
      return supervisor.summarize(request.state, { signal });
    case "diagnose":
      return supervisor.diagnose(request.incident, { signal });
    case "propose_actions":
      return supervisor.proposeActions(request.incident, { signal });
    case "generate_what_ifs":
      return supervisor.generateWhatIfs(request.context, request.n, { signal });
  }
}

function subscribe(listeners: Listener[], listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at !== -1) listeners.splice(at, 1);
  };
}
