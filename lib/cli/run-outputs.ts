// What `infratwin run` leaves in its folder: result.json, the run in the embedded store, Parquet, optional long CSV, report.html — all written in bounded memory.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { toCsv, type MetricsStore } from "../metrics";
import { report, reportPdf } from "../notebook";
import type { ScenarioResult } from "../scenarios";
import { DEFAULT_STORE_FILE, exportParquet, openStore, writeResult } from "../store";

/** CSV rows written per chunk: bounded strings whatever the estate's size. */
const CSV_CHUNK_VALUES = 500_000;

/** The JSON a run leaves behind: everything but the live objects. */
export function resultDocument(result: ScenarioResult): Record<string, unknown> {
  return {
    kind: "infratwin_result",
    scenario: result.scenario,
    summary: result.summary,
    kpis: result.kpis,
    alerts: result.alerts,
    incidents: result.incidents,
    annotations: result.annotations,
    groundTruth: result.groundTruth,
    warnings: result.warnings,
    supervisor: result.supervisor,
    // Who actually produced the answers: the configured model, or the heuristic it fell back to.
    answeredBy: answeredBy(result.annotations),
  };
}

/** How many settled answers each supervisor gave (`{"openai:gpt-4o-mini": 3, "heuristic": 1}`), fallbacks counted under the heuristic. */
export function answeredBy(annotations: ScenarioResult["annotations"]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of annotations) if (a.status === "answered" && a.answer) counts[a.answer.supervisor] = (counts[a.answer.supervisor] ?? 0) + 1;
  return counts;
}

/** Options of `writeRunOutputs`. */
export interface RunOutputOptions {
  /** Store to persist into: a DuckDB path or postgres:// URL; DIR/infratwin.duckdb by default. */
  store?: string;
  /** Also write metrics.csv (long form); off by default (Parquet is the default exchange format). */
  csv?: boolean;
  /** Skip the Parquet export. */
  parquet?: boolean;
  /** Also print report.html to report.pdf with headless Chromium. */
  pdf?: boolean;
}

/** Paths of what was written, and the stored run. */
export interface RunOutputs {
  json: string;
  store: string;
  runId: number;
  parquet?: string;
  csv?: string;
  report: string;
  pdf?: string;
}

/** Writes a run's outputs into `dir`, streaming metrics so that a 10,000-node day fits well under 4 GB. */
export async function writeRunOutputs(result: ScenarioResult, dir: string, options: RunOutputOptions = {}): Promise<RunOutputs> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "result.json");
  writeJson(json, resultDocument(result));
  const target = options.store ?? join(dir, DEFAULT_STORE_FILE);
  const store = await openStore(target);
  let runId: number;
  let parquet: string | undefined;
  try {
    runId = await writeResult(store, result);
    if (options.parquet !== false) parquet = (await exportParquet(store, join(dir, "parquet"), { runs: [runId] })).dir;
  } finally {
    await store.close();
  }
  const csv = options.csv ? writeLongCsv(result.metrics, join(dir, "metrics.csv")) : undefined;
  const html = report(result, { path: join(dir, "report.html") });
  const pdf = options.pdf ? await reportPdf(html) : undefined;
  return { json, store: store.target, runId, parquet, csv, report: html, pdf };
}

/** JSON written value by value at the top level, so no single string holds the whole document. */
function writeJson(path: string, document: Record<string, unknown>): void {
  const fd = openSync(path, "w");
  try {
    const keys = Object.keys(document);
    writeSync(fd, "{\n");
    keys.forEach((key, k) => {
      const value = document[key];
      if (Array.isArray(value) && value.length > 0) {
        writeSync(fd, `  ${JSON.stringify(key)}: [\n`);
        value.forEach((item, i) => writeSync(fd, "    " + JSON.stringify(item, null, 2).split("\n").join("\n    ") + (i < value.length - 1 ? ",\n" : "\n")));
        writeSync(fd, "  ]");
      } else writeSync(fd, `  ${JSON.stringify(key)}: ${(JSON.stringify(value, null, 2) ?? "null").split("\n").join("\n  ")}`);
      writeSync(fd, k < keys.length - 1 ? ",\n" : "\n");
    });
    writeSync(fd, "}\n");
  } finally {
    closeSync(fd);
  }
}

/** The long CSV (time,node,kind,metric,value) written a few steps at a time. */
export function writeLongCsv(store: MetricsStore, path: string): string {
  const fd = openSync(path, "w");
  try {
    const perStep = Math.max(1, store.nodeIds.length * store.metricNames.length);
    const stepsPerChunk = Math.max(1, Math.floor(CSV_CHUNK_VALUES / perStep));
    const times = store.times;
    if (store.recordedSteps === 0) writeFileSync(fd, toCsv(store, { format: "long" }));
    for (let from = 0; from < store.recordedSteps; from += stepsPerChunk) {
      const to = Math.min(store.recordedSteps, from + stepsPerChunk) - 1;
      const text = toCsv(store, { format: "long", from: times[from], to: times[to] });
      writeSync(fd, from === 0 ? text : text.slice(text.indexOf("\n") + 1));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
