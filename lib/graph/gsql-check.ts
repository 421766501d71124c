// checkTigerGraph: the exported GSQL schema, loading job and CSV files checked against TigerGraph's documented rules, and the rows the job would load.
import { invalidArgument } from "../errors";
import { parseGsql, type GsqlAttribute, type GsqlLoad, type GsqlStatement, type GsqlValue } from "./gsql-parse";

/** One problem: the file, its 1-based line, and what is wrong. */
export type GsqlProblem = { file: string; line: number; message: string };

/** What `checkTigerGraph` reads: the scripts and CSV files of a `toTigerGraph` bundle (or hand-written ones). */
export type TigerGraphFiles = { schema: string; loadingJob: string; files: Record<string, string> };

/** The outcome: problems (empty when the bundle is sound), the declared types, and what each LOAD would insert. */
export type TigerGraphCheck = {
  ok: boolean;
  problems: GsqlProblem[];
  vertexTypes: Map<string, { primaryId: GsqlAttribute; attributes: GsqlAttribute[] }>;
  edgeTypes: Map<string, { directed: boolean; pairs: { from: string; to: string }[]; attributes: GsqlAttribute[]; reverse?: string }>;
  /** One entry per LOAD statement: target type and the evaluated VALUES of every data row. */
  loads: LoadedRows[];
};

/** Rows a LOAD statement inserts: for a vertex, [id, ...attributes]; for an edge, [from, fromType, to, toType, ...attributes]. */
export type LoadedRows = { target: "vertex" | "edge"; type: string; file: string; rows: (string | string[])[][] };

// Types the GSQL reference lists for attributes; primary ids are STRING, INT or UINT.
const SCALAR_TYPES = new Set(["INT", "UINT", "FLOAT", "DOUBLE", "BOOL", "STRING", "DATETIME"]);
const ELEMENT_TYPES = new Set(["INT", "UINT", "DOUBLE", "STRING", "DATETIME"]);
const ID_TYPES = new Set(["STRING", "INT", "UINT"]);
const VERTEX_OPTIONS = new Set(["primary_id_as_attribute", "stats", "taggable"]);
const USING_KEYS = new Set(["SEPARATOR", "HEADER", "EOL", "QUOTE", "USER_DEFINED_HEADER", "REJECT_LINE_RULE", "JSON_FILE", "VERTEX_MUST_EXIST"]);
// A few GSQL reserved words a schema generator could hit (the full list is longer; these are the ones an IT estate names).
const RESERVED = new Set(["SWITCH", "CASE", "FROM", "TO", "VERTEX", "EDGE", "GRAPH", "SELECT", "WHERE", "ACCUM", "TYPE", "LIST", "SET", "MAP", "FILE", "INT", "STRING", "DOUBLE", "BOOL", "AND", "OR", "NOT", "IN", "SOURCE", "TARGET", "QUERY", "JOB", "LOAD", "DEFINE", "PRIMARY_ID", "VALUES", "USING", "TUPLE", "DATETIME", "FLOAT", "UINT"]);

function typeProblem(type: string): string | undefined {
  const m = /^(LIST|SET)<(.+)>$/.exec(type);
  if (m) return ELEMENT_TYPES.has(m[2]) ? undefined : `${m[1]} element type ${m[2]} is not one of ${[...ELEMENT_TYPES].join(", ")}`;
  return SCALAR_TYPES.has(type) ? undefined : `attribute type ${type} is not one of ${[...SCALAR_TYPES].join(", ")}, LIST<...>, SET<...>`;
}

/** Splits one CSV line by the loader's rules: single-character separator, fields optionally enclosed in the quote character, no escapes. */
export function splitCsvLine(line: string, separator: string, quote: string | undefined): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (quote !== undefined && line[i] === quote) {
      const end = line.indexOf(quote, i + 1);
      if (end < 0) return undefined;
      out.push(line.slice(i + 1, end));
      i = end + 1;
      if (i < line.length && line[i] !== separator) return undefined;
    } else {
      const end = line.indexOf(separator, i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return out;
    i++;
  }
}

function valueProblem(raw: string, type: string): string | undefined {
  if (raw === "") return undefined; // an empty field loads the type's default
  if (type === "INT" && !/^-?[0-9]+$/.test(raw)) return `${JSON.stringify(raw)} is not an INT`;
  if (type === "UINT" && !/^[0-9]+$/.test(raw)) return `${JSON.stringify(raw)} is not a UINT`;
  if ((type === "DOUBLE" || type === "FLOAT") && !Number.isFinite(Number(raw))) return `${JSON.stringify(raw)} is not a ${type}`;
  if (type === "BOOL" && !/^(true|false|1|0)$/i.test(raw)) return `${JSON.stringify(raw)} is not a BOOL (true, false, 1 or 0)`;
  return undefined;
}

