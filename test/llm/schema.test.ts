// The JSON Schema subset validator: every keyword it claims to support, and refusal of the rest.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../lib/errors";
import { actionsReplySchema, checkSchema, portableSchema, diagnosisReplySchema, schemaProblems, summaryReplySchema, whatIfsReplySchema, WHAT_IF_SCHEMA } from "../../lib/llm";
import type { JsonSchema } from "../../lib/llm";

const candidate: JsonSchema = {
  type: "object",
  required: ["node", "confidence"],
  additionalProperties: false,
  properties: {
    node: { type: "string", enum: ["a", "b"] },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    evidence: { type: "array", items: { type: "string" }, maxItems: 2 },
    note: { type: ["string", "null"] },
    count: { type: "integer" },
  },
};

describe("checkSchema()", () => {
  it("`checkSchema()` accepts a conforming value and returns it as data", () => {
    const value = { node: "a", confidence: 0.5, evidence: ["x"], note: null, count: 3 };
    expect(checkSchema(candidate, value)).toEqual({ ok: true, data: value });
  });

  it("`checkSchema()` reports every problem with its JSON path", () => {
    const result = checkSchema(candidate, { node: "c", confidence: 1.5, evidence: ["x", 2, "z"], extra: true, count: 1.5 });
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
    expect(lines).toEqual([
      '$.node: expected one of "a", "b" but found "c"',
      "$.confidence: expected a number <= 1 but found 1.5",
      "$.evidence: expected at most 2 items but found 3",
      "$.evidence[1]: expected a string but found 2",
      '$.extra: unexpected property "extra"',
      "$.count: expected an integer but found 1.5",
    ]);
  });

  it("`checkSchema()` reports missing required properties and wrong root types", () => {
    expect(schemaProblems(candidate, { node: "a" }).map((p) => p.message)).toEqual(['missing required property "confidence"']);
    expect(schemaProblems(candidate, [1]).map((p) => p.message)).toEqual(["expected an object but found [1]"]);
    expect(schemaProblems({ type: "number" }, Number.NaN).map((p) => p.message)).toEqual(["expected a number but found NaN"]);
  });

  it("`checkSchema()` validates additionalProperties given as a schema", () => {
    const record: JsonSchema = { type: "object", additionalProperties: { type: ["number", "string"] } };
    expect(schemaProblems(record, { a: 1, b: "x", c: true }).map((p) => p.path)).toEqual(["$.c"]);
  });

  it("`checkSchema()` refuses a schema keyword it does not implement rather than ignoring it", () => {
    expect(() => checkSchema({ type: "string", pattern: "^a" } as JsonSchema, "b")).toThrow(UsageError);
  });

  it("`checkSchema()` handles every reply schema the supervisor sends (no unsupported keyword)", () => {
    for (const schema of [summaryReplySchema(), diagnosisReplySchema(["a"]), actionsReplySchema(["a"]), whatIfsReplySchema(), WHAT_IF_SCHEMA]) {
      expect(() => checkSchema(schema, {})).not.toThrow();
    }
  });
});

describe("portableSchema()", () => {
  it("`portableSchema()` drops bound keywords at every depth and keeps the structure", () => {
    expect(portableSchema(candidate)).toEqual({
      type: "object",
      required: ["node", "confidence"],
      additionalProperties: false,
      properties: {
        node: { type: "string", enum: ["a", "b"] },
        confidence: { type: "number" },
        evidence: { type: "array", items: { type: "string" } },
        note: { type: ["string", "null"] },
        count: { type: "integer" },
      },
    });
  });
});

describe("reply schemas", () => {
  // OpenAI's strict mode rejects a schema whose objects do not require every property or allow extra ones.
  function strictViolations(schema: JsonSchema, path = "$"): string[] {
    const out: string[] = [];
    if (schema.properties) {
      const required = new Set(schema.required ?? []);
      for (const name of Object.keys(schema.properties)) if (!required.has(name)) out.push(`${path}.${name} not required`);
      if (schema.additionalProperties !== false) out.push(`${path} allows additional properties`);
      for (const [name, child] of Object.entries(schema.properties)) out.push(...strictViolations(child, `${path}.${name}`));
    }
    if (schema.items) out.push(...strictViolations(schema.items, `${path}[]`));
    return out;
  }

  it("`summaryReplySchema()` and the other reply schemas follow strict structured-output rules", () => {
    for (const schema of [summaryReplySchema(), diagnosisReplySchema(["a"]), actionsReplySchema(["a"]), whatIfsReplySchema()]) {
      expect(strictViolations(schema)).toEqual([]);
    }
  });

  it("`diagnosisReplySchema()` limits nodes to the incident's ids, and drops the enum for very large neighbourhoods", () => {
    expect(schemaProblems(diagnosisReplySchema(["a", "b"]), { candidates: [{ node: "z", confidence: 0.2, evidence: [] }] })).toHaveLength(1);
    const many = Array.from({ length: 400 }, (_, i) => `n${i}`);
    expect(schemaProblems(diagnosisReplySchema(many), { candidates: [{ node: "z", confidence: 0.2, evidence: [] }] })).toEqual([]);
  });
});
