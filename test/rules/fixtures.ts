// Shared test data for rules: a small estate's telemetry as long CSV, with known faults.
import { join } from "node:path";
import { packageRoot } from "../../lib/graph";
import { adjacencyTopology, loadRules, type RuleSet } from "../../lib/rules";

/**
 * The first default pack (instant facts, no hysteresis, one cause rule): mechanics tests (backtests, exports, state,
 * frames) pin their figures on it so that tuning the shipped pack does not rewrite them. The shipped pack has its own test.
 */
export function classicRules(): RuleSet {
  return loadRules(join(packageRoot(), "test", "rules", "classic-pack.json"));
}

/** db ← app (app depends on db); other stands alone. */
export const estateTopology = adjacencyTopology({ dependsOn: { app: ["db"], other: [] } });

/**
 * Two hours at 30 s steps: db down 1200..1800 (app's latency high 1200..1900 as a symptom), a short latency
 * blip on other at 3000..3100, and nothing during the labelled app window 5000..5400.
 */
export function estateCsv(): string {
  const lines = ["time,node,kind,tier,metric,value"];
  for (let t = 0; t < 7200; t += 30) {
    const dbDown = t >= 1200 && t < 1800;
    lines.push(`${t},db,database,1,status,${dbDown ? 2 : 0}`, `${t},db,database,1,cpu,${dbDown ? 0 : 0.4}`);
    lines.push(`${t},app,application,1,status,0`, `${t},app,application,1,latency_ms,${t >= 1200 && t < 1900 ? 450 : 80}`);
    lines.push(`${t},other,application,2,status,0`, `${t},other,application,2,latency_ms,${t >= 3000 && t <= 3100 ? 350 : 60}`);
  }
  return lines.join("\n") + "\n";
}

/** Ground truth for `estateCsv`. */
export const estateLabels = [
  { node: "db", start: 1200, end: 1800, kind: "database_crash" },
  { node: "app", start: 5000, end: 5400, kind: "memory_leak" },
];
