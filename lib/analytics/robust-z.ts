// Robust rolling z-score: distance from the rolling median in rolling MADs (median absolute deviations).
import { checkState, ewAlpha, numberOption } from "./options";
import { zToScore } from "./score";
import { SortedWindow } from "./sorted-window";
import type { Detector, DetectorState } from "./types";

/** Options of `robustZ`. */
export interface RobustZOptions {
  /** Points in the rolling window (default 288: a day of 5-minute points). */
  window?: number;
  /** Points learned before scoring starts (default 30). */
  warmup?: number;
  /** Median and MAD are recomputed every `refresh` points (default 4): they move by a few ranks at most meanwhile. */
  refresh?: number;
}

const NAME = "robust_z";

/**
 * Robust z-score. Idea: a point is anomalous when it is far from the median of the last `window` points, measured
 * in MADs scaled to a normal standard deviation (1.4826 · MAD); median and MAD ignore the spikes they are meant to
 * find, unlike mean and standard deviation. When the MAD collapses (a flat series with rare blips) the scale falls
 * back to half an exponentially weighted mean absolute deviation, so quantised flat series do not alarm on every
 * blip. Cost: one block move per point (see SortedWindow) plus an O(log window) median/MAD every `refresh` points.
 */
export class RobustZDetector implements Detector {
  readonly name = NAME;
  readonly options: Required<RobustZOptions>;
  private readonly win: SortedWindow;
  private meanAbsDev = 0;
  private seen = 0;
  private readonly alpha: number;
  private med = NaN;
  private mad = NaN;
  lastZ = 0;

  constructor(options: RobustZOptions = {}) {
    const api = "robustZ";
    this.options = {
      window: numberOption(api, options, "window", 288, { min: 5, max: 100000, integer: true }),
      warmup: numberOption(api, options, "warmup", 30, { min: 3, max: 1e9, integer: true }),
      refresh: numberOption(api, options, "refresh", 4, { min: 1, max: 1e6, integer: true }),
    };
    this.win = new SortedWindow(this.options.window);
    this.alpha = ewAlpha(this.options.window);
  }

  /** The current deviation in robust standard deviations (signed), before learning `value`. */
  deviation(value: number): number {
    if (Number.isNaN(this.med)) this.refreshStats();
    const scale = Math.max(1.4826 * this.mad, 0.627 * this.meanAbsDev, 1e-9 * Math.max(1, Math.abs(this.med)));
    return (value - this.med) / scale;
  }

  private refreshStats(): void {
    this.med = this.win.median();
    this.mad = this.win.mad();
  }

  update(_t: number, value: number): number {
    if (Number.isNaN(value)) return 0;
    let score = 0;
    this.lastZ = 0;
    if (this.seen > 0 && (Number.isNaN(this.med) || this.seen % this.options.refresh === 0)) this.refreshStats();
    if (this.seen >= this.options.warmup) {
      const z = Math.abs(this.deviation(value));
      this.lastZ = z;
      score = zToScore(z);
    }
    const med = this.seen > 0 ? this.med : value;
    this.meanAbsDev += this.alpha * (Math.abs(value - med) - this.meanAbsDev);
    this.win.push(value);
    this.seen++;
    return score;
  }

  toJSON(): DetectorState {
    return { detector: NAME, version: 1, options: { ...this.options }, state: { values: this.win.values(), meanAbsDev: this.meanAbsDev, seen: this.seen, med: Number.isNaN(this.med) ? null : this.med, mad: Number.isNaN(this.mad) ? null : this.mad } };
  }

  static restore(state: DetectorState): RobustZDetector {
    checkState("RobustZDetector.restore", state, NAME);
    const d = new RobustZDetector(state.options as RobustZOptions);
    for (const v of state.state.values as number[]) d.win.push(v);
    d.meanAbsDev = state.state.meanAbsDev as number;
    d.seen = state.state.seen as number;
    d.med = state.state.med === null || state.state.med === undefined ? NaN : (state.state.med as number);
    d.mad = state.state.mad === null || state.state.mad === undefined ? NaN : (state.state.mad as number);
    return d;
  }
}

/** A robust rolling z-score detector (see RobustZDetector). */
export function robustZ(options?: RobustZOptions): RobustZDetector {
  return new RobustZDetector(options);
}
