// Promotion: a candidate rule set replaces production only when its backtest meets the analyst's thresholds; the report says why.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument } from "../errors";
import { backtestMarkdown, compareBacktests, comparisonMarkdown } from "./backtest-report";
import type { BacktestResult } from "./backtest";
import { parseRuleDuration, type RuleDuration } from "./duration";
import { ruleSetToJson } from "./parse";
import { toPrometheusRules, type PrometheusExportOptions } from "./prometheus";

const DEFAULTS = { file: "production.rules.json", tolerance: 0 };

/** What a candidate must achieve. At least one threshold is required. */
export interface PromotionThresholds {
  minPrecision?: number;
  minRecall?: number;
  minF1?: number;
  /** Mean detection delay at most this (duration or seconds). */
  maxMeanDelay?: RuleDuration;
  maxP95Delay?: RuleDuration;
  maxAlertsPerDay?: number;
  /** Precision, recall and F1 no lower than production's, minus `tolerance` (0 by default). */
  noWorseThanProduction?: boolean | { tolerance?: number };
}

/** Options of `promote`: the thresholds, the production backtest to compare with, and where to write. */
export interface PromoteOptions {
  /** What the candidate must reach (at least one). */
  thresholds: PromotionThresholds;
  /** A backtest of the current production set on the same telemetry and labels; needed by `noWorseThanProduction`. */
  production?: BacktestResult;
  /** Folder of the production rule set; created when missing. */
  dir: string;
  /** File name of the production set in `dir`; "production.rules.json" by default. Reports go beside it. */
  file?: string;
  /** Also write the promoted rules that map to PromQL as `<file stem>.prometheus.yml`. */
  prometheus?: boolean | PrometheusExportOptions;
  /** A timestamp to print in the report (left out by default, so reports are reproducible). */
  at?: string;
}

/** One threshold check. */
export interface PromotionCheck {
  name: string;
  passed: boolean;
  actual: number | null;
  threshold: number;
  message: string;
}

/** The decision and where it was written. */
export interface PromotionDecision {
  kind: "promoted" | "rejected";
  candidate: string;
  production?: string;
  checks: PromotionCheck[];
  /** Messages of the failed checks (empty when promoted). */
  reasons: string[];
  files: { rules?: string; report: string; json: string; prometheus?: string };
}

function checkRange(api: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !(value >= min && value <= max)) throw invalidArgument(api, field, `a number in [${min}, ${max}]`, value);
  return value;
}

function fmt(value: number | null): string {
  return value === null ? "n/a" : Number.isFinite(value) ? String(Number(value.toFixed(3))) : String(value);
}

/**
 * Decides whether `candidate` (a backtest of the candidate set) may replace production (`options.production`) and records why:
 * writes `<dir>/<file>` with the candidate's rules when every threshold passes, and always
 * `<stem>.promotion.md` and `<stem>.promotion.json` beside it. `production` (a backtest of the current set
 * on the same telemetry and labels) is compared side by side and needed by `noWorseThanProduction`.
 */
