// `show(x)`: picks the rich form of whatever it is given (figure, DataFrame, graph, result, alerts, incidents, annotations, records) and displays it.
import { inspect } from "node:util";
import { backtestChart, type BacktestResultLike } from "../plots/backtest-chart";
import { isFigure, type Figure } from "../plots/figure";
import { isResultLike, isStoreLike } from "../plots/sources";
import { topologyFigure } from "../plots/topology-figure";
import type { Annotation } from "../llm/queue";
import type { SupervisorAnswer } from "../llm/types";
import type { MetricsStore } from "../metrics/store";
import { annotationCard, answerHtml } from "./annotation-card";
import { displayBundle, type DisplayHandle } from "./display";
import { figureBundle } from "./figure-bundle";
import { frameView, isDataFrameLike } from "./frame-table";
import { styledHtml, tableHtml, textTable } from "./html";
import { currentSink, textSink, type MimeBundle } from "./kernel";
import { isPlotlyEmbedded, markPlotlyEmbedded, plotlyLibrary, plotlyScriptTag } from "./plotly-library";
import { alertsView, groundTruthView, incidentsView, type AlertRecordLike, type IncidentLike, type View } from "./records-view";
import { resultView, type RunResultLike } from "./result-view";
import { formatAnswer } from "../llm/format-answer";
import { ingestReportView, isIngestReport } from "./ingest-view";

/** Options of `show` and `bundleOf`. */
export interface ShowOptions {
  /** Rows of tables before "… N more rows" (20 by default). */
  maxRows?: number;
  /** Wall-clock ms of simulated time 0 for alert and incident times (taken from a result when there is one). */
  epochMs?: number;
  /** Show into this display, replacing what it showed (live charts, tables that refresh). */
  display?: DisplayHandle;
}

/** The MIME bundle of a view: styled HTML and text. */
export function viewBundle(view: View): MimeBundle {
  return { data: { "text/html": styledHtml(view.html), "text/plain": view.text }, metadata: {} };
}

const ANSWER_KINDS = new Set(["summary", "diagnosis", "action_plan", "what_ifs"]);

function isAlert(v: unknown): v is AlertRecordLike {
  const a = v as AlertRecordLike;
  return typeof a === "object" && a !== null && typeof a.rule === "string" && typeof a.node === "string" && typeof a.activeAt === "number";
}
function isIncident(v: unknown): v is IncidentLike {
  const i = v as IncidentLike;
  return typeof i === "object" && i !== null && typeof i.id === "string" && typeof i.openedAt === "number" && Array.isArray(i.alertIds);
}
function isAnnotation(v: unknown): v is Annotation {
  const a = v as Annotation;
  return typeof a === "object" && a !== null && typeof a.id === "string" && typeof a.request === "string" && typeof a.status === "string" && typeof a.simTime === "number";
}
function isAnswer(v: unknown): v is SupervisorAnswer {
  const a = v as SupervisorAnswer;
  return typeof a === "object" && a !== null && ANSWER_KINDS.has(a.kind) && typeof a.supervisor === "string";
}
function isGraph(v: unknown): boolean {
  const g = v as { forEachNode?: unknown; forEachEdge?: unknown; nodes?: unknown; node?: unknown; edges?: unknown; backend?: unknown };
  return typeof g === "object" && g !== null && ((typeof g.forEachNode === "function" && typeof g.forEachEdge === "function") || (typeof g.backend === "string" && typeof g.nodes === "function" && typeof g.edges === "function"));
}
function isGroundTruth(v: unknown): boolean {
  const g = v as { faults?: unknown; events?: unknown; impacts?: unknown } | null;
  return typeof g === "object" && g !== null && Array.isArray(g.faults) && Array.isArray(g.events) && Array.isArray(g.impacts);
}
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The MIME bundle `show` would display for a value (figures without the plotly library: `show` adds it the
 * first time). Arrays of figures are not bundles; `show` displays them one by one.
 */
export function bundleOf(value: unknown, options: ShowOptions = {}): MimeBundle {
  const maxRows = options.maxRows;
  if (isFigure(value)) return figureBundle(value);
  if (isDataFrameLike(value)) return viewBundle(frameView(value, { maxRows }));
  if (isColumnar(value)) return viewBundle(columnarView(value, maxRows ?? 20));
  if (isTwinLike(value)) return viewBundle(resultView(value.result() as unknown as RunResultLike, { maxRows }));
  if (isResultLike(value)) return viewBundle(resultView(value as unknown as RunResultLike, { maxRows }));
  if (isStoreLike(value)) return viewBundle(storeView(value as unknown as MetricsStore));
  if (isGraph(value)) return figureBundle(topologyFigure(value as Parameters<typeof topologyFigure>[0]));
  if ((value as BacktestResultLike)?.kind === "backtest" && Array.isArray((value as BacktestResultLike).perRule)) return figureBundle(backtestChart(value as BacktestResultLike));
  if (isIngestReport(value)) return viewBundle(ingestReportView(value, { maxRows }));
  if (isGroundTruth(value)) return viewBundle(groundTruthView(value as Parameters<typeof groundTruthView>[0], { maxRows, epochMs: options.epochMs }));
  if (isAnnotation(value)) return viewBundle(annotationCard(value, { epochMs: options.epochMs }));
  if (isAnswer(value)) return viewBundle({ html: `<div class="card answered">${answerHtml(value)}</div>`, text: formatAnswer(value) });
  if (isAlert(value)) return viewBundle(alertsView([value], { maxRows, epochMs: options.epochMs }));
  if (isIncident(value)) return viewBundle(incidentsView([value], { maxRows, epochMs: options.epochMs }));
  if (Array.isArray(value)) return arrayBundle(value, options);
  if (isPlainRecord(value) && Object.values(value).every((v) => v === null || typeof v !== "object")) {
    const rows = Object.entries(value).map(([key, v]) => ({ key, value: v }));
    return viewBundle({ html: tableHtml(rows, { maxRows: maxRows ?? 50 }), text: textTable(rows, { maxRows: maxRows ?? 50 }) });
  }
  const text = typeof value === "string" ? value : inspect(value, { depth: 4, colors: false, maxArrayLength: 50 });
  return { data: { "text/plain": text }, metadata: {} };
}

