// Where a distributed sweep stands: results and failures from the store, queued and running jobs from Redis, the ranking so far.
import { invalidArgument, NotFoundError } from "../errors";
import { rankSweep, type SweepItem } from "../scenarios";
import { openStore, type StudyStore } from "../store";
import { checkSweepId, openQueue, type SweepJobData, type SweepJobResult } from "./jobs";
import { readSweepItems, sweepRow } from "./results";
import type { Queue } from "bullmq";

/** A sweep's state. Counts are scenarios, not jobs (a job may carry a batch). */
export interface SweepStatus {
  sweepId: string;
  total: number;
  /** Scenarios with a stored success. */
  done: number;
  /** Scenarios recorded failed after their last attempt. */
  failed: number;
  /** Queued, including retries waiting out their backoff. */
  waiting: number;
  /** Running on a worker now. */
  active: number;
  /** Neither stored nor queued: lost or never enqueued; re-running the sweep enqueues them. */
  missing: number;
  /** Each failure with its error. */
  failures: { scenarioId: string; name: string; error: string; attempts: number | null }[];
  /** Stored results ranked by damage to tier-1 services (see `rankSweep`), successes first. */
  ranked: SweepItem[];
}

/** Options of `sweepStatus`. */
export interface SweepStatusOptions {
  redis: string;
  store: string | StudyStore;
  queueName?: string;
}

const LIVE = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

/** Ids of the sweep's jobs in the given states (the job id starts with the sweep id). */
async function jobsIn(queue: Queue<SweepJobData, SweepJobResult>, sweepId: string, states: readonly (typeof LIVE)[number][]): Promise<{ state: string; scenarios: number; id: string }[]> {
  const out: { state: string; scenarios: number; id: string }[] = [];
  for (const state of states) {
    for (const job of await queue.getJobs([state])) {
      if (job && String(job.id).startsWith(`${sweepId}__`)) out.push({ state, scenarios: job.data?.items?.length ?? 1, id: String(job.id) });
    }
  }
  return out;
}

/** Ids of the sweep's jobs still queued or running. */
export async function liveJobIds(queue: Queue<SweepJobData, SweepJobResult>, sweepId: string): Promise<string[]> {
  return (await jobsIn(queue, sweepId, LIVE)).map((j) => j.id);
}

/**
 * Reads where a sweep stands: what the store holds (done, failed with errors, the ranking so far) and what
 * the queue holds (waiting, active).
 * @example
 * const s = await sweepStatus("sweep-3f2a9c1b7d0e", { redis: "redis://127.0.0.1:6379", store: "postgres://twin@db/studies" });
 */
export async function sweepStatus(sweepId: string, options: SweepStatusOptions): Promise<SweepStatus> {
  const api = "sweepStatus";
  checkSweepId(api, sweepId);
  if (typeof options?.store !== "string" && (typeof options?.store !== "object" || options.store === null)) throw invalidArgument(api, "options.store", "a postgres:// URL or an open store", options?.store);
  const ownStore = typeof options.store === "string";
  const store = typeof options.store === "string" ? await openStore(options.store) : options.store;
  const queue = openQueue(api, options.redis, options.queueName);
  try {
    const row = await sweepRow(store, sweepId);
    if (!row) {
      const known = (await store.query("SELECT sweep_id FROM sweeps ORDER BY created_at DESC LIMIT 10")).columns.sweep_id as string[];
      throw new NotFoundError(`sweepStatus: sweep ${JSON.stringify(sweepId)} is not in ${store.target}; latest sweeps: ${known.join(", ") || "none"}.`);
    }
    const stored = await readSweepItems(store, sweepId);
    const jobs = await jobsIn(queue, sweepId, LIVE);
    const count = (states: string[]) => jobs.filter((j) => states.includes(j.state)).reduce((n, j) => n + j.scenarios, 0);
    const waiting = count(["waiting", "delayed", "prioritized", "waiting-children"]);
    const active = count(["active"]);
    const done = stored.filter((s) => s.status === "ok").length;
    const failures = stored.filter((s) => s.status === "failed").map((s) => ({ scenarioId: s.scenarioId, name: s.item.name, error: s.item.kind === "sweep_error" ? s.item.error : "", attempts: s.attempts }));
    return {
      sweepId,
      total: row.total,
      done,
      failed: failures.length,
      waiting,
      active,
      missing: Math.max(0, row.total - done - failures.length - waiting - active),
      failures,
      ranked: rankSweep(stored.map((s) => s.item)),
    };
  } finally {
    await queue.close();
    if (ownStore) await store.close();
  }
}
