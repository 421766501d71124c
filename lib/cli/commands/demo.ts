// `infratwin demo` (npm start): the flagship study — payday on the reference bank, a core database crash, rules, the offline supervisor, the fix tried in a fork, one HTML report.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionPlan, Annotation } from "../../llm";
import { report, reportPdf } from "../../notebook";
import { compareSeries, kpiComparison } from "../../plots";
import { checkActionPolicy, compareResults, describePolicy, forkScenario, loadScenario, runScenario, type ScenarioResult } from "../../scenarios";
import { formatDuration } from "../../time";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, requirePdfPrinter, stringOption, type Command } from "../command";
import { progressBar } from "../progress-bar";
import { RUN_VALUE_OPTIONS, cliRunOptions } from "../run-options";
import { sanitizeForTerminal } from "../terminal-text";
import { printSummary, resultDocument } from "./run";

/** The first answered action plan of a critical incident, with the time it concerns. */
export function firstActionPlan(result: ScenarioResult): { annotation: Annotation; plan: ActionPlan } | undefined {
  for (const annotation of result.annotations)
    if (annotation.request === "propose_actions" && annotation.status === "answered" && annotation.answer?.kind === "action_plan" && annotation.answer.actions.length > 0)
      return { annotation, plan: annotation.answer };
  return undefined;
}

export const command: Command = {
  name: "demo",
  summary: "The flagship study: payday database crash on the reference bank, rules, supervisor, fix in a fork, HTML report",
  help: [
    "Usage: infratwin demo [--out DIR] [--scenario NAME] [--pdf] [--quiet]",
    "",
    "Runs datasets/scenarios/db-crash-payday.json (the reference bank on payday: the core banking primary",
    "database crashes at 10:00, mobile banking surges at 11:30) with the default rules and the supervisor",
    "(offline heuristic unless OPENAI_API_KEY or OPENAI_BASE_URL is set), applies the supervisor's proposed",
    "actions to a fork of the scenario with the same seed, compares the two, and writes DIR/report.html",
    "(default out/demo) with result.json beside it. No network needed. --pdf also prints it to DIR/report.pdf",
    "with headless Chromium (exit 2 before the run when no Chromium is found).",
    "",
    "Proposed actions pass the action policy first (README, Limits and safety): out-of-bounds parameters are",
    "refused, restarts/reroutes/rate limits on shared infrastructure (storage, core network) are held unless",
    "--confirm is given, actions that would do nothing are reported. --provider and --max-memory as for run.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "demo", values: ["out", "scenario", ...RUN_VALUE_OPTIONS], switches: ["quiet", "confirm", "pdf"] });
    if (positionals.length > 0) throw new CliUsageError(`infratwin demo: unexpected argument ${JSON.stringify(positionals[0])}; see infratwin demo --help.`);
    const quiet = options.quiet === true;
    const runOptions = cliRunOptions("demo", options);
    const scenario = loadScenario(stringOption(options, "scenario") ?? "db-crash-payday");
    const dir = ensureOutputDir("demo", stringOption(options, "out") ?? join("out", "demo"));
    if (options.pdf === true) requirePdfPrinter("demo");
    const bar = progressBar("baseline", { quiet });
    const baseline = await runScenario(scenario, { ...runOptions, onProgress: (p) => bar.update(p.fraction, `t=${formatDuration(p.time)}`) });
    bar.done(`${baseline.wallSeconds.toFixed(1)} s`);
    if (!quiet) printSummary(baseline);
    const proposal = firstActionPlan(baseline);
    let notes = `Seed ${scenario.seed}. Supervisor: ${baseline.supervisor}.`;
    const charts = [];
    let comparisonDoc: unknown;
    // The proposal passes the action policy first: refused, held or no-op actions are reported, never applied blindly.
    const policy = proposal ? checkActionPolicy(proposal.plan.actions, baseline.graph, { confirmed: options.confirm === true }) : undefined;
    const policyLines = policy ? describePolicy(policy) : [];
    if (policyLines.length > 0) {
      notes += ` Action policy: ${policyLines.join("; ")}.`;
      if (!quiet) for (const line of policyLines) console.log(sanitizeForTerminal(`policy     ${line}`));
    }
    if (proposal && policy && policy.applied.length > 0) {
      const at = proposal.annotation.simTime + baseline.twin.stepSeconds;
      const fork = forkScenario(scenario, policy.applied, { at, name: `${scenario.name} + supervisor's fix` });
      const forkBar = progressBar("fork    ", { quiet });
      const forked = await runScenario({ ...fork, supervisor: { kind: "none" } }, { onProgress: (p) => forkBar.update(p.fraction, `t=${formatDuration(p.time)}`) });
      forkBar.done(`${forked.wallSeconds.toFixed(1)} s`);
      const comparison = compareResults(baseline, forked);
      comparisonDoc = comparison;
      const actions = policy.applied.map((a) => `${a.kind} ${"node" in a ? a.node : `${a.from} → ${a.to}`}`).join(", ");
      notes += ` At ${formatDuration(at)} the fork applies the supervisor's proposal for ${proposal.plan.incidentId} (${actions}). ${comparison.verdict}`;
      charts.push({ title: "Baseline vs fork: tier-1 services", figure: kpiComparison(baseline.kpis, forked.kpis) });
      const worst = [...baseline.kpis].sort((a, b) => b.downMinutes - a.downMinutes || a.availability - b.availability)[0];
      if (worst) charts.push({ title: `Baseline vs fork: ${worst.service} error rate`, figure: compareSeries(baseline, forked, { metric: "error_rate", nodes: [worst.service], labels: ["baseline", "fork with the fix"] }) });
      if (!quiet) console.log(`fork       ${comparison.verdict}`);
    } else notes += proposal ? " No proposed action passed the action policy, so no fork was run." : " The supervisor proposed no action, so no fork was run.";
    writeFileSync(join(dir, "result.json"), JSON.stringify({ ...resultDocument(baseline), policy, comparison: comparisonDoc }, null, 2) + "\n");
    const path = report(baseline, { path: join(dir, "report.html"), title: `infratwin demo: ${scenario.name}`, notes, charts });
    console.log(`report     ${path}`);
    console.log(`           open it in a browser; it works offline (plotly.js is embedded once).`);
    if (options.pdf === true) console.log(`pdf        ${await reportPdf(path)}`);
    return EXIT.ok;
  },
};
