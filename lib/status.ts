// Operational status, defined once: the names (worst last), their numeric codes in typed arrays and the status metric, and the conversions.

/** Operational status, worst last; a status's code is its index here (0 up, 1 degraded, 2 down: larger is worse). */
export const STATUSES = ["up", "degraded", "down"] as const;

/** One of `STATUSES`. */
export type Status = (typeof STATUSES)[number];

/** Status → code used in typed arrays and the `status` metric. */
export const STATUS_CODES: Readonly<Record<Status, number>> = Object.freeze({ up: 0, degraded: 1, down: 2 });

/**
 * Names a status code: 0 → "up", 1 → "degraded", 2 → "down"; `undefined` for NaN (no observation) or
 * any other value. Codes are rounded first, so an imported 2.0000001 still reads as "down".
 */
export function statusName(code: number): Status | undefined {
  return STATUSES[Math.round(code)];
}
