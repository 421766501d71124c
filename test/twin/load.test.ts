// The load calendar: banking day and night batch curves, weekends, paydays, month-ends, smooth day transitions, seeded noise.
//
// Mutations tried by hand (each made at least one test here fail, then was restored):
// - LOAD_DEFAULTS.paydayFactor, weekendFactor, monthEndFactor each set to 1 (the calendar test fails).
// - dayFactor: batches also get the weekend factor (the night-batch test fails).
// - calendarFactor: transition blend removed (day factor switches at midnight) (the smoothness test fails).
// - factors(): noise drawn without the AR(1) term (x = innovation only) (the autocorrelation test fails).
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../lib/random";
import { SimCalendar } from "../../lib/time";
import { BANKING_DAY, LOAD_DEFAULTS, LoadModel, NIGHT_BATCH, loadShapeOf, validateLoadOptions } from "../../lib/twin";

const H = 3600;
const D = 86400;
/** November 2026: Tue 24 normal, Wed 25 payday, Sat 28 weekend, Mon 30 month-end (last day). */
const calendar = new SimCalendar("2026-11-24");
const model = (options = {}) => new LoadModel(calendar, ["banking", "batch"], { noise: 0, ...options }, new RandomStreams(1).stream("load"));

describe("LoadModel calendar", () => {
  it("follows the banking day: morning and afternoon peaks at 1.0, quiet nights", () => {
    const m = model();
    expect(m.calendarFactor("banking", 10 * H)).toBeCloseTo(BANKING_DAY[10], 12);
    expect(m.calendarFactor("banking", 15 * H)).toBe(1);
    expect(m.calendarFactor("banking", 3 * H)).toBeCloseTo(0.08, 12);
  });

  it("multiplies by the payday, weekend and month-end factors on their days", () => {
    const m = model();
    const tuesday = m.calendarFactor("banking", 10 * H);
    expect(m.calendarFactor("banking", D + 10 * H) / tuesday).toBeCloseTo(LOAD_DEFAULTS.paydayFactor, 12);
    expect(LOAD_DEFAULTS.paydayFactor).toBeGreaterThan(1.2);
    expect(m.calendarFactor("banking", 4 * D + 10 * H) / tuesday).toBeCloseTo(LOAD_DEFAULTS.weekendFactor, 12);
    expect(LOAD_DEFAULTS.weekendFactor).toBeLessThan(0.8);
    // Sunday 29 is within the last two days and a weekend; Monday 30 is month-end only.
    expect(m.calendarFactor("banking", 6 * D + 10 * H) / tuesday).toBeCloseTo(LOAD_DEFAULTS.monthEndFactor, 12);
    expect(LOAD_DEFAULTS.monthEndFactor).toBeGreaterThan(1.1);
    expect(m.calendarFactor("banking", 5 * D + 10 * H) / tuesday).toBeCloseTo(LOAD_DEFAULTS.monthEndFactor * LOAD_DEFAULTS.weekendFactor, 12);
  });

  it("runs night batches 01:00–05:00 every day, weekends included, heavier at month-end", () => {
    const m = model();
    expect(m.calendarFactor("batch", 2 * H)).toBe(NIGHT_BATCH[2]);
    expect(m.calendarFactor("batch", 12 * H)).toBeCloseTo(0.05, 12);
    expect(m.calendarFactor("batch", 4 * D + 12 * H)).toBeCloseTo(0.05, 12);
    expect(m.calendarFactor("batch", 6 * D + 12 * H) / m.calendarFactor("batch", 12 * H)).toBeCloseTo(LOAD_DEFAULTS.monthEndFactor, 12);
    expect(loadShapeOf("AML screening")).toBe("batch");
    expect(loadShapeOf("Mobile banking", ["online"])).toBe("banking");
  });

  it("changes day factors smoothly after midnight: no five-minute step moves load by more than 10 %", () => {
    const m = model();
    let worst = 0;
    for (let t = 300; t < 28 * D; t += 300) {
      const a = m.calendarFactor("banking", t - 300);
      const b = m.calendarFactor("banking", t);
      worst = Math.max(worst, Math.abs(Math.log(b / a)));
    }
    // Sunday 23:55 → Monday 00:00 used to jump × 1.83; the hourly curve alone moves up to ~8.3 % in five minutes at dawn.
    expect(Math.exp(worst)).toBeLessThan(1.1);
    const abrupt = model({ transitionHours: 0 });
    // Sunday 6 December 23:55 → Monday 00:00 with the switch at midnight: × 1.82 on the day factor.
    const sunday = 13 * D - 300;
    expect(abrupt.calendarFactor("banking", sunday + 300) / abrupt.calendarFactor("banking", sunday)).toBeGreaterThan(1.3);
  });

  it("knows the estate's peak: the busiest payday or month-end hour of the year", () => {
    const m = model();
    expect(m.knownPeak("banking")).toBeCloseTo(LOAD_DEFAULTS.paydayFactor, 6);
    expect(model({ paydays: [30] }).knownPeak("banking")).toBeCloseTo(LOAD_DEFAULTS.paydayFactor * LOAD_DEFAULTS.monthEndFactor, 6);
    expect(m.knownPeak("batch")).toBeCloseTo(LOAD_DEFAULTS.monthEndFactor, 6);
  });

  it("draws seeded, correlated log-normal noise around the calendar", () => {
    const draw = (seed: number) => {
      const m = new LoadModel(calendar, ["banking"], {}, new RandomStreams(seed).stream("load"));
      const out = new Float64Array(1);
      const xs: number[] = [];
      for (let t = 0; t < 3 * D; t += 60) {
        m.factors(t, out);
        xs.push(Math.log(out[0] / m.calendarFactor("banking", t)));
      }
      return xs;
    };
    const a = draw(4);
    expect(draw(4)).toEqual(a);
    expect(draw(5)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    let lag = 0;
    for (let i = 1; i < a.length; i++) lag += (a[i] - mean) * (a[i - 1] - mean);
    expect(sd).toBeGreaterThan(0.6 * LOAD_DEFAULTS.noise);
    expect(sd).toBeLessThan(1.4 * LOAD_DEFAULTS.noise);
    expect(lag / (a.length - 1) / sd ** 2).toBeCloseTo(LOAD_DEFAULTS.noiseCorrelation, 1);
  });

  it("rejects bad options, naming the field and value", () => {
    expect(() => validateLoadOptions({ transitionHours: 30 })).toThrow(/load\.transitionHours.*30/);
    expect(() => validateLoadOptions({ paydays: [0] })).toThrow(/load\.paydays/);
  });
});
