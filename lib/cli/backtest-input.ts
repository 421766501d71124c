// Shared by `backtest` and `rules promote`: where the telemetry and labels come from (a scenario run, or files), and how to score a rule set on them.
import { existsSync, readFileSync } from "node:fs";
import { backtest, labelsFromCsv, loadDefaultRules, loadRules, parseLabels, timelineFromLongCsv, type BacktestResult, type RuleSet } from "../rules";
import { loadTopology } from "../graph";
import { backtestScenario, graphRuleTopology, loadScenario, runScenario, type ScenarioResult } from "../scenarios";
import { CliUsageError } from "./command";
import { progressBar } from "./progress-bar";

/** A rule set by path, or "default" for the bundled pack. */
export function ruleSetArg(command: string, value: string): RuleSet {
  if (value === "default") return loadDefaultRules();
  if (!existsSync(value)) throw new CliUsageError(`infratwin ${command}: rule file ${JSON.stringify(value)} not found (give a path or "default").`);
  return loadRules(value);
}

/** What rule sets are scored on: a simulated run with its ground truth, or telemetry and label files. */
export type BacktestSource = { kind: "scenario"; result: ScenarioResult } | { kind: "files"; telemetry: string; labels: string; topology?: string };

export async function backtestSource(command: string, options: Record<string, string | true>): Promise<BacktestSource> {
  if (typeof options.telemetry === "string") {
    if (typeof options.labels !== "string") throw new CliUsageError(`infratwin ${command}: --telemetry needs --labels (CSV or JSON windows: node,start,end[,kind]).`);
    for (const f of [options.telemetry, options.labels]) if (!existsSync(f)) throw new CliUsageError(`infratwin ${command}: file ${JSON.stringify(f)} not found.`);
    return { kind: "files", telemetry: options.telemetry, labels: options.labels, topology: typeof options.topology === "string" ? options.topology : undefined };
  }
  const name = typeof options.scenario === "string" ? options.scenario : "month-random-faults";
  const scenario = loadScenario(name);
  const bar = progressBar(`simulate ${scenario.name}`, { quiet: options.quiet === true });
  const result = await runScenario({ ...scenario, supervisor: { kind: "none" }, rules: "none" }, { onProgress: (p) => bar.update(p.fraction) });
  bar.done(`${result.groundTruth.faults.length} faults injected`);
  return { kind: "scenario", result };
}

export function runBacktest(source: BacktestSource, ruleSet: RuleSet): BacktestResult {
  if (source.kind === "scenario") return backtestScenario(source.result, ruleSet);
  // With the estate's topology, alerts on what depends on a labelled node count, and inhibition and grouping work.
  const graph = source.topology ? loadTopology(source.topology) : undefined;
  const topology = graph ? graphRuleTopology(graph) : undefined;
  const nodes = graph
    ? graph.mapNodes((id, a) => ({ id, kind: String(a.kind), tier: typeof a.tier === "number" ? a.tier : undefined, tags: Array.isArray(a.tags) ? (a.tags as string[]) : [], redundancyGroup: typeof a.redundancyGroup === "string" ? a.redundancyGroup : undefined }))
    : undefined;
  const timeline = timelineFromLongCsv(readFileSync(source.telemetry, "utf8"), { topology, nodes });
  const text = readFileSync(source.labels, "utf8");
  const labels = source.labels.endsWith(".json") ? parseLabels(JSON.parse(text), { epochMs: timeline.epochMs }) : labelsFromCsv(text, { epochMs: timeline.epochMs });
  return backtest(ruleSet, timeline, labels, { topology });
}
