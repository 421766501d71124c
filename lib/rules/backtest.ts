// Backtesting: run a rule set over recorded telemetry and score its alerts against labelled incident windows (reports and comparisons: backtest-report.ts).
import { invalidArgument } from "../errors";
import type { AlertTransition, Incident, RuleAlert } from "./alerts";
import { parseRuleDuration, type RuleDuration } from "./duration";
import { withAnomalyFacts } from "./anomaly-facts";
import { RuleEngine } from "./engine";
import { parseLabels, type LabelWindow } from "./labels";
import type { Timeline } from "./timeline";
import type { RuleTopology } from "./topology";
import type { RuleSet, Severity } from "./types";

const DEFAULTS = { grace: 300, countInhibited: false };

/** Options of `backtest`. */
export interface BacktestOptions {
  /** For inhibition, grouping, and scoring alerts on nodes that depend on a labelled node. */
  topology?: RuleTopology;
  /** How long after a window ends an alert still counts as detecting it; "5m" by default. */
  grace?: RuleDuration;
  /** Count inhibited alerts (Alertmanager would not notify them); false by default. */
  countInhibited?: boolean;
  evaluator?: "compiled" | "json-rules-engine";
  /** Name shown in reports; the rule set's name by default. */
  name?: string;
}

/** What a backtest replays and scores: the telemetry, the labelled windows, and the options. */
export interface BacktestRequest extends BacktestOptions {
  /** The telemetry, step by step (timelineFromStore, timelineFromLongCsv, timelineFromSteps). */
  timeline: Timeline;
  /** Labelled fault windows `{node, start, end, kind?}`, or anything `parseLabels` reads; `[]` for a quiet stretch. */
  labels: readonly LabelWindow[] | unknown;
}

/** One fired alert and how it scored. */
export interface AlertEpisode {
  /** "true_positive": notified within a label window; "false_positive": notified outside all; "suppressed": fired but never notified (inhibited throughout). */
  kind: "true_positive" | "false_positive" | "suppressed";
  alertId: string;
  rule: string;
  node: string;
  severity: Severity;
  activeAt: number;
  firedAt: number;
  /** First time the alert fired while not inhibited (what Alertmanager would send). */
  notifiedAt?: number;
  resolvedAt?: number;
  /** Ids of the label windows it detected. */
  windows: string[];
}

/** How one label window fared. */
export type WindowOutcome =
  | { kind: "detected"; window: LabelWindow; alertId: string; rule: string; node: string; delay: number }
  | { kind: "missed"; window: LabelWindow };

/** Detection delay statistics in seconds. */
export interface DelayStats {
  mean: number;
  median: number;
  p95: number;
  max: number;
}

/** Scores of one rule. */
export interface RuleScore {
  rule: string;
  alerts: number;
  truePositives: number;
  falsePositives: number;
  windowsDetected: number;
  precision: number | null;
  meanDelay: number | null;
}

/** Recall per label kind. */
export interface KindScore {
  kind: string;
  windows: number;
  detected: number;
  recall: number;
}

/** What a backtest measured. Ratios are null when undefined (precision with no alert, recall with no window). */
export interface BacktestResult {
  kind: "backtest";
  name: string;
  ruleSet: RuleSet;
  /** First and last evaluated times (seconds) and step count. */
  start: number;
  end: number;
  steps: number;
  /** Length of the run in days (last - first time plus one step). */
  days: number;
  grace: number;
  /** Notified alerts (or fired, with countInhibited). */
  alerts: number;
  truePositives: number;
  falsePositives: number;
  /** Fired but inhibited throughout (not counted as alerts unless countInhibited). */
  suppressed: number;
  windows: number;
  detected: number;
  missed: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  detectionDelay: DelayStats | null;
  alertsPerDay: number | null;
  perRule: RuleScore[];
  perKind: KindScore[];
  outcomes: WindowOutcome[];
  episodes: AlertEpisode[];
  history: readonly AlertTransition[];
  incidents: Incident[];
}

interface Prepared {
  engine: RuleEngine;
  labels: LabelWindow[];
  grace: number;
  name: string;
}

