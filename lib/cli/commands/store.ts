// `infratwin store ls|show|query|export|import|vacuum`: the study's history of runs, in DuckDB or PostgreSQL.
import { existsSync } from "node:fs";
import { csvField } from "../../metrics";
import { textTable } from "../../notebook/html";
import { alertCountsByRule, DEFAULT_STORE_FILE, exportParquet, importParquet, openStore, rowsOf, type StudyStore } from "../../store";
import { CliUsageError, EXIT, parseArgs, type Command } from "../command";

const SUBCOMMANDS = ["ls", "show", "query", "export", "import", "vacuum"];

/** The store location: --store, then INFRATWIN_STORE, then ./infratwin.duckdb when it exists. */
export function storeLocation(option: string | true | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof option === "string" && option !== "") return option;
  if (env.INFRATWIN_STORE) return env.INFRATWIN_STORE;
  if (existsSync(DEFAULT_STORE_FILE)) return DEFAULT_STORE_FILE;
  throw new CliUsageError(`infratwin store: no store given: pass --store PATH|postgres://… or set INFRATWIN_STORE (no ./${DEFAULT_STORE_FILE} here).`);
}

function printRows(rows: Record<string, unknown>[], format: string | true | undefined, maxRows: number): void {
  if (format === "json") {
    for (const row of rows) console.log(JSON.stringify(row));
    return;
  }
  if (format === "csv") {
    const names = rows.length > 0 ? Object.keys(rows[0]) : [];
    console.log(names.map((n) => csvField(n)).join(","));
    for (const row of rows) console.log(names.map((n) => (row[n] === null || row[n] === undefined ? "" : csvField(String(row[n])))).join(","));
    return;
  }
  console.log(rows.length === 0 ? "(no rows)" : textTable(rows, { maxRows }));
}

