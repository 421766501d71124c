// Distributed sweeps under faults, against a real redis-server and PostgreSQL with real worker processes: a worker killed mid-job, a job that throws, Redis restarted mid-sweep; no result lost or written twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributedSweep, startSweepWorkers, sweepStatus, type SweepWorkerProcesses } from "../../lib/distributed";
import { openQueue, sweepEntries } from "../../lib/distributed/jobs";
import { readSweepItems } from "../../lib/distributed/results";
import { nMinus1, resolveTopology, type Scenario } from "../../lib/scenarios";
import { openStore, rowsOf } from "../../lib/store";
import { runCliAsync } from "../cli/helpers";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";
import { redisMissing, startRedis, type RedisServer } from "../servers/redis";

const skip = mayskipPostgres() || (redisMissing() !== undefined && process.env.CI !== "true");
if (skip) console.warn(`skipping distributed sweep fault tests: ${postgresMissing() ?? redisMissing()}`);

let redis: RedisServer;
let pg: PostgresServer;
let storeUrl: string;
const started: SweepWorkerProcesses[] = [];
/** Short locks so a killed worker's job moves within seconds. */
const FAST_LOCKS = { lockDurationMs: 2000, stalledIntervalMs: 1000 };

beforeAll(async () => {
  if (skip) return;
  // Persistence on (append-only file, fsync per write) so the restart test restarts a Redis that kept its data.
  [redis, pg] = await Promise.all([startRedis({ persist: true }), startPostgres()]);
  storeUrl = await pg.createDatabase("faults");
}, 180_000);

afterAll(async () => {
  for (const w of started) await w.stop();
  await redis?.stop();
  await pg?.stop();
}, 60_000);

function scenarios(horizon: string, count: number): Scenario[] {
  const base: Scenario = { name: `faults-${horizon}`, seed: 5, topology: { generate: { seed: 5, size: 50 } }, start: "2026-11-25", horizon, step: "1m", rules: "default" };
  return nMinus1(base, resolveTopology(base.topology), { limit: count, at: "00:30", duration: "20m" });
}

async function workers(count: number, queueName: string, prefix: string, onLine?: (w: number, line: string) => void): Promise<SweepWorkerProcesses> {
  const w = await startSweepWorkers(count, { redis: redis.url, store: storeUrl, queueName, namePrefix: prefix, onLine, ...FAST_LOCKS, readyTimeoutMs: 120_000 });
  started.push(w);
  return w;
}

