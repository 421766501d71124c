// One node's recent samples of one metric, as returned by `store.window(...)`, with its statistics.
import { invalidArgument } from "../errors";
import { percentileOf, rateOfChange, windowStat, type WindowStat } from "./stats";

/** Which recorded steps a window covers: the last `steps` steps or the last `seconds` up to step `end`. */
export interface WindowRange {
  /** Number of recorded steps, ending at `end` (fewer near the start of the record). */
  steps?: number;
  /** Duration in seconds: samples with time in (t_end - seconds, t_end]. */
  seconds?: number;
  /** Last recorded step included; the latest by default. */
  end?: number;
}

/** A window of samples (copies of the store's values, NaN = missing) and statistics over them. */
export class MetricWindow {
  /** Always "window". */
  readonly kind = "window" as const;
  constructor(
    /** Metric name. */
    readonly metric: string,
    /** Node id. */
    readonly node: string,
    /** First recorded step of the window. */
    readonly fromStep: number,
    /** Times of the samples, in seconds. */
    readonly times: Float64Array,
    /** The samples. */
    readonly values: Float64Array,
  ) {}

  /** Number of observed (non-NaN) samples. */
  count(): number {
    return windowStat(this.values, "count");
  }
  /** Mean of observed samples. */
  mean(): number {
    return windowStat(this.values, "mean");
  }
  /** Smallest observed sample. */
  min(): number {
    return windowStat(this.values, "min");
  }
  /** Largest observed sample. */
  max(): number {
    return windowStat(this.values, "max");
  }
  /** Most recent observed sample. */
  last(): number {
    return windowStat(this.values, "last");
  }
  /** Percentile p in 0..100 (linear interpolation, like numpy's default). */
  percentile(p: number): number {
    if (!(typeof p === "number" && p >= 0 && p <= 100)) throw invalidArgument("MetricWindow.percentile", "p", "a number in 0..100", p);
    return percentileOf(this.values, p);
  }
  /** Change per second between the first and last observed samples. */
  rate(): number {
    return rateOfChange(this.values, this.times);
  }
  /** Any `WindowStat` by name ("mean", "p95", "rate", ...). */
  stat(stat: WindowStat): number {
    return windowStat(this.values, stat, { times: this.times });
  }
}
