// `infratwin run scenario.json --out dir`: runs one scenario and writes its result, the stored run, Parquet and the report.
import { join } from "node:path";
import { loadScenario, preflightScenario, runScenario, type ScenarioResult } from "../../scenarios";
import { formatBytes } from "../../limits";
import { formatDuration } from "../../time";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, requirePdfPrinter, stringOption, type Command } from "../command";
import { progressBar } from "../progress-bar";
import { RUN_VALUE_OPTIONS, cliRunOptions } from "../run-options";
import { sanitizeForTerminal } from "../terminal-text";
import { answeredBy, writeRunOutputs } from "../run-outputs";

export { answeredBy, resultDocument, writeRunOutputs } from "../run-outputs";

/** Prints the headline figures; scenario names, warnings and model text are sanitised (they come from files and servers). */
export function printSummary(result: ScenarioResult): void {
  const s = result.summary;
  const say = (line: string) => console.log(sanitizeForTerminal(line));
  say(`scenario   ${result.scenario.name} (seed ${result.scenario.seed})`);
  say(`tier-1     availability ${(s.tier1Availability * 100).toFixed(3)} %, p95 latency ${s.tier1P95LatencyMs.toFixed(0)} ms, down ${s.tier1DownMinutes} min, recovered in ${formatDuration(s.timeToRecoverS)}`);
  say(`rules      ${s.alertsFired} alerts fired: ${s.alertsNotified} notified, ${s.alertsInhibited} inhibited (their cause notified); ${s.incidents} incidents; faults injected: ${s.faults}`);
  const by = Object.entries(answeredBy(result.annotations)).map(([who, n]) => `${n} by ${who}`).join(", ") || "no answers";
  const fallbacks = result.annotations.filter((a) => a.fallback === "missed_deadline").length;
  const missed = result.annotations.filter((a) => a.status === "missed_deadline").length;
  say(`supervisor ${result.supervisor}: ${by}${fallbacks ? `; ${fallbacks} from the heuristic after the model missed the deadline` : ""}${missed ? `; ${missed} missed the deadline unanswered` : ""}`);
  for (const w of result.warnings) say(`warning    ${w}`);
}

export const command: Command = {
  name: "run",
  summary: "Run a scenario file; keep it in the study's store (DuckDB) and write result.json, Parquet and report.html",
  help: [
    "Usage: infratwin run <scenario.json | bundled-name> [--out DIR] [--store PATH|postgres://…] [--csv] [--no-parquet] [--provider heuristic|openai|auto] [--max-memory 2GB] [--dry-run] [--pdf] [--quiet]",
    "",
    "Runs one scenario (see datasets/scenarios/ and datasets/schemas/scenario.schema.json) and writes",
    "into DIR (default out/<scenario name>): result.json (summary, KPIs, alerts, incidents, supervisor",
    "annotations, ground truth), the run in DIR/infratwin.duckdb (or the store given by --store; query it",
    "with `infratwin store`), DIR/parquet/ (metrics partitioned by run and day, and every record table)",
    "and report.html. --csv also writes metrics.csv (long form: time,node,kind,metric,value).",
    "",
    "--provider wins over INFRATWIN_LLM_PROVIDER, which wins over the scenario's supervisor.kind; heuristic",
    "anywhere means no network call. --max-memory bounds the recorded metrics (default INFRATWIN_MAX_MEMORY or",
    "a quarter of the machine's memory); a scenario that does not fit fails before it runs, saying what to shrink.",
    "",
    "--dry-run checks the scenario, its topology, targets, rules and memory need without simulating.",
    "--pdf also prints report.html to report.pdf with headless Chromium (INFRATWIN_CHROMIUM or /usr/bin/chromium;",
    "checked before the run: without Chromium the command exits 2).",
    "",
    "Exit codes: 0 done, 2 bad scenario, usage or unwritable --out (checked before the run), 3 internal error.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "run", values: ["out", "store", ...RUN_VALUE_OPTIONS], switches: ["quiet", "dry-run", "csv", "no-parquet", "pdf"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin run: expected one scenario file or bundled name; see infratwin run --help.");
    const runOptions = cliRunOptions("run", options);
    if (options["dry-run"] === true) {
      // Everything a run checks before it simulates, nothing written: exit 0 when the scenario would run.
      const pre = preflightScenario(positionals[0], { maxMemoryBytes: runOptions.maxMemoryBytes });
      console.log(sanitizeForTerminal(`ok         ${pre.scenario.name}: ${pre.steps} steps × ${pre.nodes} nodes × ${pre.metrics} metrics, ${formatBytes(pre.bytes)} of metrics`));
      return EXIT.ok;
    }
    const scenario = loadScenario(positionals[0]);
    const dir = ensureOutputDir("run", stringOption(options, "out") ?? join("out", scenario.name.replace(/[^A-Za-z0-9._-]+/g, "-")));
    if (options.pdf === true) requirePdfPrinter("run");
    const bar = progressBar(`run ${scenario.name}`, { quiet: options.quiet === true });
    const result = await runScenario(scenario, { ...runOptions, onProgress: (p) => bar.update(p.fraction, `t=${formatDuration(p.time)}`) });
    bar.done(`${result.wallSeconds.toFixed(1)} s`);
    const out = await writeRunOutputs(result, dir, { store: stringOption(options, "store"), csv: options.csv === true, parquet: options["no-parquet"] !== true, pdf: options.pdf === true });
    printSummary(result);
    console.log(`stored     run ${out.runId} in ${out.store}`);
    console.log(`wrote      ${[out.json, out.parquet, out.csv, out.report, out.pdf].filter((p) => p !== undefined).join("\n           ")}`);
    return EXIT.ok;
  },
};
