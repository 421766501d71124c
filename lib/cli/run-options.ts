// Options shared by the commands that run scenarios: --provider (which supervisor answers) and --max-memory (the metrics budget).
import { TwinError } from "../errors";
import { parseByteSize } from "../limits";
import type { SupervisorProvider } from "../llm";
import { CliUsageError, type ParsedArgs } from "./command";

/** The value options every scenario-running command accepts. */
export const RUN_VALUE_OPTIONS = ["provider", "max-memory"] as const;

/** What `runScenario` takes from the command line. */
export interface CliRunOptions {
  provider?: SupervisorProvider;
  maxMemoryBytes?: number;
}

/** Reads --provider and --max-memory; a bad value is a usage error naming the option. */
export function cliRunOptions(command: string, options: ParsedArgs["options"]): CliRunOptions {
  const out: CliRunOptions = {};
  const provider = options.provider;
  if (provider !== undefined) {
    if (provider !== "heuristic" && provider !== "openai" && provider !== "auto") throw new CliUsageError(`infratwin ${command}: --provider must be heuristic, openai or auto, not ${JSON.stringify(provider)}.`);
    out.provider = provider;
  }
  const memory = options["max-memory"];
  if (memory !== undefined) {
    try {
      out.maxMemoryBytes = parseByteSize(memory, `infratwin ${command}`, "--max-memory");
    } catch (error) {
      if (error instanceof TwinError) throw new CliUsageError(`infratwin ${command}: --max-memory must be a size such as 2GB or 512MB, not ${JSON.stringify(memory)}.`);
      throw error;
    }
  }
  return out;
}
