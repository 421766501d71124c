// The action policy: bounds on every parameter, shared infrastructure held for confirmation, no-op actions reported, nothing applied blindly.
import { describe, expect, it } from "vitest";
import type { Action } from "../../lib/llm";
import { checkActionPolicy, describePolicy, tryFix } from "../../lib/scenarios";
import { InvalidArgumentError } from "../../lib/errors";
import { miniBank } from "../twin/fixtures";
import type { InfraGraph } from "../../lib/graph";
import { dbCrash } from "./fixtures";

const why = { rationale: "test", expectedEffect: "test" };

describe("checkActionPolicy()", () => {
  const graph = miniBank() as unknown as InfraGraph;
  const idOf = (kind: string) => graph.findNode((_id, a) => a.kind === kind)!;

  it("refuses a scale-out by 10^9, a rate limit of 0.0001 rps and an unknown node; holds a SAN restart; reports a rate limit on a business service as no effect", () => {
    const actions: Action[] = [
      { kind: "scale_out", node: idOf("application"), instances: 1e9, ...why },
      { kind: "rate_limit", node: idOf("application"), rps: 0.0001, ...why },
      { kind: "restart", node: "no-such-node", ...why },
      { kind: "rate_limit", node: idOf("business_service"), rps: 100, ...why },
      { kind: "scale_out", node: idOf("application"), instances: 2, ...why },
    ];
    const storage = graph.findNode((_id, a) => a.kind === "storage") ?? graph.findNode((_id, a) => a.kind === "router");
    if (storage) actions.push({ kind: "restart", node: storage, ...why });
    const report = checkActionPolicy(actions, graph);
    expect(report.verdicts.map((v) => v.decision)).toEqual(["refuse", "refuse", "refuse", "no_effect", "apply", ...(storage ? ["confirm"] : [])]);
    expect(report.applied).toEqual([actions[4]]);
    const lines = describePolicy(report);
    expect(lines[0]).toMatch(/refused: scale_out .* outside 1\.\.16/);
    expect(lines[3]).toMatch(/skipped, no effect: rate_limit .* business service/);
    if (storage) {
      expect(lines[4]).toMatch(/held for confirmation: restart .*shared infrastructure/);
      expect(checkActionPolicy(actions, graph, { confirmed: true }).applied).toContain(actions[5]);
    }
  });

  it("refuses restarting a kind outside restartableKinds and validates the policy itself", () => {
    const service = idOf("business_service");
    expect(checkActionPolicy([{ kind: "restart", node: service, ...why }], graph).verdicts[0].decision).toBe("refuse");
    expect(() => checkActionPolicy([], graph, { maxScaleOutInstances: 0 })).toThrow(InvalidArgumentError);
  });

  it("tryFix() applies only what the policy allows and refuses a plan with nothing allowed", async () => {
    const bad: Action[] = [{ kind: "scale_out", node: "pay-api-1", instances: 1e9, ...why }];
    await expect(tryFix(dbCrash({ horizon: "12h" }), bad, { at: "10:05", graph: miniBank() as never })).rejects.toThrow(/policy allows/);
  }, 120_000);
});
