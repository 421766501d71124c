// The public API: a curated root list, subpaths that resolve under tslab's TypeScript 5.0 (Node10), and signatures in the project's shape.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const root = join(__dirname, "..");

/** Names the root must not export: implementation details a notebook never needs (they stay in lib/ or a subpath). */
const INTERNALS = ["ReferenceEvaluator", "evaluateWithJsonRulesEngine", "nodesBehind", "summarise", "invalidArgument", "notFound", "fromCsv", "compileCondition", "stepObserver", "toIndex", "drawRandomFaults", "upstreamOf", "parseDuration"];

/**
 * Root functions that still take three positional parameters or an `api` parameter, each with the reason it
 * stays for now. The test fails when one is fixed, so the list only shrinks.
 */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  addNode: "(graph, id, attributes): the third is the node's attribute object, graphology's own shape",
  // Reached through analytics' `export *` (merged from main in this round); the lead turns it into an explicit list.
  scoreSeries: "analytics (times, values, detector, options)",
  scoreWindows: "analytics (times, scores, windows, options)",
  mase: "analytics (actual, forecast, train, period)",
  evaluateScores: "analytics (name, series, scorer, options)",
  forestScore: "analytics (forest, x, sample)",
  // Reached through ingest's `export *` (merged from main in this round); the lead curates it.
  decideUnit: "ingest (api, metric, source, stats, options)",
  timeParser: "ingest (options, api)",
  queryRange: "ingest (api, base, range, options)",
};

function rootExports(): { checker: ts.TypeChecker; names: Map<string, ts.Symbol> } {
  const program = ts.createProgram([join(root, "lib/index.ts")], { moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true, types: ["node"], esModuleInterop: true, resolveJsonModule: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, "lib/index.ts"))!)!;
  const names = new Map<string, ts.Symbol>();
  for (const e of checker.getExportsOfModule(moduleSymbol)) names.set(e.name, e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e);
  return { checker, names };
}

/** Names each notebook imports from "infratwin" (root only). */
function notebookImports(): Map<string, string> {
  const used = new Map<string, string>();
  const dir = join(root, "notebooks");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    const cells = (JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] }).cells;
    const code = cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"infratwin"/g))
      for (const part of m[1].split(",")) {
        const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0];
        if (name) used.set(name, file);
      }
  }
  return used;
}

/** `positional` counts parameters before a trailing options object; `api` is true when one is named api. */
function shapeOf(declaration: ts.SignatureDeclaration): { positional: number; api: boolean } {
  const params = declaration.parameters.map((p) => p.name.getText());
  const last = params[params.length - 1] ?? "";
  const trailingOptions = /^options$|Options$/.test(last);
  return { positional: trailingOptions ? params.length - 1 : params.length, api: params.includes("api") };
}

describe("public API (lib/index.ts)", () => {
  const { names } = rootExports();

  // Under 500 for the curated list; analytics' and ingest's `export *` (merged this round, curated by the lead) add about 120.
  test("the root exports a curated list: no internals, fewer than 650 names", () => {
    for (const name of INTERNALS) expect(names.has(name), `root exports internal ${name}`).toBe(false);
    expect(names.size).toBeGreaterThan(200);
    expect(names.size).toBeLessThan(650);
  }, 60_000);

  test("every name the notebooks import from \"infratwin\" is exported at the root", () => {
    const used = notebookImports();
    expect(used.size).toBeGreaterThan(40);
    for (const [name, file] of used) expect(names.has(name), `${file} imports ${name}`).toBe(true);
  });

  test("root functions take at most two positional parameters plus options, and no internal `api` parameter", () => {
    const offenders = new Map<string, string>();
    for (const [name, symbol] of names) {
      for (const d of symbol.declarations ?? []) {
        if (!ts.isFunctionDeclaration(d)) continue;
        const { positional, api } = shapeOf(d);
        if (positional > 2 || api) offenders.set(name, `${name}(${d.parameters.map((p) => p.name.getText()).join(", ")})`);
      }
    }
    const unexpected = [...offenders].filter(([name]) => !(name in KNOWN_EXCEPTIONS)).map(([, sig]) => sig);
    expect(unexpected, "functions with more than two positional parameters or an api parameter").toEqual([]);
    const fixed = Object.keys(KNOWN_EXCEPTIONS).filter((name) => !offenders.has(name));
    expect(fixed, "fixed: remove these from KNOWN_EXCEPTIONS").toEqual([]);
  });

  test("one name per concept: topology and telemetry CSV readers have distinct names", () => {
    expect(names.has("topologyFromCsv")).toBe(true);
    expect(names.has("telemetryFromCsv")).toBe(true);
    expect(names.has("fromCsv")).toBe(false);
  });
});

describe("subpaths (infratwin/graph, infratwin/rules, ...)", () => {
  const built = existsSync(join(root, "dist/index.d.ts")) && existsSync(join(root, "node_modules/infratwin/package.json"));

  test("resolve with tslab's TypeScript 5.0 under Node10 module resolution, from notebooks/", () => {
    expect(built, "dist/ or the node_modules/infratwin link is missing: run `npm run build`").toBe(true);
    // tslab's own compiler: the one that type-checks notebook cells.
    const tslabTs = require("@tslab/typescript-for-tslab") as typeof ts;
    expect(tslabTs.version.startsWith("5.0.")).toBe(true);
    const file = join(root, "notebooks", "__api_check__.ts");
    const source = [
      'import { createTwin, bankTopology, rolling } from "infratwin";',
      'import { GraphologyStore, indexGraph } from "infratwin/graph";',
      'import { ReferenceEvaluator, compileCondition } from "infratwin/rules";',
      'import { EventQueue, BaseResource } from "infratwin/sim";',
      'import { percentileOf } from "infratwin/metrics";',
      'import { minMaxIndices } from "infratwin/plots";',
      'import { summarise } from "infratwin/scenarios";',
      'import { erlangB } from "infratwin/twin";',
      'import { extractJsonObject } from "infratwin/llm";',
      'import { inKernel } from "infratwin/notebook";',
      'import { rocAuc } from "infratwin/gnn";',
      "export const used = [createTwin, bankTopology, rolling, GraphologyStore, indexGraph, ReferenceEvaluator, compileCondition, EventQueue, BaseResource, percentileOf, minMaxIndices, summarise, erlangB, extractJsonObject, inKernel, rocAuc];",
    ].join("\n");
    const options: ts.CompilerOptions = { moduleResolution: tslabTs.ModuleResolutionKind.NodeJs, module: tslabTs.ModuleKind.CommonJS, target: tslabTs.ScriptTarget.ES2020, strict: true, noEmit: true, types: [], lib: ["lib.es2022.d.ts"] };
    const host = tslabTs.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => (name === file ? tslabTs.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = tslabTs.createProgram([file], options, host);
    const problems = tslabTs.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => tslabTs.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 120_000);

  test("load at run time through the package's exports map", () => {
    expect(built, "run `npm run build`").toBe(true);
    const rules = require(join(root, "node_modules/infratwin/dist/rules/index.js"));
    const fromSubpath = require(require.resolve("infratwin/rules", { paths: [join(root, "notebooks")] }));
    expect(fromSubpath).toBe(rules);
    expect(typeof fromSubpath.ReferenceEvaluator).toBe("function");
    const top = require(require.resolve("infratwin", { paths: [join(root, "notebooks")] }));
    expect(top.ReferenceEvaluator).toBeUndefined();
    expect(typeof top.createTwin).toBe("function");
  });
});
