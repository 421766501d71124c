// Reads detector options: defaults, range checks with errors that name the call, the field and the bad value.
import { invalidArgument } from "../errors";

/** Returns options[key] (or `fallback`) after checking it is a finite number in [min, max] (an integer when `integer`). */
export function numberOption(api: string, options: object | undefined, key: string, fallback: number, range: { min: number; max?: number; integer?: boolean }): number {
  const raw = options === undefined ? undefined : (options as Record<string, unknown>)[key];
  const value = raw === undefined ? fallback : raw;
  const max = range.max ?? Number.MAX_VALUE;
  if (typeof value !== "number" || !Number.isFinite(value) || value < range.min || value > max || (range.integer && !Number.isInteger(value))) {
    const kind = range.integer ? "an integer" : "a number";
    const bound = range.max === undefined ? `>= ${range.min}` : `in [${range.min}, ${range.max}]`;
    throw invalidArgument(api, `options.${key}`, `${kind} ${bound}`, raw);
  }
  return value;
}

/** Checks that `state.detector` names the detector being restored. */
export function checkState(api: string, state: { detector?: unknown; version?: unknown } | undefined, name: string): void {
  if (state === null || typeof state !== "object") throw invalidArgument(api, "state", "a detector state object from toJSON()", state);
  if (state.detector !== name) throw invalidArgument(api, "state.detector", JSON.stringify(name), state.detector);
  if (state.version !== 1) throw invalidArgument(api, "state.version", "1", state.version);
}

/** Exponential weight for a window of `n` points: 2 / (n + 1). */
export function ewAlpha(n: number): number {
  return 2 / (n + 1);
}