function prepare(api: string, ruleSet: RuleSet, options: BacktestRequest): Prepared {
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "{ timeline, labels, ... }", options);
  const { timeline, labels } = options;
  if (timeline === null || typeof timeline !== "object" || typeof (timeline as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw invalidArgument(api, "options.timeline", "a Timeline (timelineFromStore, timelineFromLongCsv, timelineFromSteps)", timeline);
  }
  const grace = parseRuleDuration(options.grace ?? DEFAULTS.grace);
  if (grace === undefined) throw invalidArgument(api, "options.grace", 'a duration such as "5m"', options.grace);
  const windows = parseLabels(labels, { epochMs: timeline.epochMs }, api);
  return { engine: new RuleEngine(ruleSet, { topology: options.topology, evaluator: options.evaluator }), labels: windows, grace, name: options.name ?? ruleSet.name };
}

/**
 * Runs `ruleSet` over every step of `options.timeline` and scores its alerts against `options.labels` (windows
 * `{node, start, end, kind?}`, or anything `parseLabels` reads). An alert counts when it notifies
 * (fires while not inhibited) at a time in [start, end + grace] of a window on its node or on a node its
 * node depends on (per `options.topology`); detection delay is that time minus the window's start.
 * Synchronous; use `backtestAsync` for sets with rules that run on json-rules-engine.
 */
export function backtest(ruleSet: RuleSet, options: BacktestRequest): BacktestResult {
  const prepared = prepare("backtest", ruleSet, options);
  const times: number[] = [];
  for (const { time, facts } of withAnomalyFacts(options.timeline, ruleSet)) {
    prepared.engine.evaluate(time, facts);
    times.push(time);
  }
  return score(prepared, ruleSet, times, options);
}

/** `backtest` for any rule set, awaiting json-rules-engine where rules need it. */
export async function backtestAsync(ruleSet: RuleSet, options: BacktestRequest): Promise<BacktestResult> {
  const prepared = prepare("backtestAsync", ruleSet, options);
  const times: number[] = [];
  for (const { time, facts } of withAnomalyFacts(options.timeline, ruleSet)) {
    await prepared.engine.evaluateAsync(time, facts);
    times.push(time);
  }
  return score(prepared, ruleSet, times, options);
}

