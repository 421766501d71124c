import { describe, expect, test } from "vitest";
import { normaliseEdge, normaliseNode } from "../../lib/graph/check";
import { isNormalEdge, isNormalNode } from "../../lib/graph/normal-form";
import { bankTopology, NODE_KINDS, type EdgeAttributes, type NodeAttributes } from "../../lib/graph";

const ctx = () => ({ problems: [], who: () => "", at: (f: string) => f });

describe("isNormalNode() and isNormalEdge()", () => {
  test("`isNormalNode()` accepts exactly what normaliseNode returns, for every kind and for a whole bank", () => {
    for (const kind of NODE_KINDS) {
      const normal = normaliseNode({ kind }, ctx(), "x")!;
      expect(isNormalNode(normal)).toBe(true);
      expect(normaliseNode(normal, ctx(), "x")).toEqual(normal);
    }
    const bank = bankTopology({ seed: 3, size: 120 });
    bank.forEachNode((_id, a) => expect(isNormalNode(a)).toBe(true));
    bank.forEachEdge((_key, a) => expect(isNormalEdge(a)).toBe(true));
  });

  test("`isNormalNode()` refuses anything normaliseNode would change or reject, so adoption never skips a fix", () => {
    const base = normaliseNode({ kind: "server" }, ctx(), "s") as NodeAttributes & Record<string, unknown>;
    const variants: Array<Record<string, unknown>> = [
      { ...base, id: "s" },
      { ...base, region: undefined },
      { ...base, colour: "red" },
      { ...base, tags: undefined },
      { ...base, capacity: { cores: 32 } },
      { ...base, capacity: { cores: 32, ramGb: 256, gpus: 1 } },
      { ...base, capacity: { cores: 3.5, ramGb: 256 } },
      { ...base, cpu: 2 },
      { ...base, status: "dead" },
      { ...base, name: "" },
      { ...base, tier: 0 },
      { ...base, baseRps: 1 },
      { ...base, kind: "business_service" },
    ];
    for (const v of variants) expect(isNormalNode(v)).toBe(false);
  });

  test("`isNormalEdge()` refuses edges missing their defaults or carrying foreign fields", () => {
    expect(isNormalEdge(normaliseEdge({ kind: "depends_on" }, ctx()))).toBe(true);
    const variants: unknown[] = [
      { kind: "depends_on" },
      { kind: "depends_on", fanout: 0, critical: true },
      { kind: "serves" },
      { kind: "replicates_to" },
      { kind: "hosts", fanout: 1 },
      { kind: "hosts", source: "a" },
      { kind: "network", bandwidthMbps: -1 },
      { kind: "cable" },
    ];
    for (const v of variants) expect(isNormalEdge(v as EdgeAttributes)).toBe(false);
  });
});
