// Topology loaders against hostile input: self-loops, prototype names, deep nesting, a BOM, and seeded fuzzes of 2,000 documents and CSV pairs.
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { fromCsv, fromSpec, loadTopology } from "../../lib/graph";
import { FUZZ_PARAMS, jsonish, mutated, nasty, typedErrorOrResult } from "../fuzz";

const spec = {
  name: "fuzz estate",
  nodes: [
    { id: "core-1", kind: "router" },
    { id: "srv-1", kind: "server", capacity: { cores: 16 } },
    { id: "db-1", kind: "database", tier: 1 },
    { id: "app-1", kind: "application", tier: 1 },
  ],
  edges: [
    { source: "core-1", target: "srv-1", kind: "network" },
    { source: "srv-1", target: "db-1", kind: "hosts" },
    { source: "app-1", target: "db-1", kind: "depends_on" },
  ],
};

function problems(doc: unknown): string[] {
  try {
    fromSpec(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe("fromSpec() on hostile documents", () => {
  it("refuses a self-loop with a message naming the edge", () => {
    const found = problems({ ...spec, edges: [...spec.edges, { source: "app-1", target: "app-1", kind: "depends_on" }] });
    expect(found.join("\n")).toMatch(/\$\.edges\[3\]\.target: self-loop: edge .*app-1.* to itself/);
  });

  it("refuses __proto__ and constructor as kinds and as node ids, with a message naming the id", () => {
    expect(problems({ nodes: [{ id: "x", kind: "__proto__" }] }).join()).toContain("unknown kind");
    expect(problems({ nodes: [{ id: "x", kind: "constructor" }] }).join()).toContain("unknown kind");
    expect(problems(JSON.parse('{"nodes":[{"id":"a","kind":"server"}],"edges":[{"source":"a","target":"a","kind":"__proto__"}]}')).join()).toContain("unknown edge kind");
    const odd = JSON.parse('{"nodes":[{"id":"constructor","kind":"database"},{"id":"__proto__","kind":"application"},{"id":"toString","kind":"application"}],"edges":[{"source":"__proto__","target":"constructor","kind":"depends_on"},{"source":"__proto__","target":"constructor","kind":"depends_on"}]}');
    const found = problems(odd).join("\n");
    for (const id of ["constructor", "__proto__", "toString"]) expect(found).toContain(`id "${id}" is reserved`);
  });

  it("answers attributes nested 2,000 deep with a ValidationError, not a stack overflow", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 2000; i++) deep = { d: deep };
    expect(problems({ ...spec, attributes: { deep } }).join()).toContain("nests deeper than");
  });

  it("loads a topology file that starts with a byte-order mark", () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-bom-"));
    const file = join(dir, "t.json");
    writeFileSync(file, "\uFEFF" + JSON.stringify(spec));
    expect(loadTopology(file).order).toBe(4);
  });
});

describe("topology loaders fuzzed", () => {
  it("fromSpec answers every generated document with a ValidationError or a graph (seeded, 2,000+ cases)", () => {
    const nodeArb = fc.integer({ min: 0, max: 3 }).chain((i) => mutated(spec.nodes[i]));
    const edgeArb = fc.integer({ min: 0, max: 2 }).chain((i) => mutated(spec.edges[i]));
    const docArb = fc.oneof(
      mutated(spec),
      fc.tuple(nodeArb, edgeArb).map(([n, e]) => ({ ...spec, nodes: [...spec.nodes.slice(1), n], edges: [...spec.edges.slice(1), e] })),
      fc.record({ nodes: fc.array(fc.oneof(nodeArb, jsonish), { maxLength: 4 }), edges: fc.array(fc.oneof(edgeArb, jsonish), { maxLength: 4 }) }),
      jsonish,
    );
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(docArb, (doc) => {
        outcomes[typedErrorOrResult(() => fromSpec(doc), (g) => g.order >= 0 && g.size >= 0)]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);

  it("fromCsv answers every generated CMDB export with a typed error or a graph (seeded, 2,000+ cases)", () => {
    const cell = fc.oneof(nasty.map((v) => (v === undefined ? "" : String(v))), fc.constantFrom("server", "database", "router", "business_service", "hosts", "depends_on", "srv-1", "db-1", "1", "", '"', ",", "\n"));
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(","));
    const nodesArb = fc.array(row, { maxLength: 4 }).map((rows) => ["id,kind,tier", "srv-1,server,2", "db-1,database,1", ...rows].join("\n"));
    const edgesArb = fc.array(row, { maxLength: 4 }).map((rows) => ["source,target,kind", "srv-1,db-1,hosts", ...rows].join("\n"));
    const outcomes = { error: 0, result: 0 };
    fc.assert(
      fc.property(nodesArb, edgesArb, fc.boolean(), (nodes, edges, bom) => {
        outcomes[typedErrorOrResult(() => fromCsv(bom ? "\uFEFF" + nodes : nodes, edges))]++;
      }),
      FUZZ_PARAMS,
    );
    expect(outcomes.error).toBeGreaterThan(100);
    expect(outcomes.result).toBeGreaterThan(100);
  }, 120_000);
});
