import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../lib/graph";
import { FAULT_KINDS, createTwin } from "../../lib/twin";
import { loadScenario, scenarioDatasetDir, twinOptions } from "../../lib/scenarios";

const names = readdirSync(scenarioDatasetDir()).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));
const schema = JSON.parse(readFileSync(join(scenarioDatasetDir(), "..", "schemas", "scenario.schema.json"), "utf8"));

describe("bundled scenarios", () => {
  it("include the studies the docs promise", () => {
    expect(names).toEqual(expect.arrayContaining(["quiet-day", "db-crash-payday", "network-partition", "memory-leak", "month-random-faults"]));
  });
  it.each(names)("%s parses and its faults resolve on its topology", (name) => {
    const scenario = loadScenario(name);
    const graph = loadTopology((scenario.topology as { dataset: string }).dataset);
    expect(() => createTwin(graph, twinOptions(scenario, graph))).not.toThrow();
  });
  it("the JSON Schema names the fields and fault kinds parseScenario accepts", () => {
    expect(schema.properties.faults.items.properties.kind.enum).toEqual([...FAULT_KINDS]);
    for (const name of names) {
      const doc = JSON.parse(readFileSync(join(scenarioDatasetDir(), `${name}.json`), "utf8"));
      for (const key of Object.keys(doc)) expect(Object.keys(schema.properties), `${name}.${key}`).toContain(key);
    }
  });
});