function arrayBundle(items: readonly unknown[], options: ShowOptions): MimeBundle {
  const maxRows = options.maxRows;
  if (items.length > 0) {
    if (items.every(isAlert)) return viewBundle(alertsView(items, { maxRows, epochMs: options.epochMs }));
    if (items.every(isIncident)) return viewBundle(incidentsView(items, { maxRows, epochMs: options.epochMs }));
    if (items.every(isAnnotation)) {
      const cards = items.map((a) => annotationCard(a, { epochMs: options.epochMs }));
      return viewBundle({ html: cards.map((c) => c.html).join("\n"), text: cards.map((c) => c.text).join("\n\n") });
    }
    if (items.every(isPlainRecord)) return viewBundle({ html: tableHtml(items, { maxRows }), text: textTable(items, { maxRows }) });
  }
  const text = inspect(items, { depth: 3, colors: false, maxArrayLength: 50 });
  return { data: { "text/plain": text }, metadata: {} };
}

/** A store query result (`store.query(...)`): columns of equal length, numbers in Float64Array. */
interface ColumnarLike {
  kind: "columnar";
  names: string[];
  rows: number;
  columns: Record<string, ArrayLike<unknown>>;
}
function isColumnar(v: unknown): v is ColumnarLike {
  const c = v as ColumnarLike;
  return typeof c === "object" && c !== null && c.kind === "columnar" && Array.isArray(c.names) && typeof c.rows === "number" && typeof c.columns === "object";
}
function columnarView(result: ColumnarLike, maxRows: number): View {
  // Only the rows shown are turned into objects: a result of millions of rows displays in constant time.
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.min(result.rows, maxRows); i++) {
    const row: Record<string, unknown> = {};
    for (const name of result.names) {
      const v = result.columns[name][i];
      row[name] = typeof v === "number" && Number.isNaN(v) ? null : v;
    }
    rows.push(row);
  }
  const options = { columns: result.names, maxRows, totalRows: result.rows };
  return { html: tableHtml(rows, options), text: textTable(rows, options) };
}

function isTwinLike(v: unknown): v is { result(): unknown } {
  const t = v as { result?: unknown; metrics?: unknown; env?: unknown };
  return typeof t === "object" && t !== null && typeof t.result === "function" && isStoreLike(t.metrics) && t.env !== undefined;
}

function storeView(store: MetricsStore): View {
  const rows = [
    { field: "nodes", value: store.nodeIds.length },
    { field: "metrics", value: store.metricNames.join(", ") },
    { field: "recorded steps", value: store.recordedSteps },
    { field: "record interval (s)", value: store.recordInterval },
    { field: "first time (s)", value: store.recordedSteps > 0 ? store.times[0] : "" },
    { field: "last time (s)", value: store.recordedSteps > 0 ? store.times[store.recordedSteps - 1] : "" },
  ];
  return { html: tableHtml(rows, { caption: "Metrics store" }), text: textTable(rows, { caption: "Metrics store" }) };
}

/**
 * Displays a value in its richest form: figures as plotly (JSON for JupyterLab/VS Code, HTML with plotly.js
 * embedded once per notebook for classic Notebook and nbconvert, a text line), DataFrames and records as
 * tables with a row limit, graphs as topology drawings coloured by status, results as summaries with KPIs,
 * alerts/incidents as tables, supervisor annotations as cards. Outside a kernel it prints the text form.
 * `show(timeSeries(result, { metric: "latency_ms" }))`
 */
export function show(value: unknown, options: ShowOptions = {}): void {
  if (Array.isArray(value) && value.length > 0 && value.every(isFigure)) {
    for (const figure of value) show(figure, options);
    return;
  }
  const epochMs = options.epochMs ?? (isResultLike(value) ? value.metrics.epochMs : undefined);
  const bundle = bundleOf(value, { ...options, epochMs });
  const plotly = bundle.data["application/vnd.plotly.v1+json"] as Figure | undefined;
  if (plotly) {
    if (currentSink() === textSink) {
      // No page to draw in: do not build an 11 MB string for nothing.
      send({ data: { "text/plain": bundle.data["text/plain"] }, metadata: {} }, options);
      return;
    }
    if (!isPlotlyEmbedded()) {
      const withLibrary = figureBundle(plotly, { includeLibrary: true });
      send(withLibrary, options);
      markPlotlyEmbedded(true);
      return;
    }
  }
  send(bundle, options);
}

function send(bundle: MimeBundle, options: ShowOptions): void {
  if (options.display) options.display.show(bundle);
  else displayBundle(bundle);
}

/**
 * Embeds plotly.js in the notebook now, for figures shown after it; run it again after clearing all outputs
 * or reloading a classic notebook whose first figure output is gone.
 */
export function embedPlotly(): void {
  const { version } = plotlyLibrary();
  if (currentSink() === textSink) return;
  displayBundle({ data: { "text/html": plotlyScriptTag(), "text/plain": `plotly.js ${version} embedded` }, metadata: {} });
  markPlotlyEmbedded(true);
}