/**
 * Checks a TigerGraph bundle statement by statement against the GSQL grammar and rules the export relies on
 * (documented in the GSQL reference, "Defining a Graph Schema" and "Creating a Loading Job"): every vertex type
 * has a PRIMARY_ID of type STRING, INT or UINT; attribute types are GSQL types; names are unique and not reserved;
 * edge endpoints are declared vertex types; REVERSE_EDGE only on directed edges; the graph lists declared types and
 * the endpoint types of its edges; the loading job names the graph, defines each filename before use and loads
 * declared types; each VALUES list has one value per attribute (plus the id, or the two endpoints); edge endpoints
 * name their vertex type when the edge type joins several pairs; $"name" columns exist in the file's header and $N
 * is inside it; USING parameters are known with valid values; every CSV row has the header's field count, values
 * parse as their attribute's type, edge rows join declared pairs, and edge endpoints exist in the vertex files.
 *
 * @example const { ok, problems } = checkTigerGraph(toTigerGraph(graph))
 */
export function checkTigerGraph(bundle: TigerGraphFiles): TigerGraphCheck {
  const api = "checkTigerGraph";
  if (bundle === null || typeof bundle !== "object" || typeof bundle.schema !== "string" || typeof bundle.loadingJob !== "string" || typeof bundle.files !== "object")
    throw invalidArgument(api, "bundle", "{ schema, loadingJob, files } as toTigerGraph returns", bundle);
  const problems: GsqlProblem[] = [];
  const check: TigerGraphCheck = { ok: false, problems, vertexTypes: new Map(), edgeTypes: new Map(), loads: [] };
  const schema = parseGsql(bundle.schema);
  const job = parseGsql(bundle.loadingJob);
  for (const p of schema.problems) problems.push({ file: "schema.gsql", ...p });
  for (const p of job.problems) problems.push({ file: "load.gsql", ...p });
  const graphs = new Map<string, Set<string>>();
  checkSchema(schema.statements, check, graphs, (line, message) => problems.push({ file: "schema.gsql", line, message }));
  checkJob(job.statements, bundle.files, check, graphs, (line, message, file = "load.gsql") => problems.push({ file, line, message }));
  check.ok = problems.length === 0;
  return check;
}

type Report = (line: number, message: string, file?: string) => void;

function checkName(name: string, what: string, line: number, taken: Set<string>, report: Report): void {
  if (RESERVED.has(name.toUpperCase())) report(line, `${what} name ${name} is a GSQL reserved word`);
  if (taken.has(name.toLowerCase())) report(line, `${what} name ${name} is already declared`);
  taken.add(name.toLowerCase());
}

function checkAttributes(owner: string, attributes: readonly GsqlAttribute[], report: Report, reserved: Set<string> = new Set()): void {
  const seen = new Set(reserved);
  for (const a of attributes) {
    const problem = typeProblem(a.type);
    if (problem) report(a.line, `${owner}.${a.name}: ${problem}`);
    if (seen.has(a.name.toLowerCase())) report(a.line, `${owner}: attribute ${a.name} is declared twice`);
    seen.add(a.name.toLowerCase());
  }
}

