// Distributed sweep scaling: the 306-node reference bank's N-1 sweep on the BullMQ queue with 1 and 2 worker processes, results in PostgreSQL.
import { distributedSweep, startRedis, startSweepWorkers } from "../distributed";
import { loadScenario, nMinus1, resolveTopology } from "../scenarios";
import { openStore, rowsOf } from "../store";
import { startPostgres } from "./postgres-server";
import { secondsSince, type Bench } from "./types";

const TARGETS = { speedup: 1.8, overheadMs: 5 };

/** Scenarios in the sweep: all of the N-1 set (106) unless INFRATWIN_BENCH_SWEEP_LIMIT caps it (a quick look on a busy machine). */
function limit(): number | undefined {
  const raw = process.env.INFRATWIN_BENCH_SWEEP_LIMIT;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Worker time not spent running scenarios, per job: for each worker, the span from the start of its first job
 * to the end of its last (start = first write minus that scenario's run time), minus the run times of its
 * scenarios; summed over workers and divided by the jobs. It holds taking a job from Redis, the lock, the
 * store check and the write, and completing the job; not process start-up, and not the idle tail while the
 * last job of the other worker finishes.
 */
async function overheadMsPerJob(storeUrl: string, sweepId: string): Promise<{ overheadMs: number; computeS: number; jobs: number }> {
  const store = await openStore(storeUrl);
  try {
    const rows = rowsOf(await store.query("SELECT worker, written_at, wall_seconds FROM sweep_items WHERE sweep_id = $1 AND status = 'ok' ORDER BY written_at", [sweepId]));
    const byWorker = new Map<string, { first: number; last: number; compute: number }>();
    for (const row of rows) {
      const end = Date.parse(String(row.written_at));
      const wall = Number(row.wall_seconds) * 1000;
      const w = byWorker.get(String(row.worker)) ?? { first: end - wall, last: end, compute: 0 };
      w.first = Math.min(w.first, end - wall);
      w.last = Math.max(w.last, end);
      w.compute += wall;
      byWorker.set(String(row.worker), w);
    }
    let idle = 0;
    let compute = 0;
    for (const w of byWorker.values()) {
      idle += w.last - w.first - w.compute;
      compute += w.compute;
    }
    return { overheadMs: rows.length > 0 ? idle / rows.length : NaN, computeS: compute / 1000, jobs: rows.length };
  } finally {
    await store.close();
  }
}

async function sweepLines(): Promise<Record<string, unknown>[]> {
  const base = loadScenario("quiet-day");
  const scenarios = nMinus1(base, resolveTopology(base.topology), { limit: limit() });
  const [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
  const lines: Record<string, unknown>[] = [];
  try {
    let single = NaN;
    for (const workers of [1, 2]) {
      const storeUrl = await pg.createDatabase(`bench_w${workers}`);
      const queueName = `bench-w${workers}`;
      // Workers start before the clock: the figure is the steady-state rate, not process start-up.
      const pool = await startSweepWorkers(workers, { redis: redis.url, store: storeUrl, queueName, readyTimeoutMs: 180_000 });
      try {
        const started = process.hrtime.bigint();
        const result = await distributedSweep(scenarios, { redis: redis.url, store: storeUrl, queueName, sweepId: `bench-w${workers}` });
        const wall = secondsSince(started);
        const failed = result.items.filter((i) => i.kind !== "sweep_ok").length;
        const { overheadMs, computeS, jobs } = await overheadMsPerJob(storeUrl, `bench-w${workers}`);
        const rate = scenarios.length / wall;
        if (workers === 1) single = rate;
        const speedup = rate / single;
        const overheadOk = overheadMs <= TARGETS.overheadMs;
        lines.push({
          bench: "sweep",
          backend: "bullmq",
          store: "postgres",
          workers,
          scenarios: scenarios.length,
          failed,
          wall_s: Number(wall.toFixed(2)),
          compute_s: Number(computeS.toFixed(2)),
          scenarios_per_s: Number(rate.toFixed(3)),
          speedup_vs_1: Number(speedup.toFixed(2)),
          overhead_ms_per_job: Number(overheadMs.toFixed(2)),
          jobs,
          target: workers === 1 ? `queue overhead ≤ ${TARGETS.overheadMs} ms per job` : `≥ ${TARGETS.speedup}× the 1-worker rate; queue overhead ≤ ${TARGETS.overheadMs} ms per job`,
          meets: failed === 0 && overheadOk && (workers === 1 || speedup >= TARGETS.speedup),
        });
      } finally {
        await pool.stop();
      }
    }
  } finally {
    await redis.stop();
    await pg.stop();
  }
  return lines;
}

export const benches: Bench[] = [{ name: "sweep", run: sweepLines }];
