// `infratwin score`: the supervisor's root-cause accuracy @1/@3 and action usefulness on generated incident scenarios.
import { createSupervisor } from "../../llm";
import { incidentScenarios, loadScenario, parseScenario, resolveTopology } from "../../scenarios";
import { scoreSupervisor } from "../../scenarios";
import { CliUsageError, EXIT, parseCommandArgs, type Command } from "../command";
import { progressBar } from "../progress-bar";

export const command: Command = {
  name: "score",
  summary: "Score the supervisor (root cause @1/@3, do its actions help?) on generated incident scenarios",
  help: [
    "Usage: infratwin score [--n 8] [--base quiet-day] [--provider heuristic|openai|auto] [--horizon 14h]",
    "",
    "Generates N single-failure scenarios over the critical components of the base scenario's topology (spread",
    "over node kinds), runs each with the supervisor, checks its first diagnosis against the injected fault, and",
    "reruns a fork with its proposed actions to see whether recovery is faster. --provider auto uses a model when",
    "OPENAI_API_KEY or OPENAI_BASE_URL is set, the offline heuristic otherwise (the default is heuristic).",
  ].join("\n"),
  async run(args) {
    const { options } = parseCommandArgs(args, { command: "score", values: ["n", "base", "provider", "horizon"], switches: ["quiet"] });
    const n = options.n === undefined ? 8 : Number(options.n);
    if (!(Number.isInteger(n) && n > 0)) throw new CliUsageError(`infratwin score: --n must be a positive integer, not ${JSON.stringify(options.n)}.`);
    const provider = (options.provider as string | undefined) ?? "heuristic";
    if (!["heuristic", "openai", "auto"].includes(provider)) throw new CliUsageError(`infratwin score: --provider must be heuristic, openai or auto, not ${JSON.stringify(provider)}.`);
    const base = parseScenario({ ...loadScenario(typeof options.base === "string" ? options.base : "quiet-day"), horizon: (options.horizon as string | undefined) ?? "14h" }, "infratwin score");
    const graph = resolveTopology(base.topology);
    const scenarios = incidentScenarios(base, graph, n);
    const supervisor = createSupervisor({ provider: provider as "heuristic" | "openai" | "auto" });
    const bar = progressBar(`score ${supervisor.name}`, { quiet: options.quiet === true });
    const score = await scoreSupervisor(scenarios, { supervisor, graph, onProgress: (done, total) => bar.update(done / total, `${done}/${total}`) });
    bar.done();
    console.log(`supervisor       ${score.supervisor}`);
    console.log(`scenarios        ${score.scenarios}: ${score.diagnosed} raised an incident, ${score.silent} were absorbed by redundancy`);
    console.log(`root cause @1    ${(score.top1 * 100).toFixed(0)} % of diagnosed incidents`);
    console.log(`root cause @3    ${(score.top3 * 100).toFixed(0)} %`);
    console.log(`actions helped   ${(score.actionUseful * 100).toFixed(0)} % of ${score.actionsTried} forks`);
    console.log("");
    console.log("truth                              rank  top candidates                                   actions → helped");
    for (const r of score.rows) console.log(`${r.truth.padEnd(34)} ${String(r.rank ?? "-").padStart(4)}  ${r.candidates.join(", ").slice(0, 48).padEnd(48)} ${r.actions.join(", ") || "-"} → ${r.helped === null ? "n/a" : r.helped ? "yes" : "no"}`);
    return EXIT.ok;
  },
};
