// Public API of lib/sync (re-exports only): replay observed load into the twin, compare, score deviations, calibrate.
export { openSync, SyncSession } from "./session";
export { replay, type ReplayOptions, type ReplaySource } from "./replay";
export { DEVIATION_DEFAULTS } from "./deviation";
export { impactOf } from "./episodes";
export { SyncFactSource } from "./facts";
export {
  SYNC_METRICS,
  LOAD_METRICS,
  type SyncMetric,
  type SyncOptions,
  type LoadMapping,
  type DeviationOptions,
  type ObservedStep,
  type MetricArrays,
  type SyncStep,
  type DeviationEpisode,
  type Calibration,
  type NodeCalibration,
  type ReplayResult,
} from "./types";
export { calibrate, type CalibrateOptions, type CalibrationReport, type NodeFit, type MapeSummary } from "./calibrate";
export { hourlyMape, type MetricMape } from "./mape";
export { calibratedGraph } from "./calibrated-topology";
export { episodeIncident, askAboutEpisodes, type EpisodeQuestionOptions } from "./supervisor";
export { syntheticReality, telemetryDays, REALITY_METRICS, type Reality, type RealityOptions } from "./synthetic-reality";
// Live sync against a running Prometheus, and the twin as a Prometheus exporter.
export { syncLive, type SyncLiveOptions, type SyncLiveResult, type SyncGap } from "./live";
export { liveSteps, readRawSamples, LiveReadError, type LiveStep, type LiveStepsOptions, type LivePace } from "./live-steps";
export { createTwinExporter, TwinExporter, type TwinExporterOptions, type ExporterSnapshot, type ExportedAlert } from "./exporter";
export { serveExporter, type ServeExporterOptions, type ExporterServer } from "./exporter-server";
