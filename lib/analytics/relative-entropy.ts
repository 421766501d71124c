// Relative-entropy detector (after Wang et al., 2011): the histogram of the recent window against the histograms seen before.
import { checkState, numberOption } from "./options";
import { Z_HALF, zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** Options of `relativeEntropy`. */
export interface RelativeEntropyOptions {
  /** Points per window histogram (default 52). */
  window?: number;
  /** Histogram bins (default 5). */
  bins?: number;
  /** Share of all matches below which a matching past histogram counts as rare (default 0.05). */
  rare?: number;
  /** Past histograms kept (default 20; the least matched leaves first). */
  models?: number;
  /** Points used to fix the bin range before scoring (default the larger of 2 × window and 288, a day of 5-minute points). */
  warmup?: number;
}

const NAME = "relative_entropy";
/** A match with a rarely seen histogram is worth noting but is no alarm on its own (below 0.5). */
const RARE_SCORE = 0.3;
/** χ² quantile 0.99 for 1..16 degrees of freedom: the G-test's critical value at bins − 1. */
const CHI2_99 = [6.635, 9.21, 11.345, 13.277, 15.086, 16.812, 18.475, 20.09, 21.666, 23.209, 24.725, 26.217, 27.688, 29.141, 30.578, 32.0];

/**
 * Relative entropy. Idea: what is normal is a *shape* of recent values, not one value. The last `window` points form
 * a histogram P over `bins` equal bins (range fixed from the warmup, widened by 20 %, outliers in the end bins). P
 * is compared with each histogram Q_i seen before by the G statistic 2·W·KL(P‖Q_i) (a χ² test with bins − 1 degrees
 * of freedom at 99 %). A window matching no model becomes a model; a model is common once it holds `rare` of all
 * matches. The score is 0 when P matches a common model, else it rises with the G to the nearest common model
 * (0.5 at twice the critical value: barely new shapes appear in any long normal stream), and is at least 0.3 when
 * P matches only a rare model. O(bins × models) per point with the
 * entropy of P kept from a table of c·ln c.
 */
export class RelativeEntropyDetector implements Detector {
  readonly name = NAME;
  readonly options: Required<RelativeEntropyOptions>;
  private readonly ring: Float64Array;
  private readonly hist: Int32Array;
  private readonly cLogC: Float64Array;
  private head = 0;
  private filled = 0;
  private lo = NaN;
  private hi = NaN;
  private warm: number[] = [];
  /** Each model: log-probabilities per bin (smoothed) and how often it matched. */
  private models: { logQ: Float64Array; count: number }[] = [];
  private total = 0;

  constructor(options: RelativeEntropyOptions = {}) {
    const api = "relativeEntropy";
    const window = numberOption(api, options, "window", 52, { min: 4, max: 100000, integer: true });
    const bins = numberOption(api, options, "bins", 5, { min: 2, max: CHI2_99.length + 1, integer: true });
    this.options = {
      window,
      bins,
      rare: numberOption(api, options, "rare", 0.05, { min: 0, max: 1 }),
      models: numberOption(api, options, "models", 20, { min: 1, max: 1000, integer: true }),
      warmup: numberOption(api, options, "warmup", Math.max(2 * window, 288), { min: window, integer: true }),
    };
    this.ring = new Float64Array(window);
    this.hist = new Int32Array(bins);
    this.cLogC = new Float64Array(window + 1);
    for (let c = 1; c <= window; c++) this.cLogC[c] = c * Math.log(c / window);
  }

  private bin(value: number): number {
    const b = Math.floor(((value - this.lo) / (this.hi - this.lo)) * this.options.bins);
    return b < 0 ? 0 : b >= this.options.bins ? this.options.bins - 1 : b;
  }

  update(_t: number, value: number): number {
    if (Number.isNaN(value)) return 0;
    const { window, bins } = this.options;
    if (Number.isNaN(this.lo)) {
      this.warm.push(value);
      if (this.warm.length < this.options.warmup) return 0;
      let min = Infinity;
      let max = -Infinity;
      for (const v of this.warm) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const pad = max > min ? 0.2 * (max - min) : Math.max(1e-9, Math.abs(max) * 0.1);
      this.lo = min - pad;
      this.hi = max + pad;
      for (const v of this.warm.slice(-window)) this.push(v);
      this.warm = [];
      return 0;
    }
    this.push(value);
    // G = 2 Σ c_j ln(c_j / W) − 2 Σ c_j ln Q_j: the first sum is shared by every model.
    let selfTerm = 0;
    for (let j = 0; j < bins; j++) selfTerm += this.cLogC[this.hist[j]];
    // Nearest model overall and nearest common model: a run of new shapes spawns rare models that match each other,
    // so how far the window is from what is *usual* decides the score.
    let best = Infinity;
    let bestIndex = -1;
    let bestCommon = Infinity;
    const common = this.options.rare * this.total;
    for (let i = 0; i < this.models.length; i++) {
      const logQ = this.models[i].logQ;
      let cross = 0;
      for (let j = 0; j < bins; j++) cross += this.hist[j] * logQ[j];
      const g = 2 * (selfTerm - cross);
      if (g < best) {
        best = g;
        bestIndex = i;
      }
      if (this.models[i].count >= common && g < bestCommon) bestCommon = g;
    }
    const critical = CHI2_99[bins - 2];
    this.total++;
    if (bestIndex >= 0 && best <= critical) this.models[bestIndex].count++;
    else this.addModel();
    if (bestIndex < 0 || bestCommon <= critical) return 0;
    // A new shape alarms (0.5) only at twice the critical G from every common shape: barely new shapes are normal.
    return Math.max(best <= critical ? RARE_SCORE : 0, zToScore(Z_HALF * Math.sqrt(bestCommon / (2 * critical))));
  }

  private push(value: number): void {
    const w = this.options.window;
    if (this.filled === w) {
      this.hist[this.bin(this.ring[this.head])]--;
      this.ring[this.head] = value;
      this.head = (this.head + 1) % w;
    } else {
      this.ring[this.filled++] = value;
    }
    this.hist[this.bin(value)]++;
  }

  private addModel(): void {
    const { bins, window, models } = this.options;
    const logQ = new Float64Array(bins);
    // Additive smoothing keeps ln Q finite for bins the model never saw.
    for (let j = 0; j < bins; j++) logQ[j] = Math.log((this.hist[j] + 0.5) / (window + 0.5 * bins));
    if (this.models.length >= models) {
      let weakest = 0;
      for (let i = 1; i < this.models.length; i++) if (this.models[i].count < this.models[weakest].count) weakest = i;
      this.models.splice(weakest, 1);
    }
    this.models.push({ logQ, count: 1 });
  }

  toJSON(): DetectorState {
    const values: number[] = [];
    for (let k = 0; k < this.filled; k++) values.push(this.ring[(this.head + k) % this.options.window]);
    return {
      detector: NAME,
      version: 1,
      options: { ...this.options },
      state: {
        lo: Number.isNaN(this.lo) ? null : this.lo,
        hi: Number.isNaN(this.hi) ? null : this.hi,
        warm: [...this.warm],
        values,
        models: this.models.map((m) => ({ logQ: Array.from(m.logQ), count: m.count })),
        total: this.total,
      },
    };
  }

  static restore(state: DetectorState): RelativeEntropyDetector {
    checkState("RelativeEntropyDetector.restore", state, NAME);
    const d = new RelativeEntropyDetector(state.options as RelativeEntropyOptions);
    const s = state.state;
    d.lo = s.lo === null ? NaN : (s.lo as number);
    d.hi = s.hi === null ? NaN : (s.hi as number);
    d.warm = [...(s.warm as number[])];
    if (!Number.isNaN(d.lo)) for (const v of s.values as number[]) d.push(v);
    d.models = (s.models as { logQ: number[]; count: number }[]).map((m) => ({ logQ: Float64Array.from(m.logQ), count: m.count }));
    d.total = s.total as number;
    return d;
  }
}

/** A relative-entropy detector (see RelativeEntropyDetector). */
export function relativeEntropy(options?: RelativeEntropyOptions): RelativeEntropyDetector {
  return new RelativeEntropyDetector(options);
}
