import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatTopologyJSON, fromSpec, loadTopology, saveTopology, toTopologyJSON } from "../../lib/graph";
import { paymentsEstate, rich, snapshot } from "./fixtures";

describe("toTopologyJSON()", () => {
  test("`toTopologyJSON()` round-trips through JSON text and fromSpec without loss", () => {
    for (const g of [rich(), paymentsEstate()]) {
      const text = JSON.stringify(toTopologyJSON(g));
      expect(snapshot(fromSpec(JSON.parse(text)))).toEqual(snapshot(g));
    }
  });

  test("`toTopologyJSON()` leaves defaults out and keeps what differs from them", () => {
    const doc = toTopologyJSON(rich());
    expect(doc.nodes.find((x) => x.id === "db")).toEqual({ id: "db", kind: "database", name: "db", capacity: { cores: 16, ramGb: 128, iops: 20000 } });
    expect(doc.nodes.find((x) => x.id === "vm")).toMatchObject({ cpu: 0.42, status: "degraded", throughput: 120 });
    expect(doc.edges).toContainEqual({ source: "app", target: "db", kind: "depends_on", fanout: 2.5, critical: false });
    expect(doc.edges).toContainEqual({ source: "vm", target: "app", kind: "hosts" });
    expect(doc.attributes).toEqual({ provenance: { by: "test", at: [1, 2] } });
    expect(toTopologyJSON(rich(), { dynamic: "none" }).nodes.find((x) => x.id === "vm")).not.toHaveProperty("cpu");
    expect(toTopologyJSON(rich(), { dynamic: "all" }).nodes.find((x) => x.id === "db")).toMatchObject({ cpu: 0, status: "up" });
  });

  test("`toTopologyJSON()` output does not share objects with the graph", () => {
    const g = rich();
    const doc = toTopologyJSON(g);
    (doc.nodes[0].tags as string[]).push("changed");
    expect(g.getNodeAttribute("rtr", "tags")).toEqual(["core", "edge"]);
  });

  test("`saveTopology()` writes one node or edge per line, and loadTopology reads it back", () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-graph-"));
    const path = join(dir, "rich.json");
    saveTopology(rich(), path, { schemaRef: "topology.schema.json" });
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    expect(lines[1]).toBe('  "$schema": "topology.schema.json",');
    expect(lines.filter((l) => l.startsWith('    {"id":')).length).toBe(7);
    expect(lines.filter((l) => l.startsWith('    {"source":')).length).toBe(6);
    expect(JSON.parse(text).nodes.length).toBe(7);
    expect(snapshot(loadTopology(path))).toEqual(snapshot(rich()));
    expect(formatTopologyJSON({ nodes: [] })).toBe('{\n  "nodes": [\n  ],\n  "edges": [\n  ]\n}\n');
  });
});
