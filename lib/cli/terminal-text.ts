// Text from files, servers and models made safe to print on a terminal, and errors folded to one line.
import { ValidationError } from "../errors";

// CSI/OSC/other escape sequences, then any remaining C0/C1 control character except newline and tab.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` without terminal escape sequences or control characters (a hostile server or file cannot move the cursor or retitle the window). */
export function sanitizeForTerminal(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS, "");
}

/** An error as one printable line: a ValidationError shows its first problem and how many more there are. */
export function oneLineError(error: unknown): string {
  let line: string;
  if (error instanceof ValidationError && error.problems.length > 0) {
    const head = error.message.split("\n")[0].replace(/:$/, "");
    const first = error.problems[0];
    const text = first.message.startsWith(first.path) || first.message.includes(` at ${first.path}`) ? first.message : `${first.path}: ${first.message}`;
    const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more; --verbose lists them)` : "";
    line = `${head}: ${text}${more}`;
  } else if (error instanceof Error) {
    const lines = error.message.split("\n").filter((l) => l.trim() !== "");
    line = (lines[0] ?? error.name) + (lines.length > 1 ? " (--verbose shows the details)" : "");
  } else line = String(error);
  return sanitizeForTerminal(line.replace(/\s+/g, " ").trim());
}
