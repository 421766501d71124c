// Ensemble: several univariate detectors on one series, combined into one score after a probationary period.
import { invalidArgument } from "../errors";
import { checkState, numberOption } from "./options";
import { scoreToZ, Z_HALF, zToScore } from "./score";
import type { Detector, DetectorState } from "./types";

/** One member: a registry name and its options. */
export interface EnsembleMember {
  detector: string;
  options?: Record<string, unknown>;
}

/** Options of `ensemble`. */
export interface EnsembleOptions {
  /** Members (default: robust_z, windowed_gaussian, seasonal, holt_winters, cusum with their defaults). */
  members?: readonly EnsembleMember[];
  /** How many members must be surprised at once for a score >= 0.5 (default 3). */
  agree?: number;
  /** A member is surprised when its z reaches `gain` × max(floor, its record z); default 1. */
  gain?: number;
  /** The record never counts below this z (default 4). */
  floor?: number;
  /** Half-life in points of a member's record z; 0 (default) keeps the record for ever. */
  halfLife?: number;
  /** Points scored 0 while every member learns (default 600). */
  probation?: number;
}

/** What the ensemble needs from the registry (passed in to avoid an import cycle). */
export interface DetectorFactory {
  create(name: string, options?: Record<string, unknown>): Detector;
  restore(state: DetectorState): Detector;
}

const NAME = "ensemble";

export const DEFAULT_MEMBERS: readonly EnsembleMember[] = [
  { detector: "robust_z" },
  { detector: "windowed_gaussian" },
  { detector: "seasonal" },
  { detector: "holt_winters" },
  { detector: "cusum" },
];

/**
 * Ensemble. Idea: on real telemetry every single detector fires on hundreds of points a month, because real series
 * have heavy tails and a "4 sd" event happens every day. What the labelled incidents have in common is that they are
 * *records*: larger than anything the series did before, for several detectors at once. So each member's score is
 * turned back into a z (scoreToZ) and compared with that member's record z so far (decaying with `halfLife` when
 * set, never below `floor`); a member is surprised when z >= gain × record. The ensemble's score is
 * zToScore(4 × r) where r is the `agree`-th largest ratio z / (gain × record): it reaches 0.5 exactly when `agree`
 * members are surprised together. Records keep learning during the probation, when the score is 0, and freeze while
 * the ensemble alarms, and an alarm lasts while `agree − 1` members stay surprised (hysteresis), so a lasting
 * incident keeps its score up for rules with `for`. O(members) per point.
 */
export class EnsembleDetector implements Detector {
  readonly name = NAME;
  readonly options: { members: EnsembleMember[]; agree: number; gain: number; floor: number; halfLife: number; probation: number };
  readonly members: Detector[];
  private readonly scores: Float64Array;
  private readonly ratios: Float64Array;
  private readonly scratch: Float64Array;
  private readonly zs: Float64Array;
  private records: Float64Array;
  private readonly decay: number;
  private seen = 0;
  private alarming = false;

  constructor(factory: DetectorFactory, options: EnsembleOptions = {}, members?: Detector[]) {
    const api = "ensemble";
    const list = options.members ?? DEFAULT_MEMBERS;
    if (!Array.isArray(list) || list.length === 0) throw invalidArgument(api, "options.members", "a non-empty array of {detector, options}", options.members);
    for (const [i, m] of list.entries()) if (m?.detector === NAME) throw invalidArgument(api, `options.members[${i}].detector`, "a detector other than ensemble", m.detector);
    this.options = {
      members: list.map((m) => ({ detector: m.detector, ...(m.options ? { options: { ...m.options } } : {}) })),
      agree: numberOption(api, options, "agree", Math.min(3, list.length), { min: 1, max: list.length, integer: true }),
      gain: numberOption(api, options, "gain", 1, { min: 1e-6 }),
      floor: numberOption(api, options, "floor", 4, { min: 1e-6 }),
      halfLife: numberOption(api, options, "halfLife", 0, { min: 0 }),
      probation: numberOption(api, options, "probation", 600, { min: 0, integer: true }),
    };
    this.members = members ?? this.options.members.map((m) => factory.create(m.detector, m.options));
    this.scores = new Float64Array(this.members.length);
    this.ratios = new Float64Array(this.members.length);
    this.scratch = new Float64Array(this.members.length);
    this.zs = new Float64Array(this.members.length);
    this.records = new Float64Array(this.members.length);
    this.decay = this.options.halfLife > 0 ? Math.pow(0.5, 1 / this.options.halfLife) : 1;
  }

  /** The member scores of the last update, in member order. */
  memberScores(): number[] {
    return Array.from(this.scores);
  }

  update(t: number, value: number): number {
    if (Number.isNaN(value)) return 0;
    const { gain, floor, agree, probation } = this.options;
    const n = this.members.length;
    for (let i = 0; i < n; i++) {
      const s = this.members[i].update(t, value);
      this.scores[i] = s;
      const member = this.members[i];
      // Capped so a zero-spread member (z = ∞) cannot set a record nothing can ever beat.
      const z = Math.min(1000, member.lastZ !== undefined ? member.lastZ : scoreToZ(s));
      this.zs[i] = z;
      const record = this.records[i];
      this.ratios[i] = z / (gain * (record > floor ? record : floor));
    }
    this.seen++;
    let score = 0;
    if (this.seen > probation) {
      // Hysteresis: an alarm starts when `agree` members are surprised and lasts while `agree - 1` still are.
      const k = this.alarming ? Math.max(1, agree - 1) : agree;
      score = zToScore(Z_HALF * kthLargest(this.ratios, k, this.scratch));
      this.alarming = score >= 0.5;
    }
    // While the ensemble alarms, records stay frozen: a lasting anomaly keeps scoring against the pre-incident
    // records, so rules with `for` see it for as long as it lasts, not only at its first point.
    if (!this.alarming) for (let i = 0; i < n; i++) this.records[i] = Math.max(this.records[i] * this.decay, this.zs[i]);
    return score;
  }

  toJSON(): DetectorState {
    return {
      detector: NAME,
      version: 1,
      options: structuredClone(this.options),
      state: { seen: this.seen, alarming: this.alarming, records: Array.from(this.records), members: this.members.map((m) => m.toJSON()) },
    };
  }

  static restore(factory: DetectorFactory, state: DetectorState): EnsembleDetector {
    checkState("EnsembleDetector.restore", state, NAME);
    const members = (state.state.members as DetectorState[]).map((m) => factory.restore(m));
    const d = new EnsembleDetector(factory, state.options as EnsembleOptions, members);
    d.seen = state.state.seen as number;
    d.records = Float64Array.from(state.state.records as number[]);
    d.alarming = state.state.alarming === true;
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
