// Tests of erlangC: known closed forms and validation.
import { describe, expect, it } from "vitest";
import { erlangC } from "../../lib/sim";

describe("erlangC", () => {
  it("`erlangC()` matches M/M/1: P(wait) = ρ and Wq = ρ / (μ − λ)", () => {
    const r = erlangC({ arrivalRate: 0.5, serviceRate: 1, channels: 1 });
    expect(r.kind).toBe("erlang-c");
    expect(r.utilisation).toBeCloseTo(0.5, 12);
    expect(r.probabilityOfWaiting).toBeCloseTo(0.5, 12);
    expect(r.meanWait).toBeCloseTo(1, 12);
    expect(r.meanQueueLength).toBeCloseTo(0.5, 12);
    expect(r.meanResponseTime).toBeCloseTo(2, 12);
  });

  it("`erlangC()` matches the textbook M/M/2 value (a = 1: C = 1/3)", () => {
    const r = erlangC({ arrivalRate: 1, serviceRate: 1, channels: 2 });
    expect(r.probabilityOfWaiting).toBeCloseTo(1 / 3, 12);
    expect(r.meanWait).toBeCloseTo(1 / 3, 12);
  });

  it("`erlangC()` matches the direct formula for M/M/4 at ρ = 0.8", () => {
    const a = 3.2;
    const c = 4;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    const top = term * (c / (c - a));
    const expected = top / (sum + top);
    const r = erlangC({ arrivalRate: 3.2, serviceRate: 1, channels: 4 });
    expect(r.probabilityOfWaiting).toBeCloseTo(expected, 12);
    expect(r.meanWait).toBeCloseTo(expected / (4 - 3.2), 12);
  });

  it("`erlangC()` rejects unstable queues and bad parameters", () => {
    expect(() => erlangC({ arrivalRate: 4, serviceRate: 1, channels: 4 })).toThrow(
      "erlangC: expected arrivalRate to be below channels × serviceRate (4) for a steady state but found 4.",
    );
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 0, channels: 1 })).toThrow("erlangC: expected serviceRate to be a finite number > 0 but found 0.");
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 1, channels: 1.5 })).toThrow("erlangC: expected channels to be an integer >= 1 but found 1.5.");
  });
});
