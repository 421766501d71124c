// The `infratwin dataset` command lives in lib/cli/commands/dataset.ts; its tests sit with the graph module it drives.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { command } from "../../lib/cli/commands/dataset";
import { CliUsageError, EXIT } from "../../lib/cli/command";
import { ValidationError } from "../../lib/errors";
import { fromGraphML, loadTopology, packageRoot } from "../../lib/graph";

const root = packageRoot();
let dir: string;
let messages: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "infratwin-dataset-"));
  messages = [];
  vi.spyOn(console, "error").mockImplementation((m: string) => void messages.push(m));
  vi.spyOn(console, "log").mockImplementation((m: string) => void messages.push(m));
});
afterEach(() => vi.restoreAllMocks());

describe("infratwin dataset", () => {
  test("`dataset topology` regenerates the reference bank byte for byte with the documented command", async () => {
    const readme = readFileSync(join(root, "datasets", "topology", "README.md"), "utf8");
    const documented = /npx infratwin dataset topology (.*) \\\n\s+(.*) --out datasets\/topology\/reference-bank.json/.exec(readme)!;
    const args = `${documented[1]} ${documented[2]}`.split(/\s+/);
    const out = join(dir, "bank.json");
    expect(await command.run(["topology", ...args, "--out", out])).toBe(EXIT.ok);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(root, "datasets", "topology", "reference-bank.json"), "utf8"));
    expect(messages[0]).toMatch(/^wrote 306 nodes \(.*\), 665 edges to /);
  });

  test("`dataset schema` writes the JSON Schema file that is checked in", async () => {
    const out = join(dir, "schema.json");
    expect(await command.run(["schema", "--out", out])).toBe(EXIT.ok);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(root, "datasets", "schemas", "topology.schema.json"), "utf8"));
  });

  test("`dataset from-csv`, `graphml`, `check` and `tigergraph` convert the CMDB example", async () => {
    const json = join(dir, "branch.json");
    const cmdb = join(root, "datasets", "cmdb");
    expect(await command.run(["from-csv", "--nodes", join(cmdb, "nodes.csv"), "--edges", join(cmdb, "edges.csv"), "--out", json])).toBe(EXIT.ok);
    expect(loadTopology(json).order).toBe(26);
    const xml = join(dir, "branch.graphml");
    expect(await command.run(["graphml", json, "--out", xml])).toBe(EXIT.ok);
    expect(fromGraphML(readFileSync(xml, "utf8")).size).toBe(45);
    expect(await command.run(["check", xml])).toBe(EXIT.ok);
    expect(messages.at(-1)).toMatch(/branch.graphml: valid, 26 nodes/);
    expect(await command.run(["tigergraph", "reference-bank", "--out", join(dir, "tg"), "--graph", "bank"])).toBe(EXIT.ok);
    expect(existsSync(join(dir, "tg", "schema.gsql"))).toBe(true);
    expect(readFileSync(join(dir, "tg", "schema.gsql"), "utf8")).toContain("CREATE GRAPH bank (");
  });

  test("`dataset` reports usage errors and bad input", async () => {
    await expect(command.run([])).rejects.toThrow(CliUsageError);
    await expect(command.run(["topolgy"])).rejects.toThrow('infratwin dataset: unknown subcommand "topolgy"; known: topology, schema, check, from-csv, graphml, tigergraph.');
    await expect(command.run(["topology"])).rejects.toThrow("infratwin dataset topology: --seed N is required");
    await expect(command.run(["topology", "--seed", "1", "--size", "big"])).rejects.toThrow('infratwin dataset topology: --size must be an integer but found "big".');
    await expect(command.run(["topology", "--seed", "1", "--size", "10"])).rejects.toThrow("bankTopology: expected size to be an integer in [50, 200000] but found 10.");
    await expect(command.run(["tigergraph", "reference-bank"])).rejects.toThrow("--out DIR is required");
    const bad = join(dir, "nodes.csv");
    writeFileSync(bad, "id,kind\nx,sever\n");
    await expect(command.run(["from-csv", "--nodes", bad])).rejects.toThrow(ValidationError);
  });
});
