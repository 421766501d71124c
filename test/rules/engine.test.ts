// The rule engine: Prometheus' alert lifecycle (for, keep_firing_for), state round trips, fallback rules, scope and inhibition.
import { describe, expect, it } from "vitest";
import { classicRules } from "./fixtures";
import { NotFoundError, UsageError } from "../../lib/errors";
import {
  adjacencyTopology,
  createRuleEngine,
  loadDefaultRules,
  parseRuleSet,
  stepObserver,
  tableFacts,
  type AlertTransition,
  type RuleJson,
  type RuleEngineState,
} from "../../lib/rules";

const hot = (extra: Partial<RuleJson> = {}): RuleJson => ({ name: "Hot", conditions: { all: [{ fact: "cpu", operator: "greaterThan", value: 0.8 }] }, ...extra });

/** Evaluates at each (time, cpu) pair for node "n1" and returns "time kind" strings. */
function run(rule: RuleJson, series: [number, number][]): string[] {
  const facts = tableFacts([{ id: "n1", kind: "server", cpu: 0 }]);
  const engine = createRuleEngine(parseRuleSet([rule]));
  const out: string[] = [];
  for (const [time, cpu] of series) {
    facts.set("n1", "cpu", cpu);
    for (const t of engine.evaluate(time, facts)) out.push(`${time} ${t.kind}`);
  }
  return out;
}

