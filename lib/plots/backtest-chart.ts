// Backtest results per rule: precision, recall and F1 side by side, and how long each rule took to detect.
import { invalidArgument } from "../errors";
import { baseLayout, roundValue, type Figure, type Trace } from "./figure";

/** One rule's backtest score, in plain data: fractions in 0..1 (null or NaN when undefined), delays in seconds. */
export interface BacktestRow {
  rule: string;
  precision: number | null;
  recall: number | null;
  /** Computed from precision and recall when absent. */
  f1?: number;
  /** Mean delay from fault start to the first firing alert that detected it; null when nothing was detected. */
  meanDelayS?: number | null;
  /** Every detection delay, when known: drawn as a box per rule. */
  delaysS?: readonly number[];
  truePositives?: number;
  falsePositives?: number;
  falseNegatives?: number;
}

/** A whole backtest as lib/rules' `backtest()` returns it (only the fields read here). */
export interface BacktestResultLike {
  kind: "backtest";
  name?: string;
  windows: number;
  precision?: number | null;
  recall?: number | null;
  f1?: number | null;
  perRule: readonly { rule: string; truePositives: number; falsePositives: number; windowsDetected: number; precision: number | null; meanDelay: number | null }[];
  outcomes?: readonly ({ kind: "detected"; rule: string; delay: number } | { kind: "missed" })[];
}

/** Options of `backtestChart`. */
export interface BacktestChartOptions {
  title?: string;
}

const COLOURS = { precision: "#0072b2", recall: "#e69f00", f1: "#009e73", delay: "#7f7f7f" };

/**
 * Rows of a lib/rules backtest: a rule's recall is the share of all labelled windows it detected, its
 * delays those of the windows it detected first.
 */
export function backtestRows(result: BacktestResultLike): BacktestRow[] {
  return result.perRule.map((r) => {
    const delays = (result.outcomes ?? []).filter((o): o is { kind: "detected"; rule: string; delay: number } => o.kind === "detected" && o.rule === r.rule).map((o) => o.delay);
    return {
      rule: r.rule,
      precision: r.precision,
      recall: result.windows > 0 ? r.windowsDetected / result.windows : null,
      meanDelayS: r.meanDelay,
      ...(result.outcomes ? { delaysS: delays } : {}),
      truePositives: r.truePositives,
      falsePositives: r.falsePositives,
      falseNegatives: result.windows - r.windowsDetected,
    };
  });
}

/**
 * Precision, recall and F1 per rule (left) and detection delays in minutes (right: a box per rule when
 * every delay is known, else the mean). Rules keep the report's order, first at the top. Takes a lib/rules
 * backtest result or plain rows.
 * `backtestChart(backtest(ruleSet, { timeline, labels }))`
 */
export function backtestChart(report: BacktestResultLike | readonly BacktestRow[] | { rules: readonly BacktestRow[] }, options: BacktestChartOptions = {}): Figure {
  const api = "backtestChart";
  const whole = !Array.isArray(report) && (report as BacktestResultLike)?.kind === "backtest" ? (report as BacktestResultLike) : undefined;
  if (whole && !Array.isArray(whole.perRule)) throw invalidArgument(api, "report.perRule", "an array of rule scores", whole.perRule);
  const rows = whole ? backtestRows(whole) : Array.isArray(report) ? report : (report as { rules?: unknown })?.rules;
  if (!Array.isArray(rows)) throw invalidArgument(api, "report", "a backtest result, an array of rule scores or {rules: [...]}", report);
  const list: BacktestRow[] = rows.map((r: BacktestRow, i: number) => {
    if (typeof r?.rule !== "string") throw invalidArgument(api, `rules[${i}].rule`, "a rule name", r?.rule);
    for (const f of ["precision", "recall"] as const) {
      const v = r[f];
      if (v !== null && (typeof v !== "number" || !(Number.isNaN(v) || (v >= 0 && v <= 1)))) throw invalidArgument(api, `rules[${i}].${f}`, "a fraction in 0..1 (null or NaN when undefined)", v);
    }
    return { ...r, precision: r.precision ?? NaN, recall: r.recall ?? NaN };
  });
  const names = list.map((r) => r.rule);
  const order = names.slice().reverse();
  const f1 = list.map((r) => {
    const p = r.precision as number;
    const q = r.recall as number;
    return r.f1 ?? (Number.isNaN(p) || Number.isNaN(q) ? NaN : p + q > 0 ? (2 * p * q) / (p + q) : 0);
  });
  const counts = list.map((r) =>
    r.truePositives === undefined ? "" : `<br>TP ${r.truePositives}, FP ${r.falsePositives ?? "?"}, FN ${r.falseNegatives ?? "?"}`,
  );
  const score = (name: string, values: number[], colour: string): Trace => ({
    type: "bar",
    orientation: "h",
    name,
    x: values.map((v) => roundValue(v, 4)),
    y: names,
    text: counts,
    xaxis: "x",
    yaxis: "y",
    marker: { color: colour },
    hovertemplate: `%{y}<br>${name}: %{x:.0%}%{text}<extra></extra>`,
    textposition: "none",
  });
  const data: Trace[] = [
    score("precision", list.map((r) => r.precision as number), COLOURS.precision),
    score("recall", list.map((r) => r.recall as number), COLOURS.recall),
    score("F1", f1, COLOURS.f1),
  ];
  const withDelays = list.length > 0 && list.every((r) => Array.isArray(r.delaysS));
  if (withDelays) {
    const x: (number | null)[] = [];
    const y: string[] = [];
    list.forEach((r) => {
      for (const d of r.delaysS!) {
        x.push(roundValue(d / 60, 4));
        y.push(r.rule);
      }
    });
    data.push({ type: "box", orientation: "h", name: "detection delay", x, y, xaxis: "x2", yaxis: "y2", marker: { color: COLOURS.delay }, boxpoints: "all", jitter: 0.3, pointpos: 0, hovertemplate: "%{y}: %{x:.1f} min<extra></extra>" });
  } else {
    data.push({
      type: "bar",
      orientation: "h",
      name: "mean detection delay",
      x: list.map((r) => (r.meanDelayS === null || r.meanDelayS === undefined ? null : roundValue(r.meanDelayS / 60, 4))),
      y: names,
      xaxis: "x2",
      yaxis: "y2",
      marker: { color: COLOURS.delay },
      hovertemplate: "%{y}: %{x:.1f} min<extra></extra>",
    });
  }
  const overall = whole ? ` — overall precision ${percent(whole.precision)}, recall ${percent(whole.recall)}, F1 ${percent(whole.f1)}` : "";
  const named = whole?.name ? `Backtest of ${whole.name}` : `Backtest of ${list.length} rule${list.length === 1 ? "" : "s"}`;
  const layout = baseLayout((options.title ?? named) + overall, Math.max(300, list.length * 46 + 150));
  layout.barmode = "group";
  layout.xaxis = { domain: [0, 0.55], range: [0, 1.02], tickformat: ".0%", title: { text: "score" } };
  layout.yaxis = { type: "category", categoryorder: "array", categoryarray: order, automargin: true };
  layout.xaxis2 = { domain: [0.65, 1], anchor: "y2", rangemode: "tozero", title: { text: "detection delay (min)" } };
  layout.yaxis2 = { type: "category", categoryorder: "array", categoryarray: order, anchor: "x2", showticklabels: false };
  layout.margin = { l: 180, r: 30, t: 70, b: 50 };
  return { data, layout };
}

function percent(v: number | null | undefined): string {
  return typeof v === "number" && Number.isFinite(v) ? `${Math.round(v * 100)}%` : "n/a";
}
