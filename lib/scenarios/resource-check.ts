// A scenario's memory need, computed from its horizon, step, topology and recording settings before anything is allocated.
import type { InfraGraph } from "../graph";
import { checkMemoryBudget, defaultMemoryBudget, recordingBytes, type RecordingSize } from "../limits";
import { TWIN_METRICS } from "../metrics";
import { parseDuration } from "../time";
import type { Scenario } from "./format";

/** What one run of `scenario` on `graph` records (float32 values, every node kept unless `record` narrows it). */
export function scenarioRecordingSize(scenario: Scenario, graph: InfraGraph): RecordingSize {
  const step = parseDuration(scenario.step ?? 60, "scenarioRecordingSize", "step");
  const horizon = parseDuration(scenario.horizon ?? 86400, "scenarioRecordingSize", "horizon");
  const record = scenario.record ?? {};
  const every = record.every ?? 1;
  const metrics = Array.isArray(record.metrics) ? new Set(record.metrics).size : TWIN_METRICS.length;
  let nodes = graph.order;
  if (Array.isArray(record.nodes) || Array.isArray(record.kinds)) {
    const ids = new Set(record.nodes ?? []);
    const kinds = new Set([...(record.kinds ?? []), "business_service"]);
    nodes = graph.filterNodes((id, a) => ids.has(id) || (Array.isArray(record.kinds) && kinds.has(String(a.kind))) || a.kind === "business_service").length;
  }
  return { steps: Math.ceil(Math.ceil(horizon / step) / every), nodes, metrics, bytesPerValue: 4 };
}

/**
 * Throws a ResourceLimitError when `runs` runs of the scenario at once (a sweep's workers) would not fit `budget` bytes;
 * the message names the scenario's size and the options that shrink it.
 */
export function checkScenarioMemory(scenario: Scenario, graph: InfraGraph, options: { budget?: number; runs?: number; api?: string } = {}): number {
  const size = scenarioRecordingSize(scenario, graph);
  const runs = options.runs ?? 1;
  const budget = options.budget ?? defaultMemoryBudget();
  const api = options.api ?? "runScenario";
  // With several runs at once, each gets its share of the budget.
  checkMemoryBudget(runs > 1 ? `${api} (${runs} runs at once, ${(budget / runs / 1e6).toFixed(0)} MB each)` : api, size, Math.floor(budget / runs));
  return recordingBytes(size);
}
