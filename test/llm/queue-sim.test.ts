// The simulation is never blocked by a slow supervisor: it reaches its horizon while answers are pending, and answers keep their incident's time.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenAISupervisor, SupervisorQueue } from "../../lib/llm";
import type { Diagnosis } from "../../lib/llm";
import { Environment } from "../../lib/sim";
import { FakeOpenAIServer, jsonCompletion } from "./fake-openai-server";
import { databaseOutage } from "./fixtures";
import { modelReply } from "./model-responder";

const HORIZON = 1_000;
const SLOW_MS = 2_000;

/** A simulation that raises incidents at t=100 and t=500 and posts each to the queue; runs in chunks, yielding to the event loop like a notebook's progress loop. */
async function simulate(queue: SupervisorQueue): Promise<{ env: Environment; pendingAtHorizon: number }> {
  const env = new Environment();
  env.process(
    (function* () {
      for (const t of [100, 500]) {
        yield env.timeout(t - env.now);
        queue.post({ kind: "diagnose", incident: { ...databaseOutage(), id: `inc-${t}`, time: env.now } }, env.now);
      }
    })(),
  );
  for (let until = 50; until <= HORIZON; until += 50) {
    env.run(until);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { env, pendingAtHorizon: queue.pending };
}

describe("SupervisorQueue with the simulation kernel", () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await FakeOpenAIServer.start(async (request) => ({ ...jsonCompletion(await modelReply(request)), delayMs: SLOW_MS }));
  });
  afterEach(async () => {
    await server.close();
  });

  const slowSupervisor = () =>
    new OpenAISupervisor({ apiKey: "test-key-sim", baseURL: server.baseURL, model: "fake-model", timeoutMs: 10_000, onWarning: () => {} });

  it("`post()` lets the simulation reach its horizon while a 2 s answer is in flight; answers attach at their incident's simulated time", async () => {
    const queue = new SupervisorQueue(slowSupervisor());
    const { env, pendingAtHorizon } = await simulate(queue);
    expect(env.now).toBe(HORIZON);
    expect(pendingAtHorizon).toBe(2);

    const report = await queue.drain({ deadlineMs: 10_000 });
    expect(report).toMatchObject({ answered: 2, failed: 0, missed: [] });
    const annotations = queue.annotations();
    expect(annotations.map((a) => [a.simTime, a.status, a.supervisor, a.subject])).toEqual([
      [100, "answered", "openai:fake-model", "inc-100"],
      [500, "answered", "openai:fake-model", "inc-500"],
    ]);
    expect(annotations.map((a) => (a.answer as Diagnosis).time)).toEqual([100, 500]);
    expect(server.requests).toHaveLength(2);
    expect((annotations[0].answer as Diagnosis).candidates[0].node).toBe("db-core-1");
    expect(env.now).toBe(HORIZON);
  });

  it("`drain()` records answers that miss the run's deadline instead of holding the run", async () => {
    const queue = new SupervisorQueue(slowSupervisor());
    const { env } = await simulate(queue);
    expect(env.now).toBe(HORIZON);
    const report = await queue.drain({ deadlineMs: 100 });
    expect(report.answered).toBe(0);
    expect(report.missed.map((a) => [a.simTime, a.status])).toEqual([
      [100, "missed_deadline"],
      [500, "missed_deadline"],
    ]);
  });
});
