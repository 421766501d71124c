import { describe, expect, it } from "vitest";
import { createDetector, DETECTOR_NAMES, restoreDetector, scoreSeries, zToScore, scoreToZ } from "../../lib/analytics";
import { InvalidArgumentError, NotFoundError } from "../../lib/errors";
import { DAY_POINTS, seasonalSeries, withShift, withSpike } from "./series";

const SPIKE_AT = 10 * DAY_POINTS + 150; // a Thursday afternoon, after every detector's learning period
const strong = seasonalSeries("detectors");
// Detectors without a seasonal model (robust z, CUSUM, relative entropy) are meant for series whose daily swing is
// small beside their noise; they are tested on such a series, the seasonal-aware ones on a strongly seasonal one.
const weak = seasonalSeries("detectors", { amplitude: 3 });
const SEASONAL_AWARE = new Set(["windowed_gaussian", "seasonal", "holt_winters", "ensemble"]);
const LEARNED = 8 * DAY_POINTS;

/** Highest score in [from, to). */
function maxIn(scores: Float64Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, scores[i]);
  return m;
}

// What each detector is for: spikes, level shifts, or both (relative entropy and CUSUM watch distributions and levels).
// shiftWithin: points after a level shift by which the score must reach 0.5 (a histogram detector needs a window's worth).
const CATCHES: Record<string, { spike: boolean; shiftWithin: number }> = {
  robust_z: { spike: true, shiftWithin: 24 },
  windowed_gaussian: { spike: true, shiftWithin: 24 },
  seasonal: { spike: true, shiftWithin: 24 },
  holt_winters: { spike: true, shiftWithin: 24 },
  cusum: { spike: true, shiftWithin: 24 },
  relative_entropy: { spike: false, shiftWithin: 52 },
  // The ensemble averages member surprise over the last hour (real one-point spikes are rarely incidents): tested on a
  // 20-minute burst below instead.
  ensemble: { spike: false, shiftWithin: 24 },
};

describe("streaming detectors", () => {
  for (const name of DETECTOR_NAMES) {
    const clean = SEASONAL_AWARE.has(name) ? strong : weak;
    // Learning ends after a week (weekday and weekend both seen); the seasonal pattern must not alarm afterwards.
    it(`${name}: no alarm on the seasonal pattern after learning`, () => {
      const scores = scoreSeries(clean.times, clean.values, name);
      expect(maxIn(scores, LEARNED, scores.length)).toBeLessThan(0.5);
    });

    if (CATCHES[name].spike)
      it(`${name}: detects a spike at the point it happens`, () => {
        const s = withSpike(clean, SPIKE_AT, 40);
        const scores = scoreSeries(s.times, s.values, name);
        expect(maxIn(scores, SPIKE_AT, SPIKE_AT + 3)).toBeGreaterThanOrEqual(0.5);
        expect(maxIn(scores, LEARNED, SPIKE_AT)).toBeLessThan(0.5);
      });

    if (name === "ensemble")
      it("ensemble: detects a 20-minute burst within it, and stays below 0.5 on a lone one-point spike", () => {
        const burst = { times: clean.times, values: Float64Array.from(clean.values) };
        for (let i = SPIKE_AT; i < SPIKE_AT + 4; i++) burst.values[i] += 40;
        const scores = scoreSeries(burst.times, burst.values, name);
        expect(maxIn(scores, SPIKE_AT, SPIKE_AT + 4)).toBeGreaterThanOrEqual(0.5);
        expect(maxIn(scores, LEARNED, SPIKE_AT)).toBeLessThan(0.5);
        const lone = withSpike(clean, SPIKE_AT, 40);
        expect(maxIn(scoreSeries(lone.times, lone.values, name), SPIKE_AT, SPIKE_AT + 12)).toBeLessThan(0.5);
      });

    it(`${name}: detects a level shift within ${CATCHES[name].shiftWithin} points`, () => {
        const s = withShift(clean, SPIKE_AT, 25);
        const scores = scoreSeries(s.times, s.values, name);
        expect(maxIn(scores, SPIKE_AT, SPIKE_AT + CATCHES[name].shiftWithin)).toBeGreaterThanOrEqual(0.5);
        expect(maxIn(scores, LEARNED, SPIKE_AT)).toBeLessThan(0.5);
      });

    it(`${name}: toJSON/restore mid-stream continues with identical scores`, () => {
      const s = withShift(withSpike(clean, SPIKE_AT, 40), SPIKE_AT + 200, 25);
      const whole = scoreSeries(s.times, s.values, name);
      const first = createDetector(name);
      const half = 7 * DAY_POINTS + 13;
      for (let i = 0; i < half; i++) first.update(s.times[i], s.values[i]);
      const restored = restoreDetector(JSON.parse(JSON.stringify(first.toJSON())));
      for (let i = half; i < s.values.length; i++) expect(restored.update(s.times[i], s.values[i])).toBe(whole[i]);
    });
  }

  it("scores are in [0, 1], a NaN scores 0, and nothing looks ahead", () => {
    const s = withSpike(strong, SPIKE_AT, 40);
    const full = scoreSeries(s.times, s.values, "ensemble");
    const prefix = scoreSeries(s.times.subarray(0, SPIKE_AT + 1), s.values.subarray(0, SPIKE_AT + 1), "ensemble");
    expect(Array.from(prefix)).toEqual(Array.from(full.subarray(0, SPIKE_AT + 1)));
    for (const v of full) expect(v >= 0 && v <= 1).toBe(true);
    expect(createDetector("robust_z").update(0, NaN)).toBe(0);
  });

  it("zToScore puts 0.5 at four standard deviations and scoreToZ inverts it", () => {
    expect(zToScore(4)).toBeCloseTo(0.5, 12);
    expect(zToScore(-4)).toBeCloseTo(0.5, 12);
    expect(scoreToZ(zToScore(6.5))).toBeCloseTo(6.5, 9);
    expect(zToScore(0)).toBe(0);
  });

  it("createDetector and restoreDetector errors name the call, the field and the value", () => {
    expect(() => createDetector("robust-z")).toThrow(NotFoundError);
    expect(() => createDetector("robust-z")).toThrow(/createDetector: detector "robust-z" not found.*Did you mean "robust_z"/);
    expect(() => createDetector("robust_z", { window: 2 })).toThrow(InvalidArgumentError);
    expect(() => createDetector("robust_z", { window: 2 })).toThrow(/robustZ: expected options.window to be an integer in \[5, 100000\] but found 2/);
    expect(() => createDetector("seasonal", { slotSeconds: 7000 })).toThrow(/divisor of 86400/);
    expect(() => restoreDetector({ detector: "cusum", version: 1, options: {}, state: {} } as never)).not.toThrow();
    expect(() => restoreDetector({ detector: "nope", version: 1, options: {}, state: {} })).toThrow(/restoreDetector: detector "nope" not found/);
  });
});
