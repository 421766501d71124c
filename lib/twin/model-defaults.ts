// The twin model's constants: service times, sizing, timeouts, status thresholds, resource baselines.

/** Model constants; every threshold that decides a status is here. */
export const MODEL_DEFAULTS = {
  /** Mean service time per request by kind, in ms, before calibration adjusts the number of servers. */
  serviceMs: { application: 12, database: 3, queue: 1.5, storage: 2, load_balancer: 0.3 } as Record<string, number>,
  /**
   * Planned sizing: at the estate's busiest known hour (a payday or month-end morning of its own calendar) each
   * request node uses this share of its capacity (uniform draw per node), so it keeps at least 30 % headroom then;
   * a normal weekday peak uses about two thirds of it.
   */
  peakUtilisation: [0.45, 0.7] as [number, number],
  /** Callers give up after this long (mean patience of a queued request); calls that outlast it fail; a dead dependency costs this much. */
  timeoutMs: 5000,
  /** Share of the latency of calls to other dependencies than the slowest that adds up (the rest overlaps). */
  sequentialShare: 0.3,
  /** Share of a dependency's latency each call beyond the first adds (calls batched in parallel). */
  extraCallShare: 0.25,
  /** Latency of one network hop in ms, added per dependency call. */
  hopMs: 0.4,
  /** A failed non-critical dependency adds this share of its errors to its caller. */
  nonCriticalErrorWeight: 0.1,
  /** Status thresholds: error rate at or above `downErrorRate` is down; `degradedErrorRate` is degraded. */
  downErrorRate: 0.5,
  degradedErrorRate: 0.05,
  /** Degraded when latency is at least `degradedLatencyFactor` × its quiet baseline and `degradedLatencyMarginMs` above it. */
  degradedLatencyFactor: 2.5,
  degradedLatencyMarginMs: 150,
  /** Degraded when CPU, RAM or disk reach this ratio. */
  degradedSaturation: 0.95,
  /** Idle RAM share by kind, and the extra share a fully loaded node uses. */
  baseRam: { application: 0.35, database: 0.6, queue: 0.3, storage: 0.2, server: 0.1, vm: 0.15 } as Record<string, number>,
  loadRam: 0.25,
  /** CPU share of an idle request node (calibration may set it per node). */
  idleCpu: 0.03,
  /** Idle disk share by kind and growth per hour of normal work. */
  baseDisk: { database: 0.45, storage: 0.5, queue: 0.2, server: 0.3, vm: 0.3 } as Record<string, number>,
  diskGrowthPerHour: 0.0015,
  /** Replication lag of a healthy standby, in s, and how fast a standby catches up (share of lag recovered per minute). */
  baseReplicationLagS: 0.3,
  catchUpPerMinute: 0.35,
} as const;
