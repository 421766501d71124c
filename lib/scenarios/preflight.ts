// Everything a run checks before it simulates, without simulating or allocating the metrics: the CLI's `--dry-run` and fuzz entry.
import type { InfraGraph } from "../graph";
import { validateFaults, validateInterventions, validateLoadOptions } from "../twin";
import { SimCalendar, parseDuration } from "../time";
import { stepAndHorizonProblem } from "../limits";
import { invalidArgument } from "../errors";
import { loadScenario, parseScenario, type Scenario } from "./format";
import { checkScenarioMemory, scenarioRecordingSize } from "./resource-check";
import { resolveRules, resolveTopology, twinOptions } from "./runner";

/** What a preflight found: the checked scenario, its topology and its recording size. */
export interface Preflight {
  kind: "preflight";
  scenario: Scenario;
  graph: InfraGraph;
  steps: number;
  nodes: number;
  metrics: number;
  bytes: number;
}

/**
 * Checks a scenario the way `runScenario` would, up to the first simulated step: the file, the topology, the time span
 * and step limits, the memory budget, fault and intervention targets, load options and the rule set. Throws the same
 * typed errors a run would; returns the recording size.
 */
export function preflightScenario(source: Scenario | string | object, options: { graph?: InfraGraph; maxMemoryBytes?: number } = {}): Preflight {
  const api = "preflightScenario";
  const scenario = typeof source === "string" ? loadScenario(source) : parseScenario(source, api);
  const graph = options.graph ?? resolveTopology(scenario.topology, api);
  const step = parseDuration(scenario.step ?? 60, api, "step");
  const horizon = parseDuration(scenario.horizon ?? 86400, api, "horizon");
  const limit = stepAndHorizonProblem(step, horizon);
  if (limit) throw invalidArgument(api, limit.field, limit.message.replace(/^expected /, "").replace(/ but found.*$/, ""), scenario[limit.field]);
  if (horizon < step) throw invalidArgument(api, "horizon", `a duration of at least one step (${step} s)`, scenario.horizon);
  new SimCalendar(scenario.start ?? "2026-01-05");
  const bytes = checkScenarioMemory(scenario, graph, { budget: options.maxMemoryBytes, api });
  const lookup = { kindOf: (id: string) => (graph.hasNode(id) ? String(graph.getNodeAttribute(id, "kind")) : undefined), ids: () => graph.nodes() };
  const twin = twinOptions(scenario, graph);
  const faults = validateFaults(twin.faults ?? [], lookup, api, "$.faults");
  for (const f of faults) if (f.at >= horizon) throw invalidArgument(api, `fault "${f.id}".at`, `a time before the horizon (${horizon} s)`, f.at);
  validateInterventions(scenario.interventions ?? [], lookup, api, "$.interventions");
  validateLoadOptions(scenario.load ?? {}, api);
  resolveRules(scenario.rules);
  const size = scenarioRecordingSize(scenario, graph);
  return { kind: "preflight", scenario, graph, steps: size.steps, nodes: size.nodes, metrics: size.metrics, bytes };
}
