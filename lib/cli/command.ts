// The shape of one CLI command and the helpers every command shares; lib/cli/main.ts finds every command in lib/cli/commands/.
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import { chromiumPath } from "../notebook/image-renderer";

/** Exit codes scripts can rely on (the README's contract; test/cli/smoke.test.ts checks every command). */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem (a failing backtest, a rule set that does not promote). */
  failed: 1,
  /** Bad usage or bad input: unknown option, malformed file, unwritable output. */
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

/** A usage error: printed as one line, exit code 2. */
export class CliUsageError extends Error {}

/** What a command accepts: options that take a value, bare switches. `--verbose` and `--help` are always accepted. */
export interface ArgSpec {
  /** The command's name as printed in errors (`"rules check"`). */
  command: string;
  /** `--name VALUE` or `--name=VALUE`. */
  values?: readonly string[];
  /** `--name` alone. */
  switches?: readonly string[];
}

export interface ParsedArgs {
  options: Record<string, string | true>;
  positionals: string[];
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict): unknown options, a switch given a value and
 * a value option followed by another option (`--out --quiet`) are usage errors naming the option.
 */
export function parseCommandArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const name of spec.values ?? []) options[name] = { type: "string" };
  for (const name of [...(spec.switches ?? []), "verbose", "help"]) options[name] = { type: "boolean" };
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliUsageError(`infratwin ${spec.command}: ${usageProblem(error as Error, Object.keys(options))}`);
  }
  const out: Record<string, string | true> = Object.create(null);
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === false || value === undefined) continue;
    out[name] = value === true ? true : String(value);
  }
  return { options: out, positionals: parsed.positionals };
}

/** node:util's parse error rephrased as one line in the project's voice, naming the option. */
function usageProblem(error: Error, known: string[]): string {
  const code = (error as { code?: string }).code;
  const option = /Option '(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? /option '(-{1,2}[^']+)'/i.exec(error.message)?.[1] ?? "";
  const list = known.map((o) => "--" + o).join(", ");
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${JSON.stringify(option)}; known options: ${list}.`;
  if (/ambiguous/.test(error.message)) return `option ${option} needs a value but is followed by another option; write ${option}=VALUE (for a value that starts with a dash too).`;
  if (/argument missing/.test(error.message)) return `option ${option} needs a value.`;
  if (/does not take an argument/.test(error.message)) return `option ${option} is a switch and takes no value.`;
  return error.message.split("\n")[0];
}

/** The former three-argument form, kept so commands written before `parseCommandArgs` still compile. */
export function parseArgs(command: string, args: string[], spec: { values?: string[]; switches?: string[] }): ParsedArgs {
  return parseCommandArgs(args, { command, ...spec });
}

/** A value option's text, or undefined when it was not given. */
export function stringOption(options: ParsedArgs["options"], name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Makes sure `dir` exists (creating it) and is a writable directory, before any work starts, so that an unwritable
 * `--out` costs nothing. Returns the absolute path.
 */
export function ensureOutputDir(command: string, dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw new Error("not a directory");
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new CliUsageError(`infratwin ${command}: cannot write to output directory ${JSON.stringify(dir)} (${reason(error)}); pass --out with a writable directory.`);
  }
  return path;
}

/** Same check for a single output file: its folder must exist (or be creatable) and be writable, and the path must not be a directory. */
export function ensureOutputFile(command: string, file: string): string {
  const path = resolve(file);
  ensureOutputDir(command, dirname(path));
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // Not there yet: fine.
  }
  if (isDir) throw new CliUsageError(`infratwin ${command}: output ${JSON.stringify(file)} is a directory; pass --out with a file path.`);
  return path;
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code ?? (error as Error).message;
}

/** `--pdf` needs Chromium: checked before any work so a missing browser costs nothing (exit 2, naming the fix). */
export function requirePdfPrinter(command: string): void {
  if (!chromiumPath()) throw new CliUsageError(`infratwin ${command}: --pdf needs Chromium and none was found${process.env.INFRATWIN_CHROMIUM ? ` at INFRATWIN_CHROMIUM=${JSON.stringify(process.env.INFRATWIN_CHROMIUM)}` : ""}; install it (apt-get install chromium), set INFRATWIN_CHROMIUM to its path, or leave out --pdf.`);
}
