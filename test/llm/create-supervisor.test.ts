// Choosing the supervisor from the environment: offline by default, the model when a key or base URL is set.
import { describe, expect, it } from "vitest";
import { createSupervisor, HeuristicSupervisor, OpenAISupervisor, readLlmEnvironment } from "../../lib/llm";
import { FakeOpenAIServer } from "./fake-openai-server";
import { databaseOutage } from "./fixtures";
import { modelResponder } from "./model-responder";

describe("createSupervisor()", () => {
  it("`createSupervisor()` answers offline with the heuristic when nothing is configured", () => {
    expect(createSupervisor({ env: {} })).toBeInstanceOf(HeuristicSupervisor);
  });

  it("`createSupervisor()` uses the model when OPENAI_API_KEY or OPENAI_BASE_URL is set", () => {
    const withKey = createSupervisor({ env: { OPENAI_API_KEY: "k-123456" } });
    expect(withKey).toBeInstanceOf(OpenAISupervisor);
    expect(withKey.name).toBe("openai:gpt-4o-mini");
    expect(createSupervisor({ env: { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_MODEL: "llama3.1" } }).name).toBe("openai:llama3.1");
  });

  it("`createSupervisor()` prefers INFRATWIN_LLM_MODEL over OPENAI_MODEL, and options over both", () => {
    const env = { OPENAI_API_KEY: "k-123456", OPENAI_MODEL: "a", INFRATWIN_LLM_MODEL: "b" };
    expect(createSupervisor({ env }).name).toBe("openai:b");
    expect(createSupervisor({ env, model: "c" }).name).toBe("openai:c");
  });

  it("`createSupervisor()` stays offline when INFRATWIN_LLM_PROVIDER says heuristic, even with a key", () => {
    expect(createSupervisor({ env: { OPENAI_API_KEY: "k-123456", INFRATWIN_LLM_PROVIDER: "heuristic" } })).toBeInstanceOf(HeuristicSupervisor);
  });

  it("`createSupervisor()` talks to the configured base URL", async () => {
    const server = await FakeOpenAIServer.start(modelResponder);
    try {
      const supervisor = createSupervisor({ env: { OPENAI_BASE_URL: server.baseURL, INFRATWIN_LLM_MODEL: "fake-model" } });
      const diagnosis = await supervisor.diagnose(databaseOutage());
      expect(diagnosis.supervisor).toBe("openai:fake-model");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("readLlmEnvironment()", () => {
  it("`readLlmEnvironment()` ignores blank variables and rejects an unknown provider", () => {
    expect(readLlmEnvironment({ OPENAI_API_KEY: "  ", OPENAI_MODEL: "" })).toEqual({ provider: "auto", apiKey: undefined, baseURL: undefined, model: "gpt-4o-mini", cacheDir: undefined });
    expect(() => readLlmEnvironment({ INFRATWIN_LLM_PROVIDER: "claude" })).toThrow('readLlmEnvironment: expected INFRATWIN_LLM_PROVIDER to be "heuristic", "openai" or "auto" but found "claude".');
  });
});
