// How `show` renders an ingest report: what was detected, as lines, then the per-series cleaning table.
import { formatIngestReport, ingestReportRows, type IngestReport } from "../ingest";
import { escapeHtml, tableHtml, textTable } from "./html";
import type { View } from "./records-view";

/** Whether a value is an ingest report (`readTelemetry(...).report`). */
export function isIngestReport(value: unknown): value is IngestReport {
  const r = value as IngestReport;
  return typeof r === "object" && r !== null && r.kind === "ingest-report" && Array.isArray(r.series);
}

/** The report's summary lines and its per-series table. */
export function ingestReportView(report: IngestReport, options: { maxRows?: number } = {}): View {
  const summary = formatIngestReport(report);
  const rows = ingestReportRows(report);
  const caption = "Cleaning per series";
  return {
    html: `<pre>${escapeHtml(summary)}</pre>\n${tableHtml(rows, { caption, maxRows: options.maxRows })}`,
    text: `${summary}\n\n${textTable(rows, { caption, maxRows: options.maxRows })}`,
  };
}
