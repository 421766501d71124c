// Baseline vs what-if KPIs per service: one small bar panel per KPI, the fork's change written on its bars.
import { invalidArgument } from "../errors";
import { baseLayout, roundValue, type Figure, type Trace } from "./figure";

/** One service's KPIs (lib/metrics' `ServiceKpi` fits): the `service` id and numeric fields. */
export type KpiRow = { service: string } & Record<string, unknown>;

/** How a KPI is labelled, formatted, and which direction is better. */
export interface KpiFormat {
  label: string;
  /** d3 format for ticks and hovers. */
  format: string;
  /** True when larger is better (availability), false when smaller is (latency). */
  higherIsBetter: boolean;
}

/** Formats of lib/metrics' `ServiceKpi` fields. */
export const KPI_FORMATS: Readonly<Record<string, KpiFormat>> = {
  availability: { label: "availability", format: ".3%", higherIsBetter: true },
  fullyUp: { label: "fully up", format: ".2%", higherIsBetter: true },
  downMinutes: { label: "down (min)", format: ",.0f", higherIsBetter: false },
  degradedMinutes: { label: "degraded (min)", format: ",.0f", higherIsBetter: false },
  meanLatencyMs: { label: "mean latency (ms)", format: ",.1f", higherIsBetter: false },
  p95LatencyMs: { label: "p95 latency (ms)", format: ",.1f", higherIsBetter: false },
  p99LatencyMs: { label: "p99 latency (ms)", format: ",.1f", higherIsBetter: false },
  latencyWithinSlo: { label: "latency within SLO", format: ".1%", higherIsBetter: true },
  meanErrorRate: { label: "mean error rate", format: ".2%", higherIsBetter: false },
  errorBudgetBurn: { label: "error-budget burn", format: ",.2f", higherIsBetter: false },
  timeToRecoverSeconds: { label: "time to recover (s)", format: ",.0f", higherIsBetter: false },
};

const DEFAULTS = {
  metrics: ["availability", "p95LatencyMs", "meanErrorRate", "downMinutes"],
  labels: ["baseline", "what-if"] as [string, string],
  colours: ["#9aa5b1", "#0072b2"],
  better: "#1a7f37",
  worse: "#b2182b",
};

/** Options of `kpiComparison`. */
export interface KpiComparisonOptions {
  /** KPI fields to compare, one panel each (availability, p95LatencyMs, meanErrorRate, downMinutes by default). */
  metrics?: readonly string[];
  /** Names of the two runs ("baseline", "what-if" by default). */
  labels?: readonly [string, string];
  /** Formats of fields beyond `KPI_FORMATS`. */
  formats?: Readonly<Record<string, KpiFormat>>;
  title?: string;
}

/**
 * Grouped bars of baseline vs fork for each KPI and service; the fork's bars carry the relative change,
 * green when better and red when worse.
 * `kpiComparison(serviceKpis(base.metrics, o), serviceKpis(fork.metrics, o))`
 */
