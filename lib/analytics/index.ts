// Public API of lib/analytics (re-exports only): streaming detectors, window scoring, NAB reading, forecasting, clustering.
export type { Detector, MultivariateDetector, DetectorState } from "./types";
export { zToScore, scoreToZ, Z_HALF } from "./score";
export { SortedWindow } from "./sorted-window";
export { RobustZDetector, robustZ, type RobustZOptions } from "./robust-z";
export { WindowedGaussianDetector, windowedGaussian, type WindowedGaussianOptions } from "./windowed-gaussian";
export { SeasonalBaselineDetector, seasonalBaseline, type SeasonalBaselineOptions } from "./seasonal-baseline";
export { HoltWintersResidualDetector, holtWintersResidual, type HoltWintersResidualOptions } from "./holt-winters-residual";
export { CusumDetector, cusum, type CusumOptions } from "./cusum";
export { RelativeEntropyDetector, relativeEntropy, type RelativeEntropyOptions } from "./relative-entropy";
export { EnsembleDetector, DEFAULT_MEMBERS, type EnsembleOptions, type EnsembleMember } from "./ensemble";
export { DETECTOR_NAMES, createDetector, restoreDetector, scoreSeries, type DetectorName } from "./registry";
export { scoreWindows, combineWindowScores, alarmEpisodes, medianDelay, type AnomalyWindow, type WindowScore, type WindowScoreOptions, type AlarmEpisode } from "./window-score";
export { readNab, parseNabCsv, splitHalves, type LabelledSeries } from "./nab";
