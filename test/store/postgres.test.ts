// The store against a real PostgreSQL 15 started on loopback by the test setup, and the same run compared with DuckDB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRuns, openStore, writeResult } from "../../lib/store";
import { smallRun } from "./fixtures";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";
import { storeSpecs } from "./specs";

const skip = mayskipPostgres();
if (skip) console.warn(`skipping PostgreSQL store tests: ${postgresMissing()}`);

let server: PostgresServer;
const databases = new Map<string, string>();
beforeAll(async () => {
  if (!skip) server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

describe.skipIf(skip)("PostgreSQL backend", () => {
  storeSpecs("postgres", async (name, options) => {
    let url = databases.get(name);
    if (!url) {
      url = await server.createDatabase(name);
      databases.set(name, url);
    }
    return openStore(url, options);
  });
});

describe.skipIf(skip)("several processes opening a fresh store at once (sweep workers)", () => {
  it("all open it at the latest version: the loser of the schema-table race does not fail", async () => {
    for (const round of [1, 2, 3]) {
      const url = await server.createDatabase(`race${round}`);
      const stores = await Promise.all([0, 1, 2, 3].map(() => openStore(url)));
      for (const store of stores) await store.close();
    }
  }, 120_000);
});

describe.skipIf(skip)("the same run in DuckDB and PostgreSQL", () => {
  it("reads back identically: run row, metrics, records and SQL answers", async () => {
    const result = await smallRun();
    const duck = await openStore(":memory:");
    const pg = await openStore(await server.createDatabase("identical"));
    try {
      const createdAt = "2026-11-25T23:59:00.000Z";
      const a = await writeResult(duck, result, { createdAt });
      const b = await writeResult(pg, result, { createdAt });
      expect(await pg.run(b)).toEqual(await duck.run(a));
      expect(await pg.records(b)).toEqual(await duck.records(a));
      const ma = await duck.readMetrics(a);
      const mb = await pg.readMetrics(b);
      expect(mb.nodeIds).toEqual(ma.nodeIds);
      for (const metric of ma.metricNames) for (const node of ma.nodeIds) expect(mb.series(metric, node)).toEqual(ma.series(metric, node));
      const query = "SELECT node, metric, count(*) AS n, max(value) AS peak, sum(CASE WHEN value IS NULL THEN 1 ELSE 0 END) AS missing FROM metrics_long WHERE run_id = $1 GROUP BY node, metric ORDER BY node, metric";
      const qa = await duck.query(query, [a]);
      const qb = await pg.query(query, [b]);
      expect(qb.rows).toBe(qa.rows);
      for (const name of qa.names) expect(Array.from(qb.columns[name] as ArrayLike<unknown>)).toEqual(Array.from(qa.columns[name] as ArrayLike<unknown>));
      // And a PostgreSQL run copied into DuckDB is the same run again.
      const [c] = await copyRuns(pg, duck, { runIds: [b] });
      expect({ ...(await duck.run(c)), runId: a }).toEqual(await duck.run(a));
    } finally {
      await duck.close();
      await pg.close();
    }
  }, 120_000);

  it("never prints the password: store.target and errors are redacted", async () => {
    const url = server.url;
    const store = await openStore(url);
    try {
      expect(store.target).not.toContain(server.password);
      expect(store.target).toContain("***");
      const error = await store.query("SELECT * FROM missing_table").catch((e: Error) => e);
      expect(String(error)).not.toContain(server.password);
    } finally {
      await store.close();
    }
    const bad = url.replace(server.password, "wrong-" + server.password);
    const refused = await openStore(bad).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).not.toContain(server.password);
    expect(String(refused)).toMatch(/openStore: cannot open postgres:\/\/infratwin:\*\*\*@127\.0\.0\.1/);
  }, 60_000);
});
