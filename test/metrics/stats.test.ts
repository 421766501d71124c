import { describe, expect, test } from "vitest";
import { percentileOf, rateOfChange, windowStat } from "../../lib/metrics";
import { close, randomSeries, referenceStat } from "./helpers";

const STATS = ["mean", "min", "max", "sum", "count", "last", "rate", "std", "p0", "p50", "p90", "p95", "p99", "p99.9", "p100"] as const;

describe("stats", () => {
  test("`windowStat()` matches the sorting reference on seeded data with missing values", () => {
    const values = randomSeries("stats", 400, 0.2);
    const times = Float64Array.from(values, (_, k) => k * 15 + (k % 3));
    for (const stat of STATS) {
      for (const [from, to] of [[0, 400], [10, 11], [37, 200], [399, 400], [5, 5]]) {
        const actual = windowStat(values, stat, { times, from, to });
        const expected = referenceStat(values, times, from, to, stat);
        expect(close(actual, expected), `${stat} over [${from}, ${to}): ${actual} vs ${expected}`).toBe(true);
      }
    }
  });

  test("`percentileOf()` interpolates linearly between closest ranks, like numpy", () => {
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileOf([10, 20, 30, 40, 50], 95)).toBeCloseTo(48, 12);
    expect(percentileOf([7], 99)).toBe(7);
    expect(percentileOf([NaN, 3, NaN, 1], 0)).toBe(1);
    expect(percentileOf([], 50)).toBeNaN();
    expect(percentileOf([5, 5, 5, 1, 9, 5], 50)).toBe(5);
    expect(() => percentileOf([1], 101)).toThrow("percentileOf: expected p to be a number in 0..100 but found 101.");
  });

  test("`percentileOf()` with a scratch buffer leaves the input untouched", () => {
    const values = Float64Array.from([9, 1, 8, 2, 7, 3]);
    const scratch = new Float64Array(6);
    expect(percentileOf(values, 50, 0, 6, scratch)).toBe(5);
    expect(Array.from(values)).toEqual([9, 1, 8, 2, 7, 3]);
  });

  test("`rateOfChange()` is per second between the first and last observed samples", () => {
    expect(rateOfChange([NaN, 10, 20, NaN, 40, NaN], [0, 60, 120, 180, 240, 300])).toBe(30 / 180);
    expect(rateOfChange([NaN, 10, NaN], [0, 60, 120])).toBeNaN();
  });

  test("`windowStat()` rejects unknown statistics and bad ranges", () => {
    expect(() => windowStat([1], "median" as never)).toThrow(/windowStat: expected stat to be "mean", .* but found "median"\./);
    expect(() => windowStat([1], "p101" as never)).toThrow(/but found "p101"/);
    expect(() => windowStat([1, 2], "mean", { from: 1, to: 3 })).toThrow(/expected from\/to to be integers with 0 <= from <= to <= 2/);
    expect(() => windowStat([1, 2], "rate")).toThrow(/expected times to be sample times/);
  });
});
