// The one streaming-detector interface every anomaly detector implements, and its serialised state.

/**
 * A streaming anomaly detector over one series. `update(t, value)` first scores `value` against what the
 * detector has learned from earlier points only (no look-ahead), then learns from it (score-then-learn,
 * River's progressive validation), and returns the score in [0, 1]: 0 normal, 0.5 "as unusual as four robust
 * standard deviations", 1 extreme. `t` is in seconds and must not decrease. A NaN value scores 0 and is not learned.
 */
export interface Detector {
  /** The detector's registry name ("robust_z", "ensemble", ...). */
  readonly name: string;
  update(t: number, value: number): number;
  /** |z| behind the last score (score = zToScore(lastZ)) when the detector has one; saves the ensemble inverting scores. */
  readonly lastZ?: number;
  /** The whole state as plain JSON: `restoreDetector(d.toJSON())` continues exactly where `d` stopped. */
  toJSON(): DetectorState;
}

/** A detector over several metrics of one node at once: `update(t, values)` with one value per metric, same order every call. */
export interface MultivariateDetector {
  readonly name: string;
  update(t: number, values: ArrayLike<number>): number;
  toJSON(): DetectorState;
}

/** Serialised detector: its name, the options it was built with and its learned state. */
export interface DetectorState {
  detector: string;
  version: 1;
  options: Record<string, unknown>;
  state: Record<string, unknown>;
}
