// Backtests on simulated telemetry: the twin's ground truth becomes label windows, its metrics store a rule timeline.
import { backtest, type BacktestOptions, type BacktestResult, type LabelWindow, type RuleSet, type Timeline, timelineFromStore } from "../rules";
import { invalidArgument } from "../errors";
import type { GroundTruth } from "../twin";
import type { ScenarioResult } from "./runner";
import { twinRuleTopology } from "./twin-facts";

/** Options of `groundTruthLabels`. */
export interface GroundTruthLabelOptions {
  /** The run's horizon in seconds: a fault still active at the end is labelled up to it. */
  horizon: number;
  /** Service ids that a fault on "*" (a global surge) labels; none by default. */
  services?: readonly string[];
}

/** One label window per injected fault (its target, from start to actual end), kind = the fault kind; surges on "*" label every service. */
export function groundTruthLabels(truth: GroundTruth, options: GroundTruthLabelOptions): LabelWindow[] {
  if (options === null || typeof options !== "object" || typeof options.horizon !== "number") throw invalidArgument("groundTruthLabels", "options.horizon", "the run's horizon in seconds", (options as { horizon?: unknown } | null)?.horizon);
  const { horizon, services = [] } = options;
  const ends = new Map<string, number>();
  for (const e of truth.events) if (e.kind === "end") ends.set(e.fault, e.time);
  const out: LabelWindow[] = [];
  for (const f of truth.faults) {
    const end = ends.get(f.id) ?? Math.min(horizon, f.at + f.duration);
    const targets = f.target === "*" ? services : [f.target];
    for (const node of targets) out.push({ node, start: f.at, end, kind: f.kind, id: `${f.id}@${node}` });
  }
  return out.sort((a, b) => a.start - b.start || (a.node < b.node ? -1 : 1));
}

/** The rules' timeline over a run's metrics store, with the graph's static facts (kind, tier, tags, redundancy groups). */
export function scenarioTimeline(result: ScenarioResult): Timeline {
  const graph = result.graph;
  const nodes = result.metrics.nodeIds.map((id) => {
    const a = graph.getNodeAttributes(id) as Record<string, unknown>;
    return {
      id,
      kind: String(a.kind),
      tier: typeof a.tier === "number" ? a.tier : undefined,
      tags: Array.isArray(a.tags) ? (a.tags as string[]) : [],
      region: typeof a.region === "string" ? a.region : undefined,
      redundancyGroup: typeof a.redundancyGroup === "string" ? a.redundancyGroup : undefined,
    };
  });
  return timelineFromStore(result.metrics, { nodes, topology: twinRuleTopology(result.twin) });
}

/** Backtests a rule set on a run's recorded telemetry against its ground truth. */
export function backtestScenario(result: ScenarioResult, ruleSet: RuleSet, options: BacktestOptions = {}): BacktestResult {
  const labels = groundTruthLabels(result.groundTruth, { horizon: result.twin.horizon, services: result.run.services });
  return backtest(ruleSet, { timeline: scenarioTimeline(result), labels, topology: twinRuleTopology(result.twin), ...options });
}
