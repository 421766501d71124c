// `infratwin score`: the supervisor's root-cause accuracy @1/@3 over every injected fault, by category and fault kind, and whether its actions help.
import { createSupervisor } from "../../llm";
import { FAULT_SET_CATEGORIES, faultSetScenarios, loadScenario, parseScenario, resolveTopology, scoreSupervisor, type FaultSetCategory, type ScoreFigures } from "../../scenarios";
import { CliUsageError, EXIT, parseCommandArgs, type Command } from "../command";
import { progressBar } from "../progress-bar";

const pct = (x: number) => `${(x * 100).toFixed(0)} %`.padStart(6);

function row(name: string, f: ScoreFigures): string {
  return `| ${name.padEnd(16)} | ${String(f.faults).padStart(6)} | ${pct(f.diagnosed)} | ${pct(f.top1)} | ${pct(f.top3)} |`;
}

export const command: Command = {
  name: "score",
  summary: "Score the supervisor (root cause @1/@3 over every injected fault, do its actions help?) on seeded fault sets",
  help: [
    "Usage: infratwin score [--n 8] [--seed 1] [--sets single,related-pair,unrelated-pair,three,network] [--base quiet-day]",
    "                       [--provider heuristic|openai|auto] [--horizon 14h] [--no-actions]",
    "",
    "Draws N seeded scenarios per fault set over the critical components of the base scenario's topology (single",
    "faults, related and unrelated overlapping pairs, three overlapping faults, network devices), runs each with the",
    "supervisor and scores every injected fault: the first diagnosis holding its symptoms must rank its target (an",
    "undiagnosed fault is a miss). Unless --no-actions, reruns a fork of each hurt scenario with the proposed actions:",
    "strict = faster recovery or fewer tier-1 minutes down; lenient also counts fewer degraded minutes.",
    "--provider auto uses a model when OPENAI_API_KEY or OPENAI_BASE_URL is set (the default is heuristic).",
  ].join("\n"),
  async run(args) {
    const { options } = parseCommandArgs(args, { command: "score", values: ["n", "seed", "sets", "base", "provider", "horizon"], switches: ["quiet", "no-actions"] });
    const n = options.n === undefined ? 8 : Number(options.n);
    if (!(Number.isInteger(n) && n > 0)) throw new CliUsageError(`infratwin score: --n must be a positive integer, not ${JSON.stringify(options.n)}.`);
    const seed = options.seed === undefined ? 1 : Number(options.seed);
    if (!Number.isInteger(seed)) throw new CliUsageError(`infratwin score: --seed must be an integer, not ${JSON.stringify(options.seed)}.`);
    const sets = (typeof options.sets === "string" ? options.sets.split(",") : [...FAULT_SET_CATEGORIES]) as FaultSetCategory[];
    for (const set of sets) if (!FAULT_SET_CATEGORIES.includes(set)) throw new CliUsageError(`infratwin score: --sets takes ${FAULT_SET_CATEGORIES.join(", ")}, not ${JSON.stringify(set)}.`);
    const provider = (options.provider as string | undefined) ?? "heuristic";
    if (!["heuristic", "openai", "auto"].includes(provider)) throw new CliUsageError(`infratwin score: --provider must be heuristic, openai or auto, not ${JSON.stringify(provider)}.`);
    const base = parseScenario({ ...loadScenario(typeof options.base === "string" ? options.base : "quiet-day"), horizon: (options.horizon as string | undefined) ?? "14h" }, "infratwin score");
    const graph = resolveTopology(base.topology);
    const scenarios = sets.flatMap((set) => faultSetScenarios(base, graph, set, n, { seed }));
    const supervisor = createSupervisor({ provider: provider as "heuristic" | "openai" | "auto" });
    const bar = progressBar(`score ${supervisor.name}`, { quiet: options.quiet === true });
    const score = await scoreSupervisor(scenarios, { supervisor, graph, tryActions: options["no-actions"] !== true, onProgress: (done, total) => bar.update(done / total, `${done}/${total}`) });
    bar.done();
    console.log(`supervisor ${score.supervisor}; ${score.scenarios} scenarios (seed ${seed}, ${n} per set), ${score.faults} injected faults, ${score.silent} undiagnosed (counted as misses)`);
    console.log("");
    console.log("| fault set        | faults |  diag. |  RCA@1 |  RCA@3 |");
    console.log("|------------------|-------:|-------:|-------:|-------:|");
    console.log(row("all faults", score));
    for (const [name, f] of Object.entries(score.byCategory)) console.log(row(name, f));
    if (score.network.faults > 0) console.log(row("network devices", score.network));
    for (const [name, f] of Object.entries(score.byFaultKind)) console.log(row(name, f));
    console.log("");
    console.log(`actions helped   strict ${pct(score.actionUseful).trim()}, lenient ${pct(score.actionUsefulLenient).trim()} of ${score.actionsTried} forks (scenarios that hurt a tier-1 service and got a plan)`);
    if (options.quiet !== true) {
      console.log("");
      console.log("truth                              rank  top candidates                                   actions → helped (lenient/strict)");
      for (const r of score.rows) console.log(`${r.truth.padEnd(34)} ${String(r.rank ?? "-").padStart(4)}  ${r.candidates.join(", ").slice(0, 48).padEnd(48)} ${r.actions.join(", ").slice(0, 60) || "-"} → ${r.helped === null ? "n/a" : `${r.helped ? "yes" : "no"}/${r.helpedStrict ? "yes" : "no"}`}`);
    }
    return EXIT.ok;
  },
};
