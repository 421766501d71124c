// Shared by `backtest` and `rules promote`: where the telemetry and labels come from (a scenario run, or files), and how to score a rule set on them.
import { existsSync } from "node:fs";
import type { MetricsStore } from "../metrics";
import { backtest, kindScopeWarning, loadDefaultRules, loadRules, metricFacts, timelineFromStore, type BacktestResult, type FactSpec, type LabelWindow, type RuleSet } from "../rules";
import { loadTopology } from "../graph";
import { backtestScenario, graphRuleTopology, loadScenario, runScenario, type ScenarioResult } from "../scenarios";
import { CliUsageError } from "./command";
import { progressBar } from "./progress-bar";
import { readTelemetryFiles } from "./telemetry-args";

/** A rule set by path, or "default" for the bundled pack; `facts` adds imported metrics as facts. */
export function ruleSetArg(command: string, value: string, facts?: readonly FactSpec[]): RuleSet {
  if (value === "default") return loadDefaultRules();
  if (!existsSync(value)) throw new CliUsageError(`infratwin ${command}: rule file ${JSON.stringify(value)} not found (give a path or "default").`);
  return loadRules(value, facts ? { facts } : {});
}

/** The facts a source adds to the catalogue: its imported metrics outside the catalogue. */
export function sourceFacts(source: BacktestSource): FactSpec[] | undefined {
  return source.kind === "files" ? metricFacts(source.store) : undefined;
}

/** What rule sets are scored on: a simulated run with its ground truth, or telemetry and label files. */
export type BacktestSource = { kind: "scenario"; result: ScenarioResult } | { kind: "files"; store: MetricsStore; labels: LabelWindow[]; topology?: string };

export async function backtestSource(command: string, options: Record<string, string | true>): Promise<BacktestSource> {
  if (typeof options.telemetry === "string") {
    if (typeof options.labels !== "string") throw new CliUsageError(`infratwin ${command}: --telemetry needs --labels (CSV or JSON windows: node,start,end[,kind]).`);
    for (const f of [options.telemetry, options.labels]) if (!existsSync(f)) throw new CliUsageError(`infratwin ${command}: file ${JSON.stringify(f)} not found.`);
    const { read, labels } = await readTelemetryFiles(command, options, { telemetry: options.telemetry, labels: options.labels });
    return { kind: "files", store: read.store, labels, topology: typeof options.topology === "string" ? options.topology : undefined };
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
  const timeline = timelineFromStore(source.store, { topology, nodes });
  const kinds = source.store.nodeIds.map((id, i) => nodes?.find((n) => n.id === id)?.kind ?? source.store.kinds[i]);
  const warning = kindScopeWarning(ruleSet, kinds);
  if (warning !== undefined) console.error(`warning: ${warning}`);
  return backtest(ruleSet, { timeline, labels: source.labels, topology });
}
