// Tests of lib/random.ts: determinism, independent named streams, distribution moments, and errors on bad parameters.
import { describe, expect, it } from "vitest";
import { RandomStreams, Rng, rng } from "../lib/random";
import { InvalidArgumentError } from "../lib/errors";

const N = 200_000;

/** Sample mean and variance of n draws. */
function moments(draw: () => number, n = N): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return { mean, variance: m2 / (n - 1) };
}

/** Mean within 5 standard errors, variance within a relative tolerance. */
function expectMoments(draw: () => number, mean: number, variance: number, varianceTolerance = 0.05): void {
  const m = moments(draw);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / N) + 1e-12);
  expect(Math.abs(m.variance - variance) / variance).toBeLessThan(varianceTolerance);
}

function draws(r: Rng, n: number): number[] {
  return Array.from({ length: n }, () => r.random());
}

describe("RandomStreams", () => {
  it("`stream(name)` gives the same numbers for the same seed and name", () => {
    expect(draws(new RandomStreams(42).stream("arrivals"), 100)).toEqual(draws(new RandomStreams(42).stream("arrivals"), 100));
    expect(draws(new RandomStreams("scenario-a").stream("x"), 10)).toEqual(draws(new RandomStreams("scenario-a").stream("x"), 10));
  });

  it("`stream(name)` numbers are fixed across versions and platforms (golden values)", () => {
    const r = rng(42);
    expect([r.nextUint32(), r.nextUint32(), r.random(), r.int(1, 6)]).toEqual([2226710691, 2988254663, 0.46139357181299245, 6]);
    const s = rng("seed", "faults");
    expect([s.nextUint32(), s.exponential(2)]).toEqual([3648469114, 0.23871210793631206]);
  });

  it("`stream(name)` returns the same stream object, which continues its sequence", () => {
    const streams = new RandomStreams(1);
    const a = streams.stream("a");
    const first = a.random();
    expect(streams.stream("a")).toBe(a);
    expect(streams.stream("a").random()).not.toBe(first);
  });

  it("adding or drawing from another stream does not change a stream's numbers", () => {
    const alone = draws(new RandomStreams(7).stream("arrivals"), 1000);
    const busy = new RandomStreams(7);
    const faults = busy.stream("faults");
    const arrivals = busy.stream("arrivals");
    const mixed: number[] = [];
    for (let i = 0; i < 1000; i++) {
      faults.normal();
      busy.stream(`extra-${i % 10}`).random();
      mixed.push(arrivals.random());
    }
    expect(mixed).toEqual(alone);
  });

  it("different names or seeds give different numbers", () => {
    const base = draws(new RandomStreams(7).stream("a"), 20);
    expect(draws(new RandomStreams(7).stream("b"), 20)).not.toEqual(base);
    expect(draws(new RandomStreams(8).stream("a"), 20)).not.toEqual(base);
    // Slashes in seeds or names cannot make two different (seed, name) pairs collide.
    expect(draws(new RandomStreams("1/a").stream("b"), 20)).not.toEqual(draws(new RandomStreams("1").stream("a/b"), 20));
  });

  it("`rng(seed, name)` is the stream `name` of `new RandomStreams(seed)`", () => {
    expect(draws(rng(3, "x"), 10)).toEqual(draws(new RandomStreams(3).stream("x"), 10));
    expect(draws(rng(3), 10)).toEqual(draws(new RandomStreams(3).stream("default"), 10));
  });

  it("`new RandomStreams()` and `stream()` reject bad seeds and names", () => {
    expect(() => new RandomStreams(NaN)).toThrow("RandomStreams: expected seed to be a finite number or a string but found NaN.");
    expect(() => new RandomStreams({} as never)).toThrow(InvalidArgumentError);
    expect(() => new RandomStreams(1).stream("")).toThrow('RandomStreams.stream: expected name to be a non-empty string but found "".');
  });
});

