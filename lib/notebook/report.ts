// The HTML report: one self-contained file (plotly.js embedded once) with the scenario, KPIs, charts, alerts, incidents, supervisor notes and ground truth.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { invalidArgument } from "../errors";
import type { Annotation } from "../llm/queue";
import type { ServiceKpi } from "../metrics/kpis";
import { alertTimeline } from "../plots/alert-timeline";
import { incidentBands } from "../plots/bands";
import { figureTitle, isFigure, type Figure } from "../plots/figure";
import { heatmap } from "../plots/heatmap";
import { isResultLike } from "../plots/sources";
import { timeSeries } from "../plots/time-series";
import { topologyFigure } from "../plots/topology-figure";
import { drawnTopology, isDrawableTopology, type DrawableTopology } from "../plots/topology-data";
import { annotationCard } from "./annotation-card";
import { figureHtml } from "./figure-bundle";
import { escapeHtml, NOTEBOOK_CSS, tableHtml } from "./html";
import { plotlyScriptTag } from "./plotly-library";
import { TABLE_PAGER_SCRIPT } from "./report-pager";
import { alertsView, groundTruthView, incidentsView, type AlertRecordLike, type IncidentLike } from "./records-view";
import { kpiRows, kpisOf, resultFacts, servicesOf, type RunResultLike } from "./result-view";

const DEFAULTS = {
  /** Services drawn in the time series chart. */
  maxServices: 8,
  /** Rows of the alert, incident and ground-truth tables; a report is for reading, not for every row of a month. */
  maxTableRows: 500,
  /** Rows per page of a collapsed table (prev/next move through the rest). */
  pageSize: 25,
};

/** A chart for the report: a figure, or a figure with its own section heading. */
export type ReportChart = Figure | { title: string; figure: Figure };

/** Options of `report` and `reportHtml`; everything a result carries is used unless given here. */
export interface ReportOptions {
  /** Title of the page; the scenario's name or "infratwin report" by default. */
  title?: string;
  /** The scenario definition shown as JSON (a scenario result's own by default). */
  scenario?: unknown;
  /** Alerts (a scenario result's by default). */
  alerts?: readonly AlertRecordLike[];
  /** Incidents (a scenario result's by default). */
  incidents?: readonly IncidentLike[];
  /** Supervisor annotations (a scenario result's by default). */
  annotations?: readonly Annotation[];
  /** Service KPIs (the result's, or computed for its business services). */
  kpis?: readonly ServiceKpi[];
  /** Extra charts, after the standard ones. */
  charts?: readonly ReportChart[];
  /** Include the standard charts (service time series, status heatmap, topology, alert timeline); true by default. */
  standardCharts?: boolean;
  /** Services in the time series chart; the business services (up to 8) by default. */
  services?: readonly string[];
  /** A paragraph of notes under the title. */
  notes?: string;
  /** Rows of each table (500 by default). */
  maxTableRows?: number;
  /** Rows per page of the alert, incident and ground-truth tables (25 by default); the row filter pages through its matches. */
  pageSize?: number;
}

/** Options of `report`: where to write, plus everything `reportHtml` takes. */
export interface ReportFileOptions extends ReportOptions {
  /** File to write (folders are created). */
  path: string;
}

const REPORT_CSS = `
body { margin: 0; background: #f5f6f8; }
main.itw { max-width: 1240px; margin: 0 auto; padding: 16px 28px 60px; background: #fff; min-height: 100vh; box-sizing: border-box; }
main.itw h1 { font-size: 24px; margin: 8px 0 4px; }
main.itw h2 { font-size: 18px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid #e3e6ea; }
main.itw h3 { font-size: 14px; margin: 18px 0 6px; }
main.itw nav { font-size: 12px; margin: 8px 0 16px; }
main.itw nav a { margin-right: 12px; color: #0b5cad; text-decoration: none; }
main.itw .chart { margin: 8px 0 20px; }
main.itw details > summary { cursor: pointer; list-style-position: outside; margin-left: 16px; }
main.itw details > summary h2 { display: inline-block; border-top: none; margin: 18px 0 4px; }
main.itw input.row-filter { margin: 4px 0 8px; font-size: 13px; padding: 3px 6px; width: 260px; }
main.itw .pager { font-size: 12px; margin: 0 0 14px; display: flex; gap: 8px; align-items: center; }
main.itw .pager button { font-size: 12px; padding: 1px 8px; }
@media print { main.itw { max-width: none; padding: 0; } main.itw .chart { break-inside: avoid; } main.itw input.row-filter, main.itw .pager button { display: none; } }
main.itw footer { margin-top: 40px; font-size: 11px; color: #777; }
`;

