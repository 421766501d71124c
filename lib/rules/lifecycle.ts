// The alert lifecycle as pure transitions: given an alert's state, whether its condition holds now and the rule's timing, what happens next.

/** The part of an alert the lifecycle reads. `undefined` is "inactive" (no alert). */
export type LifecycleState =
  | { kind: "pending"; activeAt: number }
  | { kind: "firing"; activeAt: number; firedAt: number; keepFiringSince?: number };

/** A rule's timing in seconds. */
export interface LifecycleTiming {
  forSeconds: number;
  keepFiringForSeconds: number;
}

/**
 * What one evaluation does to an alert:
 * - `activate`: inactive → pending (and `fire` as well when `for` is 0: see `fires`);
 * - `fire`: pending → firing;
 * - `hold`: nothing changes state (pending still waiting, firing still holding; a kept-firing alert whose condition holds again);
 * - `keep`: firing, condition stopped, kept firing by keep_firing_for (since = the first evaluation it stopped);
 * - `drop`: pending → inactive without firing;
 * - `resolve`: firing → inactive.
 */
export type LifecycleStep =
  | { kind: "none" }
  | { kind: "activate"; fires: boolean }
  | { kind: "fire" }
  | { kind: "hold"; clearKeep: boolean }
  | { kind: "keep"; since: number }
  | { kind: "drop" }
  | { kind: "resolve" };

/**
 * Prometheus' rule: pending at the first evaluation the condition holds, firing at the first evaluation where
 * now - activeAt >= for; a pending alert whose condition stops is dropped; a firing one resolves at once, or, with
 * keep_firing_for, at the first evaluation where now - keepFiringSince >= keep_firing_for (the clock restarts whenever
 * the condition holds again).
 */
export function lifecycleStep(state: LifecycleState | undefined, holds: boolean, time: number, timing: LifecycleTiming): LifecycleStep {
  if (state === undefined) return holds ? { kind: "activate", fires: timing.forSeconds <= 0 } : { kind: "none" };
  if (holds) {
    if (state.kind === "firing") return { kind: "hold", clearKeep: state.keepFiringSince !== undefined };
    return time - state.activeAt >= timing.forSeconds ? { kind: "fire" } : { kind: "hold", clearKeep: false };
  }
  if (state.kind === "pending") return { kind: "drop" };
  if (timing.keepFiringForSeconds > 0) {
    const since = state.keepFiringSince ?? time;
    if (time - since < timing.keepFiringForSeconds) return { kind: "keep", since };
  }
  return { kind: "resolve" };
}
