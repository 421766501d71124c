// Picks the supervisor: the model when a key or base URL is configured, else the offline heuristic.
import { invalidArgument } from "../errors";
import type { SupervisorProvider } from "./config";
import { readLlmEnvironment, resolveProvider } from "./config";
import type { HeuristicSupervisorOptions } from "./heuristic-supervisor";
import { HeuristicSupervisor } from "./heuristic-supervisor";
import type { OpenAISupervisorOptions } from "./openai-supervisor";
import { OpenAISupervisor } from "./openai-supervisor";
import type { Supervisor } from "./types";

/** Options of `createSupervisor`: OpenAI options (which win over the environment), plus the provider choice. */
export interface CreateSupervisorOptions extends OpenAISupervisorOptions {
  /** "auto" (default): the model when OPENAI_API_KEY or OPENAI_BASE_URL (or the same options) is set, else the heuristic. */
  provider?: SupervisorProvider;
  /** Options of the heuristic (used as the supervisor, or as the model's fallback). */
  heuristic?: HeuristicSupervisorOptions;
  /** The environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * The supervisor for this environment. `createSupervisor()` answers offline unless a key or base URL is configured;
 * `createSupervisor({ provider: "openai", cache: ".cache/llm", cacheMode: "replay" })` re-runs a notebook from its cache alone.
 */
export function createSupervisor(options: CreateSupervisorOptions = {}): Supervisor {
  if (options.provider !== undefined && options.provider !== "auto" && options.provider !== "heuristic" && options.provider !== "openai") {
    throw invalidArgument("createSupervisor", "options.provider", '"auto", "heuristic" or "openai"', options.provider);
  }
  const env = readLlmEnvironment(options.env ?? process.env);
  // "heuristic" in the environment wins over an explicit "openai" too: offline was asked for, nothing leaves the machine.
  const { provider } = resolveProvider({ flag: options.provider, environment: env.provider }, "createSupervisor");
  const heuristic = new HeuristicSupervisor(options.heuristic);
  const apiKey = options.apiKey ?? env.apiKey;
  const baseURL = options.baseURL ?? env.baseURL;
  const configured = apiKey !== undefined || baseURL !== undefined || options.client !== undefined;
  if (provider === "heuristic" || (provider === "auto" && !configured)) return heuristic;
  const { provider: _provider, heuristic: _heuristic, env: _env, ...rest } = options;
  return new OpenAISupervisor({
    ...rest,
    apiKey,
    baseURL,
    model: options.model ?? env.model,
    cache: options.cache ?? env.cacheDir,
    fallback: options.fallback ?? heuristic,
  });
}
