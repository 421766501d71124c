// Traffic profiles for business services: diurnal banking curves, weekends, month-end, paydays, night batches, seeded noise.
import { MAX_BASE_RPS, MAX_LOAD_FACTOR } from "../limits";
import { invalidArgument } from "../errors";
import type { Rng } from "../random";
import { SimCalendar } from "../time";

/** Hourly multipliers (0h..23h) of a retail bank's online traffic: a morning peak near 10:00, an afternoon one near 15:00, quiet nights. */
export const BANKING_DAY: readonly number[] = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.8, 0.95, 1.0, 0.95, 0.85, 0.85, 0.95, 1.0, 0.9, 0.75, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2,
];

/** Hourly multipliers of a night batch (AML screening, reporting, data-warehouse loads): busy 01:00–05:00, idle by day. */
export const NIGHT_BATCH: readonly number[] = [
  0.3, 1.0, 1.0, 1.0, 1.0, 0.6, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2,
];

/** Options of the load model; every field has a default (see LOAD_DEFAULTS). */
export interface LoadOptions {
  /** Global multiplier on every service's base rate. */
  multiplier?: number;
  /** Multiplier on Saturdays and Sundays (batch services excepted). */
  weekendFactor?: number;
  /** Days of the month when salaries land (traffic × paydayFactor). */
  paydays?: number[];
  paydayFactor?: number;
  /** The last `monthEndDays` days of a month get × monthEndFactor (statements, settlements). */
  monthEndDays?: number;
  monthEndFactor?: number;
  /** Standard deviation of the multiplicative noise (log scale); 0 turns noise off. */
  noise?: number;
  /** Step-to-step correlation of the noise, in [0, 1). */
  noiseCorrelation?: number;
  /**
   * Hours after midnight over which a day's calendar factor (weekend, payday, month-end) takes over from the
   * previous day's, along a smooth S-curve; 0 switches at midnight.
   */
  transitionHours?: number;
  /** Per-service overrides of the base rate in requests/s, by node id. */
  baseRps?: Record<string, number>;
}

export const LOAD_DEFAULTS: Required<Omit<LoadOptions, "baseRps">> = {
  multiplier: 1,
  weekendFactor: 0.55,
  paydays: [25],
  paydayFactor: 1.5,
  monthEndDays: 2,
  monthEndFactor: 1.25,
  noise: 0.05,
  noiseCorrelation: 0.8,
  transitionHours: 6,
};

/** The curve a service follows: batch services peak at night. */
export type LoadShape = "banking" | "batch";

/** Picks a service's shape from its tags or name ("batch", "aml", "report", "warehouse" → batch). */
export function loadShapeOf(name: string, tags: readonly string[] = []): LoadShape {
  if (tags.includes("batch")) return "batch";
  if (tags.includes("online")) return "banking";
  return /aml|report|warehouse|batch|settlement/i.test(name) ? "batch" : "banking";
}

/** Linear interpolation in an hourly curve at a fractional hour. */
export function curveAt(curve: readonly number[], hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return curve[i] * (1 - f) + curve[(i + 1) % 24] * f;
}

/** Checks load options, naming the bad field. */
export function validateLoadOptions(options: LoadOptions, api = "validateLoadOptions"): Required<Omit<LoadOptions, "baseRps">> & { baseRps: Record<string, number> } {
  const merged = { ...LOAD_DEFAULTS, ...options, baseRps: options.baseRps ?? {} };
  const positive: (keyof typeof LOAD_DEFAULTS)[] = ["multiplier", "weekendFactor", "paydayFactor", "monthEndFactor"];
  for (const key of positive) {
    const v = merged[key] as number;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > MAX_LOAD_FACTOR) throw invalidArgument(api, `load.${key}`, `a number in [0, ${MAX_LOAD_FACTOR}]`, v);
  }
  if (!(merged.noise >= 0 && merged.noise < 2)) throw invalidArgument(api, "load.noise", "a number in [0, 2)", merged.noise);
  if (!(merged.noiseCorrelation >= 0 && merged.noiseCorrelation < 1))
    throw invalidArgument(api, "load.noiseCorrelation", "a number in [0, 1)", merged.noiseCorrelation);
  if (!(merged.transitionHours >= 0 && merged.transitionHours <= 24))
    throw invalidArgument(api, "load.transitionHours", "a number of hours in [0, 24]", merged.transitionHours);
  if (!Number.isInteger(merged.monthEndDays) || merged.monthEndDays < 0)
    throw invalidArgument(api, "load.monthEndDays", "an integer >= 0", merged.monthEndDays);
  if (!Array.isArray(merged.paydays) || merged.paydays.some((d) => !Number.isInteger(d) || d < 1 || d > 31))
    throw invalidArgument(api, "load.paydays", "an array of days of the month (1..31)", merged.paydays);
  for (const [id, rps] of Object.entries(merged.baseRps))
    if (typeof rps !== "number" || !Number.isFinite(rps) || rps < 0 || rps > MAX_BASE_RPS) throw invalidArgument(api, `load.baseRps.${id}`, `a number in [0, ${MAX_BASE_RPS}] requests/s`, rps);
  return merged;
}

