// Alerts, transitions and incidents as danfo DataFrames.
import { describe, expect, it } from "vitest";
import { classicRules } from "./fixtures";
import { adjacencyTopology, alertRecordsFrame, alertsFrame, createRuleEngine, incidentsFrame, loadDefaultRules, tableFacts, transitionColumns } from "../../lib/rules";

function engineAfterOutage() {
  const engine = createRuleEngine(classicRules(), { topology: adjacencyTopology({ dependsOn: { app: ["db"] } }) });
  const facts = tableFacts([
    { id: "db", kind: "database", status: "down" },
    { id: "app", kind: "application", latency_ms: 400 },
  ]);
  engine.evaluate(0, facts);
  engine.evaluate(60, facts);
  facts.update({ db: { status: "up" }, app: { latency_ms: 50 } });
  engine.evaluate(90, facts);
  return engine;
}

describe("transitionColumns()", () => {
  it("lays transitions out as columns with NaN where a field does not apply", () => {
    const columns = transitionColumns(engineAfterOutage().history());
    expect(columns.kind).toEqual(["pending", "pending", "firing", "firing", "inhibited", "resolved", "resolved"]);
    expect(columns.value_text.slice(0, 2)).toEqual(["400", "n/a"]);
    expect(columns.resolved_at.slice(-1)).toEqual([90]);
    expect(Number.isNaN(columns.fired_at[0] as number)).toBe(true);
    expect(columns.inhibited_by[4]).toBe("DatabaseDown/db/0");
  });
});

describe("alertsFrame(), alertRecordsFrame() and incidentsFrame()", () => {
  it("build DataFrames with one row per transition, alert and incident", () => {
    const engine = engineAfterOutage();
    const transitions = alertsFrame(engine.history());
    expect(transitions.shape).toEqual([7, 12]);
    expect(transitions.columns.slice(0, 5)).toEqual(["time", "kind", "alert_id", "rule", "node"]);
    const alerts = alertRecordsFrame(engine.allAlerts());
    expect(alerts.shape).toEqual([2, 10]);
    expect(alerts.column("summary").values).toEqual(["Latency 400 ms on app", "Database db is down (n/a dependents)"]);
    const incidents = incidentsFrame(engine.incidents());
    expect(incidents.shape).toEqual([1, 11]);
    expect(incidents.column("probable_root").values).toEqual(["db"]);
    expect(alertsFrame([]).columns).toContain("alert_id");
  }, 30_000);

  it("names a bad argument", () => {
    expect(() => alertsFrame({} as never)).toThrow("transitionColumns: expected history to be an array of alert transitions (engine.history()) but found {}.");
  });
});
