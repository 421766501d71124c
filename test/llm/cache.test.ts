// The response cache: stable request hashes, atomic files, redaction of secrets.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheKey, ResponseCache } from "../../lib/llm";
import { canonicalJson } from "../../lib/llm/cache";

const request = { model: "m", messages: [{ role: "user", content: "hi" }], schemaName: "s", schema: { type: "object", properties: { a: { type: "string" } } }, temperature: 0 };

describe("cacheKey()", () => {
  it("`cacheKey()` ignores property order and changes with model, messages, schema or temperature", () => {
    const reordered = { temperature: 0, schema: { properties: { a: { type: "string" } }, type: "object" }, schemaName: "s", messages: [{ content: "hi", role: "user" }], model: "m" };
    expect(cacheKey(reordered)).toBe(cacheKey(request));
    expect(cacheKey(request)).toMatch(/^[0-9a-f]{64}$/);
    const variants = [{ ...request, model: "n" }, { ...request, messages: [{ role: "user", content: "ho" }] }, { ...request, schema: {} }, { ...request, temperature: 0.5 }, { ...request, seed: 1 }];
    for (const variant of variants) expect(cacheKey(variant)).not.toBe(cacheKey(request));
  });

  it("`canonicalJson()` sorts keys and drops undefined properties", () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 2 }] })).toBe('{"a":[{"c":2}],"b":1}');
  });
});

describe("ResponseCache", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "infratwin-cache-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("`set()` then `get()` round-trips an entry, redacting secrets from the content", async () => {
    const cache = new ResponseCache(join(dir, "nested"), { secrets: ["s3cr3t-key"] });
    const key = cacheKey(request);
    await cache.set({ key, model: "m", schemaName: "s", content: '{"text":"the key is s3cr3t-key"}', usage: { promptTokens: 3, completionTokens: 4 } });
    expect(await cache.get(key)).toEqual({ format: "infratwin-llm-cache/1", key, model: "m", schemaName: "s", content: '{"text":"the key is [redacted]"}', usage: { promptTokens: 3, completionTokens: 4 } });
    expect(await readFile(cache.pathOf(key), "utf8")).not.toContain("s3cr3t-key");
  });

  it("`get()` treats a missing, corrupt or foreign file as a miss", async () => {
    const cache = new ResponseCache(dir);
    expect(await cache.get("0".repeat(64))).toBeUndefined();
    await writeFile(cache.pathOf("a".repeat(64)), "{not json");
    expect(await cache.get("a".repeat(64))).toBeUndefined();
    await writeFile(cache.pathOf("b".repeat(64)), JSON.stringify({ format: "infratwin-llm-cache/1", key: "c", content: "" }));
    expect(await cache.get("b".repeat(64))).toBeUndefined();
  });

  it("`new ResponseCache()` rejects an empty folder name", () => {
    expect(() => new ResponseCache("")).toThrow('ResponseCache: expected dir to be a folder path but found "".');
  });
});
