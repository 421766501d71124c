// json-rules-engine's operators and operator decorators, re-implemented with the same results for every input.

/** json-rules-engine's default operators. */
export const OPERATORS = [
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
] as const;

/** One of json-rules-engine's default operators. */
export type OperatorName = (typeof OPERATORS)[number];

/** json-rules-engine's operator decorators, written before the operator: `"not:equal"`, `"someFact:greaterThan"`. */
export const DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"] as const;

/** One decorator name. */
export type DecoratorName = (typeof DECORATORS)[number];

/** Operators compared with a number threshold. */
export const NUMERIC_OPERATORS: ReadonlySet<string> = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);

/** A custom operator, registered with `parseRuleSet(json, { operators })`; rules using one run on json-rules-engine. */
export type CustomOperator = (factValue: unknown, jsonValue: unknown) => boolean;

/** An operator name split into its decorators (outermost first) and base operator. */
export interface ParsedOperator {
  decorators: DecoratorName[];
  base: string;
  custom: boolean;
}

/**
 * Splits `"someFact:not:equal"` into decorators and base, the way json-rules-engine resolves names;
 * `undefined` when a part is unknown.
 */
export function parseOperator(name: string, custom?: Readonly<Record<string, CustomOperator>>): ParsedOperator | undefined {
  const decorators: DecoratorName[] = [];
  let rest = name;
  for (;;) {
    if ((OPERATORS as readonly string[]).includes(rest)) return { decorators, base: rest, custom: false };
    if (custom !== undefined && Object.prototype.hasOwnProperty.call(custom, rest)) return { decorators, base: rest, custom: true };
    const colon = rest.indexOf(":");
    if (colon <= 0) return undefined;
    const decorator = rest.slice(0, colon);
    if (!(DECORATORS as readonly string[]).includes(decorator)) return undefined;
    decorators.push(decorator as DecoratorName);
    rest = rest.slice(colon + 1);
  }
}

/** json-rules-engine's fact check for the number operators: `parseFloat(x)` is not NaN ("12abc" passes, `true` does not). */
export function numberLike(value: unknown): boolean {
  return Number.parseFloat(value as string).toString() !== "NaN";
}

/** An operator as a plain function of (fact value, condition value), including its fact check. */
export type OperatorFunction = (factValue: unknown, jsonValue: unknown) => boolean;

/* The comparisons below use `any` on purpose: json-rules-engine relies on JavaScript's loose `<` between
 * numbers and strings ("12" < 20), and matching it exactly means doing the same. */
/* eslint-disable @typescript-eslint/no-explicit-any */
const BASE: Readonly<Record<OperatorName, OperatorFunction>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as any).indexOf(a) > -1,
  notIn: (a, b) => (b as any).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numberLike(a) && (a as any) < (b as any),
  lessThanInclusive: (a, b) => numberLike(a) && (a as any) <= (b as any),
  greaterThan: (a, b) => numberLike(a) && (a as any) > (b as any),
  greaterThanInclusive: (a, b) => numberLike(a) && (a as any) >= (b as any),
};

function decorate(decorator: DecoratorName, next: OperatorFunction): OperatorFunction {
  switch (decorator) {
    case "someFact":
      return (a, b) => Array.isArray(a) && a.some((x) => next(x, b));
    case "everyFact":
      return (a, b) => Array.isArray(a) && a.every((x) => next(x, b));
    case "someValue":
      return (a, b) => (b as any).some((x: unknown) => next(a, x));
    case "everyValue":
      return (a, b) => (b as any).every((x: unknown) => next(a, x));
    case "swap":
      return (a, b) => next(b, a);
    case "not":
      return (a, b) => !next(a, b);
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The function of a (possibly decorated) operator, with exactly json-rules-engine's results. */
export function operatorFunction(parsed: ParsedOperator, custom?: Readonly<Record<string, CustomOperator>>): OperatorFunction {
  let fn: OperatorFunction = parsed.custom ? custom![parsed.base] : BASE[parsed.base as OperatorName];
  for (let i = parsed.decorators.length - 1; i >= 0; i--) fn = decorate(parsed.decorators[i], fn);
  return fn;
}
