// The twin and the graph schema share one list of dynamic attributes: a run leaves its graph valid, savable and loadable.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bankTopology, DYNAMIC_KEYS, GraphologyStore, loadTopology, saveTopology, validateGraph, type GraphStore } from "../../lib/graph";
import { TWIN_METRICS } from "../../lib/metrics";
import { createTwin } from "../../lib/twin";

const dir = mkdtempSync(join(tmpdir(), "twin-graph-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store over a graphology graph that hides the graph, as another backend would: the twin must write columns through it. */
function opaqueStore(store: GraphologyStore): GraphStore {
  return new Proxy(store, {
    get: (target, key) => {
      if (key === "graph") return undefined;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as GraphStore;
}

describe("dynamic attributes", () => {
  it("are one list: the metrics the twin records are the graph's dynamic attributes, in the same order", () => {
    expect([...TWIN_METRICS]).toEqual([...DYNAMIC_KEYS]);
  });

  it("a run leaves a 300-node bank valid (validateGraph finds 0 problems before and after)", () => {
    const graph = bankTopology({ seed: 3 });
    expect(graph.order).toBeGreaterThan(250);
    expect(validateGraph(graph)).toEqual([]);
    const twin = createTwin(graph, { seed: 5, horizon: "3h", faults: [{ kind: "database_crash", target: graph.nodes().find((n) => graph.getNodeAttribute(n, "kind") === "database")!, at: 1800, duration: 1800 }] });
    twin.run();
    // The live attributes hold the twin's values, disk and replication lag included.
    const db = graph.nodes().find((n) => graph.getNodeAttribute(n, "kind") === "database")!;
    const attrs = graph.getNodeAttributes(db) as Record<string, unknown>;
    for (const key of DYNAMIC_KEYS) expect(attrs[key], key).toBeDefined();
    expect(attrs.disk).toBeGreaterThan(0);
    expect(validateGraph(graph)).toEqual([]);
  });

  it("a graph saved after a run loads back with the step's values", () => {
    const graph = bankTopology({ seed: 4 });
    const twin = createTwin(graph, { seed: 2, horizon: "2h" });
    twin.run();
    const path = join(dir, "after-run.json");
    saveTopology(graph, path);
    const loaded = loadTopology(path);
    expect(validateGraph(loaded)).toEqual([]);
    expect(loaded.order).toBe(graph.order);
    const busy = graph.nodes().find((n) => (graph.getNodeAttribute(n, "cpu") as number) > 0.1)!;
    for (const key of DYNAMIC_KEYS) expect(loaded.getNodeAttribute(busy, key), key).toBe(graph.getNodeAttribute(busy, key));
  });

  it("a store without live attribute objects gets every dynamic column written each step", () => {
    const graph = bankTopology({ seed: 3 });
    const inner = new GraphologyStore(graph);
    const twin = createTwin(opaqueStore(inner), { seed: 5, horizon: "1h" });
    twin.run();
    const read = inner.readDynamic();
    const v = twin.topology.ids.findIndex((id) => graph.getNodeAttribute(id, "kind") === "database");
    expect(read.disk[v]).toBe(twin.state.disk[v]);
    expect(read.replication_lag_s[v]).toBe(twin.state.replicationLag[v]);
    expect(read.cpu[v]).toBe(twin.state.cpu[v]);
    expect(validateGraph(graph)).toEqual([]);
  });
});
