// The model registry in a study store: DuckDB in memory, and a real PostgreSQL 15 started on loopback by the test setup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeModelRegistry, type ModelRegistry } from "../../lib/gnn";
import { initSage } from "../../lib/gnn/sage";
import { rng } from "../../lib/random";
import { openStore, type StudyStore } from "../../lib/store";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";

function model(seed: number) {
  const r = rng(seed, "m");
  return initSage(["cpu", "ram", "tier"], { hidden: 3, random: () => r.random() });
}

/** What every registry must do, whatever holds it. */
function registrySpecs(label: string, open: () => Promise<{ registry: ModelRegistry; close(): Promise<void> }>) {
  it(`${label}: numbers versions, keeps weights exactly, promotes, and names unknown versions`, async () => {
    const { registry, close } = await open();
    try {
      const v1 = await registry.register({ name: "risk", data: { size: 300 }, metrics: { test: { prAuc: 0.2 } as never }, threshold: 0.4, model: model(1) });
      const v2 = await registry.register({ name: "risk", data: { size: 300 }, metrics: {}, threshold: 0.6, model: model(2), note: "retrained" });
      expect([v1.version, v2.version]).toEqual([1, 2]);
      await expect(registry.load("risk")).rejects.toThrow("promote one first");
      await registry.promote("risk", 1);
      await registry.promote("risk", 2);
      expect(await registry.promoted("risk")).toBe(2);
      const loaded = await registry.load("risk");
      expect(loaded.note).toBe("retrained");
      expect(Array.from(loaded.model.weights.rel1[3])).toEqual(Array.from(v2.model.weights.rel1[3]));
      expect((await registry.load("risk", 1)).threshold).toBe(0.4);
      expect((await registry.list()).map((e) => `${e.name}@${e.version}`)).toEqual(["risk@1", "risk@2"]);
      await expect(registry.promote("risk", 9)).rejects.toThrow("versions: 1, 2");
      await expect(registry.register({ name: "'; drop table models; --", data: {}, metrics: {}, threshold: 0.5, model: model(1) })).rejects.toThrow("name");
    } finally {
      await close();
    }
  }, 60_000);
}

describe("storeModelRegistry()", () => {
  registrySpecs("DuckDB", async () => {
    const store: StudyStore = await openStore(":memory:");
    return { registry: storeModelRegistry(store), close: () => store.close() };
  });

  const skip = mayskipPostgres();
  if (skip) console.warn(`skipping the PostgreSQL model registry: ${postgresMissing()}`);
  let server: PostgresServer;
  beforeAll(async () => {
    if (!skip) server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  describe.skipIf(skip)("on PostgreSQL", () => {
    registrySpecs("PostgreSQL", async () => {
      const store = await openStore(await server.createDatabase("models"));
      return { registry: storeModelRegistry(store), close: () => store.close() };
    });
  });
});
