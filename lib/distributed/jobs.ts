// The sweep queue: job data, deterministic scenario and job ids, the Redis connection from a URL, and enqueueing (deduplicated by job id).
import { createHash } from "node:crypto";
import type { ConnectionOptions, JobsOptions, Queue } from "bullmq";
import { invalidArgument } from "../errors";
import type { Scenario } from "../scenarios";

/** The queue every sweep worker serves unless told otherwise. */
export const DEFAULT_QUEUE_NAME = "infratwin-sweeps";

/** Defaults of the queue side of a distributed sweep. */
export const QUEUE_DEFAULTS = {
  /** Scenarios per job. */
  batch: 1,
  /** Tries per job before it is recorded failed. */
  attempts: 3,
  /** First retry delay, ms (exponential). */
  backoffMs: 500,
};

/** One scenario in a job: its place in the sweep, its stable id and the scenario itself (plain data). */
export interface SweepJobScenario {
  index: number;
  scenarioId: string;
  scenario: Scenario;
}

/** What a job carries. */
export interface SweepJobData {
  sweepId: string;
  items: SweepJobScenario[];
}

/** What a job returns: how many results it wrote and how many it found already stored. */
export interface SweepJobResult {
  written: number;
  skipped: number;
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The stable id of a scenario in a sweep: its position and a hash of its content, so the same list gives
 * the same ids on every machine and a changed scenario gets a new one.
 */
export function scenarioId(scenario: Scenario, index: number): string {
  return `${String(index).padStart(5, "0")}-${hash(JSON.stringify(scenario)).slice(0, 12)}`;
}

/** The scenarios of a sweep with their ids, and a fingerprint of the whole list. */
export function sweepEntries(scenarios: readonly Scenario[]): { entries: SweepJobScenario[]; fingerprint: string } {
  const entries = scenarios.map((scenario, index) => ({ index, scenarioId: scenarioId(scenario, index), scenario }));
  return { entries, fingerprint: hash(entries.map((e) => e.scenarioId).join("\n")).slice(0, 16) };
}

/** A sweep id derived from the list itself: running the same list again resumes the same sweep. */
export function defaultSweepId(fingerprint: string): string {
  return `sweep-${fingerprint.slice(0, 12)}`;
}

/** Checks a sweep id: BullMQ job ids may not hold ":" and ids travel in SQL and file names. */
export function checkSweepId(api: string, sweepId: unknown): string {
  if (typeof sweepId !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(sweepId)) {
    throw invalidArgument(api, "sweepId", "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", sweepId);
  }
  return sweepId;
}

/** The job id of a batch: the sweep id and the first scenario id (and the batch size), so re-enqueueing dedups. */
export function jobIdOf(sweepId: string, items: readonly SweepJobScenario[]): string {
  return items.length === 1 ? `${sweepId}__${items[0].scenarioId}` : `${sweepId}__${items[0].scenarioId}__x${items.length}`;
}

/** BullMQ connection options from a redis:// URL (user, password, host, port, database number). */
export function redisConnection(api: string, url: unknown): ConnectionOptions {
  let parsed: URL;
  try {
    if (typeof url !== "string") throw new Error("not a string");
    parsed = new URL(url);
    if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new Error("not redis");
  } catch {
    throw invalidArgument(api, "redis", 'a redis:// URL such as "redis://127.0.0.1:6379"', url);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
    // Workers and the coordinator wait through a Redis restart instead of failing their commands.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  } as ConnectionOptions;
}

/** The Redis URL with any password replaced by "***", safe to print. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/** Opens the sweep queue on `redis`. */
export function openQueue(api: string, redis: string, name = DEFAULT_QUEUE_NAME): Queue<SweepJobData, SweepJobResult> {
  // Loaded on use: BullMQ and its Redis client cost a second at start-up that notebooks without sweeps should not pay.
  const { Queue: BullQueue } = require("bullmq") as typeof import("bullmq");
  return new BullQueue<SweepJobData, SweepJobResult>(name, { connection: redisConnection(api, redis) });
}

/** States in which a job still counts as queued or running. */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/**
 * Enqueues `pending` scenarios in batches with deterministic job ids: a batch whose job is still queued or
 * running is left alone (BullMQ dedups by id), a finished or failed job of the same id is removed first so the
 * scenario runs again. Returns the number of jobs added.
 */
export async function enqueueScenarios(queue: Queue<SweepJobData, SweepJobResult>, sweepId: string, pending: readonly SweepJobScenario[], options: { batch?: number; attempts?: number; backoffMs?: number } = {}): Promise<number> {
  const batch = options.batch ?? QUEUE_DEFAULTS.batch;
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? QUEUE_DEFAULTS.attempts,
    backoff: { type: "exponential", delay: options.backoffMs ?? QUEUE_DEFAULTS.backoffMs },
    // Finished jobs stay a day for `sweep status`; results live in the store, not here.
    removeOnComplete: { age: 86_400, count: 100_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
  const jobs: { name: string; data: SweepJobData; opts: JobsOptions }[] = [];
  for (let start = 0; start < pending.length; start += batch) {
    const items = pending.slice(start, start + batch);
    const jobId = jobIdOf(sweepId, items);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state)) continue;
      await existing.remove();
    }
    jobs.push({ name: "scenario", data: { sweepId, items }, opts: { ...jobOptions, jobId } });
  }
  if (jobs.length > 0) await queue.addBulk(jobs);
  return jobs.length;
}
