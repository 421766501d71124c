// The sync module's public shapes: options of a session, one observed step in, one compared step out, deviation episodes.
import type { LiveSample } from "../ingest/live";
import type { RecordOptions } from "../metrics";
import type { AlertTransition, Incident, RuleAlert, RuleSet } from "../rules";
import type { FaultSpec, LoadOptions, NodeParameters, RealismOption } from "../twin";

/** The metrics the twin predicts and a session compares with production, in this order. */
export const SYNC_METRICS = ["cpu", "ram", "latency_ms", "error_rate", "status"] as const;
export type SyncMetric = (typeof SYNC_METRICS)[number];

/** Metric names read as a business service's observed request rate (requests/s), first found wins. */
export const LOAD_METRICS = ["requests_per_s", "rps", "throughput"] as const;

/** How observed samples become per-service load (see load-mapping.ts). */
export interface LoadMapping {
  /** Metric names read as a service's request rate, in order of preference; LOAD_METRICS by default. */
  metrics?: readonly string[];
  /** Observed node id → business service id, for rates recorded under another name (an ingress, a gateway). */
  services?: Readonly<Record<string, string>>;
  /** Steps an observed rate is held when a step brings none for its service, before the load model takes over (5). */
  holdSteps?: number;
}

/** Options of `openSync` and `replay`. */
export interface SyncOptions {
  /** Wall-clock start of the first step: ms since 1970 or an ISO timestamp ("2026-11-24T00:00:00Z"). */
  start: string | number;
  /** Step length: seconds or "1m" (60 s by default). */
  step?: string | number;
  /** Seed of the twin's random streams (load-model fallback, sizing, realism). */
  seed?: number | string;
  /** Faults injected on top of the observed load ("this real Tuesday, plus a database crash at 10:00"); `at` in seconds from `start`. */
  faults?: FaultSpec[];
  /** Per-node parameters fitted by `calibrate` (applied to the twin before the first step). */
  calibration?: Calibration;
  /** Rules evaluated every step on the twin's facts plus `observed` and `deviation` (params {metric, measure}). */
  rules?: RuleSet;
  loadMapping?: LoadMapping;
  /** The twin's load model for services without observed rates (base rates, calendar multipliers). */
  load?: LoadOptions;
  /** How long the session may run: seconds or "30d" (30 days by default; replay uses the data's span). */
  horizon?: string | number;
  /** What the twin's and the session's metric stores keep (everything by default): see RecordOptions. */
  record?: RecordOptions;
  /** Deviation scoring and episode grouping (see deviation.ts, episodes.ts). */
  deviation?: DeviationOptions;
  /** What monitoring sees of the twin's own metrics ("clean" by default); predictions are always the exact model. */
  realism?: RealismOption;
}

/** Options of the robust deviation score and of episode grouping. */
export interface DeviationOptions {
  /** Steps of the rolling median/MAD of each deviation series (60). */
  window?: number;
  /** Steps learned before z-scores count (10); z is 0 before. */
  warmup?: number;
  /** |z| above this opens or extends an episode (4). */
  threshold?: number;
  /** Steps below the threshold an episode tolerates before it closes (2). */
  gapSteps?: number;
  /** Episodes shorter than this many steps above the threshold are dropped when they close (2). */
  minSteps?: number;
}

/** One step of observed telemetry: every sample measured in the step that ends at `time`. */
export interface ObservedStep {
  /** Ms since 1970 of the end of the step (the session's step ends at start + (k + 1) × step). */
  time: number;
  /** Samples from lib/ingest/live.ts (node, metric, value); `time` of each sample is not re-checked. */
  samples: readonly LiveSample[];
}

/** Per metric, one value per topology node (node number = `twin.topology.indexOf`); NaN where not observed. */
export type MetricArrays = Readonly<Record<SyncMetric, Float64Array>>;

/** What `advance` returns. The arrays are the session's live buffers: valid until the next `advance`; copy what you keep. */
export interface SyncStep {
  /** Ms since 1970 of the end of the step. */
  time: number;
  /** Step number from 0. */
  step: number;
  /** The twin's exact model values (never NaN). */
  predicted: MetricArrays;
  observed: MetricArrays;
  /** observed − predicted (NaN where unobserved). */
  deviation: MetricArrays;
  /** Robust z-score of the deviation against its own rolling median/MAD (NaN where unobserved, 0 during warm-up). */
  z: MetricArrays;
  /** Episodes that opened at this step. */
  newEpisodes: DeviationEpisode[];
  /** Alerts firing after this step's rule evaluation. */
  firing: RuleAlert[];
  /** Alert transitions of this step. */
  transitions: AlertTransition[];
  /** Services whose load came from observation this step, and from the load model. */
  observedServices: number;
  modelServices: number;
}

/** A stretch of time where the twin disagreed with production on one node. */
export interface DeviationEpisode {
  node: string;
  kind: string;
  /** Ms since 1970: end of the first step above the threshold, end of the last one (null while open). */
  start: number;
  end: number | null;
  /** Steps above the threshold. */
  steps: number;
  /** Metrics that went above the threshold, and the largest |z| with its signed deviation. */
  metrics: SyncMetric[];
  peakZ: number;
  peakMetric: SyncMetric;
  peakDeviation: number;
  /** Σ max-over-metrics |z| × step minutes. */
  integralZ: number;
  /** Weight of the node: criticality tier and the number of nodes that depend on it. */
  impact: number;
  /** integralZ × impact: what episodes are ranked by. */
  score: number;
}

/** Fitted per-node parameters (see calibrate.ts); ids are node ids. */
export interface Calibration {
  kind: "calibration";
  /** Per node: only the fields that were fitted. */
  nodes: Record<string, NodeCalibration>;
}

/** What calibration may set on one node: the twin's NodeParameters (service time, servers, idle CPU and RAM, latency floor). */
export type NodeCalibration = NodeParameters;

/** What `replay` returns. */
export interface ReplayResult {
  steps: number;
  /** Ms since 1970 of the end of each step. */
  times: number[];
  /** Per metric and node: predicted, observed and z stores (node × step), in SYNC_METRICS. */
  predicted: import("../metrics").MetricsStore;
  observed: import("../metrics").MetricsStore;
  z: import("../metrics").MetricsStore;
  episodes: DeviationEpisode[];
  alerts: RuleAlert[];
  incidents: Incident[];
  /** One line per service that fell back to the load model, and other things worth knowing. */
  warnings: string[];
  session: import("./session").SyncSession;
}
