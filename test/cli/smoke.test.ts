// Smoke tests for every CLI command in a child process: the README's exit codes (0 done, 1 found a problem, 2 bad usage or input), one-line errors, outputs checked before work.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, ROOT, runCli, tinyScenario } from "./helpers";

const SLOW = 120_000;
let dir: string;
let tiny: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "infratwin-cli-"));
  tiny = join(dir, "tiny.json");
  writeFileSync(tiny, JSON.stringify(tinyScenario()));
});

/** A usage error is exactly one line on stderr. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("infratwin (dispatch)", () => {
  it("exits 2 with the command list when no command is given, 2 on an unknown command, 0 for --help", () => {
    const none = runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("Commands:");
    const unknown = runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr, /unknown command "frobnicate"/);
    const help = runCli(["run", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: infratwin run");
  }, SLOW);
});

describe("infratwin run", () => {
  it("runs a small scenario, writes the three outputs, and result.json says who answered", () => {
    const out = join(dir, "run");
    const r = runCli(["run", tiny, "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(doc.supervisor).toBe("heuristic");
    expect(Object.keys(doc.answeredBy)).toEqual(["heuristic"]);
    // The run is kept in the study's DuckDB store and as Parquet; CSV only on request.
    expect(["infratwin.duckdb", "parquet", "report.html"].filter((f) => !existsSync(join(out, f)))).toEqual([]);
    expect(existsSync(join(out, "metrics.csv"))).toBe(false);
  }, SLOW);

  it("takes --out --quiet as a usage error (not --quiet as the folder), and refuses an unwritable --out before simulating", () => {
    const ambiguous = runCli(["run", tiny, "--out", "--quiet"]);
    expect(ambiguous.code).toBe(2);
    expectOneLineError(ambiguous.stderr, /--out needs a value/);
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const blocked = runCli(["run", tiny, "--out", join(file, "sub")]);
    expect(blocked.code).toBe(2);
    expectOneLineError(blocked.stderr, /cannot write to output directory/);
    expect(blocked.stdout).not.toContain("tier-1");
  }, SLOW);

  it("answers bad scenarios with exit 2 and one line: bad JSON, a BOM file is fine, a horizon over the limit, a budget too small", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ nope");
    expect(runCli(["run", broken, "--dry-run"]).code).toBe(2);
    const bom = join(dir, "bom.json");
    writeFileSync(bom, "\uFEFF" + JSON.stringify(tinyScenario()));
    expect(runCli(["run", bom, "--dry-run"]).code).toBe(0);
    const long = join(dir, "long.json");
    writeFileSync(long, JSON.stringify(tinyScenario({ horizon: "1000d", topology: { dataset: "reference-bank" }, faults: [] })));
    const tooLong = runCli(["run", long, "--dry-run"]);
    expect(tooLong.code).toBe(2);
    expectOneLineError(tooLong.stderr, /horizon.*400 days/);
    const big = join(dir, "big.json");
    writeFileSync(big, JSON.stringify(tinyScenario({ horizon: "300d", topology: { dataset: "reference-bank" }, faults: [] })));
    const overBudget = runCli(["run", big, "--max-memory", "100MB", "--out", join(dir, "big")]);
    expect(overBudget.code).toBe(2);
    expectOneLineError(overBudget.stderr, /over the memory budget of 100 MB.*record\.metrics/);
    expect(runCli(["run", tiny, "--max-memory", "lots"]).code).toBe(2);
  }, SLOW);

  it("exits 3 on an internal error, in one line that points at --verbose, and --verbose prints the stack", () => {
    // A preloaded module makes the simulation throw a plain TypeError (a bug, not bad input), as a user would meet one.
    const preload = join(__dirname, "fixtures", "internal-error.cjs");
    const run = (extra: string[]) => spawnSync(process.execPath, ["--require", preload, CLI, "run", tiny, "--out", join(dir, "internal"), "--quiet", ...extra], { cwd: ROOT, encoding: "utf8", timeout: SLOW });
    const plain = run([]);
    expect(plain.status).toBe(3);
    expectOneLineError(plain.stderr, /^infratwin run: .*simulated bug.*\(internal error; --verbose prints the stack\)$/);
    const verbose = run(["--verbose"]);
    expect(verbose.status).toBe(3);
    expect(verbose.stderr).toMatch(/TypeError: simulated bug[\s\S]*\n\s+at /);
  }, SLOW);

  it("strips terminal escape codes from text it prints", () => {
    const hostile = join(dir, "hostile.json");
    writeFileSync(hostile, JSON.stringify(tinyScenario({ name: "evil\u001b]0;pwned\u0007\u001b[31mred" })));
    const r = runCli(["run", hostile, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("evilred");
    expect(r.stdout).not.toMatch(/\u001b|\u0007/);
  }, SLOW);
});

describe("the other commands", () => {
  it("`npm start` (the demo) writes the report and records the action policy and who answered", () => {
    const out = join(dir, "demo");
    const r = spawnSync("npm", ["start", "--silent", "--", "--out", out, "--quiet"], { cwd: ROOT, encoding: "utf8", timeout: SLOW, env: { ...process.env, INFRATWIN_LLM_PROVIDER: "heuristic" } });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(doc.policy.kind).toBe("policy_report");
    expect(doc.answeredBy.heuristic).toBeGreaterThan(0);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  }, SLOW);

  it("`demo` refuses a stray argument with exit 2", () => {
    expect(runCli(["demo", "extra"]).code).toBe(2);
  }, SLOW);

  it("`sweep` ranks a small N-1 sweep (exit 0), exits 1 when its scenarios fail, and refuses --workers 0 (exit 2)", () => {
    const failing = runCli(["sweep", tiny, "--limit", "1", "--workers", "1", "--at", "10:00", "--out", join(dir, "sweep-late"), "--quiet"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("before the horizon");
    const r = runCli(["sweep", tiny, "--limit", "2", "--workers", "1", "--at", "00:20", "--duration", "10m", "--out", join(dir, "sweep"), "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "sweep", "sweep.json"), "utf8")).items).toHaveLength(2);
    expect(runCli(["sweep", tiny, "--workers", "0"]).code).toBe(2);
  }, SLOW);

  it("`backtest` scores the default rules on a small scenario (exit 0) and a missing rule file is exit 2", () => {
    const r = runCli(["backtest", "default", "--scenario", tiny, "--out", join(dir, "bt"), "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "bt", "backtest.json"))).toBe(true);
    expect(runCli(["backtest", join(dir, "missing.json")]).code).toBe(2);
  }, SLOW);

  it("`rules` check/facts/prometheus pass (0), a broken rule file is one line and exit 2, a failed promotion is exit 1", () => {
    expect(runCli(["rules", "check", join(ROOT, "datasets", "rules", "default.json")]).code).toBe(0);
    expect(runCli(["rules", "facts"]).code).toBe(0);
    expect(runCli(["rules", "prometheus", "default", "--out", join(dir, "rules.yml")]).code).toBe(0);
    const bad = join(dir, "bad-rules.json");
    writeFileSync(bad, JSON.stringify({ rules: [{ name: "a", conditions: { all: { fact: "cpu", operator: "greaterThan", value: 1 } } }, null] }));
    const checked = runCli(["rules", "check", bad]);
    expect(checked.code).toBe(2);
    expectOneLineError(checked.stderr, /"all" must be an array.*and 1 more/);
    const promote = runCli(["rules", "promote", "default", "--production", join(dir, "prod"), "--scenario", tiny, "--max-alerts-per-day", "0", "--quiet"]);
    expect(promote.code, promote.stderr).toBe(1);
    expect(runCli(["rules", "nope"]).code).toBe(2);
  }, SLOW);

  it("`dataset` writes the schema (0) and a missing topology is exit 2", () => {
    expect(runCli(["dataset", "schema", "--out", join(dir, "schema.json")]).code).toBe(0);
    expect(runCli(["dataset", "check", join(dir, "missing-topology.json")]).code).toBe(2);
  }, SLOW);

  it("`score` scores the heuristic on one small incident (0) and refuses --n 0 (2)", () => {
    const r = runCli(["score", "--n", "1", "--sets", "single", "--base", tiny, "--horizon", "12h", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("RCA@1");
    expect(r.stdout).toMatch(/\| all faults +\| +1 \|/);
    expect(runCli(["score", "--sets", "pairs"]).code).toBe(2);
    expect(runCli(["score", "--n", "0"]).code).toBe(2);
  }, SLOW);

  it("`notebook` and `notebooks-html` refuse bad usage with exit 2 before starting Jupyter", () => {
    expect(runCli(["notebook", "--bogus"]).code).toBe(2);
    const html = runCli(["notebooks-html", "no-such-notebook", "--out", join(dir, "nb")]);
    expect(html.code).toBe(2);
    expectOneLineError(html.stderr, /no notebook matches/);
  }, SLOW);
});

describe("infratwin model", () => {
  it("trains on a tiny budget into a study store, promotes, lists; a bad verb or both registries is a usage error", () => {
    const store = join(dir, "models.duckdb");
    const train = runCli(["model", "train", "--size", "80", "--hours", "4", "--runs", "1", "--epochs", "1", "--store", store, "--promote", "--quiet"]);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/^gnn\s/m);
    expect(train.stdout).toMatch(/^random-forest\s/m);
    expect(train.stdout).toContain("promoted risk v1");
    const list = runCli(["model", "list", "--store", store]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^risk\s+1\s+yes/m);
    // A weekend is a regime the Monday model never saw: drift alerts (exit 1), retrains, and the candidate is registered.
    const drift = runCli(["model", "drift", "--size", "80", "--hours", "4", "--runs", "1", "--epochs", "1", "--store", store, "--start", "2026-11-28", "--quiet"]);
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).toMatch(/^DRIFT ALERT \(ModelDrift, warning\) failure-risk model risk@v1 degraded: .*drifted/m);
    expect(drift.stdout).toMatch(/^v2 PR AUC .* v1 /m);
    expect(runCli(["model", "list", "--store", store]).stdout).toMatch(/^risk\s+2\s.*retrained after ModelDrift on v1/m);
    expect(runCli(["model", "fly"]).code).toBe(2);
    expect(runCli(["model", "list", "--store", store, "--registry", join(dir, "m")]).code).toBe(2);
  }, SLOW);
});