describe("RuleEngine.evaluate() alert lifecycle", () => {
  it("goes pending when the condition holds and fires at the first evaluation where now - activeAt >= for", () => {
    const series: [number, number][] = [0, 30, 60, 90, 120, 150].map((t) => [t, 0.9]);
    expect(run(hot({ for: "2m" }), series)).toEqual(["0 pending", "120 firing"]);
  });

  it("fires in the same evaluation when for is 0", () => {
    expect(run(hot(), [[0, 0.9]])).toEqual(["0 pending", "0 firing"]);
  });

  it("measures for in time, not in evaluations, when steps are irregular", () => {
    expect(run(hot({ for: "1m" }), [[0, 0.9], [10, 0.9], [59, 0.9], [61, 0.9]])).toEqual(["0 pending", "61 firing"]);
  });

  it("drops a pending alert whose condition stops before for elapses (it never fires)", () => {
    expect(run(hot({ for: "5m" }), [[0, 0.9], [60, 0.9], [120, 0.5], [180, 0.9]])).toEqual(["0 pending", "120 dropped", "180 pending"]);
  });

  it("resolves a firing alert at the first evaluation where the condition no longer holds", () => {
    expect(run(hot({ for: "30s" }), [[0, 0.9], [30, 0.9], [60, 0.9], [90, 0.5], [120, 0.5]])).toEqual(["0 pending", "30 firing", "90 resolved"]);
  });

  it("keeps firing for keep_firing_for, counted from the first evaluation where the condition stopped", () => {
    const series: [number, number][] = [[0, 0.9], [30, 0.5], [60, 0.5], [90, 0.5], [120, 0.5]];
    expect(run(hot({ keep_firing_for: "1m" }), series)).toEqual(["0 pending", "0 firing", "90 resolved"]);
  });

  it("restarts the keep_firing_for clock when the condition holds again", () => {
    const series: [number, number][] = [[0, 0.9], [30, 0.5], [60, 0.9], [90, 0.5], [120, 0.5], [150, 0.5]];
    expect(run(hot({ keep_firing_for: "1m" }), series)).toEqual(["0 pending", "0 firing", "150 resolved"]);
  });

  it("records activeAt, firedAt, resolvedAt, value, labels and rendered annotations", () => {
    const facts = tableFacts([{ id: "db-1", kind: "database", tier: 1, cpu: 0.91 }]);
    const engine = createRuleEngine(
      parseRuleSet([hot({ for: "1m", severity: "critical", labels: { team: "dba" }, annotations: { summary: "CPU {{ cpu | pct }} on {{ node }} ({{ kind }}, tier {{ tier }}, team {{ labels.team }})" } })]),
    );
    engine.evaluate(0, facts);
    facts.set("db-1", "cpu", 0.95);
    const fired = engine.evaluate(60, facts);
    expect(fired).toEqual([
      {
        kind: "firing",
        time: 60,
        alertId: "Hot/db-1/0",
        rule: "Hot",
        node: "db-1",
        severity: "critical",
        value: 0.95,
        activeAt: 0,
        firedAt: 60,
        annotations: { summary: "CPU 95% on db-1 (database, tier 1, team dba)" },
      },
    ]);
    const [alert] = engine.alerts();
    expect(alert).toMatchObject({ kind: "firing", labels: { alertname: "Hot", node: "db-1", severity: "critical", kind: "database", tier: "1", team: "dba" }, values: { cpu: 0.95 }, inhibitedBy: [] });
    facts.set("db-1", "cpu", 0.2);
    engine.evaluate(90, facts);
    expect(engine.alerts()).toEqual([]);
    expect(engine.finished()).toMatchObject([{ kind: "resolved", id: "Hot/db-1/0", activeAt: 0, firedAt: 60, resolvedAt: 90, value: 0.95 }]);
    expect(engine.history().map((t) => t.kind)).toEqual(["pending", "firing", "resolved"]);
  });

  it("prints the windowed value a condition compared when a template names its fact", () => {
    const facts = tableFacts([{ id: "db", kind: "database", replication_lag_s: 2, "replication_lag_s[5m:avg]": 42.4 }]);
    const engine = createRuleEngine(classicRules());
    for (const time of [0, 120]) engine.evaluate(time, facts);
    expect(engine.alerts()).toMatchObject([{ rule: "ReplicationLag", kind: "firing", value: 42.4, annotations: { summary: "Replication lag 42 s on db" } }]);
  });

  it("evaluates only the nodes in a rule's scope", () => {
    const facts = tableFacts([
      { id: "a", kind: "database", tier: 1, tags: ["prod", "eu"], cpu: 0.9 },
      { id: "b", kind: "database", tier: 2, tags: ["prod"], cpu: 0.9 },
      { id: "c", kind: "server", tier: 1, tags: ["prod", "eu"], cpu: 0.9 },
      { id: "d", kind: "database", tier: 1, tags: ["eu"], cpu: 0.9 },
    ]);
    const engine = createRuleEngine(parseRuleSet([hot({ scope: { kinds: ["database"], tiers: [1], tags: ["prod", "eu"] } }), hot({ name: "OnlyD", scope: { nodes: ["d"] } })]));
    const nodes = engine.evaluate(0, facts).filter((t) => t.kind === "firing").map((t) => `${t.rule}:${t.node}`);
    expect(nodes).toEqual(["Hot:a", "OnlyD:d"]);
  });

  it("skips disabled rules", () => {
    const facts = tableFacts([{ id: "a", kind: "server", cpu: 0.9 }]);
    expect(createRuleEngine(parseRuleSet([hot({ enabled: false })])).evaluate(0, facts)).toEqual([]);
  });

  it("carries alerts over to a new fact source by node id and resolves those whose node left", () => {
    const engine = createRuleEngine(parseRuleSet([hot()]));
    engine.evaluate(0, tableFacts([{ id: "a", kind: "server", cpu: 0.9 }, { id: "b", kind: "server", cpu: 0.9 }]));
    const next = engine.evaluate(30, tableFacts([{ id: "x", kind: "server", cpu: 0.1 }, { id: "b", kind: "server", cpu: 0.9 }]));
    expect(next.map((t) => `${t.kind} ${t.alertId}`)).toEqual(["resolved Hot/a/0"]);
    expect(engine.alerts().map((a) => a.id)).toEqual(["Hot/b/0"]);
  });

  it("refuses to go back in time and names what is wrong with its inputs", () => {
    const engine = createRuleEngine(parseRuleSet([hot()]));
    const facts = tableFacts([{ id: "a", kind: "server", cpu: 0.9 }]);
    engine.evaluate(60, facts);
    expect(() => engine.evaluate(30, facts)).toThrow(UsageError);
    expect(() => engine.evaluate(30, facts)).toThrow("RuleEngine.evaluate: time 30 is before the last evaluation at 60");
    expect(() => engine.evaluate(Number.NaN, facts)).toThrow("RuleEngine.evaluate: expected time to be a finite number of seconds but found NaN.");
    expect(() => engine.evaluate(90, {} as never)).toThrow(/expected facts to be a FactSource/);
  });

  it("names the rule and the fact when the fact source lacks a fact", () => {
    const rules = parseRuleSet([hot(), { name: "Custom", conditions: { all: [{ fact: "queue_depth", operator: "greaterThan", value: 10 }] } }], {
      facts: [{ name: "queue_depth", type: "number", unit: "messages", group: "metric", params: false, description: "Messages waiting." }],
    });
    const engine = createRuleEngine(rules);
    const facts = tableFacts([{ id: "a", kind: "queue", cpu: 0.1 }]);
    expect(() => engine.evaluate(0, facts)).toThrow(NotFoundError);
    expect(() => engine.evaluate(0, facts)).toThrow('RuleEngine.evaluate: fact "queue_depth" not found. Rule "Custom" reads it, but the fact source does not provide it.');
  });
});

