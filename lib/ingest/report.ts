// The ingest report: every interpretation a reader made (layout, columns, times, units, step) and every cleaning action, per series.
import type { Aggregate, GapPolicy, ImpossiblePolicy, SeriesReport } from "./clean";
import type { UnitDecision } from "./units";

/** Counts summed over every series. */
export type CleaningTotals = Omit<SeriesReport, "node" | "metric">;

/** What `readTelemetry` detected and did. */
export interface IngestReport {
  /** Always "ingest-report" (how `show` recognises it). */
  kind: "ingest-report";
  /** What was read: a path, "text", "buffer", "stream", a URL. */
  source: string;
  format: "csv" | "json" | "ndjson" | "prometheus" | "parquet";
  layout: "long" | "wide" | "single" | "records" | "prometheus";
  /** How the layout was chosen. */
  layoutReason: string;
  /** Columns (or record fields) given each role. */
  columns: { time?: string; node?: string; metric?: string; value?: string; kind?: string; metrics?: string[]; labels?: string[] };
  /** How times were read, and the zone used for timestamps without one. */
  time: { encoding: string; timeZone: string; naive: number; note: string };
  /** The step of the store in seconds, and whether it was given or inferred. */
  step: { seconds: number; basis: "option" | "inferred" };
  /** First and last times: ISO when the data had wall-clock times, else seconds. */
  start: string;
  end: string;
  rows: number;
  samples: number;
  nodes: number;
  metrics: number;
  steps: number;
  units: UnitDecision[];
  policies: { gaps: GapPolicy; impossible: ImpossiblePolicy; aggregate: Record<string, Aggregate> };
  series: SeriesReport[];
  totals: CleaningTotals;
  /** Sentences worth a user's attention (kinds missing, metric names close to the catalogue's, irregular times...). */
  warnings: string[];
}

const COUNTS: (keyof CleaningTotals)[] = ["samples", "empty", "outOfOrder", "duplicates", "resets", "impossible", "merged", "snapped", "filled", "gaps"];

/** Sums the per-series counts. */
export function totalsOf(series: readonly SeriesReport[]): CleaningTotals {
  const totals = Object.fromEntries(COUNTS.map((k) => [k, 0])) as unknown as CleaningTotals;
  for (const s of series) for (const k of COUNTS) totals[k] += s[k];
  return totals;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function policyText(p: GapPolicy): string {
  return typeof p === "object" ? `hold ${p.hold} steps` : p;
}

/** The report as a few lines of text (what the CLI prints). */
export function formatIngestReport(report: IngestReport): string {
  const t = report.totals;
  const lines = [
    `read ${report.source}: ${report.format}, ${report.layout} layout (${report.layoutReason})`,
    `  ${report.rows} rows, ${report.samples} samples → ${plural(report.nodes, "node")} × ${plural(report.metrics, "metric")} × ${plural(report.steps, "step")} of ${report.step.seconds} s (${report.step.basis === "option" ? "options.step" : "inferred from the data; set options.step to change it"}), ${report.start} → ${report.end}`,
    `  times: ${report.time.note}`,
    ...report.units.map((u) => `  unit of ${u.metric}${u.source !== u.metric ? ` (from ${u.source})` : ""}: ${u.note}`),
    `  cleaning (gaps: ${policyText(report.policies.gaps)}, impossible values: ${report.policies.impossible}): ${t.duplicates} duplicates, ${t.outOfOrder} out of order, ${t.empty} empty, ${t.merged} merged into a step, ${t.snapped} snapped to the step, ${t.filled} gap steps filled, ${t.gaps} left missing, ${t.impossible} impossible, ${t.resets} counter resets`,
    ...report.warnings.map((w) => `  warning: ${w}`),
  ];
  return lines.join("\n");
}

/** The per-series table rows of the report (for `show` and DataFrames). */
export function ingestReportRows(report: IngestReport): Record<string, string | number>[] {
  return report.series.map((s) => ({ ...s }));
}