function checkSchema(statements: readonly GsqlStatement[], check: TigerGraphCheck, graphs: Map<string, Set<string>>, report: Report): void {
  const names = new Set<string>();
  for (const s of statements) {
    if (s.kind === "vertex") {
      checkName(s.name, "vertex type", s.line, names, report);
      if (!s.primaryId) report(s.line, `CREATE VERTEX ${s.name}: PRIMARY_ID is required as the first item`);
      else if (!ID_TYPES.has(s.primaryId.type)) report(s.line, `CREATE VERTEX ${s.name}: PRIMARY_ID type ${s.primaryId.type} must be STRING, INT or UINT`);
      // With primary_id_as_attribute the id is also an attribute of that name, so no other attribute may take it.
      const asAttribute = (s.options.primary_id_as_attribute ?? "false").toLowerCase() === "true";
      checkAttributes(s.name, s.attributes, report, asAttribute && s.primaryId ? new Set([s.primaryId.name.toLowerCase()]) : new Set());
      for (const [key, value] of Object.entries(s.options)) {
        if (!VERTEX_OPTIONS.has(key)) report(s.line, `CREATE VERTEX ${s.name}: unknown WITH option ${key} (known: ${[...VERTEX_OPTIONS].join(", ")})`);
        else if (key !== "stats" && !/^(true|false)$/i.test(value)) report(s.line, `CREATE VERTEX ${s.name}: ${key} must be "true" or "false", found ${JSON.stringify(value)}`);
      }
      if (s.primaryId) check.vertexTypes.set(s.name, { primaryId: s.primaryId, attributes: s.attributes });
    } else if (s.kind === "edge") {
      checkName(s.name, "edge type", s.line, names, report);
      for (const p of s.pairs)
        for (const end of [p.from, p.to]) if (end !== "*" && !check.vertexTypes.has(end)) report(s.line, `CREATE ${s.directed ? "DIRECTED" : "UNDIRECTED"} EDGE ${s.name}: vertex type ${end} is not declared before it`);
      checkAttributes(s.name, s.attributes, report);
      let reverse: string | undefined;
      for (const [key, value] of Object.entries(s.options)) {
        if (key !== "reverse_edge") report(s.line, `CREATE EDGE ${s.name}: unknown WITH option ${key} (known: REVERSE_EDGE)`);
        else if (!s.directed) report(s.line, `CREATE UNDIRECTED EDGE ${s.name}: REVERSE_EDGE is only allowed on a DIRECTED edge`);
        else {
          reverse = value;
          checkName(value, "reverse edge type", s.line, names, report);
        }
      }
      check.edgeTypes.set(s.name, { directed: s.directed, pairs: s.pairs, attributes: s.attributes, reverse });
    } else if (s.kind === "graph") {
      const members = new Set<string>();
      const reverses = new Map([...check.edgeTypes].filter(([, e]) => e.reverse).map(([name, e]) => [e.reverse!, name]));
      for (const m of s.members) {
        if (m === "*") {
          for (const v of check.vertexTypes.keys()) members.add(v);
          for (const [e, t] of check.edgeTypes) members.add(e), t.reverse && members.add(t.reverse);
        } else if (!check.vertexTypes.has(m) && !check.edgeTypes.has(m) && !reverses.has(m)) report(s.line, `CREATE GRAPH ${s.name}: ${m} is not a declared vertex or edge type`);
        else members.add(m);
      }
      for (const m of members) {
        const ends = new Set((check.edgeTypes.get(m)?.pairs ?? []).flatMap((p) => [p.from, p.to]));
        for (const end of ends) if (end !== "*" && !members.has(end)) report(s.line, `CREATE GRAPH ${s.name}: edge type ${m} needs vertex type ${end}, which the graph does not include`);
      }
      graphs.set(s.name, members);
    } else report(s.line, `${s.kind.replace("_", " ").toUpperCase()} does not belong in the schema script`);
  }
}

/** The CSV file a DEFINE FILENAME path names, by its base name among the bundle's files. */
function fileFor(path: string | undefined, files: Record<string, string>): string | undefined {
  if (path === undefined) return undefined;
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base in files ? base : undefined;
}

function checkJob(statements: readonly GsqlStatement[], files: Record<string, string>, check: TigerGraphCheck, graphs: Map<string, Set<string>>, report: Report): void {
  let current: string | undefined;
  const jobs = new Set<string>();
  for (const s of statements) {
    if (s.kind === "use_graph") {
      if (!graphs.has(s.name)) report(s.line, `USE GRAPH ${s.name}: no such graph in the schema`);
      current = s.name;
    } else if (s.kind === "loading_job") {
      if (!graphs.has(s.graph)) report(s.line, `CREATE LOADING JOB ${s.name}: graph ${s.graph} is not declared`);
      if (current !== undefined && current !== s.graph) report(s.line, `CREATE LOADING JOB ${s.name} is FOR GRAPH ${s.graph} but USE GRAPH selected ${current}`);
      jobs.add(s.name);
      const members = graphs.get(s.graph) ?? new Set<string>();
      const defined = new Map<string, string | undefined>();
      for (const d of s.defines) {
        if (defined.has(d.variable)) report(d.line, `DEFINE FILENAME ${d.variable} is defined twice`);
        defined.set(d.variable, d.path);
      }
      for (const load of s.loads) checkLoad(load, defined, members, files, check, report);
    } else if (s.kind === "run_job") {
      if (!jobs.has(s.name)) report(s.line, `RUN LOADING JOB ${s.name}: no such loading job above it`);
    } else report(s.line, `${s.kind.toUpperCase()} statement does not belong in the loading script`);
  }
  for (const type of check.vertexTypes.keys())
    if (jobs.size > 0 && !check.loads.some((l) => l.target === "vertex" && l.type === type)) report(1, `no LOAD statement of the job loads vertex type ${type} (or its file could not be read)`);
  checkEndpoints(check, report);
}

