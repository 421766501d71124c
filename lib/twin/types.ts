// The twin's public types: options, step views, status changes, fault events, impacts and the ground truth.
import type { StatusName } from "../metrics/vocabulary";
import type { Fault, FaultSpec, RandomFaultRates } from "./faults";
import type { Intervention } from "./interventions";
import type { LoadOptions } from "./load";
import type { RealismOption } from "./realism";
import type { RecordOptions } from "../metrics";
import type { TwinState } from "./state";
import type { TwinTopology } from "./topology";

/** Options of `createTwin`; everything has a default. */
export interface TwinOptions {
  /** One seed drives every random stream (load noise, sizing, random faults). */
  seed?: number | string;
  /** Calendar date of simulated time 0, midnight UTC ("2026-11-25"); drives weekdays, paydays, month-end. */
  start?: string;
  /** How long to simulate: seconds or "1d", "30d". */
  horizon?: number | string;
  /** Step length: seconds or "1m". */
  step?: number | string;
  load?: LoadOptions;
  /** Scheduled faults. */
  faults?: FaultSpec[];
  /** Random faults from MTBF/MTTR: true for the defaults, or rates per kind. */
  randomFaults?: boolean | RandomFaultRates;
  /** What the metrics store keeps (all metrics, all nodes, every step by default). */
  record?: RecordOptions;
  /** Keep graphology's node attributes equal to the current step's values (true by default). */
  syncGraph?: boolean;
  /** Corrective actions at given times (what a fork of a scenario tries). */
  interventions?: Intervention[];
  /**
   * "planned" (default): every request-serving node is sized for the estate's own known peak, the busiest payday or
   * month-end hour of its calendar (45–70 % busy then, see MODEL_DEFAULTS.peakUtilisation), as an estate planned
   * for its load would be; "graph": capacity.maxRps from the graph is honoured where given (an undersized
   * standby stays undersized), the rest is planned.
   */
  sizing?: "planned" | "graph";
  /**
   * What monitoring sees of the model (recorded metrics and step observers; the twin's state, graph attributes and
   * ground truth stay exact): "typical" (default: heavy-tailed noise, spikes, level shifts, scrape gaps as NaN), "clean"
   * (the model's own values, for teaching and exact checks), "noisy", or parts over a preset. See REALISM_PRESETS.
   */
  realism?: RealismOption;
  /** Seconds an active database may be down before its standby is promoted (90 by default). */
  failoverDetection?: number | string;
  /**
   * Replay hook (lib/sync): called every step after the load model filled the business services' load factors
   * (`serviceFactor[v]` multiplies service v's base rate; other entries are unused), so it can overwrite the factors
   * of services with observed rates. Surges and other faults still apply on top. Must not allocate or await.
   */
  loadOverride?: LoadOverride;
}

/** See `TwinOptions.loadOverride`: `t` is the step's simulated second, `serviceFactor` is indexed by node number. */
export type LoadOverride = (t: number, serviceFactor: Float64Array) => void;

export const TWIN_DEFAULTS = {
  seed: 1,
  start: "2026-11-24",
  horizon: 86400,
  step: 60,
  syncGraph: true,
  failoverDetection: 90,
  realism: "typical" as const,
};

/** What step observers receive: the arrays are live (valid during the call; copy what you keep). */
export interface StepView {
  time: number;
  step: number;
  topology: TwinTopology;
  state: TwinState;
  /** One array per metric in TWIN_METRICS order, indexed by node number. */
  columns: readonly Float64Array[];
}

export interface StatusChange {
  time: number;
  node: string;
  index: number;
  kind: string;
  from: StatusName;
  to: StatusName;
}

/** Something the twin did about a fault: started, ended, promoted a standby, crashed out of memory, restarted. */
export interface FaultEvent {
  time: number;
  fault: string;
  kind: "start" | "end" | "failover" | "oom" | "restart" | "intervention";
  node: string;
  detail?: string;
}

/** A period when a business service was degraded or down, with the faults active when it began. */
export interface ImpactRecord {
  service: string;
  name: string;
  tier: number;
  status: "degraded" | "down";
  start: number;
  end: number | null;
  faults: string[];
}

export interface GroundTruth {
  faults: Fault[];
  events: FaultEvent[];
  impacts: ImpactRecord[];
}