describe("stepObserver()", () => {
  it("evaluates at each step and hands over the transitions", () => {
    const facts = tableFacts([{ id: "a", kind: "server", cpu: 0.9 }]);
    const seen: string[] = [];
    const observe = stepObserver(createRuleEngine(parseRuleSet([hot({ for: "30s" })])), facts, (transitions, time) => seen.push(`${time}: ${transitions.map((t) => t.kind).join(",")}`));
    for (const time of [0, 15, 30]) observe(time);
    expect(seen).toEqual(["0: pending", "30: firing"]);
  });
});

describe("RuleEngine.evaluateAsync()", () => {
  const custom = parseRuleSet(
    [hot({ for: "30s" }), { name: "DbName", conditions: { all: [{ fact: "name", operator: "startsWith", value: "db-" }] } }],
    { operators: { startsWith: (a, b) => typeof a === "string" && a.startsWith(String(b)) } },
  );

  it("runs rules the compiler does not support on json-rules-engine, while evaluate() refuses naming them", async () => {
    const engine = createRuleEngine(custom);
    expect(engine.fallbackRules).toEqual([{ rule: "DbName", reason: 'custom operator "startsWith"' }]);
    const facts = tableFacts([{ id: "db-1", kind: "database", cpu: 0.9 }, { id: "app-1", kind: "application", cpu: 0.1 }]);
    expect(() => engine.evaluate(0, facts)).toThrow('RuleEngine.evaluate: rules "DbName" (custom operator "startsWith") run on json-rules-engine, which is asynchronous; use evaluateAsync(time, facts).');
    const first = await engine.evaluateAsync(0, facts);
    expect(first.map((t) => `${t.kind} ${t.alertId}`)).toEqual(["pending Hot/db-1/0", "pending DbName/db-1/0", "firing DbName/db-1/0"]);
    const second = await engine.evaluateAsync(30, facts);
    expect(second.map((t) => `${t.kind} ${t.alertId}`)).toEqual(["firing Hot/db-1/0"]);
  });

  it("refuses overlapping calls", async () => {
    const engine = createRuleEngine(custom);
    const facts = tableFacts([{ id: "db-1", kind: "database", cpu: 0.9 }]);
    const first = engine.evaluateAsync(0, facts);
    await expect(engine.evaluateAsync(1, facts)).rejects.toThrow("called again before the previous evaluation finished");
    await first;
  });
});

describe("RuleEngine.state() and restore()", () => {
  it("continue after a JSON round trip exactly as an uninterrupted engine", () => {
    const topology = adjacencyTopology({ dependsOn: { app: ["db"], pay: ["app"] }, services: ["pay"] });
    const rows = [
      { id: "db", kind: "database", tier: 1 },
      { id: "app", kind: "application", tier: 1 },
      { id: "pay", kind: "business_service", tier: 1 },
    ];
    const script = (facts: ReturnType<typeof tableFacts>, step: number) => {
      facts.update({
        db: { status: step >= 10 && step < 20 ? "down" : "up", cpu: step % 7 < 4 ? 0.95 : 0.3, disk: 0.95 },
        app: { latency_ms: step >= 5 && step < 25 ? 450 : 80, error_rate: step >= 12 && step < 18 ? 0.2 : 0.001 },
        pay: { status: step >= 14 && step < 17 ? "down" : "up", latency_ms: step >= 8 && step < 22 ? 300 : 90 },
      });
    };
    const whole = createRuleEngine(classicRules(), { topology });
    const wholeFacts = tableFacts(rows);
    for (let step = 0; step < 40; step++) {
      script(wholeFacts, step);
      whole.evaluate(step * 30, wholeFacts);
    }
    const first = createRuleEngine(classicRules(), { topology });
    const facts = tableFacts(rows);
    for (let step = 0; step < 15; step++) {
      script(facts, step);
      first.evaluate(step * 30, facts);
    }
    const saved = JSON.parse(JSON.stringify(first.state())) as RuleEngineState;
    const second = createRuleEngine(classicRules(), { topology });
    second.restore(saved);
    const facts2 = tableFacts(rows);
    for (let step = 15; step < 40; step++) {
      script(facts2, step);
      second.evaluate(step * 30, facts2);
    }
    expect(second.history()).toEqual(whole.history());
    expect(second.alerts()).toEqual(whole.alerts());
    expect(second.finished()).toEqual(whole.finished());
    expect(second.incidents()).toEqual(whole.incidents());
    expect(whole.history().length).toBeGreaterThan(20);
  });

  it("rejects states from elsewhere", () => {
    const engine = createRuleEngine(parseRuleSet([hot()]));
    expect(() => engine.restore({ kind: "other" } as never)).toThrow(/RuleEngine\.restore: expected state to be a state from RuleEngine\.state\(\)/);
    const state = createRuleEngine(classicRules()).state();
    state.active.push({ kind: "pending", id: "X/a/0", rule: "X", node: "a", severity: "info", labels: {}, annotations: {}, activeAt: 0, value: 1, values: {} });
    expect(() => engine.restore(state)).toThrow('RuleEngine.restore: expected state.active[].rule to be a rule of set "rules" but found "X".');
  });
});

