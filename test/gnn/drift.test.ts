import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildRiskDataset, checkDrift, driftReference, fileModelRegistry, retrain, trainGnn } from "../../lib/gnn";

const small = { size: 80, runHours: 12, everyMinutes: 20, runsPerTopology: 1, topologies: { train: [1, 2], validation: [3], test: [4] } };
const dir = mkdtempSync(join(tmpdir(), "infratwin-drift-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("checkDrift() and retrain()", () => {
  const previous = buildRiskDataset(small);
  const sameRegime = buildRiskDataset({ ...small, seed: 2 });
  // Trained on a Monday; the recent data is a Saturday: weekend traffic is a regime the model never saw.
  const weekend = buildRiskDataset({ ...small, seed: 3, start: "2026-11-28" });
  const trained = trainGnn(previous.train, previous.validation, { epochs: 3, seed: 1 });
  const registry = fileModelRegistry(dir);
  const entryPromise = registry.register({ name: "risk", data: previous.description, metrics: { validation: trained.validation }, threshold: trained.threshold, model: trained.model });
  const reference = driftReference(previous.train, { ...trained.validation, threshold: trained.threshold });

  it("sees no input drift on new runs of the same regime, and a shift in CPU on a weekend", async () => {
    const entry = await entryPromise;
    await registry.promote("risk", entry.version);
    const same = checkDrift(reference, { recent: [...sameRegime.train, ...sameRegime.validation], model: entry });
    expect(same.drifted.filter((d) => d.feature.startsWith("cpu"))).toEqual([]);
    const shifted = checkDrift(reference, { recent: [...weekend.train, ...weekend.validation], model: entry });
    expect(shifted.alert).toBe(true);
    expect(shifted.drifted.map((d) => d.feature)).toContain("cpu");
    expect(shifted.psi.cpu).toBeGreaterThan(same.psi.cpu);
    expect(shifted.reasons[0]).toMatch(/drifted \(PSI > 0.25\)/);
  });

  it("promotes a retrained model only when it beats the current one on the recent held-out estates", async () => {
    // A current model that knows nothing (all weights zero) must lose to any trained one.
    const blank = await registry.register({ name: "blank", data: previous.description, metrics: {}, threshold: 0.5, model: { ...trained.model, weights: Object.fromEntries(Object.entries(trained.model.weights).map(([k, v]) => [k, Array.isArray(v) ? v.map((a) => new Float64Array(a.length)) : new Float64Array(v.length)])) as never } });
    await registry.promote("blank", blank.version);
    const decision = await retrain(registry, { name: "blank", previous, recent: weekend, epochs: 3, seed: 2 });
    expect(decision.promoted).toBe(true);
    expect(decision.candidate.prAuc!).toBeGreaterThan(decision.current.prAuc!);
    expect(await registry.promoted("blank")).toBe(decision.candidate.version);
    // Against a promoted model, the decision follows the held-out comparison, whichever way it goes.
    const again = await retrain(registry, { name: "blank", previous, recent: weekend, epochs: 1, seed: 3 });
    expect(again.promoted).toBe((again.candidate.prAuc ?? 0) > (again.current.prAuc ?? 0));
    expect(await registry.promoted("blank")).toBe(again.promoted ? again.candidate.version : decision.candidate.version);
    expect(await registry.list("blank")).toHaveLength(3);
  });
}, 180_000);
