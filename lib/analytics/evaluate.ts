// Runs detectors over labelled series and scores them all the same way, overall and on two fixed halves.
import { createDetector } from "./registry";
import type { LabelledSeries } from "./nab";
import { combineWindowScores, medianDelay, scoreWindows, type WindowScore, type WindowScoreOptions } from "./window-score";

/** One detector's evaluation. */
export interface DetectorEvaluation {
  detector: string;
  overall: WindowScore;
  /** Series 0, 2, 4, … in sorted id order (where defaults may be tuned) and 1, 3, 5, … (held out). */
  tune: WindowScore;
  holdout: WindowScore;
  perSeries: { id: string; score: WindowScore }[];
  medianDelaySeconds: number;
}

/** Scores per series from any scorer (a detector name, or alarms from a rule pack as 0/1 scores). */
export function evaluateScores(name: string, series: readonly LabelledSeries[], scorer: (s: LabelledSeries) => ArrayLike<number>, options: WindowScoreOptions = {}): DetectorEvaluation {
  const sorted = [...series].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perSeries = sorted.map((s) => ({ id: s.id, score: scoreWindows(s.times, scorer(s), s.windows, options) }));
  const overall = combineWindowScores(perSeries.map((p) => p.score));
  return {
    detector: name,
    overall,
    tune: combineWindowScores(perSeries.filter((_, i) => i % 2 === 0).map((p) => p.score)),
    holdout: combineWindowScores(perSeries.filter((_, i) => i % 2 === 1).map((p) => p.score)),
    perSeries,
    medianDelaySeconds: medianDelay(overall),
  };
}

/** Evaluates registry detectors (fresh per series, default options unless given) on labelled series. */
export function evaluateDetectors(series: readonly LabelledSeries[], detectors: readonly string[], options: WindowScoreOptions & { detectorOptions?: Record<string, Record<string, unknown>> } = {}): DetectorEvaluation[] {
  return detectors.map((name) =>
    evaluateScores(
      name,
      series,
      (s) => {
        const d = createDetector(name, options.detectorOptions?.[name]);
        const scores = new Float64Array(s.values.length);
        for (let i = 0; i < scores.length; i++) scores[i] = d.update(s.times[i], s.values[i]);
        return scores;
      },
      options,
    ),
  );
}

/** A markdown table of evaluations: P, R, F1, windows detected, false alarms, median delay, tune/holdout F1. */
export function evaluationMarkdown(evaluations: readonly DetectorEvaluation[]): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
  const rows = evaluations.map((e) => {
    const o = e.overall;
    const delay = Number.isFinite(e.medianDelaySeconds) ? `${Math.round(e.medianDelaySeconds / 60)} min` : "–";
    return `| ${e.detector} | ${f(o.precision)} | ${f(o.recall)} | **${f(o.f1)}** | ${o.detected}/${o.windows} | ${o.falseAlarms} | ${delay} | ${f(e.tune.f1)} | ${f(e.holdout.f1)} |`;
  });
  return ["| detector | precision | recall | F1 | windows detected | false alarms | median delay | F1 tune half | F1 held-out half |", "|---|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}
