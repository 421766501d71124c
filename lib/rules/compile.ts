// The compiled evaluator: turns a rule's json-rules-engine conditions into a plain predicate over node numbers.
import { parseRuleDuration } from "./duration";
import { factSpec, parseWindowParams, type FactAccessor, type FactValue, type WindowParams } from "./facts";
import { numberLike, operatorFunction, parseOperator, type CustomOperator } from "./operators";
import type { ConditionJson, FactConditionJson } from "./types";

/** A compiled condition: true when the condition holds for node number `node`. */
export type NodePredicate = (node: number) => boolean;

/** What compiling needs: fact accessors (resolved once, here) and the rule set's named conditions. */
export interface CompileContext {
  accessor(fact: string, params: WindowParams | undefined): FactAccessor;
  conditions?: Readonly<Record<string, ConditionJson>>;
  operators?: Readonly<Record<string, CustomOperator>>;
}

const PATH_SUBSET = /^\$(?:\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\])*$/;
const PATH_SEGMENT = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]/g;
const hasOwn = Object.prototype.hasOwnProperty;

/** Whether the compiler handles a condition `path` (`$`, `$.a.b`, `$.a[0]`); other JSONPath runs on json-rules-engine. */
export function isCompilablePath(path: string): boolean {
  return PATH_SUBSET.test(path);
}

/**
 * Wraps an accessor with a path, as json-rules-engine applies one: only to object values (others pass
 * unchanged), then walking own properties (string `length` and indexes included, as jsonpath-plus does).
 */
