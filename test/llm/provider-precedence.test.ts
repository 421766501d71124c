// Provider precedence: a flag wins over INFRATWIN_LLM_PROVIDER, which wins over the scenario file; "heuristic" anywhere means no network call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisor, resolveProvider } from "../../lib/llm";
import { InvalidArgumentError } from "../../lib/errors";
import { runScenario } from "../../lib/scenarios";
import { miniBank } from "../twin/fixtures";
import { dbCrash } from "../scenarios/fixtures";
import { FakeOpenAIServer } from "./fake-openai-server";

describe("resolveProvider()", () => {
  it("takes the flag, then the environment, then the scenario; auto defers; heuristic anywhere wins", () => {
    expect(resolveProvider({})).toEqual({ provider: "auto", from: "default" });
    expect(resolveProvider({ scenario: "openai" })).toEqual({ provider: "openai", from: "scenario" });
    expect(resolveProvider({ environment: "openai", scenario: "auto" })).toEqual({ provider: "openai", from: "environment" });
    expect(resolveProvider({ flag: "openai", environment: "auto", scenario: "auto" })).toEqual({ provider: "openai", from: "flag" });
    expect(resolveProvider({ flag: "auto", environment: "heuristic", scenario: "auto" })).toEqual({ provider: "heuristic", from: "environment" });
    expect(resolveProvider({ flag: "openai", environment: "auto", scenario: "heuristic" })).toEqual({ provider: "heuristic", from: "scenario" });
    expect(() => resolveProvider({ environment: "gpt" })).toThrow(InvalidArgumentError);
  });
});

describe("heuristic anywhere: no network call at all", () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    // A server that fails the test if it is contacted.
    server = await FakeOpenAIServer.start(() => {
      throw new Error("the model server was contacted");
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const withKey = () => ({ OPENAI_API_KEY: "sk-test-precedence-123", OPENAI_BASE_URL: server.baseURL });

  it("INFRATWIN_LLM_PROVIDER=heuristic beats a scenario's auto (and an explicit openai) with a key set", async () => {
    const result = await runScenario(dbCrash({ supervisor: { kind: "auto", deadlineMs: 5000 } }), { graph: miniBank() as never, env: { ...withKey(), INFRATWIN_LLM_PROVIDER: "heuristic" } });
    expect(result.supervisor).toBe("heuristic");
    expect(result.annotations.length).toBeGreaterThan(0);
    expect(createSupervisor({ provider: "openai", env: { ...withKey(), INFRATWIN_LLM_PROVIDER: "heuristic" } }).name).toBe("heuristic");
    expect(server.requests).toHaveLength(0);
  }, 120_000);

  it("a flag of heuristic beats INFRATWIN_LLM_PROVIDER=openai and a scenario asking for openai", async () => {
    const result = await runScenario(dbCrash({ supervisor: { kind: "openai", deadlineMs: 5000 } }), { graph: miniBank() as never, provider: "heuristic", env: { ...withKey(), INFRATWIN_LLM_PROVIDER: "openai" } });
    expect(result.supervisor).toBe("heuristic");
    expect(server.requests).toHaveLength(0);
  }, 120_000);

  it("without heuristic anywhere the environment's openai is used over the scenario's auto (the server is then contacted)", () => {
    expect(createSupervisor({ provider: "auto", env: { ...withKey(), INFRATWIN_LLM_PROVIDER: "openai" } }).name).toMatch(/^openai:/);
  });
});
