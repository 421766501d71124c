// Sync sessions and replay: observed load drives the twin, deviations and episodes find what the twin was not told, steps move forward.
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../../lib/errors";
import { loadTopology } from "../../lib/graph";
import type { LiveSample } from "../../lib/ingest/live";
import { parseRuleSet } from "../../lib/rules";
import { HeuristicSupervisor, SupervisorQueue } from "../../lib/llm";
import { askAboutEpisodes, episodeIncident, openSync, replay, SYNC_METRICS } from "../../lib/sync";
import { reality } from "./fixtures/reality";

const START = "2026-11-23";
const HOURS = 3;

/** Largest |observed − predicted| of a metric over every node and step of a replay. */
function maxAbsDeviation(result: ReturnType<typeof replay>, metric: string): number {
  const m = result.predicted.metricIndex(metric);
  let max = 0;
  for (let v = 0; v < result.predicted.nodeIds.length; v++)
    for (let s = 0; s < result.steps; s++) {
      const o = result.observed.valueAt(m, v, s);
      if (o === o) max = Math.max(max, Math.abs(o - result.predicted.valueAt(m, v, s)));
    }
  return max;
}

describe("replay", () => {
  // Reality with the twin's own parameters (same seed) but 1.6× the traffic its load model expects all along.
  const busy = reality(loadTopology("reference-bank"), { seed: 1, start: START, days: HOURS / 24, realism: "clean", spread: 0, surge: 1.6 });
  const sameEstate = { seed: 1, start: START, deviation: { warmup: 5 } };

  test("the observed request rates drive the twin: predictions match a reality of the same estate under other traffic", () => {
    const result = replay(loadTopology("reference-bank"), busy.telemetry, sameEstate);
    expect(result.steps).toBe(HOURS * 60);
    expect(result.warnings).toEqual([]);
    // float32 storage of the observations is the only difference.
    expect(maxAbsDeviation(result, "cpu")).toBeLessThan(1e-5);
    expect(maxAbsDeviation(result, "latency_ms")).toBeLessThan(1e-3 * 50);
    expect(result.episodes).toEqual([]);
  }, 120_000);

  test("without observed rates the load model drives every service, each named once in the warnings, and the twin no longer matches", () => {
    const result = replay(loadTopology("reference-bank"), busy.telemetry, { ...sameEstate, loadMapping: { metrics: ["no_such_metric"] } });
    expect(result.warnings.filter((w) => w.includes("load model"))).toHaveLength(20);
    expect(maxAbsDeviation(result, "cpu")).toBeGreaterThan(0.05);
  }, 120_000);

  test("a fault production had and the twin was not told about becomes the top deviation episode, a deviation rule fires on it, the supervisor is asked", async () => {
    const db = "db-payments-hub-primary";
    const faulty = reality(loadTopology("reference-bank"), { seed: 1, start: START, days: HOURS / 24, realism: "clean", spread: 0, faults: [{ kind: "cpu_hog", target: db, at: "01:30", duration: "40m", params: { share: 0.5 } }] });
    const rules = parseRuleSet({
      rules: [{ name: "twin-disagrees", severity: "warning", for: "10m", conditions: { all: [{ fact: "deviation", params: { metric: "cpu", measure: "z" }, operator: "greaterThan", value: 4 }] } }],
    });
    const result = replay(loadTopology("reference-bank"), faulty.telemetry, { ...sameEstate, rules });
    const top = result.episodes[0];
    expect(top.node).toBe(db);
    expect(top.metrics).toContain("cpu");
    expect(top.start).toBeGreaterThanOrEqual(Date.parse("2026-11-23T01:30:00Z"));
    expect(top.start).toBeLessThanOrEqual(Date.parse("2026-11-23T01:33:00Z"));
    expect(top.end).not.toBeNull();
    expect(top.end!).toBeLessThanOrEqual(Date.parse("2026-11-23T02:13:00Z"));
    expect(top.peakDeviation).toBeGreaterThan(0.3);
    const fired = result.alerts.filter((a) => a.rule === "twin-disagrees" && a.node === db);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.every((a) => a.kind !== "pending")).toBe(true);
    // The supervisor is asked about the top episodes as an incident, and the offline heuristic answers.
    const incident = episodeIncident(result.session, { top: 3 })!;
    // The fault starts at 01:30; the first step that shows it ends at 01:31.
    expect(incident.alerts[0]).toMatchObject({ rule: "twin_deviation", node: db, since: 91 * 60 });
    expect(incident.alerts[0].summary).toMatch(/production's cpu ran up to 0\.\d+ above the twin's prediction/);
    expect(incident.services).toContain("svc-payments");
    expect(incident.context.nodes.some((n) => n.id === db)).toBe(true);
    const queue = new SupervisorQueue(new HeuristicSupervisor());
    const id = askAboutEpisodes(result.session, queue)!;
    await queue.drain({ deadlineMs: 30_000 });
    expect(queue.annotation(id)).toMatchObject({ status: "answered", request: "diagnose" });
  }, 120_000);

  test("faults injected on top of the observed load show in the prediction only", () => {
    const db = "db-payments-hub-primary";
    const result = replay(loadTopology("reference-bank"), busy.telemetry, { ...sameEstate, faults: [{ kind: "cpu_hog", target: db, at: "01:00", duration: "30m", params: { share: 0.5 } }] });
    const m = result.predicted.metricIndex("cpu");
    const v = result.predicted.nodeIndex(db);
    expect(result.predicted.valueAt(m, v, 70) - result.observed.valueAt(m, v, 70)).toBeGreaterThan(0.3);
    expect(Math.abs(result.predicted.valueAt(m, v, 120) - result.observed.valueAt(m, v, 120))).toBeLessThan(1e-5);
  }, 120_000);
});

