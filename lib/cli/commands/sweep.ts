// `infratwin sweep`: N-1 (or N-2) failures of the critical components under a base scenario, on worker threads, ranked by impact.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkScenarioMemory, loadScenario, nMinus1, nMinus2, rankSweep, resolveTopology, sweep } from "../../scenarios";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, stringOption, type Command } from "../command";
import { cliRunOptions } from "../run-options";
import { sanitizeForTerminal } from "../terminal-text";
import { progressBar } from "../progress-bar";

export const command: Command = {
  name: "sweep",
  summary: "Fail every critical component (N-1) or pairs (N-2) under a base scenario and rank the riskiest",
  help: [
    "Usage: infratwin sweep <base-scenario> [--mode n-1|n-2] [--limit N] [--workers N] [--duration 45m] [--at 10:00] [--max-memory 4GB] [--out DIR]",
    "",
    "Builds one scenario per failure of a component tier-1 business services need (N-1) or per pair (N-2),",
    "runs them on worker threads (default 2), and prints the riskiest first. Writes sweep.json to DIR",
    "(default out/sweep). Results do not depend on the number of workers.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "sweep", values: ["mode", "limit", "workers", "duration", "at", "out", "max-memory"], switches: ["quiet"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin sweep: expected one base scenario; see infratwin sweep --help.");
    const mode = (options.mode as string | undefined) ?? "n-1";
    if (mode !== "n-1" && mode !== "n-2") throw new CliUsageError(`infratwin sweep: --mode must be n-1 or n-2, not ${JSON.stringify(mode)}.`);
    const limit = options.limit === undefined ? undefined : Number(options.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliUsageError(`infratwin sweep: --limit must be a positive integer, not ${JSON.stringify(options.limit)}.`);
    const workers = options.workers === undefined ? 2 : Number(options.workers);
    if (!(Number.isInteger(workers) && workers > 0)) throw new CliUsageError(`infratwin sweep: --workers must be a positive integer, not ${JSON.stringify(options.workers)}.`);
    const { maxMemoryBytes } = cliRunOptions("sweep", options);
    const base = loadScenario(positionals[0]);
    const dir = ensureOutputDir("sweep", stringOption(options, "out") ?? join("out", "sweep"));
    const graph = resolveTopology(base.topology);
    // Each worker runs one scenario at a time: all of them together must fit the budget.
    checkScenarioMemory(base, graph, { budget: maxMemoryBytes, runs: workers, api: "infratwin sweep" });
    const sweepOptions = { limit, at: options.at as string | undefined, duration: options.duration as string | undefined };
    const scenarios = mode === "n-1" ? nMinus1(base, graph, sweepOptions) : nMinus2(base, graph, sweepOptions);
    const bar = progressBar(`sweep ${mode} (${scenarios.length} scenarios, ${workers} workers)`, { quiet: options.quiet === true });
    const items = await sweep(scenarios, { workers, onProgress: (p) => bar.update(p.done / p.total, `${p.done}/${p.total}`) });
    bar.done();
    const ranked = rankSweep(items);
    console.log("rank  tier-1 down  availability  p95 ms  scenario");
    ranked.slice(0, 15).forEach((item, i) => {
      if (item.kind === "sweep_ok")
        console.log(`${String(i + 1).padStart(4)}  ${String(item.summary.tier1DownMinutes).padStart(7)} min  ${(item.summary.tier1Availability * 100).toFixed(3).padStart(10)} %  ${item.summary.tier1P95LatencyMs.toFixed(0).padStart(6)}  ${sanitizeForTerminal(item.name)}`);
      else console.log(sanitizeForTerminal(`${String(i + 1).padStart(4)}  error: ${item.name}: ${item.error}`));
    });
    const path = join(dir, "sweep.json");
    writeFileSync(path, JSON.stringify({ kind: "infratwin_sweep", base: base.name, mode, items: ranked }, null, 2) + "\n");
    console.log(`wrote ${path}`);
    return items.some((i) => i.kind === "sweep_error") ? EXIT.failed : EXIT.ok;
  },
};
