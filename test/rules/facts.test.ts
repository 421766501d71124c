// The fact catalogue: what rules may read, in step with the twin's metric vocabulary.
import { describe, expect, it } from "vitest";
import { TWIN_METRICS } from "../../lib/metrics";
import { FACT_CATALOGUE, factCatalogueMarkdown, factKey, factSpec, parseWindowParams, parseRuleDuration } from "../../lib/rules";

describe("FACT_CATALOGUE", () => {
  it("has every metric the twin writes, windowable, and the graph and service facts", () => {
    for (const metric of TWIN_METRICS) {
      const spec = factSpec(metric);
      expect(spec, metric).toBeDefined();
      if (metric !== "status") expect(spec!.params, metric).toBe(true);
    }
    expect(factSpec("status")).toMatchObject({ type: "string", values: ["up", "degraded", "down"], params: false });
    for (const name of ["kind", "tier", "tags", "name", "dependents", "redundancy_left", "availability", "unhealthy_dependencies"]) expect(factSpec(name), name).toBeDefined();
    expect(new Set(FACT_CATALOGUE.map((f) => f.name)).size).toBe(FACT_CATALOGUE.length);
  });

  it("renders as a markdown table for docs", () => {
    const table = factCatalogueMarkdown();
    expect(table.split("\n")).toHaveLength(FACT_CATALOGUE.length + 2);
    expect(table).toContain("| `cpu` | number | ratio 0..1 | metric | yes | Share of CPU capacity in use. |");
  });
});

describe("factKey() and parseWindowParams()", () => {
  it("key windowed facts by canonical window and stat; stat defaults to avg", () => {
    expect(factKey("cpu")).toBe("cpu");
    expect(factKey("cpu", { window: 300, stat: "p95" })).toBe("cpu[5m:p95]");
    expect(parseWindowParams({ window: "5m" }, factSpec("cpu"), parseRuleDuration)).toEqual({ window: 300, stat: "avg" });
    expect(parseWindowParams({ window: "5m", stat: "max" }, factSpec("availability"), parseRuleDuration)).toBe('unknown stat "max" for fact "availability"; expected one of avg');
    expect(parseWindowParams({ window: 0 }, factSpec("cpu"), parseRuleDuration)).toMatch(/^invalid window 0/);
    expect(parseWindowParams({ window: "5m", size: 3 }, factSpec("cpu"), parseRuleDuration)).toBe('unknown param "size"; expected window and stat');
  });
});