/** Builds the report's HTML: one page, plotly.js embedded once in the head, no network references. */
export function reportHtml(result: RunResultLike, options: ReportOptions = {}): string {
  const api = "reportHtml";
  if (!isResultLike(result)) throw invalidArgument(api, "result", "a run result with .metrics (TwinResult or ScenarioResult)", result);
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object", options);
  const r = result as RunResultLike & { graph?: unknown; twin?: { graph?: unknown } };
  const store = r.metrics;
  const epochMs = store.epochMs;
  const maxRows = options.maxTableRows ?? DEFAULTS.maxTableRows;
  const pageSize = options.pageSize ?? DEFAULTS.pageSize;
  if (typeof pageSize !== "number" || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw invalidArgument(api, "options.pageSize", "an integer from 1 to 10,000", pageSize);
  const scenario = options.scenario ?? r.scenario;
  const alerts = options.alerts ?? (r.alerts as readonly AlertRecordLike[] | undefined) ?? [];
  const incidents = options.incidents ?? (r.incidents as readonly IncidentLike[] | undefined) ?? [];
  const annotations = options.annotations ?? (r.annotations as readonly Annotation[] | undefined) ?? [];
  const kpis = options.kpis ?? kpisOf(r);
  const name = (scenario as { name?: unknown } | undefined)?.name;
  const title = options.title ?? (typeof name === "string" ? `infratwin report: ${name}` : "infratwin report");

  const charts: { title: string; figure: Figure }[] = [];
  if (options.standardCharts ?? true) charts.push(...standardCharts(r, { services: options.services, alerts, incidents }));
  for (const [i, c] of (options.charts ?? []).entries()) {
    if (isFigure(c)) charts.push({ title: figureTitle(c) ?? `Chart ${i + 1}`, figure: c });
    else if (c && isFigure((c as { figure?: unknown }).figure)) charts.push({ title: String((c as { title?: unknown }).title ?? `Chart ${i + 1}`), figure: (c as { figure: Figure }).figure });
    else throw invalidArgument(api, `options.charts[${i}]`, "a plotly figure or {title, figure}", c);
  }

  // Summary, KPIs and charts first; long tables collapsed (with a filter) below, the scenario last.
  const sections: { id: string; title: string; html: string; collapsed?: boolean }[] = [];
  const facts = resultFacts({ ...r, alerts: alerts as RunResultLike["alerts"], incidents, annotations });
  sections.push({
    id: "summary",
    title: "Summary",
    html: `${options.notes ? `<p>${escapeHtml(options.notes)}</p>` : ""}<dl class="summary">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`,
  });
  sections.push({
    id: "kpis",
    title: "Service KPIs",
    html: kpis.length > 0 ? tableHtml(kpiRows(kpis), { maxRows }) : `<p class="muted">No business service KPIs (no business services recorded).</p>`,
  });
  sections.push({
    id: "charts",
    title: "Charts",
    html:
      charts.length > 0
        ? charts.map((c, i) => `<h3>${escapeHtml(c.title)}</h3><div class="chart">${figureHtml(c.figure, { divId: `chart-${i + 1}` })}</div>`).join("\n")
        : `<p class="muted">No charts.</p>`,
  });
  sections.push({
    id: "supervisor",
    title: "Supervisor annotations",
    html: annotations.length > 0 ? annotations.map((a) => annotationCard(a, { epochMs }).html).join("\n") : `<p class="muted">No supervisor annotations.</p>`,
  });
  sections.push({ id: "alerts", title: `Alerts (${alerts.length})`, collapsed: alerts.length > 0, html: alerts.length > 0 ? alertsView(alerts, { maxRows, epochMs }).html : `<p class="muted">No alerts.</p>` });
  sections.push({ id: "incidents", title: `Incidents (${incidents.length})`, collapsed: incidents.length > 0, html: incidents.length > 0 ? incidentsView(incidents, { maxRows, epochMs }).html : `<p class="muted">No incidents.</p>` });
  sections.push({
    id: "ground-truth",
    collapsed: r.groundTruth !== undefined,
    title: "Ground truth",
    html: r.groundTruth ? groundTruthView(r.groundTruth, { maxRows, epochMs }).html : `<p class="muted">No ground truth (telemetry not produced by the twin).</p>`,
  });

  if (scenario !== undefined) sections.push({ id: "scenario", title: "Scenario definition", collapsed: true, html: `<pre>${escapeHtml(JSON.stringify(scenario, jsonReplacer, 2))}</pre>` });

  const version = packageVersion();
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${NOTEBOOK_CSS}${REPORT_CSS}</style>`,
    charts.length > 0 ? plotlyScriptTag() : "",
    "</head>",
    "<body>",
    '<main class="itw">',
    `<h1>${escapeHtml(title)}</h1>`,
    `<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join("")}</nav>`,
    ...sections.map((s) =>
      s.collapsed
        ? `<section id="${s.id}">\n<details data-page-size="${pageSize}"><summary><h2>${escapeHtml(s.title)}</h2></summary>\n<input class="row-filter" type="search" placeholder="filter rows" aria-label="filter ${escapeHtml(s.title)}">\n${s.html}\n</details>\n</section>`
        : `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`,
    ),
    `<script>${TABLE_PAGER_SCRIPT}</script>`,
    `<footer>Generated by infratwin${version ? ` ${escapeHtml(version)}` : ""}. Self-contained: opens offline.</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * Writes the report of a run to one self-contained HTML file and returns its absolute path.
 * `report(result, { path: "out/payday.html" })`
 */
export function report(result: RunResultLike, options: ReportFileOptions): string {
  const api = "report";
  if (typeof options !== "object" || options === null) throw invalidArgument(api, "options", "an object with a path", options);
  if (typeof options.path !== "string" || options.path.trim() === "") throw invalidArgument(api, "options.path", "a file path", options.path);
  const html = reportHtml(result, options);
  const path = resolve(options.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html, "utf8");
  return path;
}

/** The standard charts of a result: service latency and errors, status heatmap, topology with a slider, alert timeline. */
export function standardCharts(
  result: RunResultLike & { graph?: unknown; twin?: { graph?: unknown } },
  options: { services?: readonly string[]; alerts?: readonly AlertRecordLike[]; incidents?: readonly IncidentLike[] } = {},
): { title: string; figure: Figure }[] {
  const store = result.metrics;
  const out: { title: string; figure: Figure }[] = [];
  if (store.recordedSteps === 0) return out;
  const services = options.services ? options.services.slice() : servicesOf(store).slice(0, DEFAULTS.maxServices);
  const metrics = ["latency_ms", "error_rate"].filter((m) => store.hasMetric(m));
  const incidents = options.incidents ?? [];
  if (services.length > 0 && metrics.length > 0) {
    out.push({
      title: "Business services: latency and error rate",
      figure: timeSeries(result, {
        metric: metrics,
        nodes: services,
        log: metrics.includes("latency_ms") ? ["latency_ms"] : [],
        title: "Latency and error rate of the business services (shaded: service impacts; markers: fault events)",
      }),
    });
  }
  if (store.hasMetric("status")) {
    out.push({ title: "Status of every node over time", figure: heatmap(result, { metric: "status", markers: true, bands: incidents.length > 0 ? incidentBands(incidents) : undefined }) });
    const graph = result.twin?.graph ?? result.graph;
    if (graph && isDrawableTopology(graph)) {
      const targets = [...new Set((result.groundTruth?.faults ?? []).map((f) => f.target))];
      const known = new Set(drawnTopology(graph as DrawableTopology).nodes.map((n) => n.id));
      out.push({
        title: "Topology (slider: status over the run; outlined: fault targets)",
        figure: topologyFigure(graph as DrawableTopology, { metrics: store, slider: true, highlight: targets.filter((t) => known.has(t)) }),
      });
    }
  }
  if (options.alerts && options.alerts.length > 0) {
    const end = store.times[store.recordedSteps - 1] + store.recordInterval;
    out.push({ title: "Alert timeline", figure: alertTimeline(options.alerts, { incidents, epochMs: store.epochMs, end }) });
  }
  return out;
}

/** JSON for the scenario block: typed arrays as arrays, functions dropped, so any scenario object prints. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "function") return undefined;
  return value;
}

function packageVersion(): string | undefined {
  try {
    return JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}
