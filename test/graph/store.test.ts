import { describe, expect, test } from "vitest";
import { InvalidArgumentError, NotFoundError } from "../../lib/errors";
import { GraphologyStore, type GraphStore } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

/** The behaviour every GraphStore must show (a TigerGraph-backed store runs the same checks). */
function graphStoreSpecs(make: () => GraphStore): void {
  test("`GraphStore.nodes()` lists ids in node-number order, optionally by kind", () => {
    const store = make();
    expect(store.nodeCount()).toBe(18);
    expect(store.edgeCount()).toBe(28);
    expect(store.nodes("database")).toEqual(["db-p", "db-s"]);
    expect(store.nodes(["router", "storage"])).toEqual(["rtr", "san-1"]);
    expect(store.nodes()).toEqual(store.index().ids);
    expect(() => store.nodes("db" as never)).toThrow(InvalidArgumentError);
  });

  test("`GraphStore.node()` and `neighbours()` read attributes and neighbours by edge kind and direction", () => {
    const store = make();
    expect(store.node("app-pay-1")).toMatchObject({ kind: "application", redundancyGroup: "pay", tier: 1 });
    expect(store.neighbours("app-pay-1", "depends_on")).toEqual(["db-p", "app-fraud"]);
    expect(store.neighbours("db-p", "depends_on", "in")).toEqual(["app-pay-1", "app-pay-2"]);
    expect(store.neighbours("srv-1", "network", "both")).toEqual(["sw-a", "sw-b"]);
    expect(store.hasNode("ghost")).toBe(false);
    expect(() => store.node("ghost")).toThrow(NotFoundError);
    expect(() => store.neighbours("ghost", "hosts")).toThrow('GraphStore.neighbours: node "ghost" not found.');
  });

  test("`GraphStore.edges()` lists edges, optionally of one kind", () => {
    const store = make();
    expect(store.edges("replicates_to")).toEqual([{ source: "db-p", target: "db-s", attributes: { kind: "replicates_to", mode: "sync" } }]);
    expect(store.edges().length).toBe(28);
  });

  test("`GraphStore.setDynamic()` and `writeDynamic()` update state and refuse static attributes", () => {
    const store = make();
    store.setDynamic("db-p", { status: "down", latency_ms: 250 });
    expect(store.node("db-p")).toMatchObject({ status: "down", latency_ms: 250 });
    const n = store.nodeCount();
    store.writeDynamic({ cpu: new Float64Array(n).fill(0.25) });
    expect(store.node("rtr").cpu).toBe(0.25);
    expect(store.readDynamic().cpu[0]).toBe(0.25);
    expect(() => store.setDynamic("db-p", { tier: 1 } as never)).toThrow('GraphStore.setDynamic: "tier" of node "db-p" is not a dynamic attribute; expected one of cpu, ram, disk, latency_ms, error_rate, throughput, status, replication_lag_s.');
    expect(() => store.setDynamic("db-p", { cpu: 2 })).toThrow(/expected cpu of node "db-p" to be a number in \[0, 1\] but found 2/);
    expect(() => store.setDynamic("db-p", { status: "dead" as never })).toThrow(/status of node "db-p" to be up, degraded, down/);
  });

  test("`GraphStore.toDocument()` returns the topology document", () => {
    const doc = make().toDocument();
    expect(doc.nodes.length).toBe(18);
    expect(doc.format).toBe("infratwin-topology");
  });
}

describe("GraphologyStore", () => {
  graphStoreSpecs(() => new GraphologyStore(paymentsEstate()));

  test("`GraphologyStore` refuses anything but a graph", () => {
    expect(() => new GraphologyStore({} as never)).toThrow("GraphologyStore: expected graph to be an infrastructure graph (graphology DirectedGraph) but found {}.");
  });
});
