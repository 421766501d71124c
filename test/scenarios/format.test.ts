// parseScenario() reads `start` with the telemetry reader's time rules: ISO 8601 only, no zone means UTC.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { parseScenario } from "../../lib/scenarios";

const base = { name: "start", seed: 1, topology: { dataset: "reference-bank" }, horizon: "1h", step: "1m", rules: "none" };

function startProblem(start: unknown): string | undefined {
  try {
    parseScenario({ ...base, start });
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems.find((p) => p.path === "$.start")?.message;
  }
}

describe("parseScenario() start", () => {
  it("accepts ISO dates and timestamps with or without a zone", () => {
    for (const start of ["2026-11-25", "2026-11-25T10:00", "2026-11-25 10:00", "2026-11-25T10:00:00Z", "2026-11-25T10:00+01:00"]) expect(startProblem(start), start).toBeUndefined();
  });

  it("refuses what only Date.parse understood, naming the field and the value, and says a missing zone means UTC", () => {
    for (const start of ["Nov 25 2026", "25/11/2026", "2026-13-01", "2026-11-25T25:00", 20261125]) {
      const message = startProblem(start);
      expect(message, String(start)).toContain(JSON.stringify(start));
      expect(message).toContain("no zone means UTC");
    }
  });
});