describe("RuleEngine inhibition", () => {
  const topology = adjacencyTopology({ dependsOn: { app: ["db"], web: ["app"], other: [] } });
  const rows = () =>
    tableFacts([
      { id: "db", kind: "database", status: "up" },
      { id: "app", kind: "application", status: "up", latency_ms: 500 },
      { id: "web", kind: "load_balancer", status: "up", latency_ms: 500 },
      { id: "other", kind: "application", status: "up", latency_ms: 500 },
    ]);
  const kinds = (transitions: AlertTransition[]) => transitions.map((t) => `${t.kind} ${t.rule}:${t.node}`);

  it("silences the dependents' symptom alerts while the cause fires, and lifts it when the cause resolves", () => {
    const engine = createRuleEngine(classicRules(), { topology });
    const facts = rows();
    expect(kinds(engine.evaluate(0, facts))).toEqual(["pending HighLatency:app", "pending HighLatency:web", "pending HighLatency:other"]);
    facts.set("db", "status", "down");
    expect(kinds(engine.evaluate(30, facts))).toEqual(["pending DatabaseDown:db"]);
    expect(kinds(engine.evaluate(60, facts))).toEqual([
      "firing HighLatency:app",
      "firing HighLatency:web",
      "firing HighLatency:other",
      "firing DatabaseDown:db",
      "inhibited HighLatency:app",
      "inhibited HighLatency:web",
    ]);
    const inhibited = engine.history().find((t) => t.kind === "inhibited")!;
    expect(inhibited).toMatchObject({ by: ["DatabaseDown/db/30"] });
    expect(engine.alerts().find((a) => a.node === "other" && a.kind === "firing")).toMatchObject({ inhibitedBy: [] });
    facts.set("db", "status", "up");
    expect(kinds(engine.evaluate(90, facts))).toEqual(["resolved DatabaseDown:db", "uninhibited HighLatency:app", "uninhibited HighLatency:web"]);
  });

  it("without a topology inhibits only the cause's own node, and says so", () => {
    const engine = createRuleEngine(classicRules());
    expect(engine.warnings).toEqual(['rule "DatabaseDown" inhibits on "dependents" but no topology was given: only alerts on the same node are inhibited.']);
    const facts = rows();
    facts.set("db", "status", "down");
    engine.evaluate(0, facts);
    expect(engine.evaluate(60, facts).filter((t) => t.kind === "inhibited")).toEqual([]);
  });

  it("matches targets by labels and requires equal labels", () => {
    const rules = parseRuleSet([
      { name: "SiteDown", labels: { site: "paris" }, conditions: { all: [{ fact: "status", operator: "equal", value: "down" }] }, inhibits: [{ labels: { team: "apps" }, on: "all", equal: ["site"] }] },
      { name: "Slow", labels: { team: "apps", site: "paris" }, conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] } },
      { name: "SlowLondon", labels: { team: "apps", site: "london" }, conditions: { all: [{ fact: "latency_ms", operator: "greaterThan", value: 200 }] } },
    ]);
    const engine = createRuleEngine(rules);
    const facts = rows();
    facts.set("db", "status", "down");
    const inhibited = engine.evaluate(0, facts).filter((t) => t.kind === "inhibited");
    expect(inhibited.map((t) => `${t.rule}:${t.node}`)).toEqual(["Slow:app", "Slow:web", "Slow:other"]);
  });
});
