// Shared pieces of the rule-set parser: the options, the problem reporter, type guards and limits.
import { describeValue, type Problem } from "../errors";
import type { CustomOperator } from "./operators";
import type { FactRef } from "./types";
import type { FactSpec } from "./facts";

/** Deepest condition nesting a rule may use; deeper trees are refused with a message instead of overflowing the stack. */
export const MAX_CONDITION_DEPTH = 64;

/** Options of `parseRuleSet` and `loadRules`. */
export interface ParseOptions {
  /** Name of the set when the JSON has none. */
  name?: string;
  /** Custom operators; rules that use one run on json-rules-engine. */
  operators?: Readonly<Record<string, CustomOperator>>;
  /** Facts beyond the catalogue that the fact sources of this set provide. */
  facts?: readonly FactSpec[];
  /** Node kinds scopes may name; the graph's kinds by default. */
  kinds?: readonly string[];
}

export const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
export const isScalar = (v: unknown) => v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Collects problems for one rule (or named condition) with a fixed message prefix. */
export class Reporter {
  constructor(
    private readonly problems: Problem[],
    private readonly who: string,
  ) {}
  add(path: string, what: string, value?: unknown, expected?: string): void {
    const shown = value === undefined ? "" : ` ${describeValue(value)}`;
    this.problems.push({ path, value, message: `${this.who}: ${what}${shown} at ${path}${expected ? `; expected ${expected}` : ""}` });
  }
}

export interface ConditionScan {
  facts: FactRef[];
  references: string[];
}

export function checkStringList(value: unknown, path: string, report: Reporter, what: string, allowEmpty = false): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) {
    report.add(path, `${what} must be a list of non-empty strings but found`, value);
    return undefined;
  }
  if (!allowEmpty && value.length === 0) {
    report.add(path, `${what} is empty`, undefined, "at least one entry, or leave the field out");
    return undefined;
  }
  return value as string[];
}