function checkLoad(load: GsqlLoad, defined: Map<string, string | undefined>, members: Set<string>, files: Record<string, string>, check: TigerGraphCheck, report: Report): void {
  const where = `LOAD ${load.file} TO ${load.target.toUpperCase()} ${load.type}`;
  if (!defined.has(load.file)) return report(load.line, `${where}: filename variable ${load.file} is not defined (DEFINE FILENAME) in this job`);
  const vertex = load.target === "vertex" ? check.vertexTypes.get(load.type) : undefined;
  const edge = load.target === "edge" ? check.edgeTypes.get(load.type) : undefined;
  if (!vertex && !edge) return report(load.line, `${where}: ${load.target} type ${load.type} is not declared`);
  if (!members.has(load.type)) report(load.line, `${where}: ${load.type} is not part of the job's graph`);
  // The file is read only with valid USING parameters: a bad separator would make every row look wrong.
  let usable = true;
  const bad = (message: string) => {
    usable = false;
    report(load.line, `${where}: ${message}`);
  };
  for (const [key, value] of Object.entries(load.using)) {
    if (!USING_KEYS.has(key)) bad(`unknown USING parameter ${key}`);
    else if (key === "SEPARATOR" && [...value.replace(/^\\t$/, "\t")].length !== 1) bad(`SEPARATOR must be one character, found ${JSON.stringify(value)}`);
    else if ((key === "HEADER" || key === "VERTEX_MUST_EXIST") && !/^(true|false)$/i.test(value)) bad(`${key} must be "true" or "false", found ${JSON.stringify(value)}`);
    else if (key === "QUOTE" && !/^(single|double)$/i.test(value)) bad(`QUOTE must be "single" or "double", found ${JSON.stringify(value)}`);
  }
  const attributes = vertex ? vertex.attributes : edge!.attributes;
  const leading = vertex ? 1 : 2;
  if (load.values.length !== leading + attributes.length)
    report(load.line, `${where}: VALUES has ${load.values.length} values but ${load.type} needs ${leading + attributes.length} (${vertex ? "the primary id" : "source and target"} + ${attributes.length} attributes)`);
  if (edge) {
    const typed = edge.pairs.length > 1 || edge.pairs.some((p) => p.from === "*" || p.to === "*");
    for (const [k, v] of load.values.slice(0, 2).entries())
      if (typed && v.vertexType === undefined) report(load.line, `${where}: the ${k === 0 ? "source" : "target"} needs its vertex type after the id (${load.type} joins several vertex type pairs)`);
  }
  for (const [k, v] of load.values.entries()) {
    const attr = k >= leading ? attributes[k - leading] : undefined;
    if (v.kind === "call" && v.name === "SPLIT" && !(attr && /^(LIST|SET)</.test(attr.type))) report(v.line, `${where}: SPLIT() only loads a LIST or SET attribute (value ${k + 1})`);
    if (attr && /^(LIST|SET)</.test(attr.type) && !(v.kind === "call" && v.name === "SPLIT")) report(v.line, `${where}: ${attr.name} is a ${attr.type}; load it with SPLIT($column, "separator")`);
  }
  const file = fileFor(defined.get(load.file), files);
  if (!usable) return;
  if (file === undefined) return report(load.line, `${where}: the file ${JSON.stringify(defined.get(load.file) ?? "(set at run time)")} is not among the bundle's files`);
  readRows(load, where, file, files[file], attributes, leading, check, report);
}

