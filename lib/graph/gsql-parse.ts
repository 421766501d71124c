// A parser for the GSQL subset the TigerGraph export writes: CREATE VERTEX / DIRECTED EDGE / GRAPH, USE GRAPH, CREATE and RUN LOADING JOB.
// Written from TigerGraph's documented grammar (GSQL reference 3.x/4.x, "Defining a Graph Schema" and "Creating a Loading Job"),
// so that the export can be checked on machines without a TigerGraph server. Anything outside the subset is reported, not guessed.

/** One token: a word, a quoted string, a column reference ($0, $"name"), or a punctuation mark. */
export type GsqlToken = { kind: "word" | "string" | "column" | "punct"; text: string; line: number };

/** A syntax problem: where (1-based line) and what. */
export type GsqlSyntaxProblem = { line: number; message: string };

/** An attribute declaration `name TYPE`. */
export type GsqlAttribute = { name: string; type: string; line: number };

/** One value expression in a LOAD ... VALUES list. */
export type GsqlValue =
  | { kind: "column"; ref: string | number; line: number; vertexType?: GsqlValue }
  | { kind: "literal"; text: string; line: number; vertexType?: GsqlValue }
  | { kind: "word"; text: string; line: number; vertexType?: GsqlValue }
  | { kind: "call"; name: string; args: GsqlValue[]; line: number; vertexType?: GsqlValue };

/** The statements of the subset. */
export type GsqlStatement =
  | { kind: "vertex"; name: string; primaryId?: GsqlAttribute; attributes: GsqlAttribute[]; options: Record<string, string>; line: number }
  | { kind: "edge"; directed: boolean; name: string; pairs: { from: string; to: string }[]; attributes: GsqlAttribute[]; options: Record<string, string>; line: number }
  | { kind: "graph"; name: string; members: string[]; line: number }
  | { kind: "use_graph"; name: string; line: number }
  | { kind: "loading_job"; name: string; graph: string; defines: { variable: string; path?: string; line: number }[]; loads: GsqlLoad[]; line: number }
  | { kind: "run_job"; name: string; line: number };

/** A LOAD statement of a loading job. */
export type GsqlLoad = { file: string; target: "vertex" | "edge"; type: string; values: GsqlValue[]; using: Record<string, string>; line: number };

/** What `parseGsql` returns: the statements it understood and the problems it met. */
export type GsqlScript = { statements: GsqlStatement[]; problems: GsqlSyntaxProblem[] };

const PUNCT = "(),|=;{}<>*:";

/** Splits a GSQL script into tokens; `//`, `#` and block comments are dropped. */
export function tokenizeGsql(text: string): { tokens: GsqlToken[]; problems: GsqlSyntaxProblem[] } {
  const tokens: GsqlToken[] = [];
  const problems: GsqlSyntaxProblem[] = [];
  let line = 1;
  let i = 0;
  const readString = (): string | undefined => {
    // GSQL strings are double-quoted and have no escape character (the loader's own rule too).
    const end = text.indexOf('"', i + 1);
    const nl = text.indexOf("\n", i + 1);
    if (end < 0 || (nl >= 0 && nl < end)) {
      problems.push({ line, message: "unterminated string" });
      i = nl < 0 ? text.length : nl;
      return undefined;
    }
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if ((c === "/" && text[i + 1] === "/") || c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === "\n") line++;
      i = stop;
    } else if (c === '"') {
      const at = line;
      const s = readString();
      if (s !== undefined) tokens.push({ kind: "string", text: s, line: at });
    } else if (c === "$") {
      const at = line;
      i++;
      if (text[i] === '"') {
        const s = readString();
        if (s !== undefined) tokens.push({ kind: "column", text: '"' + s, line: at });
      } else {
        const m = /^[0-9]+/.exec(text.slice(i, i + 12));
        if (!m) problems.push({ line, message: "$ must be followed by a column number or a quoted column name" });
        else {
          tokens.push({ kind: "column", text: m[0], line: at });
          i += m[0].length;
        }
      }
    } else if (PUNCT.includes(c)) {
      tokens.push({ kind: "punct", text: c, line });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*|^-?[0-9][0-9.eE+-]*/.exec(text.slice(i, i + 256));
      if (!m) {
        problems.push({ line, message: `unexpected character ${JSON.stringify(c)}` });
        i++;
      } else {
        tokens.push({ kind: "word", text: m[0], line });
        i += m[0].length;
      }
    }
  }
  return { tokens, problems };
}

class SyntaxStop extends Error {}

