// `infratwin run scenario.json --out dir`: runs one scenario and writes its result, the stored run, Parquet and the report.
import { join, resolve } from "node:path";
import { loadScenario, runScenario, type ScenarioResult } from "../../scenarios";
import { formatDuration } from "../../time";
import { EXIT, parseArgs, CliUsageError, type Command } from "../command";
import { progressBar } from "../progress-bar";
import { writeRunOutputs } from "../run-outputs";

export { resultDocument, writeRunOutputs } from "../run-outputs";

export function printSummary(result: ScenarioResult): void {
  const s = result.summary;
  console.log(`scenario   ${result.scenario.name} (seed ${result.scenario.seed})`);
  console.log(`tier-1     availability ${(s.tier1Availability * 100).toFixed(3)} %, p95 latency ${s.tier1P95LatencyMs.toFixed(0)} ms, down ${s.tier1DownMinutes} min, recovered in ${formatDuration(s.timeToRecoverS)}`);
  console.log(`rules      ${s.alertsFired} alerts fired, ${s.incidents} incidents; faults injected: ${s.faults}`);
  console.log(`supervisor ${result.supervisor}: ${result.annotations.filter((a) => a.status === "answered").length} answers, ${result.annotations.filter((a) => a.status === "missed_deadline").length} missed the deadline`);
  for (const w of result.warnings) console.log(`warning    ${w}`);
}

export const command: Command = {
  name: "run",
  summary: "Run a scenario file; keep it in the study's store (DuckDB) and write result.json, Parquet and report.html",
  help: [
    "Usage: infratwin run <scenario.json | bundled-name> [--out DIR] [--store PATH|postgres://…] [--csv] [--no-parquet] [--quiet]",
    "",
    "Runs one scenario (see datasets/scenarios/ and datasets/schemas/scenario.schema.json) and writes",
    "into DIR (default out/<scenario name>): result.json (summary, KPIs, alerts, incidents, supervisor",
    "annotations, ground truth), the run in DIR/infratwin.duckdb (or the store given by --store; query it",
    "with `infratwin store`), DIR/parquet/ (metrics partitioned by run and day, and every record table)",
    "and report.html. --csv also writes metrics.csv (long form: time,node,kind,metric,value).",
    "",
    "Exit codes: 0 done, 2 bad scenario or usage, 3 internal error.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseArgs("run", args, { values: ["out", "store"], switches: ["quiet", "csv", "no-parquet"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin run: expected one scenario file or bundled name; see infratwin run --help.");
    const scenario = loadScenario(positionals[0]);
    const bar = progressBar(`run ${scenario.name}`, { quiet: options.quiet === true });
    const result = await runScenario(scenario, { onProgress: (p) => bar.update(p.fraction, `t=${formatDuration(p.time)}`) });
    bar.done(`${result.wallSeconds.toFixed(1)} s`);
    const dir = resolve(typeof options.out === "string" ? options.out : join("out", scenario.name.replace(/[^A-Za-z0-9._-]+/g, "-")));
    const out = await writeRunOutputs(result, dir, { store: typeof options.store === "string" ? options.store : undefined, csv: options.csv === true, parquet: options["no-parquet"] !== true });
    printSummary(result);
    console.log(`stored     run ${out.runId} in ${out.store}`);
    console.log(`wrote      ${[out.json, out.parquet, out.csv, out.report].filter((p) => p !== undefined).join("\n           ")}`);
    return EXIT.ok;
  },
};
