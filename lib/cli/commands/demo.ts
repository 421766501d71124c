// `infratwin demo` (npm start): the flagship study — payday on the reference bank, a core database crash, rules, the offline supervisor, the fix tried in a fork, one HTML report.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ActionPlan, Annotation } from "../../llm";
import { report } from "../../notebook";
import { compareSeries, kpiComparison } from "../../plots";
import { compareResults, forkScenario, loadScenario, runScenario, type ScenarioResult } from "../../scenarios";
import { formatDuration } from "../../time";
import { EXIT, parseArgs, type Command } from "../command";
import { progressBar } from "../progress-bar";
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
    "Usage: infratwin demo [--out DIR] [--scenario NAME] [--quiet]",
    "",
    "Runs datasets/scenarios/db-crash-payday.json (the reference bank on payday: the core banking primary",
    "database crashes at 10:00, mobile banking surges at 11:30) with the default rules and the supervisor",
    "(offline heuristic unless OPENAI_API_KEY or OPENAI_BASE_URL is set), applies the supervisor's proposed",
    "actions to a fork of the scenario with the same seed, compares the two, and writes DIR/report.html",
    "(default out/demo) with result.json beside it. No network needed.",
  ].join("\n"),
  async run(args) {
    const { options } = parseArgs("demo", args, { values: ["out", "scenario"], switches: ["quiet"] });
    const quiet = options.quiet === true;
    const scenario = loadScenario(typeof options.scenario === "string" ? options.scenario : "db-crash-payday");
    const dir = resolve(typeof options.out === "string" ? options.out : join("out", "demo"));
    const bar = progressBar("baseline", { quiet });
    const baseline = await runScenario(scenario, { onProgress: (p) => bar.update(p.fraction, `t=${formatDuration(p.time)}`) });
    bar.done(`${baseline.wallSeconds.toFixed(1)} s`);
    if (!quiet) printSummary(baseline);
    const proposal = firstActionPlan(baseline);
    let notes = `Seed ${scenario.seed}. Supervisor: ${baseline.supervisor}.`;
    const charts = [];
    let comparisonDoc: unknown;
    if (proposal) {
      const at = proposal.annotation.simTime + baseline.twin.stepSeconds;
      const fork = forkScenario(scenario, proposal.plan.actions, { at, name: `${scenario.name} + supervisor's fix` });
      const forkBar = progressBar("fork    ", { quiet });
      const forked = await runScenario({ ...fork, supervisor: { kind: "none" } }, { onProgress: (p) => forkBar.update(p.fraction, `t=${formatDuration(p.time)}`) });
      forkBar.done(`${forked.wallSeconds.toFixed(1)} s`);
      const comparison = compareResults(baseline, forked);
      comparisonDoc = comparison;
      const actions = proposal.plan.actions.map((a) => `${a.kind} ${"node" in a ? a.node : `${a.from} → ${a.to}`}`).join(", ");
      notes += ` At ${formatDuration(at)} the fork applies the supervisor's proposal for ${proposal.plan.incidentId} (${actions}). ${comparison.verdict}`;
      charts.push({ title: "Baseline vs fork: tier-1 services", figure: kpiComparison(baseline.kpis, forked.kpis) });
      const worst = [...baseline.kpis].sort((a, b) => b.downMinutes - a.downMinutes || a.availability - b.availability)[0];
      if (worst) charts.push({ title: `Baseline vs fork: ${worst.service} error rate`, figure: compareSeries(baseline, forked, { metric: "error_rate", nodes: [worst.service], labels: ["baseline", "fork with the fix"] }) });
      if (!quiet) console.log(`fork       ${comparison.verdict}`);
    } else notes += " The supervisor proposed no action, so no fork was run.";
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "result.json"), JSON.stringify({ ...resultDocument(baseline), comparison: comparisonDoc }, null, 2) + "\n");
    const path = report(baseline, { path: join(dir, "report.html"), title: `infratwin demo: ${scenario.name}`, notes, charts });
    console.log(`report     ${path}`);
    console.log(`           open it in a browser; it works offline (plotly.js is embedded once).`);
    return EXIT.ok;
  },
};
