// Persists a scenario run (metrics and every record) as one stored run.
import type { ScenarioResult } from "../scenarios/runner";
import type { StudyStore, WriteRunOptions } from "./store";

/** Options of `writeResult`: anything of `writeRun` to override or add (key, labels, ifExists). */
export type WriteResultOptions = Partial<WriteRunOptions>;

/**
 * Writes `result` into `store` in one transaction: its metrics, alerts and their transitions, incidents,
 * ground truth, supervisor annotations, KPIs, summary and scenario. Returns the run id.
 * `const runId = await writeResult(store, await runScenario("db-crash-payday"));`
 */
export function writeResult(store: StudyStore, result: ScenarioResult, options: WriteResultOptions = {}): Promise<number> {
  return store.writeRun(result.metrics, {
    scenario: result.scenario.name,
    kind: "simulation",
    seed: result.scenario.seed,
    wallSeconds: result.wallSeconds,
    summary: result.summary,
    scenarioDoc: result.scenario,
    alerts: result.alerts,
    transitions: result.transitions,
    incidents: result.incidents,
    groundTruth: result.groundTruth,
    annotations: result.annotations,
    kpis: result.kpis,
    ...options,
  });
}
