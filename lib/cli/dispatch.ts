// The CLI's dispatch: finds every command in lib/cli/commands/, runs one, and maps its outcome to the README's exit codes.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CliUsageError, EXIT, type Command } from "./command";
import { TwinError } from "../errors";
import { oneLineError, sanitizeForTerminal } from "./terminal-text";

function loadCommands(): Command[] {
  const dir = join(__dirname, "commands");
  const commands: Command[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".js")) continue;
    const mod = require(join(dir, file)) as { command?: Command; commands?: Command[] };
    if (mod.command) commands.push(mod.command);
    if (mod.commands) commands.push(...mod.commands);
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "infratwin: digital twins of a bank's IT infrastructure.",
    "",
    "Usage: infratwin <command> [options]   (infratwin <command> --help for details)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options on every command: --help, --verbose (stack traces on errors).",
  ].join("\n");
}

/** Bad usage and bad input (typed errors, files that are not there or not readable) exit 2; anything else is internal (3). */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliUsageError || error instanceof TwinError) return EXIT.usage;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && ["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EPERM", "EROFS", "ENAMETOOLONG"].includes(code)) return EXIT.usage;
  return EXIT.internal;
}

/** Runs `infratwin ...argv` in this process and returns the exit code (main.ts sets it; tests call this directly). */
export async function dispatch(argv: readonly string[]): Promise<number> {
  const commands = loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(sanitizeForTerminal(`infratwin: unknown command ${JSON.stringify(name)}; known: ${commands.map((c) => c.name).join(", ")}.`));
    return EXIT.usage;
  }
  // Everything after "--" is a positional, so "--help" there is not a request for help.
  const flags = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (flags.includes("--help") || flags.includes("-h")) {
    console.log(command.help);
    return EXIT.ok;
  }
  const verbose = flags.includes("--verbose");
  try {
    return await command.run(rest);
  } catch (error) {
    const code = exitCodeOf(error);
    if (verbose) console.error(sanitizeForTerminal(error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error)));
    else if (error instanceof CliUsageError) console.error(oneLineError(error));
    else console.error(`infratwin ${name}: ${oneLineError(error)}${code === EXIT.internal ? " (internal error; --verbose prints the stack)" : ""}`);
    return code;
  }
}