export function promote(candidate: BacktestResult, options: PromoteOptions): PromotionDecision {
  const api = "promote";
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "{ thresholds, dir, production? }", options);
  const { production, thresholds } = options;
  if (candidate === null || typeof candidate !== "object" || candidate.kind !== "backtest") throw invalidArgument(api, "candidate", "a backtest result", candidate);
  if (production !== undefined && (production === null || typeof production !== "object" || production.kind !== "backtest")) {
    throw invalidArgument(api, "production", "a backtest result or undefined", production);
  }
  if (thresholds === null || typeof thresholds !== "object") throw invalidArgument(api, "thresholds", "an object of thresholds", thresholds);
  if (options === null || typeof options !== "object" || typeof options.dir !== "string" || options.dir === "") throw invalidArgument(api, "options.dir", "a folder path", options?.dir);
  const file = options.file ?? DEFAULTS.file;
  if (typeof file !== "string" || !file.endsWith(".json") || file.includes("/") || file.includes("\\")) throw invalidArgument(api, "options.file", 'a file name ending in ".json"', file);

  const checks: PromotionCheck[] = [];
  const atLeast = (name: string, actual: number | null, threshold: number) =>
    checks.push({ name, actual, threshold, passed: actual !== null && actual >= threshold, message: `${name} ${fmt(actual)} ${actual !== null && actual >= threshold ? ">=" : "is below"} ${fmt(threshold)}` });
  const atMost = (name: string, actual: number | null, threshold: number) =>
    checks.push({ name, actual, threshold, passed: actual !== null && actual <= threshold, message: `${name} ${fmt(actual)} ${actual !== null && actual <= threshold ? "<=" : "is above"} ${fmt(threshold)}` });
  const seconds = (field: string, value: RuleDuration) => {
    const s = parseRuleDuration(value);
    if (s === undefined) throw invalidArgument(api, field, 'a duration such as "2m" or seconds', value);
    return s;
  };
  if (thresholds.minPrecision !== undefined) atLeast("precision", candidate.precision, checkRange(api, "thresholds.minPrecision", thresholds.minPrecision, 0, 1));
  if (thresholds.minRecall !== undefined) atLeast("recall", candidate.recall, checkRange(api, "thresholds.minRecall", thresholds.minRecall, 0, 1));
  if (thresholds.minF1 !== undefined) atLeast("F1", candidate.f1, checkRange(api, "thresholds.minF1", thresholds.minF1, 0, 1));
  if (thresholds.maxMeanDelay !== undefined) atMost("mean detection delay (s)", candidate.detectionDelay?.mean ?? null, seconds("thresholds.maxMeanDelay", thresholds.maxMeanDelay));
  if (thresholds.maxP95Delay !== undefined) atMost("p95 detection delay (s)", candidate.detectionDelay?.p95 ?? null, seconds("thresholds.maxP95Delay", thresholds.maxP95Delay));
  if (thresholds.maxAlertsPerDay !== undefined) atMost("alerts per day", candidate.alertsPerDay, checkRange(api, "thresholds.maxAlertsPerDay", thresholds.maxAlertsPerDay, 0, Infinity));
  if (thresholds.noWorseThanProduction) {
    if (production === undefined) throw invalidArgument(api, "production", "a backtest of the production set (noWorseThanProduction compares with it)", production);
    const tolerance = typeof thresholds.noWorseThanProduction === "object" ? (thresholds.noWorseThanProduction.tolerance ?? DEFAULTS.tolerance) : DEFAULTS.tolerance;
    checkRange(api, "thresholds.noWorseThanProduction.tolerance", tolerance, 0, 1);
    for (const key of ["precision", "recall", "f1"] as const) {
      const base = production[key];
      if (base === null) continue;
      atLeast(`${key === "f1" ? "F1" : key} vs production`, candidate[key], Number((base - tolerance).toFixed(12)));
    }
  }
  if (checks.length === 0) throw invalidArgument(api, "thresholds", "at least one threshold (minPrecision, minRecall, minF1, maxMeanDelay, maxP95Delay, maxAlertsPerDay, noWorseThanProduction)", thresholds);

  const failed = checks.filter((c) => !c.passed);
  const kind = failed.length === 0 ? "promoted" : "rejected";
  mkdirSync(options.dir, { recursive: true });
  const stem = file.replace(/\.json$/, "");
  const files: PromotionDecision["files"] = { report: join(options.dir, `${stem}.promotion.md`), json: join(options.dir, `${stem}.promotion.json`) };
  let prometheusSummary: string[] = [];
  if (kind === "promoted") {
    files.rules = join(options.dir, file);
    writeFileSync(files.rules, JSON.stringify(ruleSetToJson(candidate.ruleSet), null, 2) + "\n");
    if (options.prometheus) {
      const exported = toPrometheusRules(candidate.ruleSet, typeof options.prometheus === "object" ? options.prometheus : {});
      files.prometheus = join(options.dir, `${stem}.prometheus.yml`);
      writeFileSync(files.prometheus, exported.yaml);
      prometheusSummary = [
        "",
        "## Prometheus export",
        "",
        `Exported: ${exported.exported.map((e) => e.rule).join(", ") || "none"}.`,
        ...exported.skipped.map((s) => `- skipped ${s.rule}: ${s.reason}`),
        ...exported.notes.map((n) => `- note on ${n.rule}: ${n.note}`),
      ];
    }
  }
  const decision: PromotionDecision = {
    kind,
    candidate: candidate.name,
    checks,
    reasons: failed.map((c) => c.message),
    files,
  };
  if (production !== undefined) decision.production = production.name;

  const md = [
    `# Promotion of rule set "${candidate.name}": ${kind === "promoted" ? "PROMOTED" : "REJECTED"}`,
    "",
    ...(options.at ? [`Decided at ${options.at}.`, ""] : []),
    kind === "promoted"
      ? `Every threshold passed; the candidate was written to \`${file}\`${production ? `, replacing "${production.name}"` : ""}.`
      : `Not promoted: ${failed.map((c) => c.message).join("; ")}. \`${file}\` was left unchanged.`,
    "",
    "| check | value | threshold | passed |",
    "|---|---|---|---|",
    ...checks.map((c) => `| ${c.name} | ${fmt(c.actual)} | ${fmt(c.threshold)} | ${c.passed ? "yes" : "**no**"} |`),
    "",
    backtestMarkdown(candidate),
    ...(production ? ["", "## Candidate vs production", "", comparisonMarkdown(compareBacktests(production, candidate)), "", backtestMarkdown(production)] : []),
    ...prometheusSummary,
    "",
  ].join("\n");
  writeFileSync(files.report, md);
  const summary = (r: BacktestResult) => ({
    name: r.name,
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    detectionDelay: r.detectionDelay,
    alertsPerDay: r.alertsPerDay,
    alerts: r.alerts,
    windows: r.windows,
    detected: r.detected,
    perRule: r.perRule,
  });
  writeFileSync(
    files.json,
    JSON.stringify({ ...decision, ...(options.at ? { at: options.at } : {}), thresholds, candidateBacktest: summary(candidate), productionBacktest: production ? summary(production) : undefined }, null, 2) + "\n",
  );
  return decision;
}
