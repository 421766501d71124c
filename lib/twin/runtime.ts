// The mutable internals a twin's processes share (fault effects, interventions, failover, OOM restarts); not public API.
import type { Environment, Process } from "../sim";
import type { Fault } from "./faults";
import type { TwinState } from "./state";
import type { TwinTopology } from "./topology";
import type { FaultEvent } from "./types";

export interface TwinRuntime {
  readonly env: Environment;
  readonly topology: TwinTopology;
  readonly state: TwinState;
  readonly horizon: number;
  /** Node numbers of the business services. */
  readonly services: Int32Array;
  /** Memory-leak rate per node (share of RAM per hour) and the nodes leaking now. */
  readonly leakRate: Float64Array;
  readonly leaking: Set<number>;
  /** Seconds an active member may be down before failover, per redundancy group. */
  readonly groupDetection: Float64Array;
  /** When each active-passive group's active member went down (-1: it is not down). */
  readonly downSince: Float64Array;
  /** Active-passive groups, the only ones failover watches. */
  readonly failoverGroups: readonly number[];
  readonly activeFaults: Set<Fault>;
  readonly faultProcesses: Map<Fault, Process<void>>;
  /** Set when crashes or reachability changed: availability is recomputed before the next step. */
  availabilityDirty: boolean;
  emit(event: FaultEvent): void;
}
