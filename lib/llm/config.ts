// Supervisor settings read from the environment: key, base URL, model, provider choice and cache folder.
import { invalidArgument } from "../errors";

/** The model asked when no variable names one. */
export const DEFAULT_MODEL = "gpt-4o-mini";

/** Which supervisor to use: the offline heuristic, a model behind an OpenAI-compatible API, or decide from the environment. */
export type SupervisorProvider = "heuristic" | "openai" | "auto";

/** The settings found in the environment (the key is held here only to be handed to the client). */
export interface LlmEnvironment {
  provider: SupervisorProvider;
  apiKey?: string;
  baseURL?: string;
  model: string;
  cacheDir?: string;
}

/**
 * Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `INFRATWIN_LLM_MODEL` (else `OPENAI_MODEL`, else "gpt-4o-mini"),
 * `INFRATWIN_LLM_PROVIDER` ("heuristic", "openai" or "auto", the default) and `INFRATWIN_LLM_CACHE_DIR`.
 */
export function readLlmEnvironment(env: Record<string, string | undefined> = process.env): LlmEnvironment {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const provider = (value("INFRATWIN_LLM_PROVIDER") ?? "auto").toLowerCase();
  if (provider !== "heuristic" && provider !== "openai" && provider !== "auto") {
    throw invalidArgument("readLlmEnvironment", "INFRATWIN_LLM_PROVIDER", '"heuristic", "openai" or "auto"', env.INFRATWIN_LLM_PROVIDER);
  }
  return {
    provider,
    apiKey: value("OPENAI_API_KEY"),
    baseURL: value("OPENAI_BASE_URL"),
    model: value("INFRATWIN_LLM_MODEL") ?? value("OPENAI_MODEL") ?? DEFAULT_MODEL,
    cacheDir: value("INFRATWIN_LLM_CACHE_DIR"),
  };
}