async function withStore<T>(location: string, work: (store: StudyStore) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const command: Command = {
  name: "store",
  summary: "List, show, query, export/import (Parquet) and vacuum the runs kept in a study's store",
  help: [
    "Usage: infratwin store <ls|show|query|export|import|vacuum> [--store PATH|postgres://…] [options]",
    "",
    "  ls                            runs, newest first (id, scenario, seed, created, size, headline figures)",
    "  show RUN                      one run: its row, record counts and alerts by rule",
    "  query \"SQL\" [--format table|csv|json] [--max-rows N]",
    "                                any SQL; tables: runs, metrics (run_id, metric, node, step, value),",
    "                                metrics_long (run_id, time, node, kind, metric, value), alerts, incidents,",
    "                                ground_truth, annotations, kpis, backtests, telemetry…",
    "  export DIR [--runs 1,2]       Parquet: DIR/metrics/run_id=N/day=YYYY-MM-DD/*.parquet and one file per table",
    "  import DIR                    read such a folder back (runs get new ids)",
    "  vacuum --older-than 90d       delete runs created before the cut-off and reclaim space",
    "",
    "The store is --store, else $INFRATWIN_STORE, else ./infratwin.duckdb. A postgres:// URL takes user,",
    "password, host, port and database from the URL, the rest from the standard PG* variables (PGPASSWORD,",
    "PGHOST…); passwords never appear in output. `infratwin run --out DIR` writes DIR/infratwin.duckdb.",
    "",
    "Exit codes: 0 done, 2 bad usage, missing run or refused SQL, 3 internal error.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseArgs("store", args, { values: ["store", "format", "max-rows", "runs", "older-than"], switches: ["dry-run"] });
    const [sub, ...rest] = positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new CliUsageError(`infratwin store: expected one of ${SUBCOMMANDS.join(", ")}${sub ? `, not ${JSON.stringify(sub)}` : ""}; see infratwin store --help.`);
    const format = options.format;
    if (format !== undefined && !["table", "csv", "json"].includes(String(format))) throw new CliUsageError(`infratwin store: --format must be table, csv or json, not ${JSON.stringify(format)}.`);
    const maxRows = options["max-rows"] === undefined ? 50 : Number(options["max-rows"]);
    if (!(Number.isInteger(maxRows) && maxRows > 0)) throw new CliUsageError(`infratwin store: --max-rows must be a positive integer, not ${JSON.stringify(options["max-rows"])}.`);
    const location = storeLocation(options.store);
    const needs = (n: number, what: string) => {
      if (rest.length !== n) throw new CliUsageError(`infratwin store ${sub}: expected ${what}; see infratwin store --help.`);
    };
    return withStore(location, async (store) => {
      if (sub === "ls") {
        needs(0, "no argument");
        const runs = await store.runs();
        printRows(
          runs.map((r) => {
            const s = (r.summary ?? {}) as Record<string, unknown>;
            return { run: r.runId, scenario: r.scenario, kind: r.kind, seed: r.seed, created: r.createdAt.slice(0, 19).replace("T", " "), nodes: r.nodes, steps: r.steps, values: r.values, availability: typeof s.tier1Availability === "number" ? Number(s.tier1Availability.toFixed(5)) : null, alerts: s.alertsFired ?? null };
          }),
          format,
          maxRows,
        );
        return EXIT.ok;
      }
      if (sub === "show") {
        needs(1, "a run id");
        const id = Number(rest[0]);
        if (!Number.isInteger(id)) throw new CliUsageError(`infratwin store show: expected a run id (an integer), not ${JSON.stringify(rest[0])}.`);
        const run = await store.run(id);
        const counts: Record<string, unknown> = {};
        for (const table of ["alerts", "incidents", "ground_truth", "annotations", "kpis"]) {
          const r = await store.query(`SELECT count(*) AS n FROM ${table} WHERE run_id = $1`, [id]);
          counts[table] = (r.columns.n as Float64Array)[0];
        }
        const { summary, labels, ...row } = run;
        printRows(Object.entries({ ...row, ...(summary && typeof summary === "object" ? (summary as Record<string, unknown>) : {}), labels: labels ? JSON.stringify(labels) : null, ...counts }).map(([field, value]) => ({ field, value })), format, 200);
        const rules = await alertCountsByRule(store, [id]);
        if (rules.length > 0 && format !== "json" && format !== "csv") {
          console.log("");
          printRows(rules.map((r) => ({ rule: r.rule, fired: r.total })), format, maxRows);
        }
        return EXIT.ok;
      }
      if (sub === "query") {
        needs(1, 'one SQL statement in quotes, e.g. "select * from runs"');
        const result = await store.query(rest[0]);
        printRows(rowsOf(result), format, maxRows);
        if ((format === undefined || format === "table") && result.rows > maxRows) console.log(`(${result.rows} rows; --max-rows N or --format csv for all)`);
        return EXIT.ok;
      }
      if (sub === "export") {
        needs(1, "a target folder");
        let runs: number[] | undefined;
        if (typeof options.runs === "string") {
          runs = options.runs.split(",").map((s) => Number(s.trim()));
          if (runs.some((r) => !Number.isInteger(r))) throw new CliUsageError(`infratwin store export: --runs must be run ids separated by commas, not ${JSON.stringify(options.runs)}.`);
        }
        const out = await exportParquet(store, rest[0], { runs });
        console.log(`exported   ${out.runs.length} run(s), ${out.values} metric values to ${out.dir}`);
        return EXIT.ok;
      }
      if (sub === "import") {
        needs(1, "a folder written by infratwin store export");
        const ids = await importParquet(store, rest[0]);
        console.log(`imported   ${ids.length} run(s) into ${store.target}: ${ids.join(", ")}`);
        return EXIT.ok;
      }
      // vacuum
      needs(0, "no argument (the cut-off is --older-than)");
      if (typeof options["older-than"] !== "string") throw new CliUsageError('infratwin store vacuum: --older-than is required, e.g. --older-than 90d.');
      const deleted = await store.vacuum({ olderThan: options["older-than"] });
      console.log(`vacuumed   ${deleted.length} run(s) older than ${options["older-than"]}${deleted.length ? ": " + deleted.join(", ") : ""}`);
      return EXIT.ok;
    });
  },
};
