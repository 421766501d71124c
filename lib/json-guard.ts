// Guards for untrusted JSON text and values: a leading byte-order mark, and nesting depth measured without recursion.

/** Deepest nesting any loader accepts in a document (a rule tree has its own, smaller limit). */
export const MAX_JSON_DEPTH = 256;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number;
}

/**
 * The JSON path of the first place where `value` nests deeper than `limit` objects/arrays, or undefined when
 * it does not. Iterative (an explicit stack), so a 100,000-deep document is answered, not a stack overflow.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: "" }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (v === null || typeof v !== "object") continue;
    const depth = frame.depth + 1;
    if (depth > limit) return pathOf(frame);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth, parent: frame, key: i });
    else for (const key of Object.keys(v)) stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: frame, key });
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
  const shown = keys.reverse().slice(0, 8).map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
  return "$" + shown + (keys.length > 8 ? "..." : "");
}

/** The text without a leading UTF-8 byte-order mark (editors on Windows write one; CSV readers already drop it). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
