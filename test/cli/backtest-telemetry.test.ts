import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { command as backtestCommand } from "../../lib/cli/commands/backtest";
import { command as rulesCommand } from "../../lib/cli/commands/rules";

const dir = mkdtempSync(join(tmpdir(), "cli-telemetry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A wide export in percent with a custom metric, zone-less Paris times, and one incident on db-01. */
function files(): { telemetry: string; labels: string; rules: string } {
  const rows = ["timestamp,host,cpu_percent,queue_depth"];
  for (let s = 0; s < 120; s++) {
    const stamp = new Date(Date.UTC(2026, 10, 25, 8, s)).toISOString().slice(0, 16).replace("T", " ");
    for (const host of ["app-01", "db-01"]) {
      const busy = host === "db-01" && s >= 60 && s < 80;
      rows.push(`${stamp},${host},${busy ? 97 : 35 + (s % 7)},${busy ? 400 : 10 + (s % 3)}`);
    }
  }
  const telemetry = join(dir, "wide.csv");
  writeFileSync(telemetry, rows.join("\n"));
  const labels = join(dir, "labels.csv");
  // Both files are zone-less wall clocks: the window covers minutes 60-80 of the data because both are read in one zone.
  writeFileSync(labels, "node,start,end,kind\ndb-01,2026-11-25 09:00,2026-11-25 09:20,overload\n");
  const rules = join(dir, "rules.json");
  writeFileSync(
    rules,
    JSON.stringify({
      name: "custom",
      rules: [
        { name: "queue_backlog", severity: "critical", for: "2m", conditions: { all: [{ fact: "queue_depth", operator: "greaterThan", value: 100, params: { window: "2m", stat: "avg" } }] } },
        { name: "cpu_hot", severity: "warning", for: "3m", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.9 }] } },
      ],
    }),
  );
  return { telemetry, labels, rules };
}

async function run(cmd: typeof backtestCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  try {
    const code = await cmd.run(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("infratwin backtest --telemetry with any layout", () => {
  it("reads a wide percent export with a custom metric, prints what it detected, and scores the rules", async () => {
    const f = files();
    const { code, err } = await run(backtestCommand, [f.rules, "--telemetry", f.telemetry, "--labels", f.labels, "--rename", "cpu_percent=cpu", "--time-zone", "Europe/Paris", "--out", dir]);
    expect(code).toBe(0);
    expect(err).toMatch(/wide layout/);
    expect(err).toMatch(/unit of cpu \(from cpu_percent\): percent/);
    expect(err).toMatch(/read as Europe\/Paris/);
    const result = JSON.parse(readFileSync(join(dir, "backtest.json"), "utf8")).result;
    expect(result.windows).toBe(1);
    expect(result.detected).toBe(1);
    expect(result.falsePositives).toBe(0);
    expect(result.perRule.map((r: { rule: string; truePositives: number }) => [r.rule, r.truePositives])).toEqual([
      ["queue_backlog", 1],
      ["cpu_hot", 1],
    ]);
  }, 60_000);

  it("labels on a node the telemetry lacks fail, or are dropped with --lenient", async () => {
    const f = files();
    writeFileSync(f.labels, "node,start,end\nghost,2026-11-25 10:00,2026-11-25 10:20\n");
    await expect(run(backtestCommand, [f.rules, "--telemetry", f.telemetry, "--labels", f.labels, "--rename", "cpu_percent=cpu", "--out", dir])).rejects.toThrow(/node "ghost" is not in the telemetry/);
    const { code, err } = await run(backtestCommand, [f.rules, "--telemetry", f.telemetry, "--labels", f.labels, "--rename", "cpu_percent=cpu", "--lenient", "--out", dir]);
    expect(code).toBe(0);
    expect(err).toMatch(/1 labels name nodes the telemetry does not have/);
  }, 60_000);

  it("kind-scoped rules on telemetry without kinds print a warning", async () => {
    const f = files();
    const { err } = await run(backtestCommand, ["default", "--telemetry", f.telemetry, "--labels", f.labels, "--rename", "cpu_percent=cpu", "--time-zone", "Europe/Paris", "--out", dir]);
    expect(err).toMatch(/scoped to node kinds .* but no node has a kind/);
  }, 60_000);

  it("rules facts --telemetry lists the imported metrics", async () => {
    const f = files();
    const { out } = await run(rulesCommand, ["facts", "--telemetry", f.telemetry, "--quiet"]);
    expect(out).toMatch(/\| `queue_depth` \| number \| as imported \| metric \| yes \|/);
    expect(out).toMatch(/\| `cpu_percent` \|/);
  }, 60_000);
});
