// The on-disk response cache: validated model replies keyed by a hash of model, messages, schema and sampling settings.
import { stripBom } from "../json-guard";
import { MAX_REPLY_CHARS } from "./json-extract";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invalidArgument } from "../errors";
import { redactSecrets } from "./redact";

/** Everything that determines a reply, and nothing else (no base URL, no key, no headers). */
export interface CacheKeyInput {
  model: string;
  messages: readonly { role: string; content: string }[];
  schemaName: string;
  schema: unknown;
  temperature: number | null;
  seed?: number;
}

/** One stored reply. */
export interface CacheEntry {
  format: "infratwin-llm-cache/1";
  /** The sha256 request hash (also the file name). */
  key: string;
  model: string;
  schemaName: string;
  /** The reply text as the model wrote it. */
  content: string;
  usage: { promptTokens: number; completionTokens: number };
}

/** JSON with object keys sorted, so equal requests hash equally whatever the property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
}

/** The request hash: sha256 (hex) of the canonical JSON of the key input. */
export function cacheKey(input: CacheKeyInput): string {
  const { model, messages, schemaName, schema, temperature, seed } = input;
  return createHash("sha256")
    .update(canonicalJson({ v: 1, model, messages: messages.map((m) => ({ role: m.role, content: m.content })), schemaName, schema, temperature, seed }))
    .digest("hex");
}

let temporaryCounter = 0;

/** Options of `ResponseCache`. */
export interface ResponseCacheOptions {
  /** Strings that must never be written (the API key): redacted from anything stored. */
  secrets?: readonly (string | undefined)[];
}

/** Validated replies on disk, one JSON file per request hash, so a notebook re-runs identically and offline. */
export class ResponseCache {
  readonly dir: string;
  private readonly secrets: readonly (string | undefined)[];

  /** `new ResponseCache(".cache/llm")`; the folder is created on first write. */
  constructor(dir: string, options: ResponseCacheOptions = {}) {
    if (typeof dir !== "string" || dir === "") throw invalidArgument("ResponseCache", "dir", "a folder path", dir);
    this.dir = dir;
    this.secrets = options.secrets ?? [];
  }

  /** The path of the file holding `key`. */
  pathOf(key: string): string {
    // Keys are sha256 hex digests; anything else could name a file outside the cache folder.
    if (typeof key !== "string" || !/^[0-9a-f]{16,128}$/.test(key)) throw invalidArgument("ResponseCache.pathOf", "key", "a hex digest from cacheKey()", key);
    return join(this.dir, `${key}.json`);
  }

  /** The stored entry for `key`, or undefined when absent or unreadable. */
  async get(key: string): Promise<CacheEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), "utf8");
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(stripBom(text)) as Partial<CacheEntry>;
      if (entry === null || typeof entry !== "object" || entry.format !== "infratwin-llm-cache/1" || entry.key !== key || typeof entry.content !== "string") return undefined;
      // An edited or corrupted entry is treated as absent, never trusted: bounded content, finite token counts.
      if (entry.content.length > MAX_REPLY_CHARS) return undefined;
      const tokens = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);
      const usage = entry.usage as Partial<CacheEntry["usage"]> | undefined;
      return { ...(entry as CacheEntry), usage: { promptTokens: tokens(usage?.promptTokens), completionTokens: tokens(usage?.completionTokens) } };
    } catch {
      return undefined;
    }
  }

  /** Stores a reply (atomically: a reader never sees half a file). */
  async set(entry: Omit<CacheEntry, "format">): Promise<void> {
    const stored: CacheEntry = {
      format: "infratwin-llm-cache/1",
      key: entry.key,
      model: entry.model,
      schemaName: entry.schemaName,
      content: redactSecrets(entry.content, this.secrets),
      usage: { promptTokens: entry.usage.promptTokens, completionTokens: entry.usage.completionTokens },
    };
    await mkdir(this.dir, { recursive: true });
    const path = this.pathOf(entry.key);
    const temporary = `${path}.${process.pid}.${++temporaryCounter}.tmp`;
    await writeFile(temporary, JSON.stringify(stored, null, 2) + "\n", "utf8");
    await rename(temporary, path);
  }
}
