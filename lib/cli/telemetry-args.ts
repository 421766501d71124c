// Command-line flags that tell readTelemetry and readLabels how to read a user's files (shared by backtest, rules promote and rules facts).
import { formatIngestReport, readLabels, readTelemetry, type GapPolicy, type ImpossiblePolicy, type ReadTelemetryOptions, type SourceUnit, type TelemetryRead } from "../ingest";
import type { LabelWindow } from "../rules";
import { CliUsageError } from "./command";

/** Value flags of telemetry reading. */
export const TELEMETRY_FLAGS = ["format", "node-column", "time-column", "kind-column", "node", "metric", "time-zone", "step", "rename", "units", "gaps", "impossible"];
/** Switch flags of telemetry reading. */
export const TELEMETRY_SWITCHES = ["lenient"];

/** Help lines for the flags. */
export const TELEMETRY_HELP = [
  "Telemetry files (--telemetry): long (time,node,metric,value), wide (time,host,cpu,...), single series (timestamp,value with",
  "--node and --metric), NDJSON/JSON records, Prometheus query_range JSON, Parquet; the layout is detected and printed.",
  "  --node-column host  --time-column ts  --kind-column type  --node web-01  --metric cpu  --format csv|json|ndjson|prometheus|parquet",
  "  --time-zone Europe/Paris (zone-less timestamps; UTC by default)  --step 1m  --rename latency=latency_ms,mem=ram",
  "  --units cpu=percent,latency_ms=s  --gaps none|interpolate|hold:N  --impossible flag|clip|drop  --lenient (drop bad labels with a warning)",
];

function pairs(command: string, flag: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (!key || !value) throw new CliUsageError(`infratwin ${command}: --${flag} expects name=value pairs separated by commas, not ${JSON.stringify(text)}.`);
    out[key] = value;
  }
  return out;
}

/** readTelemetry options from parsed flags. */
export function telemetryOptions(command: string, flags: Record<string, string | true>): ReadTelemetryOptions {
  const text = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const options: ReadTelemetryOptions = {
    format: text("format") as ReadTelemetryOptions["format"],
    nodeColumn: text("node-column"),
    timeColumn: text("time-column"),
    kindColumn: text("kind-column"),
    node: text("node"),
    metric: text("metric"),
    timeZone: text("time-zone"),
    step: text("step"),
    impossible: text("impossible") as ImpossiblePolicy | undefined,
  };
  if (text("rename")) options.rename = pairs(command, "rename", text("rename")!);
  if (text("units")) options.units = pairs(command, "units", text("units")!) as Record<string, SourceUnit>;
  const gaps = text("gaps");
  if (gaps !== undefined) {
    const hold = /^hold:(\d+)$/.exec(gaps);
    if (!hold && gaps !== "none" && gaps !== "interpolate") throw new CliUsageError(`infratwin ${command}: --gaps expects none, interpolate or hold:N, not ${JSON.stringify(gaps)}.`);
    options.gaps = (hold ? { hold: Number(hold[1]) } : gaps) as GapPolicy;
  }
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ReadTelemetryOptions;
}

/** Reads the telemetry and labels files named by the flags, printing what was detected unless quiet. */
export async function readTelemetryFiles(command: string, flags: Record<string, string | true>, files: { telemetry: string; labels?: string }): Promise<{ read: TelemetryRead; labels: LabelWindow[] }> {
  const options = telemetryOptions(command, flags);
  const read = await readTelemetry(files.telemetry, options);
  const quiet = flags.quiet === true;
  if (!quiet) console.error(formatIngestReport(read.report));
  let labels: LabelWindow[] = [];
  if (files.labels !== undefined) {
    const got = await readLabels(files.labels, { store: read.store, timeZone: options.timeZone, lenient: flags.lenient === true });
    labels = got.labels;
    if (!quiet) {
      console.error(`read ${files.labels}: ${got.labels.length} label windows, times as ${got.report.time}`);
      for (const w of got.report.warnings) console.error(`  warning: ${w}`);
    }
  }
  return { read, labels };
}
