// Ensemble: several univariate detectors on one series, each calibrated by an anomaly likelihood, combined after a probationary period.
import { invalidArgument } from "../errors";
import { checkState, numberOption } from "./options";
import { scoreToZ, zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** One member: a registry name and its options. */
export interface EnsembleMember {
  detector: string;
  options?: Record<string, unknown>;
}

/** Options of `ensemble`. */
export interface EnsembleOptions {
  /** Members (default: robust_z, windowed_gaussian, seasonal, holt_winters, cusum, relative_entropy with their defaults). */
  members?: readonly EnsembleMember[];
  /** How many members must be unusually surprised at once for a score >= 0.5 (default 2). */
  agree?: number;
  /** Seconds of member surprise averaged into the recent level (default 3600: the last hour). */
  shortSeconds?: number;
  /** Points over which the long-term distribution of that recent level is learned (exponential weight 1/longPoints; default 2000, a week of 5-minute points). */
  longPoints?: number;
  /** Points scored 0 while every member learns (default 600). */
  probation?: number;
}

/** What the ensemble needs from the registry (passed in to avoid an import cycle). */
export interface DetectorFactory {
  create(name: string, options?: Record<string, unknown>): Detector;
  restore(state: DetectorState): Detector;
}

const NAME = "ensemble";
/** The recent-level window holds at most this many points (a step under a minute makes the window shorter than shortSeconds). */
const SHORT_CAP = 64;
/** The long-term spread never counts below this (log units), so a member that never varies cannot make noise look huge. */
const MIN_SPREAD = 0.05;
/** Points of long-term history before a member's likelihood z counts at all. */
const MIN_HISTORY = 50;
/** Member z values are capped here: a zero-spread member (z = ∞) must not poison the running moments. */
const Z_CAP = 1000;

export const DEFAULT_MEMBERS: readonly EnsembleMember[] = [
  { detector: "robust_z" },
  { detector: "windowed_gaussian" },
  { detector: "seasonal" },
  { detector: "holt_winters" },
  { detector: "cusum" },
  { detector: "relative_entropy" },
];

/**
 * Ensemble. Idea (NAB's anomaly likelihood, applied per member): on real telemetry every single detector fires on
 * hundreds of points a month, because real series have heavy tails and a "4 sd" event happens every day. What sets a
 * labelled incident apart is a member's surprise that stays high for a while *relative to how surprised that member
 * usually is on this series*. So each member's z becomes log(1 + z); its mean over the last `shortSeconds` (the
 * recent level) is compared with the long-term mean and spread of that level (exponentially weighted over about
 * `longPoints` points, learned from earlier points only): lz = (recent − mean) / spread. The ensemble's score is
 * zToScore(the `agree`-th largest lz): 0.5 exactly when `agree` members sit four spreads above their usual level.
 * A member that is always noisy on a series is thereby discounted, and one that is usually quiet counts fully.
 * Probation: score 0 for the first `probation` points. O(members) per point, O(members × 64) memory.
 */
export class EnsembleDetector implements Detector {
  readonly name = NAME;
  readonly options: { members: EnsembleMember[]; agree: number; shortSeconds: number; longPoints: number; probation: number };
  readonly members: Detector[];
  private readonly scores: Float64Array;
  private readonly likelihoods: Float64Array;
  private readonly scratch: Float64Array;
  /** Ring of recent log(1 + z), slot-major (one slot's members share a cache line); per member the running sum, long mean and variance. */
  private ring: Float64Array;
  private ringTimes: Float64Array;
  private sums: Float64Array;
  private means: Float64Array;
  private variances: Float64Array;
  private head = 0;
  private count = 0;
  private seen = 0;

  constructor(factory: DetectorFactory, options: EnsembleOptions = {}, members?: Detector[]) {
    const api = "ensemble";
    const list = options.members ?? DEFAULT_MEMBERS;
    if (!Array.isArray(list) || list.length === 0) throw invalidArgument(api, "options.members", "a non-empty array of {detector, options}", options.members);
    for (const [i, m] of list.entries()) if (m?.detector === NAME) throw invalidArgument(api, `options.members[${i}].detector`, "a detector other than ensemble", m.detector);
    this.options = {
      members: list.map((m) => ({ detector: m.detector, ...(m.options ? { options: { ...m.options } } : {}) })),
      agree: numberOption(api, options, "agree", Math.min(2, list.length), { min: 1, max: list.length, integer: true }),
      shortSeconds: numberOption(api, options, "shortSeconds", 3600, { min: 0 }),
      longPoints: numberOption(api, options, "longPoints", 2000, { min: 2 }),
      probation: numberOption(api, options, "probation", 600, { min: 0, integer: true }),
    };
    this.members = members ?? this.options.members.map((m) => factory.create(m.detector, m.options));
    const n = this.members.length;
    this.scores = new Float64Array(n);
    this.likelihoods = new Float64Array(n);
    this.scratch = new Float64Array(n);
    this.ring = new Float64Array(n * SHORT_CAP);
    this.ringTimes = new Float64Array(SHORT_CAP);
    this.sums = new Float64Array(n);
    this.means = new Float64Array(n);
    this.variances = new Float64Array(n);
  }

  /** The member scores of the last update, in member order. */
  memberScores(): number[] {
    return Array.from(this.scores);
  }

  /** Each member's likelihood z of the last update (recent surprise against its usual level, in spreads). */
  memberLikelihoods(): number[] {
    return Array.from(this.likelihoods);
  }

  update(t: number, value: number): number {
    if (Number.isNaN(value)) return 0;
    const n = this.members.length;
    // The recent window: drop entries older than shortSeconds (the newest always stays), then add this point.
    const horizon = t - this.options.shortSeconds;
    const ring = this.ring;
    const sums = this.sums;
    let tail = this.head - this.count;
    if (tail < 0) tail += SHORT_CAP;
    while (this.count > 0 && (this.count === SHORT_CAP || this.ringTimes[tail] <= horizon)) {
      for (let i = 0, cell = tail * n; i < n; i++, cell++) sums[i] -= ring[cell];
      this.count--;
      if (++tail === SHORT_CAP) tail = 0;
    }
    const slot = this.head;
    this.ringTimes[slot] = t;
    this.head = slot + 1 === SHORT_CAP ? 0 : slot + 1;
    this.count++;
    const inverseCount = 1 / this.count;
    const weight = Math.max(1 / this.options.longPoints, 1 / (this.seen + 1));
    const counted = this.seen >= MIN_HISTORY;
    for (let i = 0; i < n; i++) {
      const member = this.members[i];
      const s = member.update(t, value);
      this.scores[i] = s;
      const z = Math.min(Z_CAP, member.lastZ !== undefined ? member.lastZ : scoreToZ(s));
      const x = Math.log1p(z);
      ring[slot * n + i] = x;
      const recent = (sums[i] += x) * inverseCount;
      // Scored against the long-term moments learned before this point (no look-ahead), then learned.
      const mean = this.means[i];
      const spread = Math.sqrt(this.variances[i]);
      this.likelihoods[i] = counted ? (recent - mean) / (spread > MIN_SPREAD ? spread : MIN_SPREAD) : 0;
      const d = recent - mean;
      this.means[i] = mean + weight * d;
      this.variances[i] = (1 - weight) * (this.variances[i] + weight * d * d);
    }
    this.seen++;
    if (this.seen <= this.options.probation) return 0;
    const k = kthLargest(this.likelihoods, this.options.agree, this.scratch);
    return k > 0 ? zToScore(k) : 0;
  }

  toJSON(): DetectorState {
    return {
      detector: NAME,
      version: 1,
      options: structuredClone(this.options),
      state: {
        seen: this.seen,
        head: this.head,
        count: this.count,
        ring: Array.from(this.ring),
        ringTimes: Array.from(this.ringTimes),
        sums: Array.from(this.sums),
        means: Array.from(this.means),
        variances: Array.from(this.variances),
        members: this.members.map((m) => m.toJSON()),
      },
    };
  }

  static restore(factory: DetectorFactory, state: DetectorState): EnsembleDetector {
    checkState("EnsembleDetector.restore", state, NAME);
    const members = (state.state.members as DetectorState[]).map((m) => factory.restore(m));
    const d = new EnsembleDetector(factory, state.options as EnsembleOptions, members);
    const s = state.state;
    d.seen = s.seen as number;
    d.head = s.head as number;
    d.count = s.count as number;
    d.ring = Float64Array.from(s.ring as number[]);
    d.ringTimes = Float64Array.from(s.ringTimes as number[]);
    d.sums = Float64Array.from(s.sums as number[]);
    d.means = Float64Array.from(s.means as number[]);
    d.variances = Float64Array.from(s.variances as number[]);
    return d;
  }
}

/** The k-th largest value (1-based) of a short array; `scratch` has the same length and is overwritten. */
function kthLargest(values: Float64Array, k: number, scratch: Float64Array): number {
  const n = values.length;
  // Insertion sort, descending: members are few, so this beats any selection algorithm.
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && scratch[j] < v) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = v;
  }
  return scratch[k - 1];
}