describe("Rng", () => {
  it("`random()` is in [0, 1), uses 53 bits and has mean 1/2, variance 1/12", () => {
    const r = rng(11, "random");
    let fine = 0;
    for (let i = 0; i < 1000; i++) {
      const x = r.random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      if (!Number.isInteger(x * 2 ** 32)) fine++;
    }
    expect(fine).toBeGreaterThan(990);
    expectMoments(() => r.random(), 0.5, 1 / 12);
  });

  it("`uniform(low, high)` has mean (low+high)/2 and variance (high−low)²/12", () => {
    const r = rng(12, "uniform");
    expectMoments(() => r.uniform(-2, 6), 2, 64 / 12);
    expect(r.uniform(3, 3)).toBe(3);
  });

  it("`int(low, high)` covers both bounds evenly", () => {
    const r = rng(13, "int");
    const counts = new Map<number, number>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const k = r.int(1, 6);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // Chi-square with 5 degrees of freedom: 20.5 is the 0.999 quantile.
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - n / 6) ** 2 / (n / 6);
    expect(chi2).toBeLessThan(20.5);
  });

  it("`bernoulli(p)` is true with probability p", () => {
    const r = rng(14, "bernoulli");
    expectMoments(() => (r.bernoulli(0.3) ? 1 : 0), 0.3, 0.21);
    expect(rng(1).bernoulli(0)).toBe(false);
    expect(rng(1).bernoulli(1)).toBe(true);
  });

  it("`normal(mean, sd)` has that mean and variance", () => {
    const r = rng(15, "normal");
    expectMoments(() => r.normal(10, 3), 10, 9);
    expectMoments(() => r.normal(), 0, 1);
  });

  it("`lognormal(mu, sigma)` has mean exp(mu + sigma²/2) and variance (exp(sigma²) − 1) exp(2mu + sigma²)", () => {
    const r = rng(16, "lognormal");
    const mu = 1;
    const s = 0.5;
    expectMoments(() => r.lognormal(mu, s), Math.exp(mu + (s * s) / 2), (Math.exp(s * s) - 1) * Math.exp(2 * mu + s * s));
  });

  it("`exponential(rate)` has mean 1/rate and variance 1/rate²", () => {
    const r = rng(17, "exponential");
    expectMoments(() => r.exponential(4), 0.25, 1 / 16);
    for (let i = 0; i < 1000; i++) expect(r.exponential(1)).toBeGreaterThanOrEqual(0);
  });

  it("`poisson(lambda)` has mean and variance lambda, for small and large lambda", () => {
    const r = rng(18, "poisson");
    expectMoments(() => r.poisson(3), 3, 3);
    expectMoments(() => r.poisson(29.5), 29.5, 29.5);
    expectMoments(() => r.poisson(250), 250, 250);
    expect(r.poisson(0)).toBe(0);
    for (let i = 0; i < 1000; i++) expect(Number.isInteger(r.poisson(40))).toBe(true);
  });

  it("`weibull(scale, shape)` has the moments of the Weibull law", () => {
    const r = rng(19, "weibull");
    // shape 2: mean scale·√π/2, variance scale²(1 − π/4); shape 1 is the exponential of mean scale.
    expectMoments(() => r.weibull(3, 2), (3 * Math.sqrt(Math.PI)) / 2, 9 * (1 - Math.PI / 4));
    expectMoments(() => r.weibull(2, 1), 2, 4);
  });

  it("`triangular(low, high, mode)` has mean (a+b+c)/3 and variance (a²+b²+c²−ab−ac−bc)/18", () => {
    const r = rng(20, "triangular");
    const [a, b, c] = [1, 10, 3];
    expectMoments(() => r.triangular(a, b, c), (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18);
    for (let i = 0; i < 1000; i++) {
      const x = r.triangular(a, b, c);
      expect(x >= a && x <= b).toBe(true);
    }
  });

  it("`empirical(values, weights)` draws values in proportion to their weights, never a zero weight", () => {
    const r = rng(21, "empirical");
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[r.empirical(["a", "b", "c"], [1, 3, 0])]++;
    expect(counts.c).toBe(0);
    expect(Math.abs(counts.a / n - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(counts.b / n - 0.75)).toBeLessThan(0.01);
  });

  it("`empirical(values)` and `choice(values)` draw uniformly from the observed values", () => {
    const r = rng(22, "empirical");
    expectMoments(() => r.empirical([1, 2, 3, 4]), 2.5, 1.25);
    expectMoments(() => r.choice([10, 20]), 15, 25);
  });

  it("`shuffle(values)` returns a permutation and leaves the input alone", () => {
    const r = rng(23, "shuffle");
    const input = [...Array(50).keys()];
    const out = r.shuffle(input);
    expect(out).not.toEqual(input);
    expect([...out].sort((a, b) => a - b)).toEqual(input);
    expect(input).toEqual([...Array(50).keys()]);
    // Every position receives every value about equally often.
    const firstCounts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) firstCounts[r.shuffle([0, 1, 2, 3])[0]]++;
    for (const c of firstCounts) expect(Math.abs(c / 40_000 - 0.25)).toBeLessThan(0.01);
  });

  it("distributions reject bad parameters with errors naming the call, the field and the value", () => {
    const r = rng(24);
    const cases: [() => unknown, string][] = [
      [() => r.uniform(2, 1), "Rng.uniform: expected high to be a number >= low (2) but found 1."],
      [() => r.uniform(NaN, 1), "Rng.uniform: expected low to be a finite number but found NaN."],
      [() => r.int(1.5, 3), "Rng.int: expected low to be an integer but found 1.5."],
      [() => r.int(3, 1), "Rng.int: expected high to be an integer >= low (3) but found 1."],
      [() => r.bernoulli(1.2), "Rng.bernoulli: expected p to be a probability in [0, 1] but found 1.2."],
      [() => r.normal(0, -1), "Rng.normal: expected sd to be a number >= 0 but found -1."],
      [() => r.normal(Infinity, 1), "Rng.normal: expected mean to be a finite number but found Infinity."],
      [() => r.lognormal(0, -0.5), "Rng.lognormal: expected sigma to be a number >= 0 but found -0.5."],
      [() => r.lognormal(NaN, 1), "Rng.lognormal: expected mu to be a finite number but found NaN."],
      [() => r.exponential(0), "Rng.exponential: expected rate to be a number > 0 but found 0."],
      [() => r.poisson(-1), "Rng.poisson: expected lambda to be a number >= 0 but found -1."],
      [() => r.weibull(0, 1), "Rng.weibull: expected scale to be a number > 0 but found 0."],
      [() => r.weibull(1, -2), "Rng.weibull: expected shape to be a number > 0 but found -2."],
      [() => r.triangular(5, 1), "Rng.triangular: expected high to be a number >= low (5) but found 1."],
      [() => r.triangular(0, 1, 2), "Rng.triangular: expected mode to be a number in [0, 1] but found 2."],
      [() => r.triangular(NaN, 1), "Rng.triangular: expected low to be a finite number but found NaN."],
      [() => r.empirical([]), "Rng.empirical: expected values to be a non-empty array but found []."],
      [() => r.empirical([1, 2], [1]), "Rng.empirical: expected weights to be an array of 2 numbers but found [1]."],
      [() => r.empirical([1, 2], [1, -1]), "Rng.empirical: expected weights[1] to be a number >= 0 but found -1."],
      [() => r.empirical([1, 2], [0, 0]), "Rng.empirical: expected weights to be weights with a positive sum but found [0,0]."],
      [() => r.shuffle(5 as never), "Rng.shuffle: expected values to be an array but found 5."],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
  });
});
