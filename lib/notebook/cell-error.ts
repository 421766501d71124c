// Turns what a failing tslab cell left behind (a thrown value or TypeScript diagnostics) into a Jupyter error output: name, message, the cell line it points at.

/** A Jupyter `error` output's content. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** A TypeScript diagnostic as tslab's converter reports it (0-based line and character). */
export interface CellDiagnostic {
  start: { line: number; character: number };
  messageText: string;
  fileName?: string;
}

/** What the cell was compiled to, so a runtime stack line can be mapped back to the cell's source. */
export interface CompiledCell {
  source: string;
  /** The JavaScript tslab ran (line 1 of the wrapped code is line 1 of this). */
  output?: string;
}

const RED = "\u001b[0;31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** The Jupyter error of a cell that did not compile: each diagnostic with its line and a caret under the column. */
export function compileError(diagnostics: readonly CellDiagnostic[], cell: CompiledCell): CellError {
  const lines = cell.source.split("\n");
  const first = diagnostics[0];
  const where = (d: CellDiagnostic) => `${d.fileName ? d.fileName + " " : ""}line ${d.start.line + 1}, column ${d.start.character + 1}`;
  const traceback: string[] = [`${RED}${BOLD}TypeScript compile error${RESET}: the cell did not run.`];
  for (const d of diagnostics.slice(0, 10)) {
    traceback.push(`${where(d)}: ${d.messageText}`);
    if (!d.fileName && lines[d.start.line] !== undefined) {
      traceback.push(`  ${d.start.line + 1} | ${lines[d.start.line]}`, `  ${" ".repeat(String(d.start.line + 1).length)} | ${" ".repeat(d.start.character)}${RED}^${RESET}`);
    }
  }
  if (diagnostics.length > 10) traceback.push(`... and ${diagnostics.length - 10} more`);
  return {
    ename: "TypeScriptError",
    evalue: first ? `${where(first)}: ${first.messageText}` : "the cell did not compile",
    traceback,
  };
}

/** The Jupyter error of a cell that threw: the error's name and message, the cell line that threw, then the library frames. */
export function runtimeError(thrown: unknown, cell: CompiledCell): CellError {
  const isError = thrown instanceof Error || (typeof thrown === "object" && thrown !== null && typeof (thrown as Error).message === "string");
  const error = thrown as Error;
  const ename = isError ? error.name || error.constructor?.name || "Error" : "Thrown value";
  const evalue = isError ? error.message : describeThrown(thrown);
  const stack = isError && typeof error.stack === "string" ? error.stack.split("\n").slice(1).map((l) => l.trim()) : [];
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  const cellLine = cellLineOf(stack, cell);
  if (cellLine !== undefined) {
    const text = cell.source.split("\n")[cellLine] ?? "";
    traceback.push(`in this cell, line ${cellLine + 1}:`, `  ${RED}${cellLine + 1} | ${text}${RESET}`);
  }
  // Frames inside the library say where it gave up; node's and tslab's own frames only add noise.
  const frames = stack.filter((l) => l.startsWith("at ") && !/node:internal|node:vm|[\\/]tslab[\\/]|tslab-kernel\.js|evalmachine/.test(l)).slice(0, 8);
  if (frames.length > 0) traceback.push("called from:", ...frames.map((f) => `  ${f}`));
  const cause = isError ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause !== undefined) traceback.push(`caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : describeThrown(cause)}`);
  return { ename, evalue, traceback };
}

function describeThrown(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The 0-based cell line a stack points at, or undefined. tslab runs the compiled JavaScript in a vm script
 * ("evalmachine.<anonymous>"), so the first such frame gives a line of the output; the cell line is the
 * source line sharing the most identifiers with it (TypeScript keeps statements, drops types and reflows
 * imports, so line numbers alone drift).
 */
export function cellLineOf(stack: readonly string[], cell: CompiledCell): number | undefined {
  const frame = stack.find((l) => l.includes("evalmachine.<anonymous>:"));
  const match = frame ? /evalmachine\.<anonymous>:(\d+):(\d+)/.exec(frame) : null;
  if (!match || cell.output === undefined) return undefined;
  const jsLine = cell.output.split("\n")[Number(match[1]) - 1];
  if (jsLine === undefined) return undefined;
  const wanted = identifiers(jsLine);
  if (wanted.size === 0) return undefined;
  const lines = cell.source.split("\n");
  let best: number | undefined;
  let bestScore = 0;
  lines.forEach((line, index) => {
    if (/^\s*(\/\/|import\b)/.test(line)) return;
    let score = 0;
    for (const id of identifiers(line)) if (wanted.has(id)) score += id.length;
    if (score > bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

const KEYWORDS = new Set(["const", "let", "var", "await", "async", "function", "return", "new", "exports", "require", "void", "this", "true", "false", "null", "undefined"]);

function identifiers(line: string): Set<string> {
  const out = new Set<string>();
  for (const m of line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => ` ${s.replace(/[^A-Za-z0-9_$]+/g, " ")} `).matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
    if (!KEYWORDS.has(m[0]) && !/^_\d|^\w+_\d+$/.test(m[0])) out.add(m[0]);
  }
  return out;
}
