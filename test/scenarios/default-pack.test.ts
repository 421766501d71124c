// The default rule pack on the reference bank: the alert-quality targets (flagship demo, quiet day, fault-free payday) and a down network device detected.
import { describe, expect, it } from "vitest";
import { alertCounts } from "../../lib/rules";
import { loadScenario, runScenario } from "../../lib/scenarios";

const quietSupervisor = { kind: "none" as const };

describe("the default pack's alert quality on the reference bank", () => {
  it("flagship demo: at most 3 incidents and 5 notifications; Tier1ServiceDown silenced by the crashed database", async () => {
    const result = await runScenario({ ...loadScenario("db-crash-payday"), supervisor: quietSupervisor });
    const counts = alertCounts(result.alerts);
    expect(result.summary.incidents).toBeLessThanOrEqual(3);
    expect(result.summary.alertsNotified).toBeLessThanOrEqual(5);
    expect(counts).toEqual({ fired: result.summary.alertsFired, notified: result.summary.alertsNotified, inhibited: result.summary.alertsInhibited });
    const notified = result.alerts.filter((a) => (a.kind === "firing" || a.kind === "resolved") && a.notifiedAt !== undefined);
    expect(notified.some((a) => a.rule === "DatabaseDown" && a.node === "db-core-banking-primary")).toBe(true);
    const serviceDown = result.alerts.filter((a) => a.rule === "Tier1ServiceDown" && (a.kind === "firing" || a.kind === "resolved"));
    expect(serviceDown.length).toBeGreaterThan(0);
    expect(serviceDown.every((a) => (a.kind === "firing" || a.kind === "resolved") && a.notifiedAt === undefined)).toBe(true);
    // The crash's incident opens at the crash (10:00), not before: no background alert absorbed it.
    const crash = result.incidents.find((i) => i.nodes.includes("db-core-banking-primary"))!;
    expect(crash.openedAt).toBeGreaterThanOrEqual(36000);
    expect(crash.probableRoot).toBe("db-core-banking-primary");
  }, 120_000);

  it("quiet day: nothing notifies; fault-free payday: at most 3 notifications", async () => {
    const quiet = await runScenario({ ...loadScenario("quiet-day"), supervisor: quietSupervisor });
    expect(quiet.summary.alertsNotified).toBe(0);
    const payday = await runScenario({ ...loadScenario("db-crash-payday"), faults: [], supervisor: quietSupervisor });
    expect(payday.summary.alertsNotified).toBeLessThanOrEqual(3);
  }, 180_000);

  it("detects a down distribution switch with NetworkDeviceDown, and the supervisor names it first", async () => {
    const result = await runScenario({
      ...loadScenario("quiet-day"),
      horizon: "12h",
      faults: [{ kind: "network_outage", target: "sw-dist-eu-west-dc1-p2-a", at: "10:00", duration: "30m" }],
      supervisor: { kind: "heuristic" },
    });
    const device = result.alerts.find((a) => a.rule === "NetworkDeviceDown" && a.node === "sw-dist-eu-west-dc1-p2-a");
    expect(device).toMatchObject({ kind: "resolved" });
    expect(device!.kind === "resolved" && device!.notifiedAt).toBeGreaterThanOrEqual(36000);
    const incident = result.incidents.find((i) => i.nodes.includes("sw-dist-eu-west-dc1-p2-a"))!;
    const diagnosis = result.annotations.find((a) => a.request === "diagnose" && a.subject === incident.id);
    expect(diagnosis?.answer?.kind === "diagnosis" && diagnosis.answer.candidates[0].node).toBe("sw-dist-eu-west-dc1-p2-a");
  }, 120_000);
});
