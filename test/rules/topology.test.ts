// The adjacency-list RuleTopology used in tests and small studies.
import { describe, expect, it } from "vitest";
import { adjacencyTopology } from "../../lib/rules";

describe("adjacencyTopology()", () => {
  const topology = adjacencyTopology({ dependsOn: { app: ["db"], web: ["app"], pay: ["web"], db: ["disk"], loop1: ["loop2"], loop2: ["loop1"] }, services: ["pay"] });

  it("answers transitive dependencies, never a node on itself, even around cycles", () => {
    expect(topology.dependsOn("pay", "disk")).toBe(true);
    expect(topology.dependsOn("disk", "pay")).toBe(false);
    expect(topology.dependsOn("app", "app")).toBe(false);
    expect(topology.dependsOn("loop1", "loop2")).toBe(true);
    expect(topology.dependsOn("loop1", "loop1")).toBe(false);
  });

  it("lists the business services a node supports", () => {
    expect(topology.servicesOf("db")).toEqual(["pay"]);
    expect(topology.servicesOf("pay")).toEqual(["pay"]);
    expect(topology.servicesOf("loop1")).toEqual([]);
  });

  it("ranks root candidates: alerting nodes nothing else alerting is upstream of, most dependents first", () => {
    expect(topology.rootCandidates(["web", "app", "db", "loop1"])).toEqual(["db", "loop1"]);
    expect(topology.rootCandidates(["loop1", "loop2"])).toEqual(["loop1", "loop2"]);
  });

  it("names a bad spec", () => {
    expect(() => adjacencyTopology({} as never)).toThrow("adjacencyTopology: expected spec.dependsOn to be an object mapping node ids to the ids they depend on but found undefined.");
  });
});
