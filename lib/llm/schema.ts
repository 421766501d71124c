// A tiny JSON Schema validator for the subset the supervisor's reply schemas use (and send as response_format).
import type { Problem } from "../errors";
import { describeValue, UsageError } from "../errors";

/** JSON value types a schema may name. */
export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

/** The JSON Schema subset this module writes and validates. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly (string | number | boolean | null)[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
}

/** The outcome of validating a value: the typed data, or every problem found. */
export type SchemaResult<T> = { ok: true; data: T } | { ok: false; errors: Problem[] };

const SUPPORTED = new Set([
  "type", "description", "properties", "required", "additionalProperties", "items", "enum",
  "minimum", "maximum", "minItems", "maxItems", "minLength",
]);

/** Validates `value` against `schema`; the cast to `T` is sound only if the schema describes `T`, which the tests check. */
export function checkSchema<T>(schema: JsonSchema, value: unknown): SchemaResult<T> {
  const errors: Problem[] = [];
  walk(schema, value, "$", errors);
  return errors.length === 0 ? { ok: true, data: value as T } : { ok: false, errors };
}

/** Every problem of `value` against `schema`, with JSON paths (`$.candidates[0].confidence`). */
export function schemaProblems(schema: JsonSchema, value: unknown, path = "$"): Problem[] {
  const errors: Problem[] = [];
  walk(schema, value, path, errors);
  return errors;
}

function typeOf(value: unknown): JsonType | "undefined" | "other" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isFinite(value) ? (Number.isInteger(value) ? "integer" : "number") : "other";
    case "object":
      return "object";
    case "undefined":
      return "undefined";
    default:
      return "other";
  }
}

function matchesType(actual: ReturnType<typeof typeOf>, expected: JsonType): boolean {
  return actual === expected || (expected === "number" && actual === "integer");
}

function article(type: JsonType): string {
  return type === "array" || type === "object" || type === "integer" ? `an ${type}` : type === "null" ? "null" : `a ${type}`;
}

function walk(schema: JsonSchema, value: unknown, path: string, errors: Problem[]): void {
  for (const key of Object.keys(schema)) {
    // A keyword this validator ignores would silently accept bad replies: refuse the schema instead.
    if (!SUPPORTED.has(key)) throw new UsageError(`checkSchema: keyword "${key}" at ${path} is not supported by this validator.`);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(actual, t))) {
      errors.push({ path, message: `expected ${types.map(article).join(" or ")} but found ${describeValue(value)}`, value });
      return;
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
    const shown = schema.enum.length > 12 ? `one of ${schema.enum.length} allowed values` : `one of ${schema.enum.map((e) => describeValue(e)).join(", ")}`;
    errors.push({ path, message: `expected ${shown} but found ${describeValue(value)}`, value });
    return;
  }
  if (actual === "number" || actual === "integer") {
    const n = value as number;
    if (schema.minimum !== undefined && n < schema.minimum) errors.push({ path, message: `expected a number >= ${schema.minimum} but found ${n}`, value });
    if (schema.maximum !== undefined && n > schema.maximum) errors.push({ path, message: `expected a number <= ${schema.maximum} but found ${n}`, value });
  }
  if (actual === "string" && schema.minLength !== undefined && (value as string).length < schema.minLength) {
    errors.push({ path, message: `expected a string of at least ${schema.minLength} characters but found ${describeValue(value)}`, value });
  }
  if (actual === "array") {
    const items = value as unknown[];
    if (schema.minItems !== undefined && items.length < schema.minItems) errors.push({ path, message: `expected at least ${schema.minItems} items but found ${items.length}` });
    if (schema.maxItems !== undefined && items.length > schema.maxItems) errors.push({ path, message: `expected at most ${schema.maxItems} items but found ${items.length}` });
    if (schema.items !== undefined) items.forEach((item, i) => walk(schema.items as JsonSchema, item, `${path}[${i}]`, errors));
  }
  if (actual === "object") {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (record[name] === undefined) errors.push({ path: `${path}.${name}`, message: `missing required property "${name}"` });
    }
    const properties = schema.properties ?? {};
    for (const [name, child] of Object.entries(record)) {
      const childPath = `${path}.${name}`;
      if (Object.prototype.hasOwnProperty.call(properties, name)) {
        if (child !== undefined) walk(properties[name], child, childPath, errors);
      } else if (schema.additionalProperties === false) {
        errors.push({ path: childPath, message: `unexpected property "${name}"`, value: child });
      } else if (typeof schema.additionalProperties === "object") {
        walk(schema.additionalProperties, child, childPath, errors);
      }
    }
  }
}

// Bounds that some servers refuse inside response_format (strict structured outputs): validated locally instead.
const LOCAL_ONLY = new Set(["minimum", "maximum", "minLength", "minItems", "maxItems"]);

/** The schema without bound keywords, for response_format: every OpenAI-compatible server accepts it; bounds are still checked here and shown in the prompt. */
export function portableSchema(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (LOCAL_ONLY.has(key)) continue;
    if (key === "properties") out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, portableSchema(child)]));
    else if ((key === "items" || key === "additionalProperties") && typeof value === "object") out[key] = portableSchema(value as JsonSchema);
    else out[key] = value;
  }
  return out as JsonSchema;
}
