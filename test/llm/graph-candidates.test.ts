// Mapping the graph module's root-cause candidates onto incident inputs.
import { describe, expect, it } from "vitest";
import { HeuristicSupervisor, toGraphRootCandidates } from "../../lib/llm";
import { badDeployment } from "./fixtures";

describe("toGraphRootCandidates()", () => {
  it("`toGraphRootCandidates()` keeps id and score and writes a readable reason", () => {
    expect(toGraphRootCandidates([{ id: "db-1", score: 0.8, coverage: 0.75, precision: 0.6, explains: ["a", "b", "c"], alerting: true }, { id: "rt-1", score: 0.2 }])).toEqual([
      { node: "db-1", score: 0.8, reason: "upstream of 3 alerting nodes (coverage 75%, precision 60%) and alerting itself" },
      { node: "rt-1", score: 0.2, reason: "graph upstream analysis" },
    ]);
  });

  it("`toGraphRootCandidates()` output is accepted by the supervisor as rootCandidates", async () => {
    const incident = { ...badDeployment(), rootCandidates: toGraphRootCandidates([{ id: "srv-1", score: 0.9, explains: ["app-cards-1"] }]) };
    const diagnosis = await new HeuristicSupervisor().diagnose(incident);
    expect(diagnosis.candidates.find((c) => c.node === "srv-1")?.evidence).toContain("graph analysis: upstream of 1 alerting node (score 0.9)");
  });
});
