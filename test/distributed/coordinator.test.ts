// Distributed sweeps against a real redis-server and PostgreSQL: records equal the local sweep's with 1 and 2 worker processes, resume, the CLI end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributedSweep, startSweepWorkers, type SweepWorkerProcesses } from "../../lib/distributed";
import { nMinus1, resolveTopology, sweep, type Scenario, type SweepItem } from "../../lib/scenarios";
import { openStore } from "../../lib/store";
import { runCliAsync } from "../cli/helpers";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";
import { redisMissing, startRedis, type RedisServer } from "../servers/redis";

const skip = mayskipPostgres() || (redisMissing() !== undefined && process.env.CI !== "true");
if (skip) console.warn(`skipping distributed sweep tests: ${postgresMissing() ?? redisMissing()}`);

let redis: RedisServer;
let pg: PostgresServer;
let storeUrl: string;
let one: SweepWorkerProcesses;
let two: SweepWorkerProcesses;
const base: Scenario = { name: "det", seed: 11, topology: { generate: { seed: 11, size: 50 } }, start: "2026-11-25", horizon: "3h", step: "1m", rules: "default" };
const list = nMinus1(base, resolveTopology(base.topology), { limit: 6, at: "00:30", duration: "30m" });

beforeAll(async () => {
  if (skip) return;
  [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
  storeUrl = await pg.createDatabase("sweeps");
  // One worker serves queue "one", two serve queue "two": the same sweep on one or two processes.
  [one, two] = await Promise.all([
    startSweepWorkers(1, { redis: redis.url, store: storeUrl, queueName: "one", namePrefix: "one-", readyTimeoutMs: 120_000 }),
    startSweepWorkers(2, { redis: redis.url, store: storeUrl, queueName: "two", namePrefix: "two-", readyTimeoutMs: 120_000 }),
  ]);
}, 180_000);

afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await redis?.stop();
  await pg?.stop();
}, 60_000);

/** A record as a JSON document without its wall-clock time, the one field that depends on the machine. */
const comparable = (items: readonly SweepItem[]) => items.map((i) => JSON.parse(JSON.stringify(i.kind === "sweep_ok" ? { ...i, wallSeconds: 0 } : i)));

describe.skipIf(skip)("distributed sweep (real Redis, PostgreSQL, worker processes)", () => {
  let local: SweepItem[];
  beforeAll(async () => {
    if (!skip) local = await sweep(list);
  }, 120_000);

  it("sweep({ backend: \"bullmq\" }) on one worker gives the local sweep's records, in input order", async () => {
    const progress: number[] = [];
    const items = await sweep(list, { backend: "bullmq", redis: redis.url, store: storeUrl, queueName: "one", sweepId: "det-1", onProgress: (p) => progress.push(p.done) });
    expect(local.every((i) => i.kind === "sweep_ok")).toBe(true);
    expect(comparable(items)).toEqual(comparable(local));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  }, 120_000);

  it("two workers, batches of two, any completion order: the same records", async () => {
    const finishedBy = new Set<string>();
    const result = await distributedSweep(list, { redis: redis.url, store: storeUrl, queueName: "two", sweepId: "det-2", batch: 2 });
    expect(result).toMatchObject({ sweepId: "det-2", total: 6, resumed: 0, enqueued: 3 });
    expect(comparable(result.items)).toEqual(comparable(local));
    const store = await openStore(storeUrl);
    try {
      const r = await store.query("SELECT DISTINCT worker FROM sweep_items WHERE sweep_id = 'det-2'");
      for (const w of r.columns.worker as string[]) finishedBy.add(w);
    } finally {
      await store.close();
    }
    expect([...finishedBy].every((w) => two.names.includes(w))).toBe(true);
  }, 120_000);

  it("resumes: the same sweep again enqueues only what has no result, and a different list under its id is refused", async () => {
    const store = await openStore(storeUrl);
    try {
      await store.query("DELETE FROM sweep_items WHERE sweep_id = 'det-2' AND idx IN (1, 4)");
      const result = await distributedSweep(list, { redis: redis.url, store, queueName: "two", sweepId: "det-2" });
      expect(result).toMatchObject({ total: 6, resumed: 4, enqueued: 2 });
      expect(comparable(result.items)).toEqual(comparable(local));
      const again = await distributedSweep(list, { redis: redis.url, store, queueName: "two", sweepId: "det-2" });
      expect(again).toMatchObject({ resumed: 6, enqueued: 0 });
      await expect(distributedSweep(list.slice(0, 2), { redis: redis.url, store, queueName: "two", sweepId: "det-2" })).rejects.toThrow(/already holds a different list/);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("infratwin sweep --queue --store runs on the workers and prints the ranking; sweep status reads it back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-sweep-cli-"));
    const file = join(dir, "base.json");
    writeFileSync(file, JSON.stringify(base));
    const env = { INFRATWIN_STORE: storeUrl };
    const run = await runCliAsync(["sweep", file, "--limit", "3", "--at", "00:30", "--duration", "30m", "--queue", redis.url, "--queue-name", "two", "--sweep-id", "cli", "--out", dir, "--quiet"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rank {2}tier-1 down/);
    expect(run.stdout.match(/det \/ N-1 /g)).toHaveLength(3);
    const status = await runCliAsync(["sweep", "status", "cli", "--queue", redis.url, "--queue-name", "two"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/sweep cli: 3 done, 0 failed, 0 waiting, 0 active, 0 missing, of 3/);
    const usage = await runCliAsync(["sweep", file, "--store", storeUrl]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--store needs --queue/);
    expect(usage.stderr).not.toContain(pg.password);
  }, 120_000);
});
