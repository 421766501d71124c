// Change-point detector: two-sided CUSUM on standardised values against a slowly learned baseline.
import { checkState, numberOption } from "./options";
import { Z_HALF, zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** Options of `cusum`. */
export interface CusumOptions {
  /** Allowance k in standard deviations: drifts smaller than k per point are ignored (default 1). */
  drift?: number;
  /** Decision threshold h in standard deviations; the score is 0.5 when the CUSUM reaches h (default 8). */
  threshold?: number;
  /** Points in the baseline's exponential window (default 24: short, so slow daily swings are followed, not summed). */
  window?: number;
  /** Points learned before scoring (default 30). */
  warmup?: number;
}

const NAME = "cusum";

/**
 * CUSUM (Page, 1954). Idea: a level shift is a run of small deviations in one direction; summing standardised
 * deviations minus an allowance k, S⁺ = max(0, S⁺ + z − k) and S⁻ = max(0, S⁻ − z − k), grows steadily after a
 * shift and stays near 0 otherwise. The score maps max(S⁺, S⁻) / h onto the common scale (0.5 at h). When a sum
 * passes 2h the detector accepts the new level: sums reset and the baseline jumps to the recent mean, so one shift
 * gives one alarm episode. Baseline: exponentially weighted mean and mean absolute deviation, learned only from
 * points within 4 sd so the shift being measured does not absorb itself. O(1) per point.
 */
export class CusumDetector implements Detector {
  readonly name = NAME;
  lastZ = 0;
  readonly options: Required<CusumOptions>;
  private mean = 0;
  private dev = 0;
  private recent = 0;
  private up = 0;
  private down = 0;
  private seen = 0;

  constructor(options: CusumOptions = {}) {
    const api = "cusum";
    this.options = {
      drift: numberOption(api, options, "drift", 1, { min: 0 }),
      threshold: numberOption(api, options, "threshold", 8, { min: 1e-6 }),
      window: numberOption(api, options, "window", 24, { min: 2, integer: true }),
      warmup: numberOption(api, options, "warmup", 30, { min: 2, integer: true }),
    };
  }

  update(_t: number, value: number): number {
    this.lastZ = 0;
    if (Number.isNaN(value)) return 0;
    const { drift, threshold, window, warmup } = this.options;
    const a = this.seen < window ? 1 / (this.seen + 1) : 2 / (window + 1);
    const sd = Math.max(1.2533 * this.dev, 1e-9 * Math.max(1, Math.abs(this.mean)));
    const z = this.seen === 0 ? 0 : (value - this.mean) / sd;
    let score = 0;
    if (this.seen >= warmup) {
      this.up = Math.max(0, this.up + z - drift);
      this.down = Math.max(0, this.down - z - drift);
      const g = Math.max(this.up, this.down);
      this.lastZ = (Z_HALF * g) / threshold;
      score = zToScore(this.lastZ);
      if (g > 2 * threshold) {
        this.up = 0;
        this.down = 0;
        this.mean = this.recent;
      }
    }
    this.recent += 0.2 * (value - this.recent);
    if (this.seen < warmup || Math.abs(z) < 4) {
      this.mean += a * (value - this.mean);
      this.dev += a * (Math.abs(value - this.mean) - this.dev);
    }
    if (this.seen === 0) this.recent = value;
    this.seen++;
    return score;
  }

  toJSON(): DetectorState {
    return { detector: NAME, version: 1, options: { ...this.options }, state: { mean: this.mean, dev: this.dev, recent: this.recent, up: this.up, down: this.down, seen: this.seen } };
  }

  static restore(state: DetectorState): CusumDetector {
    checkState("CusumDetector.restore", state, NAME);
    const d = new CusumDetector(state.options as CusumOptions);
    const s = state.state;
    d.mean = s.mean as number;
    d.dev = s.dev as number;
    d.recent = s.recent as number;
    d.up = s.up as number;
    d.down = s.down as number;
    d.seen = s.seen as number;
    return d;
  }
}

/** A CUSUM change-point detector (see CusumDetector). */
export function cusum(options?: CusumOptions): CusumDetector {
  return new CusumDetector(options);
}