/** First notification time per alert: firing and not inhibited once all transitions of a step are applied. */
function notificationTimes(history: readonly AlertTransition[]): Map<string, number> {
  const firing = new Set<string>();
  const inhibited = new Set<string>();
  const notified = new Map<string, number>();
  let k = 0;
  while (k < history.length) {
    const time = history[k].time;
    const touched: string[] = [];
    for (; k < history.length && history[k].time === time; k++) {
      const t = history[k];
      touched.push(t.alertId);
      if (t.kind === "firing") firing.add(t.alertId);
      else if (t.kind === "resolved") firing.delete(t.alertId);
      else if (t.kind === "inhibited") inhibited.add(t.alertId);
      else if (t.kind === "uninhibited") inhibited.delete(t.alertId);
    }
    for (const id of touched) if (firing.has(id) && !inhibited.has(id) && !notified.has(id)) notified.set(id, time);
  }
  return notified;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function delayStats(delays: number[]): DelayStats | null {
  if (delays.length === 0) return null;
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = ((sorted.length - 1) * p) / 100;
    const low = Math.floor(rank);
    return low + 1 < sorted.length ? sorted[low] + (rank - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
  };
  return { mean: sorted.reduce((s, d) => s + d, 0) / sorted.length, median: at(50), p95: at(95), max: sorted[sorted.length - 1] };
}

function score(prepared: Prepared, ruleSet: RuleSet, times: number[], options: BacktestOptions): BacktestResult {
  const { engine, labels, grace, name } = prepared;
  const countInhibited = options.countInhibited ?? DEFAULTS.countInhibited;
  const topology = options.topology;
  const history = engine.history();
  const notified = notificationTimes(history);
  const fired = engine.allAlerts().filter((a): a is Extract<RuleAlert, { firedAt: number }> => a.kind === "firing" || a.kind === "resolved");
  fired.sort((a, b) => a.firedAt - b.firedAt || (a.id < b.id ? -1 : 1));
  const affects = (node: string, labelled: string) => node === labelled || (topology !== undefined && topology.dependsOn(node, labelled));

  const episodes: AlertEpisode[] = [];
  const best = new Map<string, { delay: number; alertId: string; rule: string; node: string }>();
  const ruleBest = new Map<string, Map<string, number>>();
  for (const alert of fired) {
    const notifiedAt = notified.get(alert.id);
    const at = countInhibited ? alert.firedAt : notifiedAt;
    const matched: string[] = [];
    if (at !== undefined) {
      for (const window of labels) {
        if (at < window.start || at > window.end + grace || !affects(alert.node, window.node)) continue;
        matched.push(window.id!);
        const delay = at - window.start;
        const current = best.get(window.id!);
        if (current === undefined || delay < current.delay) best.set(window.id!, { delay, alertId: alert.id, rule: alert.rule, node: alert.node });
        const perRule = ruleBest.get(alert.rule) ?? new Map<string, number>();
        if (!perRule.has(window.id!) || delay < perRule.get(window.id!)!) perRule.set(window.id!, delay);
        ruleBest.set(alert.rule, perRule);
      }
    }
    const episode: AlertEpisode = {
      kind: at === undefined ? "suppressed" : matched.length > 0 ? "true_positive" : "false_positive",
      alertId: alert.id,
      rule: alert.rule,
      node: alert.node,
      severity: alert.severity,
      activeAt: alert.activeAt,
      firedAt: alert.firedAt,
      windows: matched,
    };
    if (notifiedAt !== undefined) episode.notifiedAt = notifiedAt;
    if (alert.kind === "resolved") episode.resolvedAt = alert.resolvedAt;
    episodes.push(episode);
  }

  const outcomes: WindowOutcome[] = labels.map((window) => {
    const hit = best.get(window.id!);
    return hit ? { kind: "detected", window, ...hit } : { kind: "missed", window };
  });
  const truePositives = episodes.filter((e) => e.kind === "true_positive").length;
  const falsePositives = episodes.filter((e) => e.kind === "false_positive").length;
  const alerts = truePositives + falsePositives;
  const detected = outcomes.filter((o) => o.kind === "detected").length;
  const precision = ratio(truePositives, alerts);
  const recall = ratio(detected, labels.length);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const start = times.length > 0 ? times[0] : 0;
  const end = times.length > 0 ? times[times.length - 1] : 0;
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const step = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
  const seconds = end - start + step;
  const days = seconds / 86400;

  const perRule: RuleScore[] = ruleSet.rules.map((rule) => {
    const own = episodes.filter((e) => e.rule === rule.name && e.kind !== "suppressed");
    const tp = own.filter((e) => e.kind === "true_positive").length;
    const delays = [...(ruleBest.get(rule.name)?.values() ?? [])];
    return {
      rule: rule.name,
      alerts: own.length,
      truePositives: tp,
      falsePositives: own.length - tp,
      windowsDetected: delays.length,
      precision: ratio(tp, own.length),
      meanDelay: delays.length > 0 ? delays.reduce((s, d) => s + d, 0) / delays.length : null,
    };
  });
  const kinds = [...new Set(labels.map((w) => w.kind ?? "unlabelled"))].sort();
  const perKind: KindScore[] = kinds.map((kind) => {
    const own = outcomes.filter((o) => (o.window.kind ?? "unlabelled") === kind);
    const hit = own.filter((o) => o.kind === "detected").length;
    return { kind, windows: own.length, detected: hit, recall: hit / own.length };
  });

  return {
    kind: "backtest",
    name,
    ruleSet,
    start,
    end,
    steps: times.length,
    days,
    grace,
    alerts,
    truePositives,
    falsePositives,
    suppressed: episodes.filter((e) => e.kind === "suppressed").length,
    windows: labels.length,
    detected,
    missed: labels.length - detected,
    precision,
    recall,
    f1,
    detectionDelay: delayStats(outcomes.flatMap((o) => (o.kind === "detected" ? [o.delay] : []))),
    alertsPerDay: days > 0 ? alerts / days : null,
    perRule,
    perKind,
    outcomes,
    episodes,
    history,
    incidents: engine.incidents(),
  };
}
