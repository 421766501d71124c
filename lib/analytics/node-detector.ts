// Multivariate per-node detector: an isolation forest over windowed features of several metrics of one node.
import { invalidArgument } from "../errors";
import { Rng } from "../random";
import { buildForest, forestScore, type IsolationTree } from "./isolation-forest";
import { checkState, numberOption } from "./options";
import { Z_HALF, zToScore } from "./score";
import type { DetectorState, MultivariateDetector } from "./types";

/** Options of `isolationForestDetector`. */
export interface IsolationForestOptions {
  /** Trees (default 50). */
  trees?: number;
  /** Rows per tree (default 128). */
  sample?: number;
  /** Feature rows kept to refit from (default 1024, the most recent). */
  memory?: number;
  /** Points between refits (default 256); the first fit happens after `warmup` points. */
  refit?: number;
  /** Points before the first fit; scores are 0 until then (default 256). */
  warmup?: number;
  /** Seed of the random trees (default 1). */
  seed?: number;
}

const NAME = "isolation_forest";

/**
 * Isolation forest on a node's metrics together. Idea: an incident often shows as an unusual *combination* (CPU
 * normal but latency high, throughput down while errors rise) that no single-metric detector sees. Each point
 * becomes a feature row: per metric, its deviation from an exponentially weighted mean in mean absolute
 * deviations, and its change since the last point. Trees are fitted on the last `memory` rows, refitted every
 * `refit` points (score-then-learn: a row is scored by the forest fitted on earlier rows). The forest's s ≈ 0.5 is
 * ordinary; the common score is zToScore(4 · (s − 0.5) / 0.2), 0.5 at s = 0.7. O(trees × depth) per point plus an
 * amortised refit.
 */
export class IsolationForestDetector implements MultivariateDetector {
  readonly name = NAME;
  readonly options: Required<IsolationForestOptions>;
  private dims = -1;
  private means: number[] = [];
  private devs: number[] = [];
  private last: number[] = [];
  private rows: Float64Array[] = [];
  private forest: IsolationTree[] = [];
  private seen = 0;
  private fits = 0;

  constructor(options: IsolationForestOptions = {}) {
    const api = "isolationForestDetector";
    this.options = {
      trees: numberOption(api, options, "trees", 50, { min: 1, max: 1000, integer: true }),
      sample: numberOption(api, options, "sample", 128, { min: 4, max: 100000, integer: true }),
      memory: numberOption(api, options, "memory", 1024, { min: 8, max: 1e6, integer: true }),
      refit: numberOption(api, options, "refit", 256, { min: 1, integer: true }),
      warmup: numberOption(api, options, "warmup", 256, { min: 8, integer: true }),
      seed: numberOption(api, options, "seed", 1, { min: -1e15, max: 1e15, integer: true }),
    };
  }

  update(_t: number, values: ArrayLike<number>): number {
    if (this.dims < 0) {
      if (values.length === 0) throw invalidArgument("IsolationForestDetector.update", "values", "one value per metric (at least one)", values);
      this.dims = values.length;
      this.means = Array.from(values, (v) => (Number.isFinite(v) ? v : 0));
      this.devs = new Array(this.dims).fill(0);
      this.last = [...this.means];
    }
    if (values.length !== this.dims) throw invalidArgument("IsolationForestDetector.update", "values.length", `${this.dims} (as on the first call)`, values.length);
    const row = new Float64Array(2 * this.dims);
    const a = this.seen < 100 ? 1 / (this.seen + 1) : 0.02;
    for (let j = 0; j < this.dims; j++) {
      const v = Number.isFinite(values[j]) ? values[j] : this.last[j];
      const scale = Math.max(this.devs[j], 1e-9 * Math.max(1, Math.abs(this.means[j])));
      row[2 * j] = (v - this.means[j]) / scale;
      row[2 * j + 1] = (v - this.last[j]) / scale;
      this.means[j] += a * (v - this.means[j]);
      this.devs[j] += a * (Math.abs(v - this.means[j]) - this.devs[j]);
      this.last[j] = v;
    }
    const s = this.forest.length > 0 ? forestScore(this.forest, row, Math.min(this.options.sample, this.rows.length)) : 0.5;
    this.rows.push(row);
    if (this.rows.length > this.options.memory) this.rows.shift();
    this.seen++;
    if (this.seen === this.options.warmup || (this.seen > this.options.warmup && (this.seen - this.options.warmup) % this.options.refit === 0)) this.fit();
    return zToScore((Z_HALF * Math.max(0, s - 0.5)) / 0.2);
  }

  private fit(): void {
    this.forest = buildForest(this.rows, { trees: this.options.trees, sample: this.options.sample, rng: new Rng(`${this.options.seed}/isolation/${this.fits}`) });
    this.fits++;
  }

  toJSON(): DetectorState {
    return {
      detector: NAME,
      version: 1,
      options: { ...this.options },
      state: { dims: this.dims, means: [...this.means], devs: [...this.devs], last: [...this.last], rows: this.rows.map((r) => Array.from(r)), forest: structuredClone(this.forest), seen: this.seen, fits: this.fits },
    };
  }

  static restore(state: DetectorState): IsolationForestDetector {
    checkState("IsolationForestDetector.restore", state, NAME);
    const d = new IsolationForestDetector(state.options as IsolationForestOptions);
    const s = state.state;
    d.dims = s.dims as number;
    d.means = [...(s.means as number[])];
    d.devs = [...(s.devs as number[])];
    d.last = [...(s.last as number[])];
    d.rows = (s.rows as number[][]).map((r) => Float64Array.from(r));
    d.forest = structuredClone(s.forest as IsolationTree[]);
    d.seen = s.seen as number;
    d.fits = s.fits as number;
    return d;
  }
}

/** A multivariate isolation-forest detector for one node (see IsolationForestDetector). */
export function isolationForestDetector(options?: IsolationForestOptions): IsolationForestDetector {
  return new IsolationForestDetector(options);
}
