// Backtest reports: two backtests side by side, and Markdown for one backtest or a comparison.
import { formatRuleDuration } from "./duration";
import { invalidArgument } from "../errors";
import type { BacktestResult, RuleScore } from "./backtest";

/** Which way is better for each headline metric. */
const METRICS: readonly { key: "precision" | "recall" | "f1" | "meanDelay" | "p95Delay" | "alertsPerDay" | "missed"; label: string; higherIsBetter: boolean }[] = [
  { key: "precision", label: "precision", higherIsBetter: true },
  { key: "recall", label: "recall", higherIsBetter: true },
  { key: "f1", label: "F1", higherIsBetter: true },
  { key: "meanDelay", label: "mean detection delay (s)", higherIsBetter: false },
  { key: "p95Delay", label: "p95 detection delay (s)", higherIsBetter: false },
  { key: "alertsPerDay", label: "alerts per day", higherIsBetter: false },
  { key: "missed", label: "missed windows", higherIsBetter: false },
];

/** One metric of a comparison. */
export interface ComparisonRow {
  metric: string;
  a: number | null;
  b: number | null;
  /** b - a, when both are defined. */
  delta: number | null;
  better: "a" | "b" | "same" | "n/a";
}

/** Two backtests side by side. */
export interface BacktestComparison {
  kind: "backtest_comparison";
  a: string;
  b: string;
  rows: ComparisonRow[];
  perRule: { rule: string; a?: RuleScore; b?: RuleScore }[];
  /** Why the comparison may be unfair (different labels or time spans). */
  warnings: string[];
}

function headline(result: BacktestResult, key: (typeof METRICS)[number]["key"]): number | null {
  switch (key) {
    case "meanDelay":
      return result.detectionDelay?.mean ?? null;
    case "p95Delay":
      return result.detectionDelay?.p95 ?? null;
    default:
      return result[key];
  }
}

/** Compares two backtests metric by metric (say, production vs candidate on the same telemetry and labels). */
export function compareBacktests(a: BacktestResult, b: BacktestResult): BacktestComparison {
  for (const [field, value] of [["a", a], ["b", b]] as const) {
    if (value === null || typeof value !== "object" || value.kind !== "backtest") throw invalidArgument("compareBacktests", field, "a backtest result", value);
  }
  const rows = METRICS.map(({ key, label, higherIsBetter }) => {
    const va = headline(a, key);
    const vb = headline(b, key);
    const delta = va === null || vb === null ? null : vb - va;
    const better = delta === null ? "n/a" : Math.abs(delta) < 1e-12 ? "same" : (delta > 0) === higherIsBetter ? "b" : "a";
    return { metric: label, a: va, b: vb, delta, better } as ComparisonRow;
  });
  const rules = [...new Set([...a.perRule.map((r) => r.rule), ...b.perRule.map((r) => r.rule)])];
  const perRule = rules.map((rule) => {
    const entry: { rule: string; a?: RuleScore; b?: RuleScore } = { rule };
    const ra = a.perRule.find((r) => r.rule === rule);
    const rb = b.perRule.find((r) => r.rule === rule);
    if (ra) entry.a = ra;
    if (rb) entry.b = rb;
    return entry;
  });
  const warnings: string[] = [];
  if (a.windows !== b.windows) warnings.push(`different label sets: ${a.windows} windows vs ${b.windows}`);
  if (a.start !== b.start || a.end !== b.end) warnings.push(`different time spans: ${a.start}..${a.end} vs ${b.start}..${b.end}`);
  return { kind: "backtest_comparison", a: a.name, b: b.name, rows, perRule, warnings };
}

function show(value: number | null, digits = 3): string {
  return value === null ? "n/a" : String(Number(value.toFixed(digits)));
}

/** A backtest as a markdown summary (headline metrics, then per rule). */
export function backtestMarkdown(result: BacktestResult): string {
  const lines = [
    `### Backtest: ${result.name}`,
    "",
    `${result.steps} steps over ${show(result.days, 2)} days; ${result.windows} labelled windows; grace ${formatRuleDuration(result.grace)}.`,
    "",
    "| metric | value |",
    "|---|---|",
    `| precision | ${show(result.precision)} |`,
    `| recall | ${show(result.recall)} |`,
    `| F1 | ${show(result.f1)} |`,
    `| mean detection delay (s) | ${show(result.detectionDelay?.mean ?? null, 1)} |`,
    `| p95 detection delay (s) | ${show(result.detectionDelay?.p95 ?? null, 1)} |`,
    `| alerts per day | ${show(result.alertsPerDay, 2)} |`,
    `| alerts (true / false positive) | ${result.alerts} (${result.truePositives} / ${result.falsePositives}) |`,
    `| suppressed by inhibition | ${result.suppressed} |`,
    `| windows detected / missed | ${result.detected} / ${result.missed} |`,
    "",
    "| rule | alerts | true pos. | false pos. | windows detected | precision | mean delay (s) |",
    "|---|---|---|---|---|---|---|",
    ...result.perRule.map((r) => `| ${r.rule} | ${r.alerts} | ${r.truePositives} | ${r.falsePositives} | ${r.windowsDetected} | ${show(r.precision)} | ${show(r.meanDelay, 1)} |`),
  ];
  return lines.join("\n");
}

/** A comparison as a markdown table. */
export function comparisonMarkdown(comparison: BacktestComparison): string {
  const lines = [
    `| metric | ${comparison.a} | ${comparison.b} | delta | better |`,
    "|---|---|---|---|---|",
    ...comparison.rows.map((r) => `| ${r.metric} | ${show(r.a)} | ${show(r.b)} | ${show(r.delta)} | ${r.better === "a" ? comparison.a : r.better === "b" ? comparison.b : r.better} |`),
  ];
  if (comparison.warnings.length > 0) lines.push("", ...comparison.warnings.map((w) => `Warning: ${w}.`));
  return lines.join("\n");
}
