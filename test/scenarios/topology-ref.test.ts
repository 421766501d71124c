// Scenario topologies from a CMDB CSV or a JSON path relative to the scenario file, and no topology when the graph is passed in code.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTopology } from "../../lib/graph";
import { loadScenario, parseScenario, resolveTopology, runScenario } from "../../lib/scenarios";

const ROOT = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "infratwin-topology-ref-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scenario topology references", () => {
  it("reads CMDB CSV files named relative to the scenario file, from any working folder", () => {
    mkdirSync(join(dir, "study", "cmdb"), { recursive: true });
    copyFileSync(join(ROOT, "datasets", "cmdb", "nodes.csv"), join(dir, "study", "cmdb", "estate-nodes.csv"));
    copyFileSync(join(ROOT, "datasets", "cmdb", "edges.csv"), join(dir, "study", "cmdb", "estate-edges.csv"));
    const file = join(dir, "study", "cmdb-day.json");
    writeFileSync(file, JSON.stringify({ name: "cmdb-day", seed: 1, topology: { file: "cmdb/estate-nodes.csv", edges: "cmdb/estate-edges.csv" }, horizon: "1h" }));
    const scenario = loadScenario(file);
    const graph = resolveTopology(scenario.topology);
    expect(graph.order).toBeGreaterThan(0);
    expect(graph.size).toBeGreaterThan(0);
  });

  it("reads a topology JSON path relative to the scenario file", () => {
    copyFileSync(join(ROOT, "datasets", "topology", "reference-bank.json"), join(dir, "estate.json"));
    const file = join(dir, "json-day.json");
    writeFileSync(file, JSON.stringify({ name: "json-day", seed: 1, topology: { file: "estate.json" } }));
    expect(resolveTopology(loadScenario(file).topology).order).toBe(loadTopology("reference-bank").order);
  });

  it("needs no topology when the graph is passed in code, and says which option fixes a missing one", async () => {
    const scenario = parseScenario({ name: "in-code", seed: 2, horizon: "30m", step: "5m", rules: "none", supervisor: { kind: "none" } });
    const result = await runScenario(scenario, { graph: loadTopology("reference-bank") });
    expect(result.metrics.recordedSteps).toBeGreaterThan(0);
    await expect(runScenario(scenario)).rejects.toThrow("runScenario: expected topology to be a topology in the scenario, or a graph passed in code (options.graph)");
  }, 60_000);

  it("names a missing CSV file", () => {
    expect(() => resolveTopology({ file: join(dir, "missing-nodes.csv") })).toThrow(/topology\.file/);
  });
});
