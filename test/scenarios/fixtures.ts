// Scenario fixtures on the hand-built mini bank.
import type { Scenario } from "../../lib/scenarios";

export function dbCrash(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: "mini db crash",
    seed: 11,
    topology: { dataset: "unused-when-a-graph-is-passed" },
    start: "2026-11-25",
    horizon: "14h",
    faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00", duration: "40m" }],
    supervisor: { kind: "heuristic", deadlineMs: 5000 },
    ...overrides,
  };
}
