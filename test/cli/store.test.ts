// `infratwin store`: ls, show, query, export, import and vacuum on a DuckDB study file, run in-process.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { command, storeLocation } from "../../lib/cli/commands/store";
import { CliUsageError } from "../../lib/cli/command";
import { openStore, writeResult } from "../../lib/store";
import { smallRun } from "../store/fixtures";

const dir = mkdtempSync(join(tmpdir(), "infratwin-store-cli-"));
const file = join(dir, "study.duckdb");

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    const code = await command.run(args);
    return { code, out: lines.join("\n") };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  const store = await openStore(file);
  const result = await smallRun();
  await writeResult(store, result, { createdAt: "2026-01-01T00:00:00Z" });
  await writeResult(store, result, { seed: 12 });
  await store.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("infratwin store", () => {
  it("ls lists runs newest first; show gives one run with its record counts", async () => {
    const ls = await cli("ls", "--store", file, "--format", "json");
    expect(ls.code).toBe(0);
    const rows = ls.out.split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.run, r.seed])).toEqual([[2, 12], [1, 11]]);
    const show = await cli("show", "1", "--store", file);
    expect(show.out).toMatch(/scenario\s+\|?\s*mini db crash/);
    expect(show.out).toMatch(/alerts/);
  }, 60_000);

  it("query prints SQL results as a table, CSV or JSON", async () => {
    const csv = await cli("query", "select run_id, count(*) as n from metrics group by run_id order by run_id", "--store", file, "--format", "csv");
    const lines = csv.out.split("\n");
    expect(lines[0]).toBe("run_id,n");
    expect(lines).toHaveLength(3);
    expect(lines[1].split(",")[1]).toBe(lines[2].split(",")[1]);
    await expect(cli("query", "select nope", "--store", file)).rejects.toThrow(/StudyStore\.query/);
  }, 60_000);

  it("export writes Parquet that import reads into another store; vacuum drops old runs", async () => {
    const out = join(dir, "pq");
    expect((await cli("export", out, "--runs", "1", "--store", file)).code).toBe(0);
    expect(readdirSync(join(out, "metrics"))).toEqual(["run_id=1"]);
    const other = join(dir, "other.duckdb");
    const imported = await cli("import", out, "--store", other);
    expect(imported.out).toMatch(/imported\s+1 run\(s\)/);
    const vacuum = await cli("vacuum", "--older-than", "90d", "--store", file);
    expect(vacuum.out).toMatch(/vacuumed\s+1 run\(s\) older than 90d: 1/);
    await expect(cli("vacuum", "--store", file)).rejects.toThrow(CliUsageError);
  }, 60_000);

  it("finds the store in --store, then INFRATWIN_STORE, and says how to give one", () => {
    expect(storeLocation("a.duckdb", {})).toBe("a.duckdb");
    expect(storeLocation(undefined, { INFRATWIN_STORE: "postgres://u@h/db" })).toBe("postgres://u@h/db");
    expect(() => storeLocation(undefined, {})).toThrow(/--store PATH\|postgres:\/\/… or set INFRATWIN_STORE/);
  });
});