describe("SyncSession.advance", () => {
  const samples = (time: number, rps: number): LiveSample[] => [
    { time, node: "svc-payments", metric: "requests_per_s", value: rps },
    { time, node: "db-payments-hub-primary", metric: "cpu", value: 0.4 },
    { time, node: "no-such-node", metric: "cpu", value: 0.4 },
  ];

  test("one step per call: predicted everywhere, observed where data came, NaN elsewhere; unknown nodes are reported once", () => {
    const session = openSync(loadTopology("reference-bank"), { start: "2026-11-23T10:00:00Z", step: "1m" });
    const t1 = Date.parse("2026-11-23T10:01:00Z");
    expect(session.nextTime).toBe(t1);
    const step = session.advance({ time: t1, samples: samples(t1 - 30_000, 500) });
    const v = session.twin.topology.indexOf.get("db-payments-hub-primary")!;
    expect(step.step).toBe(0);
    expect(step.observed.cpu[v]).toBeCloseTo(0.4);
    expect(step.deviation.cpu[v]).toBeCloseTo(0.4 - step.predicted.cpu[v]);
    for (const m of SYNC_METRICS) expect(step.predicted[m].every((x) => Number.isFinite(x))).toBe(true);
    expect(Number.isNaN(step.observed.cpu[session.twin.topology.indexOf.get("app-core-banking-1")!])).toBe(true);
    expect(step.observedServices).toBe(1);
    expect(step.modelServices).toBe(19);
    expect(session.twin.state.demand[session.twin.topology.indexOf.get("svc-payments")!]).toBeCloseTo(500);
    session.advance({ time: t1 + 60_000, samples: samples(t1 + 30_000, 500) });
    expect(session.warnings().filter((w) => w.includes("no-such-node"))).toHaveLength(1);
  });

  test("a time that goes back is refused, naming the expected time; a skipped step is computed as a gap", () => {
    const session = openSync(loadTopology("reference-bank"), { start: Date.parse("2026-11-23T10:00:00Z") });
    const t1 = Date.parse("2026-11-23T10:01:00Z");
    session.advance({ time: t1, samples: samples(t1, 500) });
    expect(() => session.advance({ time: t1, samples: [] })).toThrow(InvalidArgumentError);
    expect(() => session.advance({ time: t1, samples: [] })).toThrow(/observed\.time.*10:02:00.*steps move forward/);
    const step = session.advance({ time: t1 + 3 * 60_000, samples: samples(t1 + 3 * 60_000, 500) });
    expect(step.step).toBe(3);
    expect(session.gapSteps).toBe(2);
    expect(session.warnings().some((w) => w.includes("2 step(s) had no data"))).toBe(true);
  });

  test("bad options name the field", () => {
    expect(() => openSync(loadTopology("reference-bank"), { start: "yesterday" })).toThrow(/openSync: expected start/);
    expect(() => openSync(loadTopology("reference-bank"), { start: 0, deviation: { threshold: -1 } })).toThrow(/deviation\.threshold/);
    expect(() => openSync(loadTopology("reference-bank"), { start: 0, loadMapping: { services: { gw: "db-payments-hub-primary" } } })).toThrow(/loadMapping\.services\.gw/);
  });
});
