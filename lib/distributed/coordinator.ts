// The sweep coordinator: registers a sweep in the store, enqueues what has no result yet, reports results as workers write them, returns them in sweep order.
import { invalidArgument, ResourceLimitError } from "../errors";
import type { Scenario, SweepItem, SweepOptions } from "../scenarios";
import { openStore, type StudyStore } from "../store";
import { checkSweepId, defaultSweepId, enqueueScenarios, openQueue, sweepEntries, type SweepJobScenario } from "./jobs";
import { liveJobIds } from "./status";
import { checkSharedStore, readSweepItems, registerSweep, storedStatuses, writeSweepItem } from "./results";

/** Options of `distributedSweep`: those of `sweep` for the "bullmq" backend, and how the caller waits. */
export interface DistributedSweepOptions extends Omit<SweepOptions, "backend" | "workers"> {
  redis: string;
  store: string | StudyStore;
  /** How often the store is read for new results, ms (default 200). */
  pollMs?: number;
  /** Give up waiting after this long, ms (default: wait as long as workers take); the jobs stay queued. */
  timeoutMs?: number;
  /** Enqueue and return at once without waiting (workers finish the sweep; `sweepStatus` follows it). */
  detach?: boolean;
}

/** What a distributed sweep returns. */
export interface DistributedSweepResult {
  sweepId: string;
  /** Every scenario's record in input order (failed ones as `sweep_error`); empty with `detach`. */
  items: SweepItem[];
  total: number;
  /** Results already stored when the call began (a resumed sweep). */
  resumed: number;
  /** Jobs this call put on the queue. */
  enqueued: number;
}

/** Without news for this long the coordinator checks the queue: failed jobs get their failure recorded, vanished ones are enqueued again. */
const RECONCILE_AFTER_MS = 3000;

/**
 * Runs a sweep on the queue: one job per scenario (or `batch`), deterministic job ids, results written once to
 * the shared store by `infratwin worker` processes. Calling it again with the same scenarios (or `sweepId`)
 * resumes: only scenarios without a stored success are enqueued.
 * @example
 * const { items } = await distributedSweep(nMinus1(base, graph), { redis: "redis://10.0.0.5:6379", store: "postgres://twin@10.0.0.6/studies" });
 */
export async function distributedSweep(scenarios: readonly Scenario[], options: DistributedSweepOptions): Promise<DistributedSweepResult> {
  const api = "sweep";
  if (!Array.isArray(scenarios)) throw invalidArgument(api, "scenarios", "an array of scenarios", scenarios);
  if (typeof options?.redis !== "string") throw invalidArgument(api, "options.redis", 'a redis:// URL (backend "bullmq" needs the queue\'s Redis)', options?.redis);
  if (typeof options.store !== "string" && (typeof options.store !== "object" || options.store === null)) throw invalidArgument(api, "options.store", "a postgres:// URL or an open store (results go to the shared store)", options.store);
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw invalidArgument(api, "options.batch", "an integer >= 1", batch);
  const pollMs = options.pollMs ?? 200;
  const { entries, fingerprint } = sweepEntries(scenarios);
  const sweepId = checkSweepId(api, options.sweepId ?? defaultSweepId(fingerprint));
  const queue = openQueue(api, options.redis, options.queueName);
  const ownStore = typeof options.store === "string";
  const store = typeof options.store === "string" ? await openStore(options.store) : options.store;
  try {
    checkSharedStore(api, store);
    await registerSweep(store, { sweepId, total: entries.length, fingerprint });
    // Resume: failures are tried again (their rows go), successes stay.
    await store.query(`DELETE FROM sweep_items WHERE sweep_id = $1 AND status = 'failed'`, [sweepId]);
    const stored = await storedStatuses(store, sweepId);
    const pending = entries.filter((e) => !stored.has(e.scenarioId));
    const enqueueOptions = { batch, attempts: options.attempts };
    const enqueued = await enqueueScenarios(queue, sweepId, pending, enqueueOptions);
    const result = { sweepId, total: entries.length, resumed: stored.size, enqueued };
    if (options.detach) return { ...result, items: [] };

    const seen = new Set(stored.keys());
    let done = seen.size;
    const started = Date.now();
    let lastNews = Date.now();
    while (seen.size < entries.length) {
      await new Promise((r) => setTimeout(r, pollMs));
      const statuses = await storedStatuses(store, sweepId);
      const fresh = [...statuses.keys()].filter((id) => !seen.has(id));
      if (fresh.length > 0) {
        lastNews = Date.now();
        for (const row of await readSweepItems(store, sweepId, { scenarioIds: fresh })) {
          seen.add(row.scenarioId);
          options.onProgress?.({ done: ++done, total: entries.length, item: row.item });
        }
      } else if (Date.now() - lastNews > RECONCILE_AFTER_MS) {
        lastNews = Date.now();
        await reconcile(queue, store, sweepId, entries.filter((e) => !seen.has(e.scenarioId)), enqueueOptions);
      }
      if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
        throw new ResourceLimitError(`sweep: sweep ${sweepId} has ${seen.size} of ${entries.length} results after ${options.timeoutMs} ms; its jobs stay queued (infratwin sweep status ${sweepId}); start more workers (infratwin worker) or raise timeoutMs.`);
      }
    }
    const items = (await readSweepItems(store, sweepId)).map((row) => row.item);
    return { ...result, items };
  } finally {
    await queue.close();
    if (ownStore) await store.close();
  }
}

/**
 * When nothing of the sweep is queued or running any more but results are missing: jobs that failed without
 * a recorded failure (stalled too often: their workers kept dying) get one, and scenarios whose job vanished
 * (a Redis that lost data) are enqueued again.
 */
async function reconcile(queue: ReturnType<typeof openQueue>, store: StudyStore, sweepId: string, missing: readonly SweepJobScenario[], enqueueOptions: { batch: number; attempts?: number }): Promise<void> {
  if (missing.length === 0 || (await liveJobIds(queue, sweepId)).length > 0) return;
  const failed = new Map<string, string>();
  for (const job of await queue.getJobs(["failed"])) {
    if (!job?.data || job.data.sweepId !== sweepId) continue;
    for (const item of job.data.items) failed.set(item.scenarioId, job.failedReason || "failed");
  }
  const lost: SweepJobScenario[] = [];
  for (const entry of missing) {
    const reason = failed.get(entry.scenarioId);
    if (reason === undefined) lost.push(entry);
    else await writeSweepItem(store, sweepId, entry.scenarioId, { kind: "sweep_error", index: entry.index, name: entry.scenario?.name ?? `#${entry.index}`, error: reason }, { worker: "coordinator" });
  }
  if (lost.length > 0) await enqueueScenarios(queue, sweepId, lost, enqueueOptions);
}
