// Incidents: firing alerts grouped by shared upstream, service or labels, with a probable root.
import { describe, expect, it } from "vitest";
import { adjacencyTopology, createRuleEngine, parseRuleSet, tableFacts, type RuleJson } from "../../lib/rules";

const topology = adjacencyTopology({ dependsOn: { app1: ["db"], app2: ["db"], pay: ["app1"], cards: ["app2"], lone: [] }, services: ["pay", "cards"] });
const rules = (groupBy?: string[]): RuleJson[] => [
  { name: "Down", severity: "critical", conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, ...(groupBy ? { group_by: groupBy } : {}) },
  { name: "Slow", severity: "warning", labels: { team: "apps" }, conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] }, ...(groupBy ? { group_by: groupBy } : {}) },
];
const estate = () =>
  tableFacts(["db", "app1", "app2", "pay", "cards", "lone"].map((id) => ({ id, kind: id === "db" ? "database" : id === "pay" || id === "cards" ? "business_service" : "application", status: "up", latency_ms: 50 })));

describe("IncidentTracker (through RuleEngine.incidents())", () => {
  it("puts alerts on a node and its dependents in one incident whose probable root is the shared upstream", () => {
    const engine = createRuleEngine(parseRuleSet(rules()), { topology });
    const facts = estate();
    facts.update({ db: { status: "down" }, app1: { latency_ms: 400 }, pay: { latency_ms: 400 }, lone: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    const incidents = engine.incidents();
    expect(incidents.map((i) => [i.id, i.kind, i.nodes, i.probableRoot, i.severity, i.services])).toEqual([
      ["INC-0001", "open", ["db", "app1", "pay"], "db", "critical", ["pay", "cards"]],
      ["INC-0002", "open", ["lone"], "lone", "warning", []],
    ]);
    expect(incidents[0].title).toBe("db: Down, Slow");
  });

  it("closes an incident when its last alert resolves", () => {
    const engine = createRuleEngine(parseRuleSet(rules()), { topology });
    const facts = estate();
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    facts.update({ app1: { latency_ms: 50 } });
    engine.evaluate(30, facts);
    expect(engine.incidents()).toMatchObject([{ id: "INC-0001", kind: "closed", openedAt: 0, closedAt: 30, firing: [], alertIds: ["Slow/app1/0"] }]);
  });

  it("merges two incidents into the older one when a shared cause links them", () => {
    const engine = createRuleEngine(parseRuleSet(rules(["upstream"])), { topology });
    const facts = estate();
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    facts.update({ app2: { latency_ms: 400 } });
    engine.evaluate(30, facts);
    expect(engine.incidents().map((i) => i.kind)).toEqual(["open", "open"]);
    facts.update({ db: { status: "down" } });
    engine.evaluate(60, facts);
    const [older, newer] = engine.incidents();
    expect(older).toMatchObject({ kind: "open", nodes: ["app1", "app2", "db"], probableRoot: "db", rootCandidates: ["db"] });
    expect(newer).toMatchObject({ kind: "closed", closedAt: 60, mergedInto: "INC-0001" });
  });

  it("keeps an open incident together after the alert that linked it resolves", () => {
    const engine = createRuleEngine(parseRuleSet(rules(["upstream"])), { topology });
    const facts = estate();
    facts.update({ db: { status: "down" }, app1: { latency_ms: 400 }, app2: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    facts.update({ db: { status: "up" } });
    engine.evaluate(30, facts);
    expect(engine.incidents()).toMatchObject([{ kind: "open", firing: ["Slow/app1/0", "Slow/app2/0"] }]);
  });

  it("groups by label values when group_by names labels, and not at all with an empty group_by", () => {
    const byTeam = createRuleEngine(parseRuleSet(rules(["team"])), { topology });
    const facts = estate();
    facts.update({ app1: { latency_ms: 400 }, lone: { latency_ms: 400 } });
    byTeam.evaluate(0, facts);
    expect(byTeam.incidents().map((i) => i.nodes)).toEqual([["app1", "lone"]]);
    const apart = createRuleEngine(parseRuleSet(rules([])), { topology });
    facts.update({ app1: { status: "down" } });
    apart.evaluate(0, facts);
    expect(apart.incidents().map((i) => i.alertIds)).toEqual([["Down/app1/0"], ["Slow/app1/0"], ["Slow/lone/0"]]);
  });

  it("joins a symptom to the incident of the cause inhibiting it, even across group_by", () => {
    const set = parseRuleSet([
      { name: "Down", conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, inhibits: [{ rules: ["Slow"], on: "all" }], group_by: [] },
      { name: "Slow", conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] }, group_by: [] },
    ]);
    const engine = createRuleEngine(set, { topology });
    const facts = estate();
    facts.update({ db: { status: "down" }, lone: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    expect(engine.incidents()).toMatchObject([{ nodes: ["db", "lone"], causes: ["Down/db/0"] }]);
  });

  it("ranks the cause's node first when there is no topology", () => {
    const set = parseRuleSet([
      { name: "Down", conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, inhibits: [{ rules: ["Slow"], on: "all" }] },
      { name: "Slow", conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] } },
    ]);
    const engine = createRuleEngine(set);
    const facts = estate();
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    facts.update({ db: { status: "down" } });
    engine.evaluate(30, facts);
    expect(engine.incidents()[0]).toMatchObject({ probableRoot: "db", rootCandidates: ["db", "app1"] });
  });
});

describe("IncidentTracker grouping in time", () => {
  it("opens a new incident for a related alert that starts after the group window, and joins one that starts within it", () => {
    const engine = createRuleEngine(parseRuleSet(rules(["upstream"])), { topology, groupWindowSeconds: 600 });
    const facts = estate();
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(0, facts);
    // 20 minutes later the database behind app1 fails: a new fault, not the background slowness.
    facts.update({ db: { status: "down" } });
    engine.evaluate(1200, facts);
    // Five minutes after that, app2 (also behind db) slows: the db's fault, within the window.
    facts.update({ app2: { latency_ms: 400 } });
    engine.evaluate(1500, facts);
    expect(engine.incidents().map((i) => [i.id, i.kind, i.nodes])).toEqual([
      ["INC-0001", "open", ["app1"]],
      ["INC-0002", "open", ["db", "app2"]],
    ]);
  });

  it("reopens a just-closed incident when a related alert fires within the window, instead of opening another", () => {
    const engine = createRuleEngine(parseRuleSet(rules(["upstream"])), { topology, groupWindowSeconds: 600 });
    const facts = estate();
    facts.update({ db: { status: "down" } });
    engine.evaluate(0, facts);
    facts.update({ db: { status: "up" } });
    engine.evaluate(60, facts);
    expect(engine.incidents()[0]).toMatchObject({ kind: "closed", closedAt: 60 });
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(300, facts);
    expect(engine.incidents().map((i) => [i.id, i.kind, i.nodes])).toEqual([["INC-0001", "open", ["db", "app1"]]]);
    // Past the window, the same node's new alert is a new incident.
    facts.update({ app1: { latency_ms: 50 } });
    engine.evaluate(360, facts);
    facts.update({ app1: { latency_ms: 400 } });
    engine.evaluate(1200, facts);
    expect(engine.incidents().map((i) => [i.id, i.kind])).toEqual([["INC-0001", "closed"], ["INC-0002", "open"]]);
  });

  it("refuses a negative group window, naming the option", () => {
    expect(() => createRuleEngine(parseRuleSet(rules()), { groupWindowSeconds: -1 })).toThrow(/createRuleEngine: expected options\.groupWindowSeconds to be a number of seconds >= 0 but found -1/);
  });
});