export function kpiComparison<T extends { service: string }>(baseline: readonly T[], fork: readonly T[], options: KpiComparisonOptions = {}): Figure {
  const api = "kpiComparison";
  checkRows(api, "baseline", baseline);
  checkRows(api, "fork", fork);
  const metrics = options.metrics ?? DEFAULTS.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) throw invalidArgument(api, "options.metrics", "a non-empty array of KPI field names", metrics);
  const labels = options.labels ?? DEFAULTS.labels;
  const formats = { ...KPI_FORMATS, ...(options.formats ?? {}) };
  const services = [...new Set([...baseline.map((r) => r.service), ...fork.map((r) => r.service)])];
  const baseBy = new Map(baseline.map((r) => [r.service, r as unknown as KpiRow]));
  const forkBy = new Map(fork.map((r) => [r.service, r as unknown as KpiRow]));
  for (const m of metrics) {
    const present = [...baseline, ...fork].some((r) => m in r);
    if (!present) throw invalidArgument(api, "options.metrics", `KPI fields present in the rows (${Object.keys(baseline[0] ?? fork[0] ?? {}).join(", ")})`, m);
  }

  const n = metrics.length;
  const cols = n <= 2 ? n : 2;
  const rowsCount = Math.ceil(n / cols);
  const data: Trace[] = [];
  const layout = baseLayout(options.title ?? `${labels[0]} vs ${labels[1]}`, rowsCount * 280 + 90);
  layout.barmode = "group";
  const annotations: Record<string, unknown>[] = [];
  const gapX = 0.1;
  const gapY = rowsCount > 1 ? 0.16 : 0;
  const w = (1 - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rowsCount - 1)) / rowsCount;
  metrics.forEach((metric, k) => {
    const fmt = formats[metric] ?? { label: metric, format: ",.4~g", higherIsBetter: false };
    const c = k % cols;
    const r = Math.floor(k / cols);
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = c * (w + gapX);
    const y1 = 1 - r * (h + gapY);
    layout[`xaxis${suffix}`] = { domain: [x0, x0 + w], anchor: `y${suffix}`, type: "category", tickfont: { size: 10 } };
    layout[`yaxis${suffix}`] = { domain: [y1 - h, y1], anchor: `x${suffix}`, tickformat: fmt.format, rangemode: "tozero" };
    annotations.push({ text: `<b>${fmt.label}</b>`, xref: "paper", yref: "paper", x: x0, y: y1, xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: 12 } });
    const b = services.map((s) => numeric(baseBy.get(s)?.[metric]));
    const f = services.map((s) => numeric(forkBy.get(s)?.[metric]));
    const changes = services.map((_, i) => change(b[i], f[i], fmt.higherIsBetter));
    data.push({
      type: "bar",
      name: labels[0],
      legendgroup: "baseline",
      showlegend: k === 0,
      x: services,
      y: b.map((v) => roundValue(v)),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      marker: { color: DEFAULTS.colours[0] },
      hovertemplate: `%{x}<br>${labels[0]}: %{y:${fmt.format}}<extra></extra>`,
    });
    data.push({
      type: "bar",
      name: labels[1],
      legendgroup: "fork",
      showlegend: k === 0,
      x: services,
      y: f.map((v) => roundValue(v)),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      marker: { color: DEFAULTS.colours[1], line: { color: changes.map((ch) => (ch.sign > 0 ? DEFAULTS.better : ch.sign < 0 ? DEFAULTS.worse : DEFAULTS.colours[1])), width: 2 } },
      text: changes.map((ch) => ch.text),
      textposition: "outside",
      textfont: { size: 10, color: changes.map((ch) => (ch.sign > 0 ? DEFAULTS.better : ch.sign < 0 ? DEFAULTS.worse : "#555555")) },
      cliponaxis: false,
      hovertemplate: `%{x}<br>${labels[1]}: %{y:${fmt.format}} (%{text})<extra></extra>`,
    });
  });
  layout.annotations = annotations;
  return { data, layout };
}

function checkRows(api: string, field: string, rows: unknown): void {
  if (!Array.isArray(rows)) throw invalidArgument(api, field, "an array of KPI rows with a service field", rows);
  rows.forEach((r, i) => {
    if (typeof r?.service !== "string") throw invalidArgument(api, `${field}[${i}].service`, "a service id", r?.service);
  });
}

function numeric(v: unknown): number {
  return typeof v === "number" ? v : NaN;
}

/** Relative change of the fork against the baseline, and whether it is better (+1), worse (-1) or the same (0). */
function change(base: number, fork: number, higherIsBetter: boolean): { text: string; sign: number } {
  if (!Number.isFinite(base) || !Number.isFinite(fork)) return { text: "n/a", sign: 0 };
  const diff = fork - base;
  if (Math.abs(diff) <= 1e-12 * Math.max(1, Math.abs(base))) return { text: "=", sign: 0 };
  const sign = (diff > 0) === higherIsBetter ? 1 : -1;
  // From zero a percentage means nothing: show the absolute change.
  if (base === 0) return { text: `${diff > 0 ? "+" : "−"}${Number(Math.abs(diff).toPrecision(3))}`, sign };
  const pct = (diff / Math.abs(base)) * 100;
  const text = `${pct > 0 ? "+" : "−"}${Math.abs(pct) >= 10 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toPrecision(2)}%`;
  return { text, sign };
}
