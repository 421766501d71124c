// The model-backed supervisor driven through the real `openai` client against a scripted loopback server.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { OpenAISupervisor } from "../../lib/llm";
import type { OpenAISupervisorOptions, SupervisorWarning } from "../../lib/llm";
import { completion, errorResponse, FakeOpenAIServer, jsonCompletion } from "./fake-openai-server";
import { databaseOutage, whatIfContext } from "./fixtures";
import { modelReply, modelResponder } from "./model-responder";
import { supervisorSpecs } from "./supervisor-specs";

const KEY = "test-key-3f9a7c1e5b2d";

const goodDiagnosis = { candidates: [{ node: "db-core-1", confidence: 0.9, evidence: ["DatabaseDown firing"] }, { node: "srv-1", confidence: 0.2, evidence: ["hosts it"] }] };

function make(server: FakeOpenAIServer, options: OpenAISupervisorOptions = {}) {
  const warnings: SupervisorWarning[] = [];
  const supervisor = new OpenAISupervisor({
    apiKey: KEY,
    baseURL: server.baseURL,
    model: "fake-model",
    timeoutMs: 5_000,
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 40 },
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { supervisor, warnings };
}

supervisorSpecs("OpenAISupervisor", async () => {
  const server = await FakeOpenAIServer.start(modelResponder);
  return { supervisor: make(server).supervisor, close: () => server.close() };
});

describe("OpenAISupervisor against a loopback server", () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterEach(() => {
    server.requests.length = 0;
    server.respondWith(undefined);
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server.close();
  });

  it("`diagnose()` asks with a strict json_schema response format, the key as bearer token, and counts tokens", async () => {
    server.enqueue(jsonCompletion(goodDiagnosis, { prompt_tokens: 120, completion_tokens: 30 }));
    const { supervisor, warnings } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis).toEqual({
      kind: "diagnosis",
      supervisor: "openai:fake-model",
      incidentId: "inc-db",
      time: 3700,
      candidates: goodDiagnosis.candidates,
      warnings: [],
      usage: { promptTokens: 120, completionTokens: 30, cached: false },
    });
    expect(warnings).toEqual([]);
    const [request] = server.requests;
    expect(request.url).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toMatchObject({ model: "fake-model", temperature: 0 });
    expect(request.body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "infratwin_diagnosis", strict: true } });
    expect(request.body.response_format?.json_schema?.schema).toHaveProperty("properties.candidates");
    expect(request.body.messages[1].content).toContain('"id":"db-core-1"');
    expect(supervisor.usage()).toMatchObject({ calls: 1, requests: 1, retries: 0, promptTokens: 120, completionTokens: 30, totalTokens: 150, fallbacks: 0 });
  });

  it("`diagnose()` re-sorts candidates by confidence whatever order the model wrote them in", async () => {
    server.enqueue(jsonCompletion({ candidates: [...goodDiagnosis.candidates].reverse() }));
    const { supervisor } = make(server);
    expect((await supervisor.diagnose(databaseOutage())).candidates.map((c) => c.node)).toEqual(["db-core-1", "srv-1"]);
  });

  it("`diagnose()` reads JSON wrapped in prose and code fences", async () => {
    server.enqueue(completion("Here is my analysis:\n```json\n" + JSON.stringify(goodDiagnosis) + "\n```"));
    const { supervisor, warnings } = make(server);
    expect((await supervisor.diagnose(databaseOutage())).supervisor).toBe("openai:fake-model");
    expect(warnings).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("`diagnose()` asks once for a correction after malformed JSON and accepts it", async () => {
    server.enqueue(completion('{"candidates": [oops'), jsonCompletion(goodDiagnosis));
    const { supervisor, warnings } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("openai:fake-model");
    expect(diagnosis.warnings).toEqual([{ kind: "repaired", request: "diagnose", problems: ['no JSON object found in the reply "{\\"candidates\\": [oops"'] }]);
    expect(warnings).toEqual(diagnosis.warnings);
    const repair = server.requests[1].body.messages;
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[2].content).toBe('{"candidates": [oops');
    expect(repair[3].content).toContain("Your reply could not be used");
    expect(supervisor.usage()).toMatchObject({ requests: 2, repairs: 1, fallbacks: 0 });
  });

  it("`diagnose()` falls back to the heuristic, with a warning, when the JSON stays malformed", async () => {
    server.enqueue(completion("I think the database is down."), completion("Still no JSON, sorry."));
    const { supervisor, warnings } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(diagnosis.candidates[0].node).toBe("db-core-1");
    expect(diagnosis.warnings).toEqual([{ kind: "fallback", request: "diagnose", reason: 'the reply was invalid twice: no JSON object found in the reply "Still no JSON, sorry."' }]);
    expect(warnings).toEqual(diagnosis.warnings);
    expect(supervisor.usage()).toMatchObject({ calls: 1, requests: 2, fallbacks: 1 });
  });

  it("`diagnose()` rejects a reply that violates its schema and says where", async () => {
    const bad = { candidates: [{ node: "db-core-1", confidence: 1.7, evidence: [] }, { node: "db-9", confidence: 0.1, evidence: [] }] };
    server.enqueue(jsonCompletion(bad), jsonCompletion(bad));
    const { supervisor } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    const fallback = diagnosis.warnings.find((w) => w.kind === "fallback");
    expect(fallback?.kind === "fallback" && fallback.reason).toBe(
      'the reply was invalid twice: $.candidates[0].confidence: expected a number <= 1 but found 1.7; $.candidates[1].node: expected one of "core-router-1", "core-router-2", "srv-1", "db-core-1", "db-core-2", "app-payments-1", "app-cards-1", "lb-1" but found "db-9"',
    );
    expect(server.requests[1].body.messages[3].content).toContain("$.candidates[0].confidence: expected a number <= 1 but found 1.7");
  });

  it("`proposeActions()` treats an action missing the fields its kind needs as invalid", async () => {
    const flat = { node: "app-payments-1", to: null, from: null, instances: null, rps: null, deployment: null, rationale: "hot", expectedEffect: "cooler" };
    server.enqueue(jsonCompletion({ actions: [{ kind: "scale_out", ...flat }] }), jsonCompletion({ actions: [{ kind: "scale_out", ...flat, instances: 2 }] }));
    const { supervisor } = make(server);
    const plan = await supervisor.proposeActions(databaseOutage());
    expect(plan.actions).toEqual([{ kind: "scale_out", node: "app-payments-1", instances: 2, rationale: "hot", expectedEffect: "cooler" }]);
    expect(plan.warnings).toEqual([{ kind: "repaired", request: "propose_actions", problems: ["$.actions[0].instances: a scale_out action needs instances >= 1"] }]);
  });

  it("`generateWhatIfs()` reports a proposal with an unknown target, and any beyond n, as rejected", async () => {
    const fault = { kind: "node_crash", at: 100, duration: 60, params: [{ name: "severity", value: "hard" }] };
    server.enqueue(
      jsonCompletion({
        scenarios: [
          { name: "a", description: "", faults: [{ ...fault, target: "srv-1" }] },
          { name: "b", description: "", faults: [{ ...fault, target: "srv-9" }] },
          { name: "c", description: "", faults: [{ ...fault, target: "srv-1" }] },
        ],
      }),
    );
    const { supervisor } = make(server);
    const set = await supervisor.generateWhatIfs(whatIfContext(), 2);
    expect(set.scenarios).toEqual([{ name: "a", description: "", faults: [{ kind: "node_crash", target: "srv-1", at: 100, duration: 60, params: { severity: "hard" } }] }]);
    expect(set.rejected.map((r) => [r.index, r.errors])).toEqual([
      [1, [{ path: "$.faults[0].target", message: 'node "srv-9" is not in the topology' }]],
      [2, [{ path: "$", message: "beyond the 2 scenarios asked for" }]],
    ]);
  });

  it("`diagnose()` retries a 429 after the Retry-After the server asked for, then answers", async () => {
    server.enqueue(errorResponse(429, "rate limited", { "retry-after-ms": "150" }), jsonCompletion(goodDiagnosis));
    const { supervisor, warnings } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("openai:fake-model");
    expect(warnings).toEqual([]);
    expect(server.requests).toHaveLength(2);
    // A lower bound only: the retry cannot come before the wait the server asked for.
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(140);
    expect(supervisor.usage()).toMatchObject({ requests: 2, retries: 1 });
  });

  it("`diagnose()` does not wait when the server asks for longer than maxRetryAfterMs", async () => {
    server.enqueue(errorResponse(429, "quota exceeded", { "retry-after": "120" }));
    const { supervisor } = make(server, { retry: { maxRetries: 3, maxRetryAfterMs: 10_000 } });
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(server.requests).toHaveLength(1);
    expect(diagnosis.warnings[0]).toMatchObject({ kind: "fallback", reason: "the server answered 429: quota exceeded (the server asked to wait 120000 ms, more than maxRetryAfterMs 10000)" });
  });

  it("`diagnose()` retries server errors maxRetries times, then falls back", async () => {
    server.enqueue(errorResponse(500, "boom"), errorResponse(502, "bad gateway"), errorResponse(503, "busy"));
    const { supervisor } = make(server);
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(server.requests).toHaveLength(3);
    expect(diagnosis.warnings).toEqual([{ kind: "fallback", request: "diagnose", reason: "the server answered 503: busy (gave up after 3 attempts)" }]);
    expect(supervisor.usage()).toMatchObject({ requests: 3, retries: 2, fallbacks: 1 });
  });

  it("`diagnose()` times out a slow attempt, retries, then falls back", async () => {
    server.respondWith(() => ({ ...jsonCompletion(goodDiagnosis), delayMs: 3_000 }));
    const { supervisor } = make(server, { timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 10 } });
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(server.requests).toHaveLength(2);
    expect(diagnosis.warnings).toEqual([{ kind: "fallback", request: "diagnose", reason: "the request timed out (gave up after 2 attempts)" }]);
  });

  it("`diagnose()` falls back to the heuristic with a printed warning when the server is down", async () => {
    const down = await FakeOpenAIServer.start();
    await down.close();
    const printed: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    const supervisor = new OpenAISupervisor({ apiKey: KEY, baseURL: down.baseURL, model: "fake-model", retry: { maxRetries: 1, baseDelayMs: 10 } });
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(diagnosis.candidates[0].node).toBe("db-core-1");
    expect(diagnosis.warnings[0]).toMatchObject({ kind: "fallback", request: "diagnose" });
    expect(diagnosis.warnings[0].kind === "fallback" && diagnosis.warnings[0].reason).toMatch(/^could not connect to the server.*\(gave up after 2 attempts\)$/);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^infratwin llm: diagnose: the model did not answer \(could not connect/);
    expect(supervisor.warnings()).toEqual(diagnosis.warnings);
  });

  it("`diagnose()` switches to json_object when the server refuses json_schema, and keeps it", async () => {
    server.enqueue(errorResponse(400, "response_format of type json_schema is not supported by this model"), jsonCompletion(goodDiagnosis), jsonCompletion(goodDiagnosis));
    const { supervisor, warnings } = make(server);
    const first = await supervisor.diagnose(databaseOutage());
    await supervisor.diagnose(databaseOutage());
    expect(first.supervisor).toBe("openai:fake-model");
    expect(server.requests.map((r) => r.body.response_format?.type)).toEqual(["json_schema", "json_object", "json_object"]);
    expect(warnings).toEqual([
      { kind: "format_downgrade", from: "json_schema", to: "json_object", reason: "the server answered 400: response_format of type json_schema is not supported by this model" },
    ]);
    expect(first.warnings).toEqual(warnings);
  });

  it("`diagnose()` sends bounds in the prompt's schema but not in response_format, where some servers refuse them", async () => {
    server.enqueue(jsonCompletion(goodDiagnosis));
    const { supervisor } = make(server);
    await supervisor.diagnose(databaseOutage());
    const [request] = server.requests;
    expect(JSON.stringify(request.body.response_format)).not.toMatch(/"(minimum|maximum|minLength|minItems|maxItems)"/);
    expect(request.body.messages[0].content).toContain('"confidence":{"type":"number","minimum":0,"maximum":1}');
  });

  it("`diagnose()` stops sending temperature to a model that refuses it, and says so", async () => {
    server.enqueue(errorResponse(400, "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."));
    server.enqueue(jsonCompletion(goodDiagnosis), jsonCompletion(goodDiagnosis));
    const { supervisor, warnings } = make(server);
    const first = await supervisor.diagnose(databaseOutage());
    await supervisor.diagnose(databaseOutage());
    expect(first.supervisor).toBe("openai:fake-model");
    expect(server.requests.map((r) => "temperature" in r.body)).toEqual([true, false, false]);
    expect(warnings).toEqual([expect.objectContaining({ kind: "parameter_dropped", parameter: "temperature" })]);
  });

  it("`diagnose()` sends no response_format and no temperature when configured plain", async () => {
    server.enqueue(jsonCompletion(goodDiagnosis));
    const { supervisor } = make(server, { responseFormat: "plain", temperature: null });
    await supervisor.diagnose(databaseOutage());
    expect(server.requests[0].body).not.toHaveProperty("response_format");
    expect(server.requests[0].body).not.toHaveProperty("temperature");
    expect(server.requests[0].body.messages[0].content).toContain("matching this JSON Schema");
  });

  it("`diagnose()` never shows the API key, even when the server echoes it", async () => {
    server.enqueue(errorResponse(401, `Incorrect API key provided: ${KEY}. Find your key at https://example.test`));
    const printed: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    const supervisor = new OpenAISupervisor({ apiKey: KEY, baseURL: server.baseURL, model: "fake-model" });
    const diagnosis = await supervisor.diagnose(databaseOutage());
    expect(diagnosis.supervisor).toBe("heuristic");
    expect(server.requests).toHaveLength(1);
    const everything = JSON.stringify([diagnosis, supervisor.warnings(), printed]);
    expect(everything).toContain("Incorrect API key provided: [redacted]");
    expect(everything).not.toContain(KEY);
  });

  it("`diagnose()` rejects with the abort reason when cancelled mid-request, without falling back", async () => {
    server.respondWith(() => ({ ...jsonCompletion(goodDiagnosis), delayMs: 3_000 }));
    const { supervisor, warnings } = make(server);
    const controller = new AbortController();
    const answer = supervisor.diagnose(databaseOutage(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("analyst closed the notebook")), 50);
    await expect(answer).rejects.toThrow("analyst closed the notebook");
    expect(warnings).toEqual([]);
    expect(supervisor.usage().fallbacks).toBe(0);
  });

  it("`diagnose()` keeps at most maxConcurrency requests in flight", async () => {
    server.maxInFlight = 0;
    server.respondWith(async (request) => ({ ...jsonCompletion(await modelReply(request)), delayMs: 80 }));
    const { supervisor } = make(server, { maxConcurrency: 2 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => supervisor.diagnose(databaseOutage())));
    expect(answers.every((a) => a.supervisor === "openai:fake-model")).toBe(true);
    expect(server.requests).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
  });

  describe("with a response cache", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "infratwin-llm-cache-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("`diagnose()` answers a repeated question from the cache, identically and without the network", async () => {
      server.enqueue(jsonCompletion(goodDiagnosis, { prompt_tokens: 50, completion_tokens: 5 }));
      const first = await make(server, { cache: dir }).supervisor.diagnose(databaseOutage());
      const rerun = make(server, { cache: dir }).supervisor;
      const second = await rerun.diagnose(databaseOutage());
      expect(server.requests).toHaveLength(1);
      expect(second).toEqual({ ...first, usage: { promptTokens: 50, completionTokens: 5, cached: true } });
      expect(rerun.usage()).toMatchObject({ requests: 0, cacheHits: 1, promptTokens: 0 });
    });

    it("`diagnose()` stores hash, model, content and usage in the cache, never the key or headers", async () => {
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      const text = await readFile(join(dir, files[0]), "utf8");
      const entry = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(entry).sort()).toEqual(["content", "format", "key", "model", "schemaName", "usage"]);
      expect(`${entry.key}.json`).toBe(files[0]);
      expect(entry.model).toBe("fake-model");
      expect(text).not.toContain(KEY);
      expect(text.toLowerCase()).not.toContain("authorization");
      expect(text).not.toContain(server.baseURL);
    });

    it("`diagnose()` in replay mode falls back on a cache miss without touching the network", async () => {
      const { supervisor } = make(server, { cache: dir, cacheMode: "replay" });
      const diagnosis = await supervisor.diagnose({ ...databaseOutage(), id: "inc-other" });
      expect(server.requests).toHaveLength(0);
      expect(diagnosis.supervisor).toBe("heuristic");
      expect(diagnosis.warnings[0].kind === "fallback" && diagnosis.warnings[0].reason).toMatch(/^no cached reply for this diagnose request \(key [0-9a-f]{12}\); replay mode never uses the network$/);
    });

    it("`diagnose()` ignores a cached reply that no longer validates and asks again", async () => {
      const files = await readdir(dir);
      const path = join(dir, files[0]);
      const entry = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
      await import("node:fs/promises").then((fs) => fs.writeFile(path, JSON.stringify({ ...entry, content: '{"candidates": 3}' })));
      server.enqueue(jsonCompletion(goodDiagnosis));
      const diagnosis = await make(server, { cache: dir }).supervisor.diagnose(databaseOutage());
      expect(diagnosis.supervisor).toBe("openai:fake-model");
      expect(diagnosis.warnings).toEqual([{ kind: "cache_ignored", request: "diagnose", reason: "the cached reply no longer validates: $.candidates: expected an array but found 3" }]);
      expect(server.requests).toHaveLength(1);
    });
  });
});
