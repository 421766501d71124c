// Window-based scoring of alarms against labelled anomaly windows: precision, recall, F1 and detection delay.
import { invalidArgument } from "../errors";

/** A labelled anomaly window, times in seconds, both ends inclusive. */
export interface AnomalyWindow {
  start: number;
  end: number;
}

/** Options of `scoreWindows`. */
export interface WindowScoreOptions {
  /** A point alarms when its score is >= threshold (default 0.5). */
  threshold?: number;
  /** Alarming points closer than this many seconds form one alarm episode (default 3600). */
  mergeGap?: number;
}

/** How one series (or, summed, a whole set) scored. */
export interface WindowScore {
  /** Labelled windows. */
  windows: number;
  /** Windows with at least one alarming point inside. */
  detected: number;
  /** Alarm episodes with no point inside any window. */
  falseAlarms: number;
  /** All alarm episodes. */
  episodes: number;
  precision: number;
  recall: number;
  f1: number;
  /** Seconds from each detected window's start to its first alarm inside it. */
  delays: number[];
}

/** An alarm episode: first and last alarming time. */
export interface AlarmEpisode {
  start: number;
  end: number;
}

/** Groups alarming points (score >= threshold) into episodes, merging those less than `mergeGap` seconds apart. */
export function alarmEpisodes(times: ArrayLike<number>, scores: ArrayLike<number>, options: WindowScoreOptions = {}): AlarmEpisode[] {
  const threshold = options.threshold ?? 0.5;
  const gap = options.mergeGap ?? 3600;
  const out: AlarmEpisode[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!(scores[i] >= threshold)) continue;
    const t = times[i];
    const last = out[out.length - 1];
    if (last && t - last.end < gap) last.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}

/**
 * Scores alarms against label windows the way an on-call team would: each window is one event, detected when any
 * point inside it alarms (delay = first alarm − window start); each alarm episode that touches no window is one false
 * alarm. precision = detected / (detected + false alarms), recall = detected / windows, F1 their harmonic mean.
 * The same function scores every detector and every rule pack, so their figures compare.
 */
export function scoreWindows(times: ArrayLike<number>, scores: ArrayLike<number>, windows: readonly AnomalyWindow[], options: WindowScoreOptions = {}): WindowScore {
  if (times.length !== scores.length) throw invalidArgument("scoreWindows", "scores.length", `${times.length} (times.length)`, scores.length);
  const threshold = options.threshold ?? 0.5;
  const firstAlarm = windows.map(() => Infinity);
  const episodes = alarmEpisodes(times, scores, options);
  for (let i = 0; i < scores.length; i++) {
    if (!(scores[i] >= threshold)) continue;
    const t = times[i];
    for (let w = 0; w < windows.length; w++) if (t >= windows[w].start && t <= windows[w].end && t < firstAlarm[w]) firstAlarm[w] = t;
  }
  let falseAlarms = 0;
  for (const e of episodes) if (!windows.some((w) => e.end >= w.start && e.start <= w.end)) falseAlarms++;
  const delays: number[] = [];
  windows.forEach((w, k) => {
    if (firstAlarm[k] !== Infinity) delays.push(firstAlarm[k] - w.start);
  });
  return summarise(windows.length, delays.length, falseAlarms, episodes.length, delays);
}

function summarise(windows: number, detected: number, falseAlarms: number, episodes: number, delays: number[]): WindowScore {
  const precision = detected + falseAlarms === 0 ? 0 : detected / (detected + falseAlarms);
  const recall = windows === 0 ? 0 : detected / windows;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { windows, detected, falseAlarms, episodes, precision, recall, f1, delays };
}

/** Sums per-series scores into one (micro-averaged: counts add up, then precision, recall and F1). */
export function combineWindowScores(scores: readonly WindowScore[]): WindowScore {
  let windows = 0;
  let detected = 0;
  let falseAlarms = 0;
  let episodes = 0;
  const delays: number[] = [];
  for (const s of scores) {
    windows += s.windows;
    detected += s.detected;
    falseAlarms += s.falseAlarms;
    episodes += s.episodes;
    delays.push(...s.delays);
  }
  return summarise(windows, detected, falseAlarms, episodes, delays);
}

/** Median of the delays in seconds, NaN when none. */
export function medianDelay(score: WindowScore): number {
  if (score.delays.length === 0) return NaN;
  const d = [...score.delays].sort((a, b) => a - b);
  const n = d.length;
  return n & 1 ? d[(n - 1) >> 1] : (d[n / 2 - 1] + d[n / 2]) / 2;
}
