// The error typology every infratwin API throws: one base class, a few kinds, messages that name the call, the field and the bad value.

/** Renders a value for an error message: strings quoted, long values cut, never throws. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? text.slice(0, 77) + "..." : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Base class of every error infratwin throws on purpose. */
export class TwinError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value given to a call is of the wrong type or out of range. */
export class InvalidArgumentError extends TwinError {}

/** A referenced thing (node, edge, stream, dataset, rule, fact) does not exist. */
export class NotFoundError extends TwinError {}

/** A call made in a state that does not allow it (a process interrupting itself, running into the past). */
export class UsageError extends TwinError {}

/** One problem found while validating a document; `path` is a JSON path such as `$.nodes[3].capacity.cores`. */
export interface Problem {
  path: string;
  message: string;
  value?: unknown;
}

/** Many problems in one document, all reported at once. */
export class ValidationError extends TwinError {
  readonly problems: readonly Problem[];
  constructor(api: string, problems: readonly Problem[], what = "input") {
    const head = `${api}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${what}`;
    const lines = problems.slice(0, 20).map((p) => `  ${p.path}: ${p.message}`);
    if (problems.length > 20) lines.push(`  ... and ${problems.length - 20} more`);
    super([head + ":", ...lines].join("\n"));
    this.problems = problems;
  }
}

/**
 * Builds the standard bad-argument error:
 * `invalidArgument("Environment.timeout", "delay", "a number >= 0", -1)` →
 * `Environment.timeout: expected delay to be a number >= 0 but found -1.`
 */
export function invalidArgument(api: string, field: string, expected: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${api}: expected ${field} to be ${expected} but found ${describeValue(value)}.`);
}

/** `notFound("Graph.addEdge", "source node", "x")` → `Graph.addEdge: source node "x" not found.` */
export function notFound(api: string, what: string, value: unknown, hint?: string): NotFoundError {
  return new NotFoundError(`${api}: ${what} ${describeValue(value)} not found.${hint ? " " + hint : ""}`);
}
