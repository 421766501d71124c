// Every bundled dataset (datasets/**/*.json) validates against its JSON Schema (datasets/schemas/*.json) with ajv, and each schema matches the one the library generates.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { topologyJsonSchema } from "../../lib/graph";
import { ruleJsonSchema } from "../../lib/rules";

const root = join(__dirname, "..", "..", "datasets");
const schemaDir = join(root, "schemas");

/** Which schema each dataset folder's JSON files follow. */
const SCHEMA_OF_FOLDER: Record<string, string> = { topology: "topology.schema.json", scenarios: "scenario.schema.json", rules: "rule.schema.json" };

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "schemas" ? [] : jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

function validatorFor(schemaFile: string) {
  const schema = JSON.parse(readFileSync(join(schemaDir, schemaFile), "utf8")) as { $schema?: string };
  // Draft 2020-12 needs ajv's 2020 build; draft-07 is ajv's default. strict: false tolerates descriptive keywords.
  const ajv = String(schema.$schema).includes("2020-12") ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

const files = jsonFiles(root).sort();

describe("bundled datasets against their JSON Schemas", () => {
  it("every bundled JSON dataset has a schema", () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(SCHEMA_OF_FOLDER[relative(root, file).split("/")[0]], relative(root, file)).toBeDefined();
  });

  it.each(files.map((f) => [relative(root, f), f] as const))("%s validates", (_name, file) => {
    const validate = validatorFor(SCHEMA_OF_FOLDER[relative(root, file).split("/")[0]]);
    const ok = validate(JSON.parse(readFileSync(file, "utf8")));
    expect(validate.errors ?? [], relative(root, file)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schemas reject a broken document (the check can fail)", () => {
    const scenario = JSON.parse(readFileSync(join(root, "scenarios", "quiet-day.json"), "utf8"));
    const validate = validatorFor("scenario.schema.json");
    expect(validate({ ...scenario, seed: "one" })).toBe(false);
    expect(validate({ ...scenario, surprise: 1 })).toBe(false);
    const topology = JSON.parse(readFileSync(join(root, "topology", "reference-bank.json"), "utf8"));
    const validateTopology = validatorFor("topology.schema.json");
    expect(validateTopology({ ...topology, nodes: [{ id: "x", kind: "sever" }] })).toBe(false);
  });

  it("the committed schemas are the ones the library generates", () => {
    expect(JSON.parse(readFileSync(join(schemaDir, "topology.schema.json"), "utf8"))).toEqual(topologyJsonSchema());
    expect(JSON.parse(readFileSync(join(schemaDir, "rule.schema.json"), "utf8"))).toEqual(ruleJsonSchema());
  });
});
