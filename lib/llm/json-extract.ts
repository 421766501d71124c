// Tolerant extraction of a JSON object from a model's text: code fences, reasoning blocks and chatter around it are skipped.

/** The outcome of looking for a JSON object in a reply. */
export type ExtractResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Finds the first JSON object in `text` and parses it.
 * Tries the whole text, then each fenced block, then every balanced `{...}` in order; reasoning blocks
 * (`<think>...</think>`, which local reasoning models emit) are removed first.
 */
export function extractJsonObject(text: string): ExtractResult {
  const cleaned = text.replace(/<think>[\s\S]*?<\/think>/gi, "").trim();
  if (cleaned === "") return { ok: false, reason: "the reply is empty" };
  const direct = tryParseObject(cleaned);
  if (direct !== undefined) return { ok: true, value: direct };
  for (const match of cleaned.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    const fenced = tryParseObject(match[1].trim());
    if (fenced !== undefined) return { ok: true, value: fenced };
  }
  for (let start = cleaned.indexOf("{"); start !== -1; start = cleaned.indexOf("{", start + 1)) {
    const end = balancedEnd(cleaned, start);
    if (end === -1) continue;
    const candidate = tryParseObject(cleaned.slice(start, end + 1));
    if (candidate !== undefined) return { ok: true, value: candidate };
  }
  const preview = cleaned.length > 60 ? cleaned.slice(0, 57) + "..." : cleaned;
  return { ok: false, reason: `no JSON object found in the reply ${JSON.stringify(preview)}` };
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the brace closing the one at `start`, skipping braces inside strings; -1 when unbalanced. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}
