// Timelines over recorded telemetry: facts at each step, windows, lookback, static facts.
import { describe, expect, it } from "vitest";
import { telemetryFromCsv } from "../../lib/metrics";
import { tableFacts, timelineFromLongCsv, timelineFromSteps, timelineFromStore, type FactSource } from "../../lib/rules";
import { estateCsv, estateTopology } from "./fixtures";

function at(facts: Iterable<{ time: number; facts: FactSource }>, time: number): FactSource {
  for (const step of facts) if (step.time === time) return step.facts;
  throw new Error(`no step at ${time}`);
}

describe("timelineFromLongCsv()", () => {
  const csv = [
    "time,node,kind,tier,tags,redundancy_group,metric,value",
    "0,db-1,database,1,prod;eu,dbs,cpu,0.5",
    "0,db-1,database,1,prod;eu,dbs,status,0",
    "0,db-2,database,1,prod,dbs,status,0",
    "30,db-1,database,1,prod;eu,dbs,cpu,0.9",
    "30,db-1,database,1,prod;eu,dbs,status,2",
    "30,db-2,database,1,prod,dbs,status,0",
    "60,db-1,database,1,prod;eu,dbs,cpu,0.95",
    "400,db-1,database,1,prod;eu,dbs,cpu,0.2",
  ].join("\n");

  it("replays each step with metric facts, status names and static facts from label columns", () => {
    const timeline = timelineFromLongCsv(csv);
    // The same FactSource moves from step to step: read it while iterating.
    const steps: unknown[][] = [];
    for (const { time, facts } of timeline) steps.push([time, facts.accessor("cpu")!(0), facts.accessor("status")!(0), facts.accessor("status_code")!(0)]);
    expect(steps).toEqual([
      [0, 0.5, "up", 0],
      [30, 0.9, "down", 2],
      [60, 0.95, "down", 2],
      [400, 0.2, undefined, undefined],
    ]);
    const facts = at(timeline, 0);
    expect([facts.nodeId(1), facts.kind(0), facts.tier(0), facts.tags(0), facts.accessor("name")!(1)]).toEqual(["db-2", "database", 1, ["prod", "eu"], "db-2"]);
    expect(timeline.report.steps).toBe(4);
  });

  it("computes windowed statistics over the samples in (now - window, now]", () => {
    const timeline = timelineFromLongCsv(csv);
    const facts = at(timeline, 60);
    const stat = (stat: "avg" | "min" | "max" | "p50" | "p95" | "rate", window = 60) => facts.accessor("cpu", { window, stat })!(0);
    expect(stat("avg")).toBeCloseTo(0.925, 12);
    expect(stat("min")).toBe(0.9);
    expect(stat("max")).toBe(0.95);
    expect(stat("p50", 120)).toBe(0.9);
    expect(stat("p95", 120)).toBeCloseTo(0.945, 12);
    expect(stat("rate", 120)).toBeCloseTo((0.95 - 0.5) / 60, 12);
    expect(facts.accessor("availability", { window: 60, stat: "avg" })!(0)).toBe(0);
    // Windows use the samples there are (step 60 has no status sample): up at 0, down at 30.
    expect(facts.accessor("availability", { window: 90, stat: "avg" })!(0)).toBe(0.5);
    expect(facts.accessor("redundancy_left")!(0)).toBe(0);
    expect(facts.accessor("ram", { window: 60, stat: "avg" })!(0)).toBeUndefined();
  });

  it("carries the latest sample forward within the lookback, as Prometheus does", () => {
    const carried = at(timelineFromLongCsv(csv), 60);
    expect(carried.accessor("status")!(0)).toBe("down");
    const strict = at(timelineFromLongCsv(csv, { lookback: 0 }), 60);
    expect(strict.accessor("status")!(0)).toBeUndefined();
  });

  it("takes static facts from options.nodes and dependents from a topology", () => {
    const timeline = timelineFromLongCsv(estateCsv(), { nodes: [{ id: "app", tier: 3, tags: ["payments"], region: "paris" }], topology: estateTopology, from: 600, to: 660 });
    expect([...timeline].map((s) => s.time)).toEqual([600, 630, 660]);
    const facts = at(timeline, 600);
    expect([facts.tier(1), facts.tags(1), facts.accessor("region")!(1), facts.accessor("dependents")!(0), facts.accessor("dependents")!(1)]).toEqual([3, ["payments"], "paris", 1, 0]);
    expect(facts.accessor("unhealthy_dependencies")!(1)).toBe(0);
  });

  it("names a bad lookback", () => {
    expect(() => timelineFromStore(telemetryFromCsv(csv), { lookback: "5 mins" })).toThrow('timelineFromStore: expected options.lookback to be a duration such as "5m" or seconds but found "5 mins".');
  });
});

describe("timelineFromSteps()", () => {
  it("wraps any iterable of steps", () => {
    const steps = [0, 30].map((time) => ({ time, facts: tableFacts([{ id: "a", cpu: time }]) }));
    expect([...timelineFromSteps(steps)].map((s) => s.facts.accessor("cpu")!(0))).toEqual([0, 30]);
  });
});
