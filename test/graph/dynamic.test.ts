import { describe, expect, test } from "vitest";
import { InvalidArgumentError, UsageError } from "../../lib/errors";
import { buildIndex, indexGraph, readDynamic, syncDynamic } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

describe("syncDynamic()", () => {
  test("`syncDynamic()` writes the given columns into node attributes in node-number order", () => {
    const g = paymentsEstate();
    const index = indexGraph(g);
    const cpu = new Float64Array(index.n).map((_, i) => i / 100);
    const status = new Uint8Array(index.n);
    status[index.indexOf.get("db-p")!] = 2;
    syncDynamic(g, index, { cpu, status });
    expect(g.getNodeAttribute("rtr", "cpu")).toBe(0);
    expect(g.getNodeAttribute(index.ids[7], "cpu")).toBe(0.07);
    expect(g.getNodeAttribute("db-p", "status")).toBe("down");
    expect(g.getNodeAttribute("db-p", "latency_ms")).toBe(0);
    expect(indexGraph(g)).toBe(index);
  });

  test("`syncDynamic()` writes only the nodes asked for", () => {
    const g = paymentsEstate();
    const index = indexGraph(g);
    syncDynamic(g, index, { ram: new Float64Array(index.n).fill(0.3) }, { nodes: [index.indexOf.get("srv-1")!] });
    expect(g.getNodeAttribute("srv-1", "ram")).toBe(0.3);
    expect(g.getNodeAttribute("srv-2", "ram")).toBe(0);
  });

  test("`syncDynamic()` rejects short columns, unknown status codes and stale indexes", () => {
    const g = paymentsEstate();
    const index = buildIndex(g);
    expect(() => syncDynamic(g, index, { cpu: [0.1] })).toThrow(InvalidArgumentError);
    expect(() => syncDynamic(g, index, { cpu: [0.1] })).toThrow(/syncDynamic: expected columns.cpu to be an array-like of at least 18 numbers/);
    expect(() => syncDynamic(g, index, { status: new Uint8Array(index.n).fill(7) })).toThrow(/columns.status\[0\] \(node "rtr"\) to be 0 \(up\), 1 \(degraded\) or 2 \(down\) but found 7/);
    g.addNode("late", { ...g.getNodeAttributes("rtr") });
    expect(() => syncDynamic(g, index, {})).toThrow(UsageError);
  });

  test("`readDynamic()` returns every dynamic attribute as a column, status as codes", () => {
    const g = paymentsEstate();
    g.mergeNodeAttributes("db-s", { status: "degraded", latency_ms: 8 });
    const index = indexGraph(g);
    const columns = readDynamic(g, index);
    const v = index.indexOf.get("db-s")!;
    expect(columns.status[v]).toBe(1);
    expect(columns.latency_ms[v]).toBe(8);
    expect(columns.cpu.length).toBe(index.n);
  });
});
