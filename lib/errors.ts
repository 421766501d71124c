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

/** Edit distance between two short strings (Levenshtein), stopping early past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < best) best = current[j];
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * A "did you mean …?" hint for a name that was not found: known names that contain it, are contained in it, or are
 * a few edits away (case and separators ignored). Empty when nothing is close.
 */
export function didYouMean(value: unknown, known: Iterable<string>, max = 3): string {
  if (typeof value !== "string" || value === "") return "";
  const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, "");
  const v = squash(value);
  const scored: [number, string][] = [];
  for (const k of known) {
    const s = squash(k);
    if (s === v) scored.push([0, k]);
    else if (s.startsWith(v) || v.startsWith(s)) scored.push([1, k]);
    else if (s.includes(v) || v.includes(s)) scored.push([2, k]);
    else {
      const d = editDistance(v, s, 3);
      if (d <= Math.min(3, Math.floor(v.length / 3))) scored.push([2 + d, k]);
    }
  }
  if (scored.length === 0) return "";
  scored.sort((a, b) => a[0] - b[0] || a[1].length - b[1].length || (a[1] < b[1] ? -1 : 1));
  return ` Did you mean ${scored.slice(0, max).map(([, k]) => JSON.stringify(k)).join(", ")}?`;
}

/** A request that would exceed a resource limit (memory budget, reply size, deadline); the message says which option raises or avoids it. */
export class ResourceLimitError extends TwinError {}

/** A database behind the store refused or failed (connection, SQL, schema version); the message never holds a password. */
export class StoreError extends TwinError {}
