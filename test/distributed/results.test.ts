// Sweep results in the store: one row per (sweep, scenario) under a unique key; job and scenario ids; argument errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, UsageError } from "../../lib/errors";
import { checkSweepId, jobIdOf, redactRedisUrl, redisConnection, sweepEntries } from "../../lib/distributed/jobs";
import { checkSharedStore, readSweepItems, registerSweep, storedStatuses, writeSweepItem } from "../../lib/distributed/results";
import type { SweepItem } from "../../lib/scenarios";
import { openStore, type StudyStore } from "../../lib/store";

const summary = { kind: "scenario_summary", tier1Availability: 0.99, tier1P95LatencyMs: 120, tier1DownMinutes: 12 } as unknown as Extract<SweepItem, { kind: "sweep_ok" }>["summary"];
const ok = (index: number, down = 12): SweepItem => ({ kind: "sweep_ok", index, name: `s${index}`, tags: [], summary: { ...summary, tier1DownMinutes: down }, kpis: [], faults: [], impacts: [], incidents: [], wallSeconds: 0.5 });
const failed = (index: number, error: string): SweepItem => ({ kind: "sweep_error", index, name: `s${index}`, error });

let store: StudyStore;
beforeEach(async () => {
  store = await openStore(":memory:");
});
afterEach(async () => {
  await store.close();
});

describe("writeSweepItem()", () => {
  it("writes a result once: a second success for the same key is a no-op and keeps the first", async () => {
    expect(await writeSweepItem(store, "sw", "a", ok(0, 12), { worker: "w1" })).toBe(true);
    expect(await writeSweepItem(store, "sw", "a", ok(0, 99), { worker: "w2" })).toBe(false);
    const [row] = await readSweepItems(store, "sw");
    expect(row).toMatchObject({ scenarioId: "a", status: "ok", worker: "w1" });
    expect(row.item).toEqual(ok(0, 12));
  });

  it("lets a success replace a recorded failure, never the reverse", async () => {
    expect(await writeSweepItem(store, "sw", "a", failed(0, "boom"), { attempts: 3 })).toBe(true);
    expect(await writeSweepItem(store, "sw", "a", failed(0, "again"))).toBe(false);
    expect((await readSweepItems(store, "sw"))[0]).toMatchObject({ status: "failed", attempts: 3, item: { error: "boom" } });
    expect(await writeSweepItem(store, "sw", "a", ok(0), { worker: "w2" })).toBe(true);
    expect(await writeSweepItem(store, "sw", "a", failed(0, "late"))).toBe(false);
    expect((await readSweepItems(store, "sw"))[0]).toMatchObject({ status: "ok", worker: "w2" });
  });

  it("is enforced by the schema: a raw second insert of the same key is refused", async () => {
    await writeSweepItem(store, "sw", "a", ok(0));
    await expect(store.query(`INSERT INTO sweep_items (sweep_id, scenario_id, idx, name, status, written_at) VALUES ('sw', 'a', 0, 'dup', 'ok', 'now')`)).rejects.toThrow(/constraint|duplicate|unique/i);
  });

  it("keeps sweeps apart and reads back in sweep order, all or some", async () => {
    await writeSweepItem(store, "sw", "b", ok(1));
    await writeSweepItem(store, "sw", "a", ok(0));
    await writeSweepItem(store, "other", "a", ok(0));
    expect((await readSweepItems(store, "sw")).map((r) => r.scenarioId)).toEqual(["a", "b"]);
    expect((await readSweepItems(store, "sw", { scenarioIds: ["b"] })).map((r) => r.scenarioId)).toEqual(["b"]);
    expect(await readSweepItems(store, "sw", { scenarioIds: [] })).toEqual([]);
    expect([...(await storedStatuses(store, "sw")).keys()].sort()).toEqual(["a", "b"]);
  });
});

describe("registerSweep()", () => {
  it("records a sweep once and refuses another scenario list under the same id", async () => {
    const row = await registerSweep(store, { sweepId: "sw", total: 2, fingerprint: "f1" });
    expect(row).toMatchObject({ sweepId: "sw", total: 2, fingerprint: "f1" });
    expect(await registerSweep(store, { sweepId: "sw", total: 2, fingerprint: "f1" })).toEqual(row);
    await expect(registerSweep(store, { sweepId: "sw", total: 3, fingerprint: "f2" })).rejects.toThrow(UsageError);
    await expect(registerSweep(store, { sweepId: "sw", total: 3, fingerprint: "f2" })).rejects.toThrow(/sweep id "sw" already holds a different list.*--sweep-id/);
  });

  it("distributed sweeps refuse a DuckDB file: one process only", () => {
    expect(() => checkSharedStore("sweep", store)).toThrow(/DuckDB file.*postgres:\/\/ URL/);
  });
});

describe("ids", () => {
  const base = { name: "b", topology: { dataset: "reference-bank" } } as never;
  it("scenario ids depend on position and content only; the fingerprint on the whole list", () => {
    const a = sweepEntries([base, { ...(base as object), name: "c" } as never]);
    const b = sweepEntries([base, { ...(base as object), name: "c" } as never]);
    expect(a).toEqual(b);
    expect(a.entries[0].scenarioId).toMatch(/^00000-[0-9a-f]{12}$/);
    expect(a.entries[0].scenarioId).not.toBe(a.entries[1].scenarioId);
    expect(sweepEntries([base]).fingerprint).not.toBe(a.fingerprint);
  });

  it("job ids carry the sweep id and the first scenario id, never a colon", () => {
    const { entries } = sweepEntries([base, base]);
    expect(jobIdOf("sw", entries.slice(0, 1))).toBe(`sw__${entries[0].scenarioId}`);
    expect(jobIdOf("sw", entries)).toBe(`sw__${entries[0].scenarioId}__x2`);
    expect(jobIdOf("sw", entries)).not.toContain(":");
  });

  it("bad sweep ids and Redis URLs are named in the error", () => {
    expect(() => checkSweepId("sweep", "a:b")).toThrow(InvalidArgumentError);
    expect(() => checkSweepId("sweep", "a:b")).toThrow(/sweep: expected sweepId to be .* but found "a:b"/);
    expect(() => redisConnection("sweep", "http://x")).toThrow(/expected redis to be a redis:\/\/ URL/);
    expect(redisConnection("sweep", "redis://u:p%40ss@10.0.0.5:6380/2")).toMatchObject({ host: "10.0.0.5", port: 6380, username: "u", password: "p@ss", db: 2 });
    expect(redactRedisUrl("redis://u:secret@h:1/0")).not.toContain("secret");
  });
});
