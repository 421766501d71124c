// `infratwin run scenario.json --out dir`: runs one scenario and writes its result, metrics and report.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { toCsv } from "../../metrics";
import { loadScenario, runScenario, type ScenarioResult } from "../../scenarios";
import { formatDuration } from "../../time";
import { EXIT, parseArgs, CliUsageError, type Command } from "../command";
import { progressBar } from "../progress-bar";
import { report } from "../../notebook";

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
  };
}

/** Writes result.json, metrics.csv and report.html into `dir`; returns their paths. */
export async function writeRunOutputs(result: ScenarioResult, dir: string): Promise<{ json: string; csv: string; report: string }> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "result.json");
  writeFileSync(json, JSON.stringify(resultDocument(result), null, 2) + "\n");
  const csv = join(dir, "metrics.csv");
  writeFileSync(csv, toCsv(result.metrics, { format: "long" }));
  const html = report(result, { path: join(dir, "report.html") });
  return { json, csv, report: html };
}

export function printSummary(result: ScenarioResult): void {
  const s = result.summary;
  console.log(`scenario   ${result.scenario.name} (seed ${result.scenario.seed})`);
  console.log(`tier-1     availability ${(s.tier1Availability * 100).toFixed(3)} %, p95 latency ${s.tier1P95LatencyMs.toFixed(0)} ms, down ${s.tier1DownMinutes} min, recovered in ${formatDuration(s.timeToRecoverS)}`);
  console.log(`rules      ${s.alertsFired} alerts fired: ${s.alertsNotified} notified, ${s.alertsInhibited} inhibited (their cause notified); ${s.incidents} incidents; faults injected: ${s.faults}`);
  console.log(`supervisor ${result.supervisor}: ${result.annotations.filter((a) => a.status === "answered").length} answers, ${result.annotations.filter((a) => a.status === "missed_deadline").length} missed the deadline`);
  for (const w of result.warnings) console.log(`warning    ${w}`);
}

export const command: Command = {
  name: "run",
  summary: "Run a scenario file and write result.json, metrics.csv and report.html",
  help: [
    "Usage: infratwin run <scenario.json | bundled-name> [--out DIR] [--quiet]",
    "",
    "Runs one scenario (see datasets/scenarios/ and datasets/schemas/scenario.schema.json) and writes",
    "into DIR (default out/<scenario name>): result.json (summary, KPIs, alerts, incidents, supervisor",
    "annotations, ground truth), metrics.csv (long form: time,node,metric,value) and report.html.",
    "",
    "Exit codes: 0 done, 2 bad scenario or usage, 3 internal error.",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseArgs("run", args, { values: ["out"], switches: ["quiet"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin run: expected one scenario file or bundled name; see infratwin run --help.");
    const scenario = loadScenario(positionals[0]);
    const bar = progressBar(`run ${scenario.name}`, { quiet: options.quiet === true });
    const result = await runScenario(scenario, { onProgress: (p) => bar.update(p.fraction, `t=${formatDuration(p.time)}`) });
    bar.done(`${result.wallSeconds.toFixed(1)} s`);
    const dir = resolve(typeof options.out === "string" ? options.out : join("out", scenario.name.replace(/[^A-Za-z0-9._-]+/g, "-")));
    const out = await writeRunOutputs(result, dir);
    printSummary(result);
    console.log(`wrote      ${out.json}\n           ${out.csv}\n           ${out.report}`);
    return EXIT.ok;
  },
};
