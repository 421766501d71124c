import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError, NotFoundError, ValidationError } from "../../lib/errors";
import { loadTopology, packageRoot, topologyDatasets, topologyJsonSchema, toTopologyJSON, validateGraph } from "../../lib/graph";
import { paymentsEstate, rich } from "./fixtures";

const SCHEMA_FILE = join(packageRoot(), "datasets", "schemas", "topology.schema.json");

/** A checker for the JSON Schema subset topologyJsonSchema uses: enough to prove the schema accepts what we write. */
function schemaErrors(schema: Record<string, unknown>, value: unknown, root = schema, path = "$"): string[] {
  const s = schema.$ref ? (root.$defs as Record<string, Record<string, unknown>>)[(schema.$ref as string).split("/").pop()!] : schema;
  const errors: string[] = [];
  const typeOk = (t: string) =>
    t === "integer" ? Number.isInteger(value) : t === "array" ? Array.isArray(value) : t === "object" ? typeof value === "object" && value !== null && !Array.isArray(value) : typeof value === t;
  if (s.type !== undefined && !(Array.isArray(s.type) ? s.type : [s.type]).some(typeOk)) return [`${path}: not ${String(s.type)}`];
  if ("const" in s && value !== s.const) errors.push(`${path}: not ${String(s.const)}`);
  if (s.enum && !(s.enum as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < (s.minimum as number)) errors.push(`${path}: below minimum`);
    if (s.maximum !== undefined && value > (s.maximum as number)) errors.push(`${path}: above maximum`);
    if (s.exclusiveMinimum !== undefined && value <= (s.exclusiveMinimum as number)) errors.push(`${path}: not above exclusiveMinimum`);
  }
  if (typeof value === "string" && s.minLength !== undefined && value.length < (s.minLength as number)) errors.push(`${path}: too short`);
  if (Array.isArray(value) && s.items) value.forEach((v, i) => errors.push(...schemaErrors(s.items as Record<string, unknown>, v, root, `${path}[${i}]`)));
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(o)) {
      if (props[k]) errors.push(...schemaErrors(props[k], v, root, `${path}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected ${k}`);
      else if (typeof s.additionalProperties === "object") errors.push(...schemaErrors(s.additionalProperties as Record<string, unknown>, v, root, `${path}.${k}`));
    }
  }
  for (const sub of (s.allOf as Record<string, unknown>[] | undefined) ?? []) {
    if (sub.if && schemaErrors(sub.if as Record<string, unknown>, value, root, path).length === 0) errors.push(...schemaErrors(sub.then as Record<string, unknown>, value, root, path));
  }
  if (s.not && schemaErrors(s.not as Record<string, unknown>, value, root, path).length === 0) errors.push(`${path}: matches "not"`);
  return errors;
}

describe("loadTopology()", () => {
  test("`loadTopology()` loads the bundled reference bank by name", () => {
    expect(topologyDatasets()).toContain("reference-bank");
    const bank = loadTopology("reference-bank");
    expect(bank.order).toBe(306);
    expect(bank.size).toBe(665);
    expect(bank.getAttribute("name")).toBe("reference-bank");
    expect(validateGraph(bank)).toEqual([]);
  });

  test("`loadTopology()` reads a file by path and names it in validation problems", () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-load-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(toTopologyJSON(paymentsEstate())));
    expect(loadTopology(good).order).toBe(18);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ nodes: [{ id: "a", kind: "sever" }] }));
    expect(() => loadTopology(bad)).toThrow(ValidationError);
    expect(() => loadTopology(bad)).toThrow(`loadTopology: 1 problem in ${bad}:`);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ nodes: ");
    expect(() => loadTopology(broken)).toThrow(InvalidArgumentError);
    expect(() => loadTopology(broken)).toThrow(/is not valid JSON/);
  });

  test("`loadTopology()` names the missing dataset or file and lists what is bundled", () => {
    expect(() => loadTopology("reference-bnak")).toThrow(NotFoundError);
    expect(() => loadTopology("reference-bnak")).toThrow(/loadTopology: dataset "reference-bnak" not found; bundled datasets: reference-bank/);
    expect(() => loadTopology("/nowhere/x.json")).toThrow('loadTopology: file "/nowhere/x.json" not found.');
    expect(() => loadTopology("")).toThrow(InvalidArgumentError);
  });
});

describe("topologyJsonSchema()", () => {
  test("`topologyJsonSchema()` is what datasets/schemas/topology.schema.json holds", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(JSON.stringify(topologyJsonSchema(), null, 2) + "\n");
  });

  test("`topologyJsonSchema()` accepts the documents the exporter writes, including the reference bank", () => {
    const schema = topologyJsonSchema();
    expect(schemaErrors(schema, JSON.parse(readFileSync(join(packageRoot(), "datasets", "topology", "reference-bank.json"), "utf8")))).toEqual([]);
    expect(schemaErrors(schema, toTopologyJSON(rich(), { dynamic: "all" }))).toEqual([]);
  });

  test("`topologyJsonSchema()` rejects what fromSpec rejects on shape", () => {
    const schema = topologyJsonSchema();
    expect(schemaErrors(schema, { nodes: [{ id: "a", kind: "sever" }] })).toEqual(["$.nodes[0].kind: not in enum"]);
    expect(schemaErrors(schema, { nodes: [{ id: "a", kind: "server", capacity: { cores: -1 } }] })).toEqual(["$.nodes[0].capacity.cores: below minimum"]);
    expect(schemaErrors(schema, { nodes: [{ id: "a", kind: "server", baseRps: 3 }] })).toEqual(['$.nodes[0]: matches "not"']);
    expect(schemaErrors(schema, { nodes: [], edges: [{ source: "a", target: "b", kind: "hosts", fanout: 2 }] })).toEqual(['$.edges[0]: matches "not"']);
    expect(schemaErrors(schema, { nodes: [{ id: "a", kind: "vm", redundancy_group: "g" }] })).toEqual(["$.nodes[0]: unexpected redundancy_group"]);
  });
});
