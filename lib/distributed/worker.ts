// A sweep worker: takes scenario jobs from the queue, runs them, writes each result to the shared store once, and leaves retries to BullMQ.
import { hostname } from "node:os";
import type { Job } from "bullmq";
import { invalidArgument } from "../errors";
import { runSweepScenario } from "../scenarios";
import { openStore, type StudyStore } from "../store";
import { DEFAULT_QUEUE_NAME, redisConnection, type SweepJobData, type SweepJobResult } from "./jobs";
import { checkSharedStore, storedStatuses, writeSweepItem } from "./results";

/** Options of `startSweepWorker`. */
export interface SweepWorkerOptions {
  /** The queue's Redis, "redis://host:6379". */
  redis: string;
  /** The shared store: a postgres:// URL or an open store on PostgreSQL. */
  store: string | StudyStore;
  /** Jobs run at once in this process (default 1: a scenario keeps one core busy). */
  concurrency?: number;
  /** The queue name (default "infratwin-sweeps"). */
  queueName?: string;
  /**
   * How long a job's lock lasts without renewal, ms (default 30 s): a worker killed mid-job releases its job
   * to another worker after about this long (plus `stalledIntervalMs`).
   */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs, ms (default 30 s). */
  stalledIntervalMs?: number;
  /** How many times a job may stall (its worker died) before it fails (default 2). */
  maxStalledCount?: number;
  /** This worker's name in the results (default host:pid). */
  name?: string;
  /** Called as jobs start and end (logs, tests). */
  onEvent?: (event: SweepWorkerEvent) => void;
}

/** What a worker reports. */
export type SweepWorkerEvent =
  | { kind: "job_started"; jobId: string; attempt: number; scenarios: number }
  | { kind: "job_done"; jobId: string; written: number; skipped: number }
  | { kind: "job_failed"; jobId: string; attempt: number; error: string };

/** A running worker. */
export interface SweepWorker {
  readonly name: string;
  /** Finishes the jobs in hand, then stops and closes what it opened. */
  close(): Promise<void>;
}

/** Starts a worker in this process; jobs are taken at once. */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const api = "startSweepWorker";
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw invalidArgument(api, "options.concurrency", "an integer >= 1", concurrency);
  const connection = redisConnection(api, options.redis);
  const ownStore = typeof options.store === "string";
  const store = typeof options.store === "string" ? await openStore(options.store) : options.store;
  try {
    checkSharedStore(api, store);
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => undefined);

  const processJob = async (job: Job<SweepJobData, SweepJobResult>): Promise<SweepJobResult> => {
    const { sweepId, items } = job.data;
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    emit({ kind: "job_started", jobId: String(job.id), attempt, scenarios: items.length });
    // A retried or restarted job skips what is already stored (a killed worker may have written part of a
    // batch); a first delivery has nothing stored and saves the round trip (the unique key still guards writes).
    const firstDelivery = job.attemptsMade === 0 && (job.attemptsStarted ?? 1) <= 1 && (job.stalledCounter ?? 0) === 0;
    const stored = firstDelivery ? new Map<string, "ok" | "failed">() : await storedStatuses(store, sweepId, { scenarioIds: items.map((i) => i.scenarioId) });
    let written = 0;
    let skipped = 0;
    for (const entry of items) {
      if (stored.get(entry.scenarioId) === "ok") {
        skipped++;
        continue;
      }
      let item;
      try {
        item = await runSweepScenario(entry.scenario, entry.index);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        emit({ kind: "job_failed", jobId: String(job.id), attempt, error: message });
        if (lastAttempt) await writeSweepItem(store, sweepId, entry.scenarioId, { kind: "sweep_error", index: entry.index, name: entry.scenario?.name ?? `#${entry.index}`, error: message }, { worker: name, attempts: attempt });
        throw error;
      }
      if (await writeSweepItem(store, sweepId, entry.scenarioId, item, { worker: name, attempts: attempt })) written++;
      else skipped++;
    }
    emit({ kind: "job_done", jobId: String(job.id), written, skipped });
    return { written, skipped };
  };

  const { Worker } = require("bullmq") as typeof import("bullmq");
  const worker = new Worker<SweepJobData, SweepJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, processJob, {
    connection,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  // Connection drops (a Redis restart) surface here; the worker reconnects by itself, so they are not fatal.
  worker.on("error", () => undefined);
  await worker.waitUntilReady();
  return {
    name,
    async close() {
      await worker.close();
      if (ownStore) await store.close();
    },
  };
}
