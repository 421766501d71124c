// The model path against a hostile OpenAI-compatible server on loopback: dripping, huge, hanging and dropped replies all end within their deadline, answered by the heuristic and marked as such.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeuristicSupervisor, OpenAISupervisor, SupervisorQueue, boundedFetch, extractJsonObject, ReplyLimitError } from "../../lib/llm";
import type { Supervisor, SupervisorWarning } from "../../lib/llm";
import { InvalidArgumentError } from "../../lib/errors";
import { FakeOpenAIServer, jsonCompletion, type ScriptedResponse } from "./fake-openai-server";
import { databaseOutage } from "./fixtures";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(async () => {
  await server.close();
});

function supervisor(timeoutMs: number, extra: { maxReplyBytes?: number } = {}): { model: OpenAISupervisor; warnings: SupervisorWarning[] } {
  const warnings: SupervisorWarning[] = [];
  const model = new OpenAISupervisor({ baseURL: server.baseURL, apiKey: "k-adversarial-1234", model: "fake-model", timeoutMs, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 }, onWarning: (w) => warnings.push(w), ...extra });
  return { model, warnings };
}

const faults: [string, ScriptedResponse][] = [
  ["drips a byte every 50 ms", { fault: { kind: "drip", everyMs: 50 } }],
  ["streams 8 MB", { fault: { kind: "huge", bytes: 8_000_000 } }],
  ["never answers", { fault: { kind: "hang" } }],
  ["drops the connection", { fault: { kind: "reset" } }],
  ["answers 40 KB of braces that never close", jsonCompletion({ x: "{".repeat(40_000) })],
  ["answers a reply of 200,000 nested objects", { status: 200, body: '{"choices":[{"index":0,"message":{"role":"assistant","content":' + JSON.stringify("{".repeat(1) + '"a":'.repeat(1) + "[".repeat(100_000)) + "}}]}" }],
];

describe("OpenAISupervisor against a hostile server", () => {
  for (const [what, response] of faults) {
    it(`falls back to the heuristic, with a warning, when the server ${what}`, async () => {
      server.respondWith(() => response);
      const { model, warnings } = supervisor(1_500, { maxReplyBytes: 1_000_000 });
      const answer = await model.diagnose(databaseOutage());
      expect(answer.kind).toBe("diagnosis");
      expect(answer.supervisor).toBe("heuristic");
      expect(warnings.some((w) => w.kind === "fallback")).toBe(true);
      server.respondWith(undefined);
    }, 60_000);
  }

  it("does not retry a reply cut off for size (the same server would send it again)", async () => {
    server.requests.length = 0;
    server.respondWith(() => ({ fault: { kind: "huge", bytes: 4_000_000 } }));
    const { model, warnings } = supervisor(10_000, { maxReplyBytes: 100_000 });
    await model.diagnose(databaseOutage());
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(warnings)).toContain("maxReplyBytes");
    server.respondWith(undefined);
  }, 60_000);
});

describe("boundedFetch()", () => {
  it("fails a dripping body at the total deadline with a ReplyLimitError, and validates its options", async () => {
    server.respondWith(() => ({ fault: { kind: "drip", everyMs: 20 } }));
    const bounded = boundedFetch({ totalMs: 300 });
    await expect(bounded(`${server.baseURL}/chat/completions`, { method: "POST", body: "{}" })).rejects.toBeInstanceOf(ReplyLimitError);
    server.respondWith(undefined);
    expect(() => boundedFetch({ totalMs: 2 ** 31 })).toThrow(InvalidArgumentError);
    expect(() => boundedFetch({ totalMs: 0 })).toThrow(InvalidArgumentError);
    expect(() => boundedFetch({ maxBytes: 0 })).toThrow(InvalidArgumentError);
  }, 30_000);
});

describe("SupervisorQueue.drain() at its deadline", () => {
  it("answers questions the model missed with the fallback, marked missed_deadline, never dropped", async () => {
    const never: Supervisor = new Proxy(new HeuristicSupervisor(), {
      get(target, key) {
        if (key === "name") return "openai:slow";
        if (key === "diagnose" || key === "proposeActions" || key === "summarize") return (_input: unknown, options: { signal?: AbortSignal } = {}) => new Promise((_, reject) => options.signal?.addEventListener("abort", () => reject(options.signal?.reason)));
        return Reflect.get(target, key);
      },
    }) as Supervisor;
    const queue = new SupervisorQueue(never, { fallback: new HeuristicSupervisor() });
    queue.post({ kind: "diagnose", incident: databaseOutage() }, 3600);
    queue.post({ kind: "propose_actions", incident: databaseOutage() }, 3600);
    const report = await queue.drain({ deadlineMs: 50 });
    expect(report.missed).toHaveLength(2);
    for (const a of queue.annotations()) {
      expect(a.status).toBe("answered");
      expect(a.fallback).toBe("missed_deadline");
      expect(a.supervisor).toBe("heuristic");
      expect(a.error).toContain("50 ms");
    }
  });

  it("validates the deadline: 1 ms to 24 h (Node would treat 2^31 ms as 1 ms)", async () => {
    const queue = new SupervisorQueue(new HeuristicSupervisor());
    for (const bad of [0, -1, 2 ** 31, Number.NaN, Infinity]) await expect(queue.drain({ deadlineMs: bad })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(queue.drain({ deadlineMs: 24 * 3600 * 1000 })).resolves.toMatchObject({ kind: "drain_report" });
  });
});

describe("extractJsonObject() on hostile replies", () => {
  it("finishes a 1 MB reply of unclosed braces and one of many fences (linear, not quadratic), and still finds the object after chatter", () => {
    expect(extractJsonObject("{".repeat(1_000_000 - 10)).ok).toBe(false);
    expect(extractJsonObject("```\n{".repeat(150_000)).ok).toBe(false);
    expect(extractJsonObject("<think>".repeat(100_000)).ok).toBe(false);
    expect(extractJsonObject("Sure { here it is: {\"a\": 1}")).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJsonObject("x".repeat(1_000_001)).ok).toBe(false);
  });
});