/** Parses the file as the loader would, checks columns and values, and records the rows the LOAD inserts. */
function readRows(load: GsqlLoad, where: string, file: string, text: string, attributes: readonly GsqlAttribute[], leading: number, check: TigerGraphCheck, report: Report): void {
  const separator = (load.using.SEPARATOR ?? ",").replace(/^\\t$/, "\t");
  const quote = load.using.QUOTE === undefined ? undefined : load.using.QUOTE.toLowerCase() === "double" ? '"' : "'";
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const hasHeader = (load.using.HEADER ?? "false").toLowerCase() === "true";
  const header = hasHeader ? splitCsvLine(lines[0] ?? "", separator, quote) ?? [] : undefined;
  const width = header?.length ?? (lines[0] !== undefined ? splitCsvLine(lines[0], separator, quote)?.length ?? 0 : 0);
  const columnOf = (v: GsqlValue): number | undefined => {
    if (v.kind !== "column") return undefined;
    if (typeof v.ref === "number") {
      if (v.ref >= width) report(v.line, `${where}: column $${v.ref} is out of range (${file} has ${width} columns)`);
      return v.ref;
    }
    if (!header) report(v.line, `${where}: $"${v.ref}" names a column but HEADER is not "true"`);
    const i = header ? header.indexOf(v.ref) : -1;
    if (header && i < 0) report(v.line, `${where}: column $"${v.ref}" is not in the header of ${file} (${header.join(", ")})`);
    return i < 0 ? undefined : i;
  };
  // Each value becomes a function of the row's fields; a problem is reported once, not per row.
  type Eval = (fields: string[]) => string | string[];
  const compile = (v: GsqlValue): Eval => {
    if (v.kind === "column") {
      const i = columnOf(v);
      return (f) => (i === undefined ? "" : f[i] ?? "");
    }
    if (v.kind === "literal") return () => v.text;
    if (v.kind === "word") return () => (v.text === "_" ? "" : v.text);
    if (v.name === "SPLIT" && v.args.length >= 2 && v.args[1].kind === "literal") {
      const inner = compile(v.args[0]);
      const sep = v.args[1].text;
      return (f) => {
        const s = inner(f) as string;
        return s === "" ? [] : s.split(sep);
      };
    }
    report(v.line, `${where}: function ${v.name}(...) is outside the checked subset (SPLIT(column, "separator"))`);
    return () => "";
  };
  const values = load.values.map((v) => ({ value: compile(v), type: v.vertexType ? compile(v.vertexType) : undefined }));
  const types = load.values.map((_, k) => (k >= leading ? attributes[k - leading]?.type : undefined));
  const rows: (string | string[])[][] = [];
  const reported = new Set<string>();
  const once = (key: string, line: number, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    report(line, message, file);
  };
  for (let r = hasHeader ? 1 : 0; r < lines.length; r++) {
    const fields = splitCsvLine(lines[r], separator, quote);
    if (fields === undefined || fields.length !== width) {
      once("width", r + 1, `${file} row ${r + 1} has ${fields === undefined ? "an unclosed quote" : `${fields.length} fields, the header ${width}`}`);
      continue;
    }
    const row: (string | string[])[] = [];
    values.forEach((v, k) => {
      const x = v.value(fields);
      if (typeof x === "string" && types[k]) {
        const bad = valueProblem(x, types[k]!);
        if (bad) once(`type${k}`, r + 1, `${file} row ${r + 1}: ${attributes[k - leading].name}: ${bad}`);
      }
      row.push(x);
      if (load.target === "edge" && k < 2) row.push(v.type ? v.type(fields) : (check.edgeTypes.get(load.type)!.pairs[0]?.[k === 0 ? "from" : "to"] ?? ""));
    });
    rows.push(row);
  }
  check.loads.push({ target: load.target, type: load.type, file, rows });
}

/** Every edge row joins a declared vertex type pair, and both endpoints were loaded as vertices of those types. */
function checkEndpoints(check: TigerGraphCheck, report: Report): void {
  const ids = new Map<string, Set<string>>();
  for (const l of check.loads) if (l.target === "vertex") for (const row of l.rows) (ids.get(l.type) ?? ids.set(l.type, new Set()).get(l.type)!).add(row[0] as string);
  for (const l of check.loads) {
    if (l.target !== "edge") continue;
    const pairs = new Set(check.edgeTypes.get(l.type)!.pairs.map((p) => `${p.from}>${p.to}`));
    const said = new Set<string>();
    l.rows.forEach((row, r) => {
      const [from, fromType, to, toType] = row as string[];
      const pair = `${fromType}>${toType}`;
      if (!pairs.has(pair) && !pairs.has(`*>${toType}`) && !pairs.has(`${fromType}>*`) && !said.has(pair)) {
        said.add(pair);
        report(r + 2, `${l.file}: edge ${l.type} from ${fromType} to ${toType} is not one of its declared FROM/TO pairs`, l.file);
      }
      // Types that were not loaded at all are reported once above, not per edge.
      for (const [id, type] of [[from, fromType], [to, toType]])
        if (ids.has(type) && !ids.get(type)!.has(id) && !said.has(`missing:${type}`)) {
          said.add(`missing:${type}`);
          report(r + 2, `${l.file}: edge ${l.type} names ${type} ${JSON.stringify(id)}, which no vertex file loads`, l.file);
        }
    });
  }
}
