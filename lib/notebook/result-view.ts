// A run result at a glance: what ran, per-service KPIs, alerts and incidents counts, service impacts.
import { serviceKpis, type ServiceKpi } from "../metrics/kpis";
import type { MetricsStore } from "../metrics/store";
import type { GroundTruthLike } from "../plots/sources";
import { formatDuration } from "../time";
import { escapeHtml, tableHtml, textTable } from "./html";
import type { View } from "./records-view";
import { simTimeText } from "./sim-time";

/** What a result view reads: a twin's `TwinResult` or a scenario's `ScenarioResult` fit. */
export interface RunResultLike {
  metrics: MetricsStore;
  groundTruth?: GroundTruthLike;
  seed?: number | string;
  horizon?: number;
  stepSeconds?: number;
  kind?: string;
  scenario?: { name?: string; description?: string };
  kpis?: readonly ServiceKpi[];
  alerts?: readonly { kind?: string; notifiedAt?: number }[];
  incidents?: readonly unknown[];
  annotations?: readonly unknown[];
  supervisor?: string;
  warnings?: readonly string[];
  wallSeconds?: number;
}

/** The business services of a store, in recorded order. */
export function servicesOf(store: MetricsStore): string[] {
  return store.nodeIds.filter((_, i) => store.kinds[i] === "business_service");
}

/** KPIs of a result: its own when it carries them, else computed for its business services. */
export function kpisOf(result: RunResultLike): ServiceKpi[] {
  if (result.kpis) return result.kpis.slice();
  const services = servicesOf(result.metrics);
  if (services.length === 0 || !result.metrics.hasMetric("status")) return [];
  return serviceKpis(result.metrics, { services });
}

/** KPI rows for a table: percentages and milliseconds as readable text. */
export function kpiRows(kpis: readonly ServiceKpi[]): Record<string, unknown>[] {
  const pct = (v: number, digits: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : "n/a");
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "n/a");
  return kpis.map((k) => ({
    service: k.service,
    availability: pct(k.availability, 3),
    "p95 latency": ms(k.p95LatencyMs),
    "mean error rate": pct(k.meanErrorRate, 2),
    "down (min)": Math.round(k.downMinutes * 10) / 10,
    "degraded (min)": Math.round(k.degradedMinutes * 10) / 10,
    "budget burn": Number.isFinite(k.errorBudgetBurn) ? Number(k.errorBudgetBurn.toPrecision(3)) : "n/a",
    "meets SLO": k.meetsSlo ? "yes" : "no",
  }));
}

/** Headline facts of a run as label → text pairs. */
export function resultFacts(result: RunResultLike): [string, string][] {
  const store = result.metrics;
  const facts: [string, string][] = [];
  if (result.scenario?.name) facts.push(["scenario", result.scenario.name]);
  if (result.seed !== undefined) facts.push(["seed", String(result.seed)]);
  if (store.recordedSteps > 0) {
    const first = store.times[0];
    const last = store.times[store.recordedSteps - 1];
    facts.push(["simulated", `${simTimeText(first, store.epochMs)} → ${simTimeText(last + store.recordInterval, store.epochMs)} (${formatDuration(last + store.recordInterval - first)})`]);
  }
  facts.push(["recorded", `${store.recordedSteps} steps of ${formatDuration(store.recordInterval)} × ${store.nodeIds.length} nodes × ${store.metricNames.length} metrics`]);
  const truth = result.groundTruth;
  if (truth) facts.push(["ground truth", `${plural(truth.faults?.length ?? 0, "fault")}, ${plural(truth.events?.length ?? 0, "fault event")}, ${plural(truth.impacts?.length ?? 0, "service impact")}`]);
  if (result.alerts) {
    // Structural twin of lib/rules' alertCounts (notebook views take plain records).
    const fired = result.alerts.filter((a) => a.kind === "firing" || a.kind === "resolved");
    const counts = { fired: fired.length, notified: fired.filter((a) => a.notifiedAt !== undefined).length, inhibited: 0 };
    counts.inhibited = counts.fired - counts.notified;
    facts.push(["alerts", `${counts.fired} fired: ${counts.notified} notified, ${counts.inhibited} inhibited (${result.alerts.filter((a) => a.kind === "firing").length} firing at the end)`]);
  }
  if (result.incidents) facts.push(["incidents", String(result.incidents.length)]);
  if (result.annotations) facts.push(["supervisor", `${result.annotations.length} annotation${result.annotations.length === 1 ? "" : "s"}${result.supervisor ? ` by ${result.supervisor}` : ""}`]);
  if (result.wallSeconds !== undefined) facts.push(["wall time", `${result.wallSeconds.toFixed(2)} s`]);
  for (const w of result.warnings ?? []) facts.push(["warning", w]);
  return facts;
}

/** The result as a summary list, a KPI table and the service impacts. */
export function resultView(result: RunResultLike, options: { maxRows?: number } = {}): View {
  const facts = resultFacts(result);
  const kpis = kpiRows(kpisOf(result));
  const store = result.metrics;
  const impacts = (result.groundTruth?.impacts ?? []).map((i) => ({
    service: i.service,
    status: i.status,
    start: simTimeText(i.start, store.epochMs),
    duration: i.end === null ? "ongoing" : formatDuration(i.end - i.start),
    faults: (i.faults ?? []).join(", "),
  }));
  const title = result.scenario?.name ? `Scenario result: ${result.scenario.name}` : "Twin run result";
  const html = [
    `<h3 style="margin:4px 0">${escapeHtml(title)}</h3>`,
    `<dl class="summary">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`,
    kpis.length > 0 ? tableHtml(kpis, { caption: "Service KPIs", maxRows: options.maxRows ?? 20 }) : "",
    impacts.length > 0 ? tableHtml(impacts, { caption: `Service impacts (${impacts.length})`, maxRows: options.maxRows ?? 10 }) : "",
  ].join("\n");
  const text = [
    title,
    ...facts.map(([k, v]) => `  ${k}: ${v}`),
    kpis.length > 0 ? "\n" + textTable(kpis, { caption: "Service KPIs", maxRows: options.maxRows ?? 20 }) : "",
  ]
    .filter((l) => l !== "")
    .join("\n");
  return { html, text };
}

/** "1 fault", "2 faults". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