/** A cursor over tokens with the expectations the grammar needs; a failed expectation ends the statement. */
class Cursor {
  pos = 0;
  constructor(
    private readonly tokens: GsqlToken[],
    private readonly problems: GsqlSyntaxProblem[],
  ) {}
  peek(offset = 0): GsqlToken | undefined {
    return this.tokens[this.pos + offset];
  }
  get line(): number {
    return (this.peek() ?? this.tokens[this.tokens.length - 1])?.line ?? 1;
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === "word" && t.text.toUpperCase() === word;
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === "punct" && t.text === p;
  }
  fail(message: string): never {
    const t = this.peek();
    this.problems.push({ line: this.line, message: `${message}, found ${t ? JSON.stringify(t.kind === "string" ? `"${t.text}"` : t.text) : "the end of the script"}` });
    throw new SyntaxStop();
  }
  word(what: string): string {
    const t = this.peek();
    if (!t || t.kind !== "word") this.fail(`expected ${what}`);
    this.pos++;
    return t.text;
  }
  keyword(word: string): void {
    if (!this.isWord(word)) this.fail(`expected ${word}`);
    this.pos++;
  }
  punct(p: string): void {
    if (!this.isPunct(p)) this.fail(`expected "${p}"`);
    this.pos++;
  }
  string(what: string): string {
    const t = this.peek();
    if (!t || t.kind !== "string") this.fail(`expected ${what} (a double-quoted string)`);
    this.pos++;
    return t.text;
  }
}

/** `TYPE` or `LIST<TYPE>` / `SET<TYPE>`. */
function attributeType(c: Cursor): string {
  const base = c.word("an attribute type").toUpperCase();
  if ((base === "LIST" || base === "SET") && c.isPunct("<")) {
    c.punct("<");
    const element = c.word("an element type").toUpperCase();
    c.punct(">");
    return `${base}<${element}>`;
  }
  return base;
}

/** `WITH key="value", key="value"`. */
function withOptions(c: Cursor): Record<string, string> {
  const options: Record<string, string> = {};
  if (!c.isWord("WITH")) return options;
  c.keyword("WITH");
  do {
    const key = c.word("an option name");
    c.punct("=");
    options[key.toLowerCase()] = c.string(`the value of ${key}`);
  } while (c.isPunct(",") && c.pos++ >= 0);
  return options;
}

function vertex(c: Cursor, line: number): GsqlStatement {
  const name = c.word("a vertex type name");
  c.punct("(");
  let primaryId: GsqlAttribute | undefined;
  const attributes: GsqlAttribute[] = [];
  if (c.isWord("PRIMARY_ID")) {
    c.pos++;
    const at = c.line;
    primaryId = { name: c.word("the primary id name"), type: attributeType(c), line: at };
    if (!c.isPunct(")")) c.punct(",");
  }
  while (!c.isPunct(")")) {
    const at = c.line;
    attributes.push({ name: c.word("an attribute name"), type: attributeType(c), line: at });
    if (!c.isPunct(")")) c.punct(",");
  }
  c.punct(")");
  return { kind: "vertex", name, primaryId, attributes, options: withOptions(c), line };
}

function edge(c: Cursor, line: number, directed: boolean): GsqlStatement {
  const name = c.word("an edge type name");
  c.punct("(");
  const pairs: { from: string; to: string }[] = [];
  const attributes: GsqlAttribute[] = [];
  for (;;) {
    c.keyword("FROM");
    const from = c.isPunct("*") ? (c.pos++, "*") : c.word("a FROM vertex type");
    c.punct(",");
    c.keyword("TO");
    const to = c.isPunct("*") ? (c.pos++, "*") : c.word("a TO vertex type");
    pairs.push({ from, to });
    if (!c.isPunct("|")) break;
    c.pos++;
  }
  while (c.isPunct(",")) {
    c.pos++;
    const at = c.line;
    attributes.push({ name: c.word("an attribute name"), type: attributeType(c), line: at });
  }
  c.punct(")");
  return { kind: "edge", directed, name, pairs, attributes, options: withOptions(c), line };
}

function graph(c: Cursor, line: number): GsqlStatement {
  const name = c.word("a graph name");
  c.punct("(");
  const members: string[] = [];
  while (!c.isPunct(")")) {
    members.push(c.isPunct("*") ? (c.pos++, "*") : c.word("a vertex or edge type"));
    if (!c.isPunct(")")) c.punct(",");
  }
  c.punct(")");
  return { kind: "graph", name, members, line };
}

