// The shape of one CLI command; lib/cli/main.ts finds every command in lib/cli/commands/.

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem (a failing backtest, a rule set that does not promote). */
  failed: 1,
  /** Bad usage or bad input: unknown option, malformed file. */
  usage: 2,
  /** An unexpected internal error. */
  internal: 3,
} as const;

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(args: string[]): Promise<number>;
}

/** Parses `--flag value`, `--flag=value` and bare `--switch` options; the rest are positionals. */
export function parseArgs(
  command: string,
  args: string[],
  spec: { values?: string[]; switches?: string[] },
): { options: Record<string, string | true>; positionals: string[] } {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  const values = new Set(spec.values ?? []);
  const switches = new Set([...(spec.switches ?? []), "verbose", "help"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (values.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new CliUsageError(`infratwin ${command}: option --${name} needs a value.`);
      options[name] = value;
    } else if (switches.has(name) && eq < 0) {
      options[name] = true;
    } else {
      const known = [...values, ...switches].map((o) => "--" + o).join(", ");
      throw new CliUsageError(`infratwin ${command}: unknown option ${JSON.stringify(arg)}; known options: ${known}.`);
    }
  }
  return { options, positionals };
}

/** A usage error: printed as one line, exit code 2. */
export class CliUsageError extends Error {}
