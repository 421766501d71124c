// Inhibition that follows the cause's actual state: a failed-over cause stops silencing new symptoms downstream; notified vs inhibited.
import { describe, expect, it } from "vitest";
import { adjacencyTopology, alertCounts, createRuleEngine, parseRuleSet, tableFacts, type RuleTopology } from "../../lib/rules";

const rules = parseRuleSet([
  { name: "DbDown", severity: "critical", scope: { kinds: ["database"] }, conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, inhibits: [{ rules: ["Slow", "ServiceDown"], on: "dependents" }] },
  { name: "Slow", severity: "warning", scope: { kinds: ["application"] }, conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] } },
  { name: "ServiceDown", severity: "critical", scope: { kinds: ["business_service"] }, conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] } },
]);

/** app1 and app2 call the db; pay is served by app1. `carries` says whether db still carries their traffic. */
function estate(): { topology: RuleTopology; facts: ReturnType<typeof tableFacts>; failover: () => void } {
  let carries = true;
  const base = adjacencyTopology({ dependsOn: { app1: ["db"], app2: ["db"], pay: ["app1"] }, services: ["pay"] });
  const topology: RuleTopology = { ...base, carriesLoad: (node) => node !== "db" || carries };
  const facts = tableFacts([
    { id: "db", kind: "database", status: "up" },
    { id: "app1", kind: "application", latency_ms: 50 },
    { id: "app2", kind: "application", latency_ms: 50 },
    { id: "pay", kind: "business_service", status: "up" },
  ]);
  return { topology, facts, failover: () => (carries = false) };
}

describe("RuleEngine inhibition that follows the cause's state", () => {
  it("silences a service down behind a database down (transitively), and counts it as fired but not notified", () => {
    const { topology, facts } = estate();
    const engine = createRuleEngine(rules, { topology });
    facts.update({ db: { status: "down" }, app1: { latency_ms: 900 }, pay: { status: "down" } });
    engine.evaluate(0, facts);
    expect(engine.alerts().map((a) => [a.rule, a.node, a.kind === "firing" ? a.inhibitedBy : null, a.kind === "firing" ? a.notifiedAt : null])).toEqual([
      ["DbDown", "db", [], 0],
      ["Slow", "app1", ["DbDown/db/0"], undefined],
      ["ServiceDown", "pay", ["DbDown/db/0"], undefined],
    ]);
    expect(alertCounts(engine.allAlerts())).toEqual({ fired: 3, notified: 1, inhibited: 2 });
  });

  it("keeps silencing symptoms that began during the outage after the failover, and notifies symptoms that begin after it", () => {
    const { topology, facts, failover } = estate();
    const engine = createRuleEngine(rules, { topology });
    facts.update({ db: { status: "down" }, app1: { latency_ms: 900 } });
    engine.evaluate(0, facts);
    failover();
    // The crashed primary is still down, but its standby carries the traffic now.
    engine.evaluate(60, facts);
    expect(engine.alerts().find((a) => a.node === "app1")).toMatchObject({ inhibitedBy: ["DbDown/db/0"] });
    facts.update({ app2: { latency_ms: 900 } });
    const transitions = engine.evaluate(120, facts).map((t) => `${t.kind} ${t.node}`);
    expect(transitions).toEqual(["pending app2", "firing app2"]);
    expect(engine.alerts().find((a) => a.node === "app2")).toMatchObject({ kind: "firing", inhibitedBy: [], notifiedAt: 120 });
    expect(alertCounts(engine.allAlerts())).toEqual({ fired: 3, notified: 2, inhibited: 1 });
  });

  it("keeps the handover times across state() and restore()", () => {
    const { topology, facts, failover } = estate();
    const engine = createRuleEngine(rules, { topology });
    facts.update({ db: { status: "down" }, app1: { latency_ms: 900 } });
    engine.evaluate(0, facts);
    failover();
    engine.evaluate(60, facts);
    const state = JSON.parse(JSON.stringify(engine.state()));
    expect(state.handovers).toEqual({ "DbDown/db/0": 60 });
    const again = createRuleEngine(rules, { topology });
    again.restore(state);
    again.evaluate(120, facts);
    expect(again.alerts().find((a) => a.node === "app1")).toMatchObject({ inhibitedBy: ["DbDown/db/0"] });
  });
});