/** One VALUES expression: a column, a literal, `_`, a function call; edge endpoints may be followed by a vertex type. */
function value(c: Cursor): GsqlValue {
  const t = c.peek();
  const line = c.line;
  if (!t) c.fail("expected a value");
  if (t.kind === "column") {
    c.pos++;
    return { kind: "column", ref: t.text.startsWith('"') ? t.text.slice(1) : Number(t.text), line };
  }
  if (t.kind === "string") {
    c.pos++;
    return { kind: "literal", text: t.text, line };
  }
  if (t.kind === "word") {
    c.pos++;
    if (!c.isPunct("(")) return { kind: "word", text: t.text, line };
    c.pos++;
    const args: GsqlValue[] = [];
    while (!c.isPunct(")")) {
      args.push(value(c));
      if (!c.isPunct(")")) c.punct(",");
    }
    c.pos++;
    return { kind: "call", name: t.text.toUpperCase(), args, line };
  }
  return c.fail("expected a value ($column, \"literal\", _ or a function call)");
}

function loadingJob(c: Cursor, line: number): GsqlStatement {
  const name = c.word("a loading job name");
  c.keyword("FOR");
  c.keyword("GRAPH");
  const graphName = c.word("a graph name");
  c.punct("{");
  const defines: { variable: string; path?: string; line: number }[] = [];
  const loads: GsqlLoad[] = [];
  while (!c.isPunct("}")) {
    const at = c.line;
    if (c.isWord("DEFINE")) {
      c.pos++;
      c.keyword("FILENAME");
      const variable = c.word("a filename variable");
      let path: string | undefined;
      if (c.isPunct("=")) {
        c.pos++;
        path = c.string("a file path");
      }
      defines.push({ variable, path, line: at });
    } else if (c.isWord("LOAD")) {
      c.pos++;
      const file = c.word("a filename variable");
      c.keyword("TO");
      const target = c.isWord("VERTEX") ? "vertex" : c.isWord("EDGE") ? "edge" : c.fail("expected VERTEX or EDGE");
      c.pos++;
      const type = c.word(`a ${target} type`);
      c.keyword("VALUES");
      c.punct("(");
      const values: GsqlValue[] = [];
      while (!c.isPunct(")")) {
        const v = value(c);
        // An edge endpoint may name its vertex type right after its id (`$0 Person` or `$0 $1`).
        if (target === "edge" && values.length < 2 && !c.isPunct(",") && !c.isPunct(")")) v.vertexType = value(c);
        values.push(v);
        if (!c.isPunct(")")) c.punct(",");
      }
      c.punct(")");
      const using: Record<string, string> = {};
      if (c.isWord("USING")) {
        c.pos++;
        do {
          const key = c.word("a USING parameter");
          c.punct("=");
          using[key.toUpperCase()] = c.string(`the value of ${key}`);
        } while (c.isPunct(",") && c.pos++ >= 0);
      }
      loads.push({ file, target, type, values, using, line: at });
    } else c.fail("expected DEFINE FILENAME or LOAD in the loading job");
    c.punct(";");
  }
  c.punct("}");
  return { kind: "loading_job", name, graph: graphName, defines, loads, line };
}

function statement(c: Cursor): GsqlStatement | undefined {
  const line = c.line;
  if (c.isWord("BEGIN") || c.isWord("END")) {
    c.pos++;
    return undefined;
  }
  if (c.isWord("USE")) {
    c.pos++;
    c.keyword("GRAPH");
    return { kind: "use_graph", name: c.word("a graph name"), line };
  }
  if (c.isWord("RUN")) {
    c.pos++;
    c.keyword("LOADING");
    c.keyword("JOB");
    return { kind: "run_job", name: c.word("a loading job name"), line };
  }
  c.keyword("CREATE");
  if (c.isWord("VERTEX")) return c.pos++, vertex(c, line);
  if (c.isWord("DIRECTED") || c.isWord("UNDIRECTED")) {
    const directed = c.isWord("DIRECTED");
    c.pos++;
    c.keyword("EDGE");
    return edge(c, line, directed);
  }
  if (c.isWord("GRAPH")) return c.pos++, graph(c, line);
  if (c.isWord("LOADING")) {
    c.pos++;
    c.keyword("JOB");
    return loadingJob(c, line);
  }
  return c.fail("expected VERTEX, DIRECTED EDGE, UNDIRECTED EDGE, GRAPH or LOADING JOB after CREATE");
}

/**
 * Parses a GSQL script of the subset above. A statement with a syntax error is reported with its line and
 * skipped (parsing resumes at the next line that starts a statement), so one mistake does not hide the others.
 */
export function parseGsql(text: string): GsqlScript {
  const { tokens, problems } = tokenizeGsql(text);
  const c = new Cursor(tokens, problems);
  const statements: GsqlStatement[] = [];
  while (!c.done()) {
    try {
      const s = statement(c);
      if (s) statements.push(s);
    } catch (e) {
      if (!(e instanceof SyntaxStop)) throw e;
      const failedLine = c.line;
      while (!c.done() && !(c.peek()!.line > failedLine && ["CREATE", "USE", "RUN"].some((w) => c.isWord(w)))) c.pos++;
    }
  }
  return { statements, problems };
}
