// Seasonal baseline: a learned profile per time-of-day × day-of-week slot; a point scores by its residual against the slot's spread.
import { invalidArgument } from "../errors";
import { checkState, numberOption } from "./options";
import { zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** Options of `seasonalBaseline`. */
export interface SeasonalBaselineOptions {
  /** Slot length in seconds (default 3600: one profile value per hour). Must divide a day. */
  slotSeconds?: number;
  /** Exponential learning rate of a slot's mean and spread (default 0.1; the first points average exactly). */
  alpha?: number;
  /** Points a slot needs before it scores (default 6); until the day-of-week slot has them, the time-of-day slot scores. */
  minPoints?: number;
  /** Seconds added to t before slotting, e.g. 3600 for UTC+1 (default 0). */
  offsetSeconds?: number;
}

const NAME = "seasonal";
const DAY = 86400;
const WEEK = 7 * DAY;

/**
 * Seasonal baseline. Idea: banking load follows the clock, so "normal" depends on the hour and the weekday. Two
 * profiles are learned side by side: time-of-day (24 slots at the default hour slot) and time-of-day × day-of-week
 * (168 slots). Each slot keeps an exponentially weighted mean and mean absolute residual; a point scores by
 * (x − mean) / (1.2533 · spread), the weekly slot when it has `minPoints`, else the daily one. Updates are
 * clipped at 6 spreads so an incident does not teach the profile that the incident is normal. O(1) per point.
 */
export class SeasonalBaselineDetector implements Detector {
  readonly name = NAME;
  lastZ = 0;
  readonly options: Required<SeasonalBaselineOptions>;
  private readonly daySlots: number;
  private readonly mean: Float64Array;
  private readonly spread: Float64Array;
  private readonly count: Float64Array;
  private globalMean = 0;
  private globalDev = 0;
  private seen = 0;

  constructor(options: SeasonalBaselineOptions = {}) {
    const api = "seasonalBaseline";
    this.options = {
      slotSeconds: numberOption(api, options, "slotSeconds", 3600, { min: 1, max: DAY }),
      alpha: numberOption(api, options, "alpha", 0.1, { min: 1e-6, max: 1 }),
      minPoints: numberOption(api, options, "minPoints", 6, { min: 1, max: 1e9, integer: true }),
      offsetSeconds: numberOption(api, options, "offsetSeconds", 0, { min: -WEEK, max: WEEK }),
    };
    const slots = DAY / this.options.slotSeconds;
    if (!Number.isInteger(slots)) throw invalidArgument(api, "options.slotSeconds", "a divisor of 86400 (e.g. 300, 900, 3600)", options.slotSeconds);
    this.daySlots = slots;
    // Slots 0..daySlots-1: time of day; daySlots..daySlots*8-1: time of day × weekday.
    const n = slots * 8;
    this.mean = new Float64Array(n);
    this.spread = new Float64Array(n);
    this.count = new Float64Array(n);
  }

  update(t: number, value: number): number {
    this.lastZ = 0;
    if (Number.isNaN(value)) return 0;
    const slotIndex = Math.floor((t + this.options.offsetSeconds) / this.options.slotSeconds);
    const daySlot = ((slotIndex % this.daySlots) + this.daySlots) % this.daySlots;
    const weekSlots = this.daySlots * 7;
    const weekSlot = this.daySlots + (((slotIndex % weekSlots) + weekSlots) % weekSlots);
    const floor = Math.max(0.05 * this.globalDev, 1e-9 * Math.max(1, Math.abs(this.globalMean)));
    const minPoints = this.options.minPoints;
    let score = 0;
    const use = this.count[weekSlot] >= minPoints ? weekSlot : this.count[daySlot] >= minPoints ? daySlot : -1;
    // A weekday slot has few points; its spread never counts below the time-of-day slot's, which pools every day.
    const spread = use === weekSlot ? Math.max(this.spread[use], this.count[daySlot] >= minPoints ? this.spread[daySlot] : 0) : this.spread[use];
    if (use >= 0) {
      this.lastZ = Math.abs((value - this.mean[use]) / Math.max(1.2533 * spread, floor));
      score = zToScore(this.lastZ);
    }
    this.learnSlot(daySlot, value, floor);
    this.learnSlot(weekSlot, value, floor);
    const a = this.seen < 100 ? 1 / (this.seen + 1) : 0.01;
    this.globalMean += a * (value - this.globalMean);
    this.globalDev += a * (Math.abs(value - this.globalMean) - this.globalDev);
    this.seen++;
    return score;
  }

  private learnSlot(slot: number, value: number, floor: number): void {
    const c = ++this.count[slot];
    const a = Math.max(this.options.alpha, 1 / c);
    const m = this.mean[slot];
    let r = value - m;
    if (c > this.options.minPoints) {
      const limit = 6 * Math.max(1.2533 * this.spread[slot], floor);
      if (r > limit) r = limit;
      else if (r < -limit) r = -limit;
    }
    this.mean[slot] = c === 1 ? value : m + a * r;
    if (c > 1) this.spread[slot] += a * (Math.abs(r) - this.spread[slot]);
  }

  /** The learned profile: mean and spread per time-of-day slot (daily) or per weekday × slot (weekly, Monday first is not assumed: slot 0 is t = 0). */
  profile(kind: "daily" | "weekly" = "daily"): { mean: number[]; spread: number[]; count: number[] } {
    const from = kind === "daily" ? 0 : this.daySlots;
    const to = kind === "daily" ? this.daySlots : this.daySlots * 8;
    return { mean: Array.from(this.mean.subarray(from, to)), spread: Array.from(this.spread.subarray(from, to)), count: Array.from(this.count.subarray(from, to)) };
  }

  toJSON(): DetectorState {
    return {
      detector: NAME,
      version: 1,
      options: { ...this.options },
      state: { mean: Array.from(this.mean), spread: Array.from(this.spread), count: Array.from(this.count), globalMean: this.globalMean, globalDev: this.globalDev, seen: this.seen },
    };
  }

  static restore(state: DetectorState): SeasonalBaselineDetector {
    checkState("SeasonalBaselineDetector.restore", state, NAME);
    const d = new SeasonalBaselineDetector(state.options as SeasonalBaselineOptions);
    d.mean.set(state.state.mean as number[]);
    d.spread.set(state.state.spread as number[]);
    d.count.set(state.state.count as number[]);
    d.globalMean = state.state.globalMean as number;
    d.globalDev = state.state.globalDev as number;
    d.seen = state.state.seen as number;
    return d;
  }
}

/** A seasonal-baseline detector (see SeasonalBaselineDetector). */
export function seasonalBaseline(options?: SeasonalBaselineOptions): SeasonalBaselineDetector {
  return new SeasonalBaselineDetector(options);
}
