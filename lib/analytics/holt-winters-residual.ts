// Forecast-residual detector: online additive Holt-Winters predicts each point; the residual is scored against its recent spread.
import { checkState, numberOption } from "./options";
import { zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** Options of `holtWintersResidual`. */
export interface HoltWintersResidualOptions {
  /** Season length in seconds (default 86400, a day). */
  seasonSeconds?: number;
  /** Seconds between points; 0 (default) takes the gap between the first two points. */
  stepSeconds?: number;
  /** Level smoothing (default 0.2). */
  alpha?: number;
  /** Trend smoothing (default 0.01). */
  beta?: number;
  /** Season smoothing (default 0.1). */
  gamma?: number;
  /** Points in the residual spread's exponential window (default 288). */
  spreadWindow?: number;
}

const NAME = "holt_winters";

/**
 * Holt-Winters forecast residual. Idea: a seasonal model with level, trend and a season of m = seasonSeconds /
 * stepSeconds points forecasts the next point one step ahead; a point is anomalous when it misses its forecast by
 * many typical misses (exponentially weighted mean absolute residual × 1.2533 ≈ sd). The first season initialises
 * the state (level = its mean, season = deviations) and scores 0. Observations feed the model clipped at 6 spreads
 * so a spike does not bend the forecast. Gaps advance the season position by the elapsed steps. O(1) per point.
 */
export class HoltWintersResidualDetector implements Detector {
  readonly name = NAME;
  lastZ = 0;
  readonly options: Required<HoltWintersResidualOptions>;
  private step = 0;
  private t0 = NaN;
  private m = 0;
  private season: number[] = [];
  private init: number[] = [];
  private level = 0;
  private trend = 0;
  private spread = 0;
  private fitted = 0;

  constructor(options: HoltWintersResidualOptions = {}) {
    const api = "holtWintersResidual";
    this.options = {
      seasonSeconds: numberOption(api, options, "seasonSeconds", 86400, { min: 1 }),
      stepSeconds: numberOption(api, options, "stepSeconds", 0, { min: 0 }),
      alpha: numberOption(api, options, "alpha", 0.2, { min: 0, max: 1 }),
      beta: numberOption(api, options, "beta", 0.01, { min: 0, max: 1 }),
      gamma: numberOption(api, options, "gamma", 0.1, { min: 0, max: 1 }),
      spreadWindow: numberOption(api, options, "spreadWindow", 288, { min: 2, integer: true }),
    };
    this.step = this.options.stepSeconds;
  }

  update(t: number, value: number): number {
    this.lastZ = 0;
    if (Number.isNaN(value)) return 0;
    if (Number.isNaN(this.t0)) {
      this.t0 = t;
      this.init.push(value);
      return 0;
    }
    if (this.step === 0) this.step = t - this.t0 > 0 ? t - this.t0 : 1;
    if (this.m === 0) this.m = Math.max(2, Math.round(this.options.seasonSeconds / this.step));
    const k = Math.round((t - this.t0) / this.step);
    const pos = ((k % this.m) + this.m) % this.m;
    if (this.season.length === 0) {
      this.init.push(value);
      if (this.init.length >= this.m) {
        let s = 0;
        for (const v of this.init) s += v;
        this.level = s / this.init.length;
        this.season = this.init.slice(0, this.m).map((v) => v - this.level);
        let d = 0;
        for (const v of this.season) d += Math.abs(v);
        this.spread = d / this.m / 2;
        this.init = [];
      }
      return 0;
    }
    const forecast = this.level + this.trend + this.season[pos];
    const floor = 1e-9 * Math.max(1, Math.abs(this.level));
    const scale = Math.max(1.2533 * this.spread, floor);
    const r = value - forecast;
    this.lastZ = this.fitted >= this.m / 4 ? Math.abs(r / scale) : 0;
    const score = zToScore(this.lastZ);
    const limit = 6 * scale;
    const rc = this.fitted >= this.m / 4 ? Math.max(-limit, Math.min(limit, r)) : r;
    const x = forecast + rc;
    const { alpha, beta, gamma } = this.options;
    const prevLevel = this.level;
    this.level = alpha * (x - this.season[pos]) + (1 - alpha) * (prevLevel + this.trend);
    this.trend = beta * (this.level - prevLevel) + (1 - beta) * this.trend;
    this.season[pos] = gamma * (x - this.level) + (1 - gamma) * this.season[pos];
    const a = 2 / (this.options.spreadWindow + 1);
    this.spread += a * (Math.abs(rc) - this.spread);
    this.fitted++;
    return score;
  }

  toJSON(): DetectorState {
    return {
      detector: NAME,
      version: 1,
      options: { ...this.options },
      state: { step: this.step, t0: Number.isNaN(this.t0) ? null : this.t0, m: this.m, season: [...this.season], init: [...this.init], level: this.level, trend: this.trend, spread: this.spread, fitted: this.fitted },
    };
  }

  static restore(state: DetectorState): HoltWintersResidualDetector {
    checkState("HoltWintersResidualDetector.restore", state, NAME);
    const d = new HoltWintersResidualDetector(state.options as HoltWintersResidualOptions);
    const s = state.state;
    d.step = s.step as number;
    d.t0 = s.t0 === null ? NaN : (s.t0 as number);
    d.m = s.m as number;
    d.season = [...(s.season as number[])];
    d.init = [...(s.init as number[])];
    d.level = s.level as number;
    d.trend = s.trend as number;
    d.spread = s.spread as number;
    d.fitted = s.fitted as number;
    return d;
  }
}

/** A Holt-Winters forecast-residual detector (see HoltWintersResidualDetector). */
export function holtWintersResidual(options?: HoltWintersResidualOptions): HoltWintersResidualDetector {
  return new HoltWintersResidualDetector(options);
}
