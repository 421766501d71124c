// Windowed Gaussian: distance from the rolling mean in rolling standard deviations.
import { checkState, numberOption } from "./options";
import { zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** Options of `windowedGaussian`. */
export interface WindowedGaussianOptions {
  /** Points in the window (default 288). */
  window?: number;
  /** Points learned before scoring (default 30). */
  warmup?: number;
}

const NAME = "windowed_gaussian";

/**
 * Windowed Gaussian. Idea: model the last `window` points as a normal distribution and score a point by its
 * z = (x − mean) / sd. Sums are kept incrementally (O(1) per point) and recomputed from the ring every `window`
 * points so rounding cannot drift. Sensitive to spikes inside the window (they inflate sd): use robust_z for
 * spiky series; this one is the classic baseline.
 */
export class WindowedGaussianDetector implements Detector {
  readonly name = NAME;
  lastZ = 0;
  readonly options: Required<WindowedGaussianOptions>;
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceExact = 0;
  private seen = 0;

  constructor(options: WindowedGaussianOptions = {}) {
    const api = "windowedGaussian";
    this.options = {
      window: numberOption(api, options, "window", 288, { min: 3, max: 1e6, integer: true }),
      warmup: numberOption(api, options, "warmup", 30, { min: 2, max: 1e9, integer: true }),
    };
    this.ring = new Float64Array(this.options.window);
  }

  update(_t: number, value: number): number {
    this.lastZ = 0;
    if (Number.isNaN(value)) return 0;
    let score = 0;
    if (this.seen >= this.options.warmup && this.count > 1) {
      const mean = this.sum / this.count;
      const variance = Math.max(0, this.sumSq / this.count - mean * mean);
      const sd = Math.max(Math.sqrt(variance), 1e-9 * Math.max(1, Math.abs(mean)));
      this.lastZ = Math.abs((value - mean) / sd);
      score = zToScore(this.lastZ);
    }
    this.learn(value);
    return score;
  }

  private learn(value: number): void {
    const cap = this.options.window;
    if (this.count === cap) {
      const old = this.ring[this.head];
      this.sum -= old;
      this.sumSq -= old * old;
      this.ring[this.head] = value;
      this.head = (this.head + 1) % cap;
    } else {
      this.ring[(this.head + this.count) % cap] = value;
      this.count++;
    }
    this.sum += value;
    this.sumSq += value * value;
    this.seen++;
    if (++this.sinceExact >= cap) this.recompute();
  }

  private recompute(): void {
    let s = 0;
    let q = 0;
    for (let k = 0; k < this.count; k++) {
      const v = this.ring[(this.head + k) % this.options.window];
      s += v;
      q += v * v;
    }
    this.sum = s;
    this.sumSq = q;
    this.sinceExact = 0;
  }

  toJSON(): DetectorState {
    const values: number[] = [];
    for (let k = 0; k < this.count; k++) values.push(this.ring[(this.head + k) % this.options.window]);
    return { detector: NAME, version: 1, options: { ...this.options }, state: { values, sum: this.sum, sumSq: this.sumSq, seen: this.seen, sinceExact: this.sinceExact } };
  }

  static restore(state: DetectorState): WindowedGaussianDetector {
    checkState("WindowedGaussianDetector.restore", state, NAME);
    const d = new WindowedGaussianDetector(state.options as WindowedGaussianOptions);
    for (const v of state.state.values as number[]) {
      d.ring[d.count++] = v;
    }
    // The running sums carry their own rounding: restore them as they were so scores continue bit for bit.
    d.sum = state.state.sum as number;
    d.sumSq = state.state.sumSq as number;
    d.sinceExact = state.state.sinceExact as number;
    d.seen = state.state.seen as number;
    return d;
  }
}

/** A windowed Gaussian detector (see WindowedGaussianDetector). */
export function windowedGaussian(options?: WindowedGaussianOptions): WindowedGaussianDetector {
  return new WindowedGaussianDetector(options);
}
