// The behaviour every Supervisor shares (heuristic and model-backed alike): typed, validated, deterministic, cancellable answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { validateWhatIf } from "../../lib/llm";
import type { IncidentInput, Supervisor } from "../../lib/llm";
import { databaseOutage, outageState, whatIfContext } from "./fixtures";

/** A supervisor under test and how to tear down what it needs. */
export interface SupervisorFixture {
  supervisor: Supervisor;
  close(): Promise<void>;
}

/** Registers the shared specs for the supervisor `make` builds. */
export function supervisorSpecs(label: string, make: () => Promise<SupervisorFixture>): void {
  describe(`${label} supervisorSpecs`, () => {
    let fixture: SupervisorFixture;
    beforeAll(async () => {
      fixture = await make();
    });
    afterAll(async () => {
      await fixture.close();
    });

    it("`summarize()` returns a summary of that time, signed by the supervisor", async () => {
      const { supervisor } = fixture;
      const summary = await supervisor.summarize(outageState());
      expect(summary).toMatchObject({ kind: "summary", supervisor: supervisor.name, time: 3700, warnings: [] });
      expect(summary.text.length).toBeGreaterThan(0);
      expect(summary.highlights.every((h) => typeof h === "string")).toBe(true);
    });

    it("`diagnose()` ranks candidates from the incident by confidence in 0..1, with evidence", async () => {
      const { supervisor } = fixture;
      const incident = databaseOutage();
      const diagnosis = await supervisor.diagnose(incident);
      expect(diagnosis).toMatchObject({ kind: "diagnosis", supervisor: supervisor.name, incidentId: incident.id, time: incident.time, warnings: [] });
      const ids = new Set(incident.context.nodes.map((n) => n.id));
      expect(diagnosis.candidates.length).toBeGreaterThan(0);
      for (const [i, c] of diagnosis.candidates.entries()) {
        expect(ids.has(c.node)).toBe(true);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.evidence.length).toBeGreaterThan(0);
        if (i > 0) expect(c.confidence).toBeLessThanOrEqual(diagnosis.candidates[i - 1].confidence);
      }
      expect(diagnosis.candidates[0].node).toBe("db-core-1");
    });

    it("`proposeActions()` returns typed actions on nodes of the incident, each explained", async () => {
      const { supervisor } = fixture;
      const incident = databaseOutage();
      const plan = await supervisor.proposeActions(incident);
      expect(plan).toMatchObject({ kind: "action_plan", supervisor: supervisor.name, incidentId: incident.id, time: incident.time });
      const ids = new Set(incident.context.nodes.map((n) => n.id));
      expect(plan.actions.length).toBeGreaterThan(0);
      for (const action of plan.actions) {
        const named = action.kind === "reroute" ? [action.from, action.to] : action.kind === "failover" && action.to ? [action.node, action.to] : [action.node];
        for (const id of named) expect(ids.has(id)).toBe(true);
        if (action.kind === "scale_out") expect(action.instances).toBeGreaterThanOrEqual(1);
        if (action.kind === "rate_limit") expect(action.rps).toBeGreaterThan(0);
        expect(action.rationale).not.toBe("");
        expect(action.expectedEffect).not.toBe("");
      }
      expect(plan.actions[0]).toMatchObject({ kind: "failover", node: "db-core-1", to: "db-core-2" });
    });

    it("`generateWhatIfs()` returns at most n scenarios, every one valid for the context", async () => {
      const { supervisor } = fixture;
      const context = whatIfContext();
      const set = await supervisor.generateWhatIfs(context, 4);
      expect(set).toMatchObject({ kind: "what_ifs", supervisor: supervisor.name, rejected: [] });
      expect(set.scenarios).toHaveLength(4);
      for (const scenario of set.scenarios) expect(validateWhatIf(scenario, context)).toEqual({ ok: true, data: scenario });
    });

    it("`diagnose()` gives the same answer to the same question", async () => {
      const { supervisor } = fixture;
      const strip = <T extends { usage?: unknown }>(answer: T) => ({ ...answer, usage: undefined });
      expect(strip(await supervisor.diagnose(databaseOutage()))).toEqual(strip(await supervisor.diagnose(databaseOutage())));
    });

    it("`diagnose()` rejects a malformed incident with a ValidationError naming the call", async () => {
      const { supervisor } = fixture;
      const broken = { ...databaseOutage(), context: undefined } as unknown as IncidentInput;
      const error = await supervisor.diagnose(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/Supervisor\.diagnose: 1 problem in incident:\n {2}\$\.context: missing required property "context"/);
    });

    it("`proposeActions()` rejects at once when its signal is already aborted", async () => {
      const { supervisor } = fixture;
      const controller = new AbortController();
      controller.abort(new Error("user cancelled"));
      await expect(supervisor.proposeActions(databaseOutage(), { signal: controller.signal })).rejects.toThrow("user cancelled");
    });

    it("`usage()` counts the calls answered", async () => {
      const { supervisor } = fixture;
      const before = supervisor.usage().calls;
      await supervisor.diagnose(databaseOutage());
      expect(supervisor.usage().calls).toBe(before + 1);
    });
  });
}
