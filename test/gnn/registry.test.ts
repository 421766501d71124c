import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileModelRegistry, modelFromJSON, modelToJSON } from "../../lib/gnn";
import { initSage } from "../../lib/gnn/sage";
import { rng } from "../../lib/random";

const dirs: string[] = [];
function registryDir() {
  const dir = mkdtempSync(join(tmpdir(), "infratwin-models-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function model(seed: number) {
  const r = rng(seed, "m");
  return initSage(["cpu", "ram", "tier"], { hidden: 3, random: () => r.random() });
}

describe("fileModelRegistry()", () => {
  it("numbers versions, keeps metadata and weights exactly, and loads the promoted one", async () => {
    const dir = registryDir();
    const registry = fileModelRegistry(dir);
    const v1 = await registry.register({ name: "risk", data: { size: 300 }, metrics: {}, threshold: 0.4, model: model(1) });
    const v2 = await registry.register({ name: "risk", data: { size: 300 }, metrics: {}, threshold: 0.6, model: model(2), note: "retrained" });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await expect(registry.load("risk")).rejects.toThrow("promote one first");
    await registry.promote("risk", 1);
    const loaded = await registry.load("risk");
    expect(loaded.version).toBe(1);
    expect(loaded.threshold).toBe(0.4);
    expect(Array.from(loaded.model.weights.self1)).toEqual(Array.from(v1.model.weights.self1));
    expect((await registry.load("risk", 2)).note).toBe("retrained");
    expect((await registry.list()).map((e) => `${e.name}@${e.version}`)).toEqual(["risk@1", "risk@2"]);
    expect(readdirSync(join(dir, "risk")).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
  it("names unknown versions, bad names and damaged model files", async () => {
    const dir = registryDir();
    const registry = fileModelRegistry(dir);
    await registry.register({ name: "risk", data: {}, metrics: {}, threshold: 0.5, model: model(1) });
    await expect(registry.promote("risk", 7)).rejects.toThrow("versions: 1");
    await expect(registry.load("risk", 3)).rejects.toThrow("not found");
    await expect(registry.register({ name: "../evil", data: {}, metrics: {}, threshold: 0.5, model: model(1) })).rejects.toThrow("name");
    const path = join(dir, "risk", "v1.json");
    const raw = JSON.parse(readFileSync(path, "utf8"));
    raw.model.weights.self1 = raw.model.weights.self1.slice(1);
    writeFileSync(path, JSON.stringify(raw));
    await expect(registry.load("risk", 1)).rejects.toThrow("model.weights.self1");
  });
});

describe("modelToJSON() / modelFromJSON()", () => {
  it("round-trips and refuses non-finite weights", () => {
    const m = model(3);
    const json = modelToJSON(m);
    expect(modelFromJSON(JSON.parse(JSON.stringify(json))).weights.rel2[3]).toEqual(m.weights.rel2[3]);
    const bad = { ...json, mean: json.mean.map(() => null) };
    expect(() => modelFromJSON(bad)).toThrow("model.mean");
  });
});
