// Scenario files against hostile input: limits before allocation, numeric bounds, a seeded fuzz of 2,000 scenarios through the
// preflight, a few hundred files through the CLI's `run --dry-run` in-process, and a few dozen in memory-capped child processes.
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { command as runCommand } from "../../lib/cli/commands/run";
import { exitCodeOf } from "../../lib/cli/dispatch";
import { oneLineError } from "../../lib/cli/terminal-text";
import { ResourceLimitError, TwinError } from "../../lib/errors";
import { loadTopology } from "../../lib/graph";
import { parseScenario, preflightScenario, runScenario } from "../../lib/scenarios";
import { runCli } from "../cli/helpers";
import { FUZZ_PARAMS, jsonish, mutated, nasty, typedErrorOrResult } from "../fuzz";

const base = {
  name: "fuzz",
  seed: 5,
  topology: { dataset: "reference-bank" },
  start: "2026-11-25",
  horizon: "12h",
  step: "1m",
  load: { multiplier: 1.2, paydayFactor: 1.5, baseRps: { "svc-mobile-banking": 50 } },
  faults: [{ kind: "database_crash", target: "db-core-banking-primary", at: "10:00", duration: "30m", params: { detectionDelay: "3m" } }],
  interventions: [{ kind: "scale_out", node: "app-core-banking-1", instances: 2, at: "10:10" }],
  rules: "none",
  supervisor: { kind: "heuristic", deadlineMs: 1000 },
  record: { every: 1 },
};
const faultArb = mutated(base.faults[0]).map((f) => ({ ...base, faults: [f] }));
const loadArb = mutated(base.load).map((l) => ({ ...base, load: l }));
const scenarioArb = fc.oneof(mutated(base), faultArb, loadArb, mutated(base.interventions[0]).map((a) => ({ ...base, interventions: [a] })), jsonish);

describe("scenario limits", () => {
  const graph = loadTopology("reference-bank");

  it("refuses a step under 1 s, a horizon over 400 days, a start in year 275760 and baseRps or multipliers of 1e308, naming the field", () => {
    const problems = (doc: object) => {
      try {
        parseScenario(doc);
      } catch (error) {
        return (error as { problems: { path: string }[] }).problems.map((p) => p.path);
      }
      return [];
    };
    expect(problems({ ...base, step: 1e-9 })).toContain("$.step");
    expect(problems({ ...base, horizon: "1000d" })).toContain("$.horizon");
    expect(problems({ ...base, start: "+275760-01-01" })).toContain("$.start");
    expect(problems({ ...base, load: { baseRps: { "svc-mobile-banking": 1e308 } } })).toContain("$.load.baseRps.svc-mobile-banking");
    expect(problems({ ...base, load: { multiplier: 1e308 } })).toContain("$.load.multiplier");
    expect(problems({ ...base, supervisor: { deadlineMs: 2 ** 31 } })).toContain("$.supervisor.deadlineMs");
    expect(() => preflightScenario({ ...base, faults: [{ ...base.faults[0], kind: "load_surge", target: "svc-mobile-banking", params: { multiplier: 1e308 } }] }, { graph })).toThrow(/multiplier/);
  });

  it("refuses a run whose metrics would not fit the memory budget before allocating, with the size and what shrinks it", async () => {
    const big = { ...base, horizon: "300d" };
    expect(() => preflightScenario(big, { graph, maxMemoryBytes: 20_000_000 })).toThrow(ResourceLimitError);
    await expect(runScenario(big, { graph, maxMemoryBytes: 20_000_000 })).rejects.toThrow(/432,000 steps × 306 nodes × 8 metrics needs 4\.23 GB, over the memory budget of 20\.0 MB.*record\.metrics.*record\.every.*--max-memory/);
    // Recording fewer metrics and one step in 60 brings the same horizon under a small budget.
    expect(preflightScenario({ ...big, record: { metrics: ["cpu"], every: 60 } }, { graph, maxMemoryBytes: 20_000_000 }).bytes).toBeLessThan(20_000_000);
  });
});

describe("scenarios fuzzed", () => {
  const graph = loadTopology("reference-bank");

  it("preflight answers every generated scenario with a typed error or a finite size (seeded, 2,000+ cases)", () => {
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        outcomes[typedErrorOrResult(() => preflightScenario(doc as object, { graph, maxMemoryBytes: 50_000_000 }), (p) => Number.isFinite(p.bytes) && p.steps > 0)]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);
});

describe("infratwin run fuzzed", () => {
  let dir: string;
  let files: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "infratwin-fuzz-"));
    const docs = fc.sample(fc.oneof(scenarioArb, nasty), { seed: 18, numRuns: 300 });
    files = docs.map((doc, i) => {
      const path = join(dir, `s${i}.json`);
      writeFileSync(path, doc === undefined ? "" : i % 10 === 0 ? "\uFEFF" + JSON.stringify(doc) : JSON.stringify(doc));
      return path;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it("`run --dry-run` in-process gives 0 or 2 with a one-line message for 300 generated files, never an internal error", async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const codes = new Map<number, number>();
    for (const file of files) {
      let code: number;
      try {
        code = await runCommand.run([file, "--dry-run", "--max-memory", "200MB"]);
      } catch (error) {
        code = exitCodeOf(error);
        expect(error, oneLineError(error)).toBeInstanceOf(error instanceof TwinError ? TwinError : Error);
        expect(oneLineError(error)).not.toContain("\n");
      }
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect([...codes.keys()].sort()).toEqual([0, 2]);
  }, 120_000);

  it("a dozen of them as real child processes capped at 192 MB of heap: exit 0 or 2, one line on stderr, no crash", () => {
    const seen = new Set<number>();
    for (const file of files.slice(0, 12)) {
      const r = runCli(["run", file, "--dry-run"], { maxOldSpaceMb: 192 });
      expect([0, 2], `${file}: ${r.stderr}`).toContain(r.code);
      if (r.code === 2) expect(r.stderr.trim().split("\n")).toHaveLength(1);
      seen.add(r.code!);
    }
    expect(seen.has(2)).toBe(true);
  }, 180_000);
});
