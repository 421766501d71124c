// Model replies and cache entries against hostile input: extraction and schema checks answer every text with a result, never a crash (seeded, 2,000+ cases each).
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseCache, diagnosisReplySchema, extractJsonObject, schemaProblems } from "../../lib/llm";
import { FUZZ_PARAMS, jsonish } from "../fuzz";

const good = { candidates: [{ node: "db-core-1", confidence: 0.9, evidence: ["DatabaseDown firing"] }] };
const schema = diagnosisReplySchema(["db-core-1", "srv-1"]);

describe("model replies fuzzed", () => {
  it("extractJsonObject + schemaProblems give ok/problems for every generated reply, never throw (seeded, 2,000+ cases)", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      jsonish.map((v) => JSON.stringify(v) ?? ""),
      fc.tuple(fc.string({ maxLength: 40 }), jsonish, fc.constantFrom("```json\n", "<think>", "{", "", "}")).map(([chatter, v, wrap]) => `${chatter}${wrap}${JSON.stringify(v)}${wrap === "```json\n" ? "```" : ""}`),
      fc.constant(JSON.stringify(good)),
    );
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(text, (reply) => {
        const extracted = extractJsonObject(reply);
        if (!extracted.ok) {
          expect(extracted.reason.length).toBeGreaterThan(0);
          outcomes.refused++;
          return;
        }
        const problems = schemaProblems(schema, extracted.value);
        for (const p of problems) expect(typeof p.message).toBe("string");
        if (problems.length === 0) outcomes.ok++;
        else outcomes.refused++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.ok).toBeGreaterThan(10);
  }, 120_000);
});

describe("cache entries fuzzed", () => {
  it("a corrupted or edited entry reads as absent or as a valid entry with finite token counts (seeded, 2,000+ cases)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-cache-fuzz-"));
    const cache = new ResponseCache(dir);
    const key = "ab".repeat(32);
    const entry = { format: "infratwin-llm-cache/1", key, model: "m", schemaName: "s", content: JSON.stringify(good), usage: { promptTokens: 1, completionTokens: 2 } };
    const arb = fc.oneof(
      fc.tuple(fc.constantFrom(...Object.keys(entry)), jsonish).map(([k, v]) => JSON.stringify({ ...entry, [k]: v })),
      fc.tuple(jsonish, jsonish).map(([a, b]) => JSON.stringify({ ...entry, usage: { promptTokens: a, completionTokens: b } })),
      jsonish.map((v) => JSON.stringify(v) ?? "null"),
      fc.string({ maxLength: 60 }),
    );
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(arb, fc.boolean(), async (text, bom) => {
        writeFileSync(cache.pathOf(key), (bom ? "\uFEFF" : "") + text);
        const read = await cache.get(key);
        if (read === undefined) return;
        valid++;
        expect(typeof read.content).toBe("string");
        expect(Number.isFinite(read.usage.promptTokens) && Number.isFinite(read.usage.completionTokens)).toBe(true);
      }),
      FUZZ_PARAMS,
    );
    expect(valid).toBeGreaterThan(100);
    expect(() => cache.pathOf("../../etc/passwd")).toThrow(/hex digest/);
  }, 120_000);
});
