import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildRiskDataset, checkDrift, driftReference, fileModelRegistry, referenceFor, retrain, runSamples, storedReference, trainGnn, watchModel, type ModelDriftAlert } from "../../lib/gnn";
import { bankTopology, GraphologyStore } from "../../lib/graph";
import { createTwin } from "../../lib/twin";

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

  it("watchModel raises a ModelDrift alert on the weekend regime, then retrains and promotes only a better model", async () => {
    const watched = await registry.register({ name: "watched", data: previous.description, metrics: { validation: trained.validation, driftReference: referenceFor(previous.train, trained) }, threshold: trained.threshold, model: trained.model });
    await registry.promote("watched", watched.version);
    expect(storedReference(await registry.load("watched"))?.featureNames).toEqual(reference.featureNames);
    const seen: string[] = [];
    const onAlert = (a: ModelDriftAlert) => seen.push(`${a.rule} ${a.node}`);
    const alertOnly = await watchModel(registry, { name: "watched", recent: [...weekend.train, ...weekend.validation], onAlert, at: new Date("2026-12-01T00:00:00Z") });
    expect(alertOnly.alert).toMatchObject({ rule: "ModelDrift", severity: "warning", node: "watched@v1", at: "2026-12-01T00:00:00.000Z" });
    expect(alertOnly.alert!.summary).toMatch(/drifted/);
    expect(alertOnly.decision).toBeNull();
    const acted = await watchModel(registry, { name: "watched", recent: [...weekend.train, ...weekend.validation], onAlert, retrain: { previous, recent: weekend, epochs: 2, seed: 4 } });
    expect(seen).toEqual(["ModelDrift watched@v1", "ModelDrift watched@v1"]);
    const decision = acted.decision!;
    expect(decision.current.version).toBe(1);
    expect(await registry.promoted("watched")).toBe(decision.promoted ? decision.candidate.version : 1);
    // The candidate carries its own reference, so the next check needs no training data rebuilt.
    const candidate = await registry.load("watched", decision.candidate.version);
    expect(storedReference(candidate)).toBeDefined();
    expect(candidate.note).toMatch(/ModelDrift on v1/);
  });

  it("watchModel checks live precision on a recorded run and names a model registered without a reference", async () => {
    const graph = bankTopology({ size: 80, seed: 9 });
    const twin = createTwin(graph, { seed: 5, start: "2026-11-23", horizon: "6h", step: "1m", randomFaults: true, syncGraph: false });
    const result = twin.run();
    const samples = runSamples({ metrics: result.metrics, store: new GraphologyStore(graph as never) }, previous.description);
    expect(samples.length).toBeGreaterThan(5);
    const watch = await watchModel(registry, { name: "risk", recent: samples, reference });
    expect(watch.report.live.positives).toBe(samples.reduce((n, s) => n + s.labels.reduce((a, b) => a + b, 0), 0));
    await expect(watchModel(registry, { name: "risk", recent: samples })).rejects.toThrow(/options\.reference.*registered without one/);
    expect(() => runSamples({ metrics: result.metrics, store: {} as never }, previous.description)).toThrow(/run\.store/);
  });
}, 180_000);
