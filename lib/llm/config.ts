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

/** Where a provider choice came from, most binding first. */
export interface ProviderChoices {
  /** A command-line flag or an explicit API option (`--provider`). */
  flag?: string;
  /** `INFRATWIN_LLM_PROVIDER`. */
  environment?: string;
  /** The scenario file's `supervisor.kind`. */
  scenario?: string;
}

/** The provider that applies, and which layer decided it. */
export interface ResolvedProvider {
  provider: SupervisorProvider;
  from: "flag" | "environment" | "scenario" | "default";
}

/**
 * Resolves the provider: a flag wins over the environment, which wins over the scenario file; "auto" at a layer
 * defers to the next. "heuristic" at ANY layer wins outright, so a user who asked for offline answers anywhere never
 * sends incident data to a model server.
 */
export function resolveProvider(choices: ProviderChoices, api = "resolveProvider"): ResolvedProvider {
  const layers = [
    ["flag", choices.flag],
    ["environment", choices.environment],
    ["scenario", choices.scenario],
  ] as const;
  for (const [from, value] of layers) {
    if (value === undefined || value === "") continue;
    const v = value.toLowerCase();
    if (v !== "heuristic" && v !== "openai" && v !== "auto") throw invalidArgument(api, from === "environment" ? "INFRATWIN_LLM_PROVIDER" : `${from} provider`, '"heuristic", "openai" or "auto"', value);
  }
  const heuristic = layers.find(([, v]) => v?.toLowerCase() === "heuristic");
  if (heuristic) return { provider: "heuristic", from: heuristic[0] };
  const decided = layers.find(([, v]) => v !== undefined && v !== "" && v.toLowerCase() !== "auto");
  return decided ? { provider: decided[1]!.toLowerCase() as SupervisorProvider, from: decided[0] } : { provider: "auto", from: "default" };
}
