// Seeded random numbers: independent named streams from one seed, and the distributions an infrastructure model needs.
import { invalidArgument } from "./errors";

/** Hashes a string to four 32-bit words (cyrb128): the seed material of a named stream. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function checkFinite(api: string, field: string, value: number, min = -Infinity, minLabel = "a finite number"): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) throw invalidArgument(api, field, minLabel, value);
}

function checkPositive(api: string, field: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw invalidArgument(api, field, "a number > 0", value);
}

/**
 * One stream of pseudo-random numbers (xoshiro128**), with distributions.
 * Same seed and name, same numbers, on every platform.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined = undefined;

  /** `new Rng("42/arrivals")`; prefer `new RandomStreams(seed).stream(name)`. */
  constructor(seedText: string) {
    [this.a, this.b, this.c, this.d] = hash128(seedText);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    for (let i = 0; i < 8; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** A uniform float in [0, 1) with 53 bits of precision. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    checkFinite("Rng.uniform", "low", low);
    checkFinite("Rng.uniform", "high", high);
    if (high < low) throw invalidArgument("Rng.uniform", "high", `a number >= low (${low})`, high);
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [low, high], both inclusive. */
  int(low: number, high: number): number {
    if (!Number.isInteger(low)) throw invalidArgument("Rng.int", "low", "an integer", low);
    if (!Number.isInteger(high) || high < low) throw invalidArgument("Rng.int", "high", `an integer >= low (${low})`, high);
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw invalidArgument("Rng.bernoulli", "p", "a probability in [0, 1]", p);
    return this.random() < p;
  }

  /** A normal deviate (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0) || !Number.isFinite(sd)) throw invalidArgument("Rng.normal", "sd", "a number >= 0", sd);
    checkFinite("Rng.normal", "mean", mean);
    let z: number;
    if (this.spareNormal !== undefined) {
      z = this.spareNormal;
      this.spareNormal = undefined;
    } else {
      let u: number, v: number, s: number;
      do {
        u = 2 * this.random() - 1;
        v = 2 * this.random() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spareNormal = v * f;
      z = u * f;
    }
    return mean + sd * z;
  }

  /** exp(normal(mu, sigma)): mu and sigma are the parameters of the underlying normal, as in Python's lognormvariate. */
  lognormal(mu: number, sigma: number): number {
    checkFinite("Rng.lognormal", "mu", mu);
    if (!(sigma >= 0) || !Number.isFinite(sigma)) throw invalidArgument("Rng.lognormal", "sigma", "a number >= 0", sigma);
    return Math.exp(this.normal(mu, sigma));
  }

  /** Exponential with the given rate (mean 1/rate), as Python's expovariate. */
  exponential(rate: number): number {
    if (!(rate > 0) || !Number.isFinite(rate)) throw invalidArgument("Rng.exponential", "rate", "a number > 0", rate);
    return -Math.log(1 - this.random()) / rate;
  }

  /** Poisson count with mean lambda (Knuth below 30, transformed rejection PTRS above). */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw invalidArgument("Rng.poisson", "lambda", "a number >= 0", lambda);
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.random();
      while (p > limit) {
        k++;
        p *= this.random();
      }
      return k;
    }
    // Hörmann (1993), PTRS.
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.random() - 0.5;
      const v = this.random();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }

  /** Weibull with scale and shape, as Python's weibullvariate(alpha=scale, beta=shape). */
  weibull(scale: number, shape: number): number {
    checkPositive("Rng.weibull", "scale", scale);
    checkPositive("Rng.weibull", "shape", shape);
    return scale * Math.pow(-Math.log(1 - this.random()), 1 / shape);
  }

  /** Triangular on [low, high] with the given mode. */
  triangular(low: number, high: number, mode = (low + high) / 2): number {
    checkFinite("Rng.triangular", "low", low);
    checkFinite("Rng.triangular", "high", high);
    if (!(high >= low)) throw invalidArgument("Rng.triangular", "high", `a number >= low (${low})`, high);
    if (!(mode >= low && mode <= high)) throw invalidArgument("Rng.triangular", "mode", `a number in [${low}, ${high}]`, mode);
    const u = this.random();
    const c = high === low ? 0.5 : (mode - low) / (high - low);
    return u < c ? low + Math.sqrt(u * (high - low) * (mode - low)) : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
  }

  /** Draws one of the observed values, uniformly or with the given weights. */
  empirical<T>(values: readonly T[], weights?: readonly number[]): T {
    if (!Array.isArray(values) || values.length === 0) throw invalidArgument("Rng.empirical", "values", "a non-empty array", values);
    if (weights === undefined) return values[Math.floor(this.random() * values.length)];
    if (!Array.isArray(weights) || weights.length !== values.length)
      throw invalidArgument("Rng.empirical", "weights", `an array of ${values.length} numbers`, weights);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw invalidArgument("Rng.empirical", `weights[${i}]`, "a number >= 0", w);
      total += w;
    }
    if (total <= 0) throw invalidArgument("Rng.empirical", "weights", "weights with a positive sum", weights);
    let r = this.random() * total;
    let lastPositive = 0;
    for (let i = 0; i < values.length; i++) {
      if (weights[i] > 0) lastPositive = i;
      r -= weights[i];
      if (r < 0) return values[i];
    }
    // Rounding can leave r a hair above 0 after the last weight: never fall back on a zero-weight value.
    return values[lastPositive];
  }

  /** Alias of `empirical(values)`: one element chosen uniformly. */
  choice<T>(values: readonly T[]): T {
    return this.empirical(values);
  }

  /** A new array with the elements in random order (Fisher-Yates). */
  shuffle<T>(values: readonly T[]): T[] {
    if (!Array.isArray(values)) throw invalidArgument("Rng.shuffle", "values", "an array", values);
    const out = values.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const logFactorialTable: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = logFactorialTable.length; i <= k; i++) logFactorialTable[i] = logFactorialTable[i - 1] + Math.log(i);
    return logFactorialTable[k];
  }
  // Stirling series, accurate to 1e-10 past 256.
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}

/**
 * Independent named streams from one seed: `streams.stream("faults")` never changes
 * because another stream was added or drawn from.
 */
export class RandomStreams {
  readonly seed: number | string;
  private readonly streams = new Map<string, Rng>();

  constructor(seed: number | string) {
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string")
      throw invalidArgument("RandomStreams", "seed", "a finite number or a string", seed);
    this.seed = seed;
  }

  /** The stream with this name, created on first use from the seed and the name alone. */
  stream(name: string): Rng {
    if (typeof name !== "string" || name === "") throw invalidArgument("RandomStreams.stream", "name", "a non-empty string", name);
    let rng = this.streams.get(name);
    if (rng === undefined) {
      // "/" separates seed and name, so it is escaped in the seed: seed "1/a" with name "b" must not
      // give the stream of seed "1" with name "a/b". Seeds without a slash or a backslash keep their streams.
      const seedText = String(this.seed).replace(/[\\/]/g, (c) => "\\" + c);
      rng = new Rng(`${typeof this.seed}:${seedText}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** A fresh stream from a seed and a name, outside any RandomStreams registry. */
export function rng(seed: number | string, name = "default"): Rng {
  return new RandomStreams(seed).stream(name);
}
