#!/usr/bin/env node
// The `infratwin` command line: finds every command in lib/cli/commands/ and dispatches to it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CliUsageError, EXIT, type Command } from "./command";
import { TwinError } from "../errors";

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

async function main(argv: string[]): Promise<number> {
  const commands = loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`infratwin: unknown command ${JSON.stringify(name)}; known: ${commands.map((c) => c.name).join(", ")}.`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.help);
    return EXIT.ok;
  }
  const verbose = rest.includes("--verbose");
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(error.message);
      return EXIT.usage;
    }
    if (verbose) console.error(error instanceof Error ? error.stack : error);
    else console.error(`infratwin ${name}: ${error instanceof Error ? error.message.split("\n").join("\n  ") : String(error)}`);
    return error instanceof TwinError ? EXIT.usage : EXIT.internal;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = EXIT.internal;
  },
);
