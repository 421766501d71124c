// `infratwin sweep`: N-1 (or N-2) failures of the critical components under a base scenario, on worker threads, ranked by impact.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { distributedSweep } from "../../distributed";
import { checkScenarioMemory, loadScenario, nMinus1, nMinus2, rankSweep, resolveTopology, sweep } from "../../scenarios";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, stringOption, type Command } from "../command";
import { cliRunOptions } from "../run-options";
import { progressBar } from "../progress-bar";
import { printRanking, printSweepStatus, queueOptions } from "../sweep-queue";

export const command: Command = {
  name: "sweep",
  summary: "Fail every critical component (N-1) or pairs (N-2) under a base scenario and rank the riskiest",
  help: [
    "Usage: infratwin sweep <base-scenario> [--mode n-1|n-2] [--limit N] [--workers N] [--duration 45m] [--at 10:00] [--max-memory 4GB] [--out DIR]",
    "                       [--queue redis://HOST:6379 --store postgres://… [--sweep-id ID] [--batch N] [--attempts N] [--detach]]",
    "       infratwin sweep status <sweep-id> --queue redis://HOST:6379 --store postgres://…",
    "",
    "Builds one scenario per failure of a component tier-1 business services need (N-1) or per pair (N-2),",
    "runs them on worker threads (default 2), and prints the riskiest first. Writes sweep.json to DIR",
    "(default out/sweep). Results do not depend on the number of workers.",
    "",
    "With --queue the scenarios become jobs on a Redis queue (BullMQ) for `infratwin worker` processes on any",
    "machine, and results go to the shared store (--store or INFRATWIN_STORE, PostgreSQL). The sweep id",
    "(printed; derived from the scenario list unless --sweep-id) resumes: running the same sweep again enqueues",
    "only scenarios without a stored result. --detach enqueues and returns; `sweep status ID` prints counts",
    "(done, failed, waiting, active), failures with their errors and the ranking so far.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "sweep", values: ["mode", "limit", "workers", "duration", "at", "out", "max-memory", "queue", "store", "sweep-id", "batch", "attempts", "queue-name"], switches: ["quiet", "detach"] });
    if (positionals[0] === "status") return printSweepStatus(positionals.slice(1), options);
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
    const queue = queueOptions(options);
    if (queue?.detach) {
      const result = await distributedSweep(scenarios, { ...queue, detach: true });
      console.log(`sweep ${result.sweepId}: ${result.enqueued} jobs enqueued, ${result.resumed} of ${result.total} results already stored; follow it with infratwin sweep status ${result.sweepId}`);
      return EXIT.ok;
    }
    const onProgress = (p: { done: number; total: number }) => bar.update(p.done / p.total, `${p.done}/${p.total}`);
    const items = queue ? (await distributedSweep(scenarios, { ...queue, onProgress })).items : await sweep(scenarios, { workers, onProgress });
    bar.done();
    const ranked = rankSweep(items);
    printRanking(ranked, 15);
    const path = join(dir, "sweep.json");
    writeFileSync(path, JSON.stringify({ kind: "infratwin_sweep", base: base.name, mode, items: ranked }, null, 2) + "\n");
    console.log(`wrote ${path}`);
    return items.some((i) => i.kind === "sweep_error") ? EXIT.failed : EXIT.ok;
  },
};
