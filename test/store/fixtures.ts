// Shared fixtures of the store tests: one small scenario run (mini bank, db crash), computed once per file.
import { runScenario, type ScenarioResult } from "../../lib/scenarios";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "../scenarios/fixtures";

let cached: Promise<ScenarioResult> | undefined;

/** A 14-hour mini-bank run with a database crash: metrics with some NaN-free values, alerts, incidents, annotations. */
export function smallRun(): Promise<ScenarioResult> {
  cached ??= runScenario(dbCrash(), { graph: miniBank() as never, env: {} });
  return cached;
}