function withPath(read: FactAccessor, path: string): FactAccessor {
  const keys = [...path.matchAll(PATH_SEGMENT)].map((m) => m[1] ?? m[2]);
  return (node) => {
    let value: unknown = read(node);
    if (value === null || typeof value !== "object") return value as FactValue;
    for (const key of keys) {
      if (value === null || value === undefined || !hasOwn.call(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value as FactValue;
  };
}

function isFactReference(value: unknown): boolean {
  return value !== null && typeof value === "object" && hasOwn.call(value, "fact");
}

/**
 * Why a condition cannot be compiled (custom operator, a fact compared with another fact, JSONPath beyond
 * the supported subset), or `undefined` when it can. Named conditions are followed.
 */
export function unsupportedConstruct(
  condition: ConditionJson,
  conditions: Readonly<Record<string, ConditionJson>> = {},
  operators: Readonly<Record<string, CustomOperator>> = {},
  seen: Set<string> = new Set(),
): string | undefined {
  const c = condition as unknown as Record<string, unknown>;
  if (hasOwn.call(c, "any") || hasOwn.call(c, "all")) {
    for (const child of (c.any ?? c.all) as ConditionJson[]) {
      const reason = unsupportedConstruct(child, conditions, operators, seen);
      if (reason) return reason;
    }
    return undefined;
  }
  if (hasOwn.call(c, "not")) return unsupportedConstruct(c.not as ConditionJson, conditions, operators, seen);
  if (hasOwn.call(c, "condition")) {
    const name = c.condition as string;
    if (seen.has(name) || conditions[name] === undefined) return undefined;
    seen.add(name);
    return unsupportedConstruct(conditions[name], conditions, operators, seen);
  }
  const parsed = parseOperator(String(c.operator), operators);
  if (parsed?.custom) return `custom operator "${parsed.base}"`;
  if (isFactReference(c.value)) return `compares fact "${String(c.fact)}" with fact "${String((c.value as { fact: unknown }).fact)}"`;
  if (typeof c.path === "string" && c.path !== "" && !isCompilablePath(c.path)) {
    return `path ${JSON.stringify(c.path)} is beyond the compiled JSONPath subset ($, $.name, $[index])`;
  }
  return undefined;
}

/* Comparisons use `any` where json-rules-engine relies on JavaScript's loose `<` ("12" < 20). */
/* eslint-disable @typescript-eslint/no-explicit-any */
function compileFact(c: FactConditionJson, context: CompileContext): NodePredicate {
  let params: WindowParams | undefined;
  if (c.params !== undefined) {
    const parsed = parseWindowParams(c.params, factSpec(c.fact), parseRuleDuration);
    if (typeof parsed === "string") throw new Error(`compileCondition: ${parsed}`);
    params = parsed;
  }
  let read = context.accessor(c.fact, params);
  if (typeof c.path === "string" && c.path !== "") read = withPath(read, c.path);
  const parsed = parseOperator(c.operator, context.operators);
  if (parsed === undefined) throw new Error(`compileCondition: unknown operator ${JSON.stringify(c.operator)}`);
  const t = c.value as any;
  if (parsed.decorators.length === 0 && !parsed.custom) {
    // Specialised closures for the common cases; each returns what operatorFunction would.
    switch (parsed.base) {
      case "equal":
        return (i) => read(i) === t;
      case "notEqual":
        return (i) => read(i) !== t;
      case "greaterThan":
        if (typeof t === "number")
          return (i) => {
            const x = read(i);
            return typeof x === "number" ? x > t : numberLike(x) && (x as any) > t;
          };
        break;
      case "greaterThanInclusive":
        if (typeof t === "number")
          return (i) => {
            const x = read(i);
            return typeof x === "number" ? x >= t : numberLike(x) && (x as any) >= t;
          };
        break;
      case "lessThan":
        if (typeof t === "number")
          return (i) => {
            const x = read(i);
            return typeof x === "number" ? x < t : numberLike(x) && (x as any) < t;
          };
        break;
      case "lessThanInclusive":
        if (typeof t === "number")
          return (i) => {
            const x = read(i);
            return typeof x === "number" ? x <= t : numberLike(x) && (x as any) <= t;
          };
        break;
      case "in":
        if (Array.isArray(t)) return (i) => t.indexOf(read(i)) > -1;
        break;
      case "notIn":
        if (Array.isArray(t)) return (i) => t.indexOf(read(i)) === -1;
        break;
      case "contains":
        return (i) => {
          const x = read(i);
          return Array.isArray(x) && x.indexOf(t) > -1;
        };
      case "doesNotContain":
        return (i) => {
          const x = read(i);
          return Array.isArray(x) && x.indexOf(t) === -1;
        };
    }
  }
  const fn = operatorFunction(parsed, context.operators);
  return (i) => fn(read(i), t) === true;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function combineAll(children: NodePredicate[]): NodePredicate {
  switch (children.length) {
    case 0:
      return () => true;
    case 1:
      return children[0];
    case 2: {
      const [a, b] = children;
      return (i) => a(i) && b(i);
    }
    case 3: {
      const [a, b, c] = children;
      return (i) => a(i) && b(i) && c(i);
    }
    default:
      return (i) => {
        for (let k = 0; k < children.length; k++) if (!children[k](i)) return false;
        return true;
      };
  }
}

function combineAny(children: NodePredicate[]): NodePredicate {
  switch (children.length) {
    case 0:
      return () => true; // json-rules-engine: an empty "any" passes
    case 1:
      return children[0];
    case 2: {
      const [a, b] = children;
      return (i) => a(i) || b(i);
    }
    case 3: {
      const [a, b, c] = children;
      return (i) => a(i) || b(i) || c(i);
    }
    default:
      return (i) => {
        for (let k = 0; k < children.length; k++) if (children[k](i)) return true;
        return false;
      };
  }
}

/**
 * Compiles a condition tree into a predicate with exactly json-rules-engine's result for every input,
 * including undefined facts, strings where numbers are expected and `path`. Throws for constructs
 * `unsupportedConstruct` names; check that first.
 */
export function compileCondition(condition: ConditionJson, context: CompileContext, depth = 0): NodePredicate {
  if (depth > 64) throw new Error("compileCondition: conditions nest deeper than 64 levels (a reference cycle?)");
  const c = condition as unknown as Record<string, unknown>;
  if (hasOwn.call(c, "any")) return combineAny((c.any as ConditionJson[]).map((x) => compileCondition(x, context, depth + 1)));
  if (hasOwn.call(c, "all")) return combineAll((c.all as ConditionJson[]).map((x) => compileCondition(x, context, depth + 1)));
  if (hasOwn.call(c, "not")) {
    const inner = compileCondition(c.not as ConditionJson, context, depth + 1);
    return (i) => !inner(i);
  }
  if (hasOwn.call(c, "condition")) {
    const target = context.conditions?.[c.condition as string];
    if (target === undefined) throw new Error(`compileCondition: no condition named ${JSON.stringify(c.condition)}`);
    return compileCondition(target, context, depth + 1);
  }
  if (isFactReference(c.value)) throw new Error(`compileCondition: fact-to-fact comparisons run on json-rules-engine`);
  return compileFact(condition as FactConditionJson, context);
}
