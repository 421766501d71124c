import { describe, expect, it } from "vitest";
import { combineWindowScores, evaluateDetectors, evaluationMarkdown, parseNabCsv, scoreWindows, splitHalves, syntheticLabelledSeries } from "../../lib/analytics";

describe("scoreWindows()", () => {
  const times = Float64Array.from({ length: 20 }, (_, i) => i * 600);
  it("counts a window as detected once, an episode outside all windows as one false alarm, and the delay from the window start", () => {
    const scores = new Float64Array(20);
    scores[5] = scores[6] = 0.9; // inside window 1 (3000..4800)
    scores[15] = 0.7; // outside: one false alarm
    scores[16] = 0.7; // 600 s later: same episode
    const s = scoreWindows(times, scores, [{ start: 3000, end: 4800 }, { start: 6000, end: 7200 }]);
    expect([s.detected, s.windows, s.falseAlarms, s.episodes]).toEqual([1, 2, 1, 2]);
    expect(s.delays).toEqual([0]);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBe(0.5);
    const both = combineWindowScores([s, s]);
    expect([both.detected, both.windows, both.falseAlarms]).toEqual([2, 4, 2]);
  });
});

describe("evaluation on real-shaped labelled series (what CI runs instead of the NAB download)", () => {
  it("scores every detector the same way; the ensemble keeps false alarms far below single detectors", () => {
    const series = syntheticLabelledSeries(1, { count: 8 });
    const evaluations = evaluateDetectors(series, ["robust_z", "ensemble"]);
    const [robust, ensemble] = evaluations;
    expect(robust.overall.windows).toBe(ensemble.overall.windows);
    expect(ensemble.overall.falseAlarms).toBeLessThan(robust.overall.falseAlarms / 5);
    expect(ensemble.overall.f1).toBeGreaterThan(robust.overall.f1);
    expect(ensemble.overall.detected).toBeGreaterThan(0);
    expect(evaluationMarkdown(evaluations)).toContain("| ensemble |");
  }, 120_000);

  it("parses NAB files (UTC timestamps) and splits series into fixed halves", () => {
    const { times, values } = parseNabCsv("timestamp,value\n2014-02-14 14:30:00,0.132\n2014-02-14 14:35:00,0.2\n");
    expect(Array.from(times)).toEqual([Date.UTC(2014, 1, 14, 14, 30) / 1000, Date.UTC(2014, 1, 14, 14, 35) / 1000]);
    expect(Array.from(values)).toEqual([0.132, 0.2]);
    const halves = splitHalves([{ id: "c" }, { id: "a" }, { id: "b" }]);
    expect(halves.tune.map((s) => s.id)).toEqual(["a", "c"]);
    expect(halves.holdout.map((s) => s.id)).toEqual(["b"]);
  });
});
