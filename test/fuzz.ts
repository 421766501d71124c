// Shared helpers for the loaders' fuzz tests: a seeded fast-check setup and the "typed error or finite result" check.
import fc from "fast-check";
import { expect } from "vitest";
import { TwinError } from "../lib/errors";

/** Cases per loader property: at least 2,000 as issue 18 asks (FUZZ_RUNS may raise it locally). */
export const FUZZ_RUNS = Math.max(2000, Number(process.env.FUZZ_RUNS ?? 0) || 0);

/** Every property runs with a fixed seed so a failure reproduces. */
export const FUZZ_PARAMS = { seed: 18_2026, numRuns: FUZZ_RUNS } as const;

/** Calls `load`; a thrown error must be a TwinError whose message is not empty, a result must pass `finite`. */
export function typedErrorOrResult<T>(load: () => T, finite: (result: T) => boolean = () => true): "error" | "result" {
  let result: T;
  try {
    result = load();
  } catch (error) {
    if (!(error instanceof TwinError)) throw new Error(`expected a TwinError but got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    expect(error.message.length).toBeGreaterThan(0);
    return "error";
  }
  if (!finite(result)) throw new Error("the loader accepted the input but its result is not finite");
  return "result";
}

/** Values that broke loaders before: prototype keys, non-finite numbers, nulls in lists, wrong shapes. */
export const nasty = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, "__proto__", "constructor", "toString", "", " ", 0, -1, -0, 1e308, -1e308, Number.NaN, Infinity, -Infinity, 1e-9, 2 ** 31, "0x10", "Infinity", "1e999", [], {}, [null], { all: {} }, true),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer(),
);

/** A JSON-like value mixing the nasty values in at every level. */
export const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, nasty, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor")), tie("value"), { maxKeys: 4 })),
})).value;

/** Replaces the value at a random key of `base` (one level down at most) with a nasty or random one. */
export function mutated<T extends object>(base: T): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  return fc.tuple(fc.constantFrom(...keys), fc.oneof(nasty, jsonish), fc.boolean()).map(([key, value, drop]) => {
    const copy: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
    if (drop) delete copy[key];
    else copy[key] = value;
    return copy;
  });
}
