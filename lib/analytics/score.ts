// Maps detector statistics (a robust z, a probability) onto the common [0, 1] score scale.

/** The z at which every detector's score is 0.5: four robust standard deviations. */
export const Z_HALF = 4;

/**
 * A deviation in standard deviations → score in [0, 1): 1 / (1 + (Z_HALF / |z|)^4). Steep around
 * Z_HALF so one alarm threshold (0.5) suits every detector: |z| 2 → 0.06, 3 → 0.24, 4 → 0.5, 6 → 0.84, 8 → 0.94.
 */
export function zToScore(z: number): number {
  const a = Math.abs(z);
  if (!(a > 0)) return 0;
  if (a === Infinity) return 1;
  const r = Z_HALF / a;
  const r2 = r * r;
  return 1 / (1 + r2 * r2);
}

/** The inverse of zToScore for scores in [0, 1): the |z| that gives `score`. */
export function scoreToZ(score: number): number {
  if (!(score > 0)) return 0;
  if (score >= 1) return Infinity;
  // Two square roots instead of Math.pow(x, 0.25): this sits in the ensemble's per-point path.
  return Z_HALF / Math.sqrt(Math.sqrt(1 / score - 1));
}

/** Upper tail of the standard normal, Q(z) = P(Z > z) (Abramowitz–Stegun 7.1.26 via erfc, |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Checks a numeric option: finite and within [min, max]; returns it or throws via `fail`. */
export function checkNumber(value: unknown, min: number, max: number, fail: (expected: string) => Error): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw fail(`a number in [${min}, ${max}]`);
  }
  return value;
}
