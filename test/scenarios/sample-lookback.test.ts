// Instant facts as monitoring reads them: the latest sample held through a short scrape gap, missing after the lookback.
//
// Mutations tried by hand (each made a test here fail, then was restored):
// - update() writes NaN on every gap (no hold): the hold test fails.
// - the age check uses >= lookback + step (holds too long): the expiry test fails.
import { describe, expect, it } from "vitest";
import { SampleLookback } from "../../lib/scenarios/sample-lookback";

describe("SampleLookback", () => {
  it("holds the latest sample through a gap of up to the lookback, then reports it missing", () => {
    const column = new Float64Array(2);
    const held = new SampleLookback([column], { lookbackSeconds: 120 });
    const at = (t: number, a: number, b: number) => {
      column[0] = a;
      column[1] = b;
      held.update(t);
      return Array.from(held.values[0]);
    };
    expect(at(0, 0.5, 0.7)).toEqual([0.5, 0.7]);
    expect(at(60, NaN, 0.8)).toEqual([0.5, 0.8]);
    expect(at(120, NaN, 0.9)).toEqual([0.5, 0.9]);
    expect(at(180, NaN, 0.9)).toEqual([NaN, 0.9]);
    expect(at(240, 0.6, 0.9)).toEqual([0.6, 0.9]);
  });

  it("reads an exact column (the model's own array) directly, without a copy", () => {
    const model = new Float64Array([1, 2]);
    const held = new SampleLookback([model], { exact: [model] });
    expect(held.values[0]).toBe(model);
  });
});
