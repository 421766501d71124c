// Tolerant extraction of a JSON object from a model's text: code fences, reasoning blocks and chatter around it are skipped, in linear time.
import { MAX_JSON_DEPTH, tooDeepAt } from "../json-guard";

/** The outcome of looking for a JSON object in a reply. */
export type ExtractResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** Longest reply text looked at, in characters; a longer one is refused rather than scanned. */
export const MAX_REPLY_CHARS = 1_000_000;

/**
 * Finds the first JSON object in `text` and parses it.
 * Tries the whole text, then each fenced block, then each top-level balanced `{...}` in order; reasoning blocks
 * (`<think>...</think>`, which local reasoning models emit) are removed first. Every step is one pass over the
 * text (a candidate that fails is skipped whole, never rescanned), so a hostile 1 MB reply costs milliseconds.
 */
export function extractJsonObject(text: string): ExtractResult {
  if (typeof text !== "string") return { ok: false, reason: "the reply is not text" };
  if (text.length > MAX_REPLY_CHARS) return { ok: false, reason: `the reply is ${text.length} characters long, over the ${MAX_REPLY_CHARS} limit` };
  const cleaned = withoutThinking(text).trim();
  if (cleaned === "") return { ok: false, reason: "the reply is empty" };
  const direct = tryParseObject(cleaned);
  if (direct !== undefined) return checked(direct);
  for (const block of fencedBlocks(cleaned)) {
    const fenced = tryParseObject(block.trim());
    if (fenced !== undefined) return checked(fenced);
  }
  for (const [start, end] of topLevelObjects(cleaned)) {
    const candidate = tryParseObject(cleaned.slice(start, end + 1));
    if (candidate !== undefined) return checked(candidate);
  }
  const preview = cleaned.length > 60 ? cleaned.slice(0, 57) + "..." : cleaned;
  return { ok: false, reason: `no JSON object found in the reply ${JSON.stringify(preview)}` };
}

function checked(value: Record<string, unknown>): ExtractResult {
  const deep = tooDeepAt(value, MAX_JSON_DEPTH);
  return deep === undefined ? { ok: true, value } : { ok: false, reason: `the reply's JSON nests deeper than ${MAX_JSON_DEPTH} levels at ${deep}` };
}

/** The text without `<think>...</think>` blocks (an unclosed one runs to the end), found with indexOf, not backtracking. */
function withoutThinking(text: string): string {
  const lower = text.toLowerCase();
  let out = "";
  let at = 0;
  for (;;) {
    const open = lower.indexOf("<think>", at);
    if (open === -1) return out + text.slice(at);
    out += text.slice(at, open);
    const close = lower.indexOf("</think>", open + 7);
    if (close === -1) return out;
    at = close + 8;
  }
}

/** Contents of ``` fenced blocks, in order. */
function* fencedBlocks(text: string): Generator<string> {
  let at = 0;
  for (;;) {
    const open = text.indexOf("```", at);
    if (open === -1) return;
    const lineEnd = text.indexOf("\n", open + 3);
    const close = text.indexOf("```", open + 3);
    if (close === -1) return;
    // The info string ("json") runs to the end of the opening line when that line ends before the closing fence.
    const bodyStart = lineEnd !== -1 && lineEnd < close && /^[a-zA-Z]*\s*$/.test(text.slice(open + 3, lineEnd)) ? lineEnd + 1 : open + 3;
    yield text.slice(bodyStart, close);
    at = close + 3;
  }
}

/** Times the scan restarts after an unclosed brace in chatter (bounded, so the cost stays linear in practice). */
const MAX_RESTARTS = 16;

/**
 * [start, end] of each balanced top-level `{...}` (braces inside strings skipped), in one pass. A brace in chatter
 * that never closes would swallow the object after it, so the scan restarts just after it, at most MAX_RESTARTS times.
 */
function* topLevelObjects(text: string): Generator<[number, number]> {
  let from = 0;
  for (let restart = 0; restart <= MAX_RESTARTS; restart++) {
    let depth = 0;
    let inString = false;
    let start = -1;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (depth === 0) {
        if (c === 123) {
          depth = 1;
          start = i;
          inString = false;
        }
        continue;
      }
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123) depth++;
      else if (c === 125 && --depth === 0) yield [start, i];
    }
    if (depth === 0) return;
    from = start + 1;
  }
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  // An object starts with { and ends with }: checking both first spares a thrown (slow) parse error per hopeless candidate.
  if (!text.startsWith("{") || !text.endsWith("}")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
