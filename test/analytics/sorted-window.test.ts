import { describe, expect, it } from "vitest";
import { SortedWindow } from "../../lib/analytics";
import { Rng } from "../../lib/random";

function naive(values: number[]): { median: number; mad: number } {
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  };
  const m = med(values);
  return { median: m, mad: med(values.map((v) => Math.abs(v - m))) };
}

describe("SortedWindow", () => {
  it("median() and mad() equal a sort of the last `capacity` values at every step (odd and even sizes, ties)", () => {
    for (const capacity of [5, 8, 31]) {
      const rng = new Rng(`sw${capacity}`);
      const w = new SortedWindow(capacity);
      const all: number[] = [];
      for (let i = 0; i < 400; i++) {
        const x = i % 7 === 0 ? 3 : Math.round(rng.normal() * 10) / 2;
        w.push(x);
        all.push(x);
        const expected = naive(all.slice(-capacity));
        expect(w.median()).toBeCloseTo(expected.median, 12);
        expect(w.mad()).toBeCloseTo(expected.mad, 12);
      }
    }
  });

  it("rejects a capacity below 3", () => {
    expect(() => new SortedWindow(2)).toThrow(/SortedWindow: expected capacity to be an integer >= 3 but found 2/);
  });
});
