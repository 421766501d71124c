// Calibration against a hidden reality: held-out MAPE targets, determinism, and a calibrated topology that survives a save and a load.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadTopology, saveTopology } from "../../lib/graph";
import { calibrate, calibratedGraph, replay } from "../../lib/sync";
import { createTwin, nodeParameters } from "../../lib/twin";
import { days, reality } from "./fixtures/reality";

describe("calibrate", () => {
  // Two days of a differently parameterised estate seen through typical monitoring noise: day 1 trains, day 2 is held out.
  const world = reality(loadTopology("reference-bank"), { seed: 99, start: "2026-11-23", days: 2, realism: "typical" });
  const train = days(world.telemetry, 0, 1);
  const holdout = days(world.telemetry, 1, 2);
  const report = calibrate(loadTopology("reference-bank"), { train, holdout });
  const dir = mkdtempSync(join(tmpdir(), "infratwin-calibrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("held-out MAPE of hourly medians: CPU under 5 % and latency under 10 % after, from far worse before", () => {
    expect(report.window).toBe("holdout");
    expect(report.before.cpu).toBeGreaterThan(0.1);
    expect(report.before.latency).toBeGreaterThan(0.1);
    expect(report.after.cpu).toBeLessThan(0.05);
    expect(report.after.latency).toBeLessThan(0.1);
    expect(report.after.ram).toBeLessThan(report.before.ram);
    // Per node figures are there for every request node, and most service times came from the CPU slope.
    const fitted = report.nodes.filter((n) => n.serviceTime === "cpu slope");
    expect(fitted.length).toBeGreaterThan(report.nodes.length / 2);
    for (const n of fitted.slice(0, 20)) expect(Math.abs(n.parameters.baseCpu! - world.truth[n.node].baseCpu!)).toBeLessThan(0.02);
  }, 180_000);

  test("the same data gives the same calibration", () => {
    const again = calibrate(loadTopology("reference-bank"), { train, holdout: train, evaluationStep: "1h" });
    expect(again.calibration).toEqual(report.calibration);
  }, 180_000);

  test("a calibrated topology saved and loaded back makes twins with the fitted parameters, and replays the held-out day as well", () => {
    const path = join(dir, "calibrated.json");
    saveTopology(calibratedGraph(loadTopology("reference-bank"), report.calibration), path);
    const twin = createTwin(loadTopology(path));
    const params = nodeParameters(twin);
    for (const [id, p] of Object.entries(report.calibration.nodes).slice(0, 30)) {
      if (p.serviceMs !== undefined) expect(params[id].serviceMs).toBeCloseTo(p.serviceMs, 3);
      if (p.latencyFloorMs !== undefined) expect(params[id].latencyFloorMs).toBeCloseTo(p.latencyFloorMs, 3);
    }
    const fromFile = replay(loadTopology(path), holdout, { step: "5m", record: { metrics: ["cpu"] } });
    const fromOption = replay(loadTopology("reference-bank"), holdout, { step: "5m", calibration: report.calibration, record: { metrics: ["cpu"] } });
    const m = fromFile.predicted.metricIndex("cpu");
    for (let v = 0; v < 300; v += 7) expect(fromFile.predicted.valueAt(m, v, 100)).toBeCloseTo(fromOption.predicted.valueAt(m, v, 100), 3);
  }, 180_000);

  test("bad options name the field", () => {
    expect(() => calibrate(loadTopology("reference-bank"), {} as never)).toThrow(/calibrate: expected options\.train/);
    expect(() => calibrate(loadTopology("reference-bank"), { train, fitStep: "soon" })).toThrow(/fitStep/);
    expect(() => calibratedGraph(loadTopology("reference-bank"), { kind: "calibration", nodes: { nope: { serviceMs: 1 } } })).toThrow(/nope/);
  });
});
