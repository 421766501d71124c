// The JSON Schema file for editors stays in step with the catalogue and operators.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DURATION_PATTERN, FACT_CATALOGUE, OPERATORS, ruleJsonSchema } from "../../lib/rules";

const file = join(__dirname, "..", "..", "datasets", "schemas", "rule.schema.json");

describe("ruleJsonSchema()", () => {
  it("is what datasets/schemas/rule.schema.json holds (regenerate the file when the catalogue changes)", () => {
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(ruleJsonSchema());
  });

  it("lists every catalogue fact and operator", () => {
    const definitions = ruleJsonSchema().definitions as Record<string, { properties: Record<string, { enum?: string[]; anyOf?: { enum?: string[] }[] }> }>;
    expect(definitions.fact.properties.fact.enum).toEqual(FACT_CATALOGUE.map((f) => f.name));
    expect(definitions.fact.properties.operator.anyOf![0].enum).toEqual([...OPERATORS]);
  });

  it("accepts the durations parseRuleDuration accepts", () => {
    const pattern = new RegExp(DURATION_PATTERN);
    expect(["30s", "5m", "1h30m", "2d", "250ms", "0", "1.5h"].every((d) => pattern.test(d))).toBe(true);
    expect(["5 mins", "30m1h", "5", "", "5m5m"].some((d) => pattern.test(d))).toBe(false);
  });
});
