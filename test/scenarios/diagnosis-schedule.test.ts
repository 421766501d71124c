// When incidents go to the supervisor: critical at once, warnings under a budget, again when alerts or causes join.
import { describe, expect, it } from "vitest";
import type { Incident } from "../../lib/rules";
import { DiagnosisSchedule } from "../../lib/scenarios";

function incident(id: string, severity: "warning" | "critical", alerts: number, causes = 0): Incident {
  return {
    kind: "open",
    id,
    openedAt: 0,
    alertIds: Array.from({ length: alerts }, (_, i) => `A${i}/${id}`),
    firing: [],
    nodes: Array.from({ length: alerts }, (_, i) => `n${i}`),
    rules: [],
    services: [],
    severity,
    rootCandidates: [],
    causes: Array.from({ length: causes }, (_, i) => `C${i}`),
    title: "",
  };
}

describe("DiagnosisSchedule.due()", () => {
  it("sends a new critical incident at once and again when alerts join, no sooner than the interval", () => {
    const schedule = new DiagnosisSchedule({ minIntervalSeconds: 120 });
    expect(schedule.due(0, [incident("I1", "critical", 2)]).map((i) => i.id)).toEqual(["I1"]);
    expect(schedule.due(60, [incident("I1", "critical", 2)])).toEqual([]);
    expect(schedule.due(60, [incident("I1", "critical", 3)])).toEqual([]);
    expect(schedule.waiting).toBe(true);
    expect(schedule.due(120, [incident("I1", "critical", 3)]).map((i) => i.id)).toEqual(["I1"]);
    expect(schedule.waiting).toBe(false);
    expect(schedule.due(300, [incident("I1", "critical", 3, 1)]).map((i) => i.id)).toEqual(["I1"]);
  });

  it("diagnoses warning incidents under a budget per hour, and a warning incident turning critical at once", () => {
    const schedule = new DiagnosisSchedule({ warningsPerHour: 2 });
    const warnings = [incident("W1", "warning", 1), incident("W2", "warning", 1), incident("W3", "warning", 1)];
    expect(schedule.due(0, warnings).map((i) => i.id)).toEqual(["W1", "W2"]);
    expect(schedule.waiting).toBe(true);
    // Half an hour refills one token.
    expect(schedule.due(1800, warnings).map((i) => i.id)).toEqual(["W3"]);
    expect(schedule.due(1860, [incident("W1", "critical", 1)]).map((i) => i.id)).toEqual(["W1"]);
  });

  it("sends only critical incidents with minSeverity critical, and nothing closed", () => {
    const schedule = new DiagnosisSchedule({ minSeverity: "critical" });
    const closed = { ...incident("C1", "critical", 1), kind: "closed", closedAt: 10 } as Incident;
    expect(schedule.due(0, [incident("W1", "warning", 1), closed, incident("I1", "critical", 1)]).map((i) => i.id)).toEqual(["I1"]);
  });
});
