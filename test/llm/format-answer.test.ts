// Plain-text rendering of answers and annotations.
import { describe, expect, it } from "vitest";
import { formatAction, formatAnnotation, formatAnswer, HeuristicSupervisor } from "../../lib/llm";
import { databaseOutage } from "./fixtures";

const supervisor = new HeuristicSupervisor();

describe("formatAnswer()", () => {
  it("`formatAnswer()` lists an action plan with its author and simulated time", async () => {
    const text = formatAnswer(await supervisor.proposeActions(databaseOutage()));
    expect(text.split("\n")[0]).toBe("Actions for inc-db at 01:01:40 by heuristic");
    expect(text.split("\n")[1]).toMatch(/^1\. failover db-core-1 → db-core-2: db-core-1 \(database\) is down and db-core-2 is its standby \(expected: .*\)$/);
  });

  it("`formatAnswer()` ranks diagnosis candidates with percentages", async () => {
    const text = formatAnswer(await supervisor.diagnose({ ...databaseOutage(), time: 90_000 }));
    expect(text.split("\n")[0]).toBe("Diagnosis of inc-db at d2 01:00:00 by heuristic");
    expect(text.split("\n")[1]).toMatch(/^1\. db-core-1 \(100%\): alert DatabaseDown/);
  });
});

describe("formatAction()", () => {
  it("`formatAction()` names the targets of every kind", () => {
    const why = { rationale: "r", expectedEffect: "e" };
    expect(formatAction({ kind: "scale_out", node: "a", instances: 2, ...why })).toBe("scale out a by 2 instances: r (expected: e)");
    expect(formatAction({ kind: "rate_limit", node: "lb", rps: 500, ...why })).toBe("rate-limit lb to 500 rps: r (expected: e)");
    expect(formatAction({ kind: "reroute", from: "r1", to: "r2", ...why })).toBe("reroute r1 → r2: r (expected: e)");
  });
});

describe("formatAnnotation()", () => {
  it("`formatAnnotation()` says what a card waits for or why it has no answer", () => {
    const base = { id: "q1", simTime: 60, request: "diagnose" as const, subject: "inc-1", supervisor: "openai:m" as const };
    expect(formatAnnotation({ ...base, status: "pending" })).toBe("[q1 @ 00:01:00] diagnose inc-1: waiting for openai:m");
    expect(formatAnnotation({ ...base, status: "missed_deadline", error: "no answer within the 100 ms drain deadline" })).toBe(
      "[q1 @ 00:01:00] diagnose inc-1: no answer in time (no answer within the 100 ms drain deadline)",
    );
  });
});