/**
 * Demand of each business service at each step: base rate × calendar curve × noise.
 * Deterministic for a given random stream.
 */
export class LoadModel {
  private readonly options: ReturnType<typeof validateLoadOptions>;
  private readonly noiseState: Float64Array;

  constructor(
    readonly calendar: SimCalendar,
    readonly shapes: readonly LoadShape[],
    options: LoadOptions,
    private readonly rng: Rng,
    api = "LoadModel",
  ) {
    this.options = validateLoadOptions(options, api);
    this.noiseState = new Float64Array(shapes.length);
  }

  /** The calendar multiplier (no noise) for a shape at simulated second t: hourly curve × the day's factor, blended from the previous day's after midnight. */
  calendarFactor(shape: LoadShape, t: number): number {
    const o = this.options;
    const hour = this.calendar.hourOfDay(t);
    const curve = curveAt(shape === "batch" ? NIGHT_BATCH : BANKING_DAY, hour);
    let day = this.dayFactor(shape, t);
    if (hour < o.transitionHours) {
      // Traffic does not know the date changed at midnight: a smooth S-curve from yesterday's factor to today's.
      const x = hour / o.transitionHours;
      const blend = x * x * (3 - 2 * x);
      const before = this.dayFactor(shape, t - 86400);
      day = before + (day - before) * blend;
    }
    return o.multiplier * curve * day;
  }

  /** The day-level multiplier of the day containing t: weekend, payday and month-end (batches: month-end only). */
  dayFactor(shape: LoadShape, t: number): number {
    const o = this.options;
    const c = this.calendar;
    const monthEnd = c.daysToMonthEnd(t) < o.monthEndDays ? o.monthEndFactor : 1;
    // Batches run every night; month-end adds reporting work.
    if (shape === "batch") return monthEnd;
    let f = monthEnd;
    const wd = c.weekday(t);
    if (wd === 0 || wd === 6) f *= o.weekendFactor;
    if (o.paydays.includes(c.dayOfMonth(t))) f *= o.paydayFactor;
    return f;
  }

  /**
   * The highest calendar multiplier of a shape over the year from t = 0 (hourly, noise excluded): the estate's own
   * known peak (a payday or month-end morning), which planned sizing covers.
   */
  knownPeak(shape: LoadShape): number {
    let peak = 0;
    for (let t = 0; t < 366 * 86400; t += 1800) peak = Math.max(peak, this.calendarFactor(shape, t));
    return peak;
  }

  /** Fills `out[k]` with the multiplier of service k at time t (calendar × AR(1) log-normal noise); advances the noise. */
  factors(t: number, out: Float64Array): void {
    const { noise, noiseCorrelation: phi } = this.options;
    const innovation = noise * Math.sqrt(1 - phi * phi);
    let banking = -1;
    let batch = -1;
    for (let k = 0; k < this.shapes.length; k++) {
      const shape = this.shapes[k];
      let f: number;
      if (shape === "batch") f = batch >= 0 ? batch : (batch = this.calendarFactor("batch", t));
      else f = banking >= 0 ? banking : (banking = this.calendarFactor("banking", t));
      if (noise > 0) {
        const x = phi * this.noiseState[k] + innovation * this.rng.normal();
        this.noiseState[k] = x;
        f *= Math.exp(x - (noise * noise) / 2);
      }
      out[k] = f;
    }
  }

  /** Base rate override for a service, if the options set one. */
  baseRpsOverride(id: string): number | undefined {
    return this.options.baseRps[id];
  }
}