describe.skipIf(skip)("distributed sweep under faults (real Redis, PostgreSQL, worker processes)", () => {
  it("a worker SIGKILLed mid-job: its job is retried by another worker once the lock expires, written once", async () => {
    let resolveStarted: (jobId: string) => void = () => undefined;
    const firstJob = new Promise<string>((r) => (resolveStarted = r));
    const a = await workers(1, "kill", "kill-a", (_, line) => {
      const m = / job_started (\S+) /.exec(line);
      if (m) resolveStarted(m[1]);
    });
    const list = scenarios("7d", 3);
    const run = distributedSweep(list, { redis: redis.url, store: storeUrl, queueName: "kill", sweepId: "kill", timeoutMs: 150_000 });
    const jobId = await firstJob;
    await a.kill(0, "SIGKILL");
    const b = await workers(1, "kill", "kill-b");
    const result = await run;
    expect(result.items.map((i) => i.kind)).toEqual(["sweep_ok", "sweep_ok", "sweep_ok"]);
    const killedScenario = jobId.split("__")[1];
    const rows = await withStore((s) => readSweepItems(s, "kill"));
    expect(rows).toHaveLength(3);
    // Worker a died before writing: the result of its job comes from b.
    expect(rows.find((r) => r.scenarioId === killedScenario)?.worker).toBe(b.names[0]);
    expect(rows.every((r) => r.worker === b.names[0])).toBe(true);
    await b.stop();
  }, 180_000);

  it("a job that throws is retried `attempts` times, then recorded failed with its error", async () => {
    const lines: string[] = [];
    const w = await workers(1, "throws", "throw-", (_, line) => lines.push(line));
    const good = scenarios("2h", 1)[0];
    const bad: Scenario = { ...good, name: "bad target", faults: [{ kind: "node_crash", target: "no-such-node", at: "00:30", duration: "20m" }] };
    const result = await distributedSweep([good, bad], { redis: redis.url, store: storeUrl, queueName: "throws", sweepId: "throws", attempts: 3, timeoutMs: 120_000 });
    expect(result.items[0].kind).toBe("sweep_ok");
    expect(result.items[1]).toMatchObject({ kind: "sweep_error", index: 1, name: "bad target" });
    expect(result.items[1].kind === "sweep_error" && result.items[1].error).toMatch(/no-such-node/);
    expect(lines.filter((l) => l.includes(" job_failed ") && l.includes("throws__00001-"))).toHaveLength(3);
    const status = await sweepStatus("throws", { redis: redis.url, store: storeUrl, queueName: "throws" });
    expect(status).toMatchObject({ total: 2, done: 1, failed: 1, waiting: 0, active: 0, missing: 0 });
    expect(status.failures[0]).toMatchObject({ name: "bad target", attempts: 3 });
    expect(status.ranked.map((i) => i.kind)).toEqual(["sweep_ok", "sweep_error"]);
    // The CLI says the same, and exits 1 because something failed.
    const cli = await runCliAsync(["sweep", "status", "throws", "--queue", redis.url, "--queue-name", "throws"], { env: { INFRATWIN_STORE: storeUrl } });
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/sweep throws: 1 done, 1 failed, 0 waiting, 0 active, 0 missing, of 2/);
    expect(cli.stdout).toMatch(/failed 00001-\w+ bad target after 3 attempts: .*no-such-node/);
    expect(cli.stdout).not.toContain(pg.password);
    await w.stop();
  }, 180_000);

  it("Redis killed and restarted mid-sweep: no completed result or finished job is lost, the sweep completes", async () => {
    const w = await workers(2, "restart", "restart-");
    const list = scenarios("12h", 8);
    const ids = sweepEntries(list).entries.map((e) => e.scenarioId);
    const finishedBefore: number[] = [];
    let restarted: Promise<void> | undefined;
    const result = await distributedSweep(list, {
      redis: redis.url,
      store: storeUrl,
      queueName: "restart",
      sweepId: "restart",
      timeoutMs: 150_000,
      onProgress: (p) => {
        if (restarted) return;
        finishedBefore.push(p.item.index);
        // SIGKILL, then the same port and directory: the append-only file is all that carries the queue over.
        if (p.done === 2) restarted = redis.restart();
      },
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(result.items).toHaveLength(8);
    expect(result.items.every((i) => i.kind === "sweep_ok")).toBe(true);
    // The queue itself survived: jobs finished before the crash are still known as completed.
    const queue = openQueue("test", redis.url, "restart");
    try {
      for (const index of finishedBefore) expect(await (await queue.getJob(`restart__${ids[index]}`))?.getState()).toBe("completed");
    } finally {
      await queue.close();
    }
    await w.stop();
  }, 180_000);

  it("no result is lost or written twice: one row per (sweep, scenario), a result for every scenario", async () => {
    const rows = await withStore(async (s) => rowsOf(await s.query("SELECT sweep_id, count(*) AS n, count(DISTINCT scenario_id) AS d FROM sweep_items GROUP BY sweep_id ORDER BY sweep_id")));
    expect(rows).toEqual([
      { sweep_id: "kill", n: 3, d: 3 },
      { sweep_id: "restart", n: 8, d: 8 },
      { sweep_id: "throws", n: 2, d: 2 },
    ]);
  });
});

async function withStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(storeUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
