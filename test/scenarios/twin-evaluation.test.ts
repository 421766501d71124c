// evaluateTwinFaults: detectors scored on the twin's own telemetry with realism on, every injected fault counted.
import { describe, expect, it } from "vitest";
import { evaluateTwinFaults, TWIN_EVALUATION_SCENARIOS } from "../../lib/scenarios";

describe("evaluateTwinFaults()", () => {
  it("counts every injected fault per kind and scores each on its labelled node's telemetry", async () => {
    const base = TWIN_EVALUATION_SCENARIOS.find((s) => s.name === "eval-db-crash")!;
    const scenario = {
      ...base,
      name: "eval-small",
      horizon: "3d",
      faults: [
        { kind: "database_crash", target: "db-core-banking-primary", at: "d3 10:00", duration: "45m", params: { detectionDelay: "3m" } },
        { kind: "network_outage", target: "sw-dist-eu-west-dc1-p2-a", at: "d3 14:00", duration: "30m" },
      ],
    };
    const result = await evaluateTwinFaults({ scenarios: [scenario], detectors: ["robust_z", "ensemble"] });
    expect(result.faults.map((f) => f.kind).sort()).toEqual(["database_crash", "network_outage"]);
    expect(result.byKind.map((k) => [k.kind, k.faults])).toEqual([["database_crash", 1], ["network_outage", 1]]);
    const crash = result.faults.find((f) => f.kind === "database_crash")!;
    expect(crash.nodes).toEqual(["db-core-banking-primary"]);
    // A crash takes the primary down for 45 minutes: robust z sees it at once.
    expect(crash.detected.robust_z).toBe(true);
    const outage = result.faults.find((f) => f.kind === "network_outage")!;
    expect(outage.nodes).toEqual(["sw-dist-eu-west-dc1-p2-a"]);
    expect(Object.keys(outage.detected).sort()).toEqual(["ensemble", "robust_z"]);
    expect(result.evaluations.map((e) => e.detector)).toEqual(["robust_z", "ensemble"]);
    expect(result.evaluations[0].overall.windows).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
