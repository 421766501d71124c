// Service-level KPIs from a store: availability, latency percentiles, error rate, error-budget burn, recovery time.
import { invalidArgument } from "../errors";
import { percentileOf } from "./stats";
import type { MetricsStore } from "./store";
import { STATUS_CODES } from "./vocabulary";

const DEFAULTS = {
  slo: { availability: 0.999, latencyMs: 300 },
  metrics: { status: "status", latency: "latency_ms", errorRate: "error_rate" },
};

/** Service-level objectives the KPIs are measured against. */
export interface Slo {
  /** Target fraction of time not down, in (0, 1); 0.999 by default. */
  availability?: number;
  /** Target p95 latency in ms; 300 by default. */
  latencyMs?: number;
}

/** Options of `serviceKpis`. */
export interface ServiceKpiOptions {
  /** Recorded node ids to measure (usually the business services). */
  services: readonly string[];
  /** Objectives; defaults `{ availability: 0.999, latencyMs: 300 }`. */
  slo?: Slo;
  /** Only samples with time >= from (seconds). */
  from?: number;
  /** Only samples with time <= to (seconds). */
  to?: number;
  /** Metric names to read, for telemetry named otherwise; defaults status, latency_ms, error_rate. */
  metrics?: { status?: string; latency?: string; errorRate?: string };
}

/**
 * KPIs of one service over the recorded samples. Each sample stands for the time until the next sample
 * (the last one for the store's record interval), so irregular telemetry is weighted by time. Samples
 * whose status is missing (NaN) count as unobserved and are left out of every time fraction.
 */
export interface ServiceKpi {
  /** Always "service-kpi". */
  kind: "service-kpi";
  /** The service's node id. */
  service: string;
  /** Seconds covered by samples with a known status. */
  observedSeconds: number;
  /** Fraction of observed time with status not down (up or degraded): the SLO availability. */
  availability: number;
  /** Fraction of observed time with status up (not degraded, not down). */
  fullyUp: number;
  /** Minutes with status down. */
  downMinutes: number;
  /** Minutes with status degraded. */
  degradedMinutes: number;
  /** Mean latency over samples (ms); NaN when the store has no latency metric. */
  meanLatencyMs: number;
  /** 95th percentile of latency samples (ms), linear interpolation. */
  p95LatencyMs: number;
  /** 99th percentile of latency samples (ms). */
  p99LatencyMs: number;
  /** Fraction of latency samples at or under the SLO latency. */
  latencyWithinSlo: number;
  /** Time-weighted mean error rate (0..1); NaN when the store has no error-rate metric. */
  meanErrorRate: number;
  /**
   * Error-budget burn rate: observed unavailability over allowed unavailability,
   * `(1 - availability) / (1 - slo.availability)`. 1 spends exactly the budget over the period; 14.4 over an
   * hour is the classic fast-burn page threshold for a 30-day 99.9% budget.
   */
  errorBudgetBurn: number;
  /** Time (s) of the first sample with status down; null if never down. */
  firstDownTime: number | null;
  /** Seconds from the first down sample to the next sample not down; null if never down or not recovered by the end. */
  timeToRecoverSeconds: number | null;
  /** Whether availability ≥ the SLO availability and p95 latency ≤ the SLO latency (latency ignored when absent). */
  meetsSlo: boolean;
}

/**
 * Service-level KPIs per service, in the order of `options.services`; definitions in `ServiceKpi`.
 * @example
 * const [payments] = serviceKpis(store, { services: ["svc-payments"], slo: { availability: 0.999, latencyMs: 300 } });
 * payments.availability; payments.p95LatencyMs; payments.errorBudgetBurn;
 */
export function serviceKpis(store: MetricsStore, options: ServiceKpiOptions): ServiceKpi[] {
  const api = "serviceKpis";
  if (options === null || typeof options !== "object" || !Array.isArray(options.services)) {
    throw invalidArgument(api, "options.services", "an array of node ids", options?.services);
  }
  const slo = { ...DEFAULTS.slo, ...options.slo };
  if (!(slo.availability > 0 && slo.availability < 1)) throw invalidArgument(api, "slo.availability", "a number in (0, 1)", slo.availability);
  if (!(slo.latencyMs > 0)) throw invalidArgument(api, "slo.latencyMs", "a number > 0", slo.latencyMs);
  const names = { ...DEFAULTS.metrics, ...options.metrics };
  const statusIndex = store.metricIndex(names.status, api);
  const latencyIndex = store.hasMetric(names.latency) ? store.metricIndex(names.latency) : -1;
  const errorIndex = store.hasMetric(names.errorRate) ? store.metricIndex(names.errorRate) : -1;
  const nodeIndexes = options.services.map((id) => store.nodeIndex(id, api));
  const [fromStep, toStep] = store.stepRange(options.from ?? -Infinity, options.to ?? Infinity);
  const n = toStep - fromStep;

  // Duration each sample stands for: until the next sample, the last for one record interval.
  const times = store.times;
  const durations = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const step = fromStep + k;
    durations[k] = step + 1 < store.recordedSteps ? times[step + 1] - times[step] : store.recordInterval;
  }
  const status = new Float64Array(n);
  const latency = new Float64Array(n);
  const errors = new Float64Array(n);
  const scratch = new Float64Array(n);

  return options.services.map((service, s) => {
    const node = nodeIndexes[s];
    store.readSeries(statusIndex, node, status, fromStep, toStep);
    let observed = 0;
    let down = 0;
    let degraded = 0;
    let firstDown = -1;
    let recovered = -1;
    for (let k = 0; k < n; k++) {
      const code = status[k];
      if (code !== code) continue;
      const rounded = Math.round(code);
      observed += durations[k];
      if (rounded >= STATUS_CODES.down) {
        down += durations[k];
        if (firstDown < 0) firstDown = k;
      } else {
        if (rounded === STATUS_CODES.degraded) degraded += durations[k];
        if (firstDown >= 0 && recovered < 0) recovered = k;
      }
    }
    const availability = observed > 0 ? (observed - down) / observed : NaN;
    const fullyUp = observed > 0 ? (observed - down - degraded) / observed : NaN;

    let meanLatency = NaN;
    let p95 = NaN;
    let p99 = NaN;
    let within = NaN;
    if (latencyIndex >= 0) {
      store.readSeries(latencyIndex, node, latency, fromStep, toStep);
      let sum = 0;
      let count = 0;
      let ok = 0;
      for (let k = 0; k < n; k++) {
        const v = latency[k];
        if (v !== v) continue;
        sum += v;
        count++;
        if (v <= slo.latencyMs) ok++;
      }
      if (count > 0) {
        meanLatency = sum / count;
        within = ok / count;
        p95 = percentileOf(latency, 95, 0, n, scratch);
        p99 = percentileOf(latency, 99, 0, n, scratch);
      }
    }
    let meanErrorRate = NaN;
    if (errorIndex >= 0) {
      store.readSeries(errorIndex, node, errors, fromStep, toStep);
      let weighted = 0;
      let weight = 0;
      for (let k = 0; k < n; k++) {
        const v = errors[k];
        if (v !== v) continue;
        weighted += v * durations[k];
        weight += durations[k];
      }
      if (weight > 0) meanErrorRate = weighted / weight;
    }
    const burn = (1 - availability) / (1 - slo.availability);
    return {
      kind: "service-kpi",
      service,
      observedSeconds: observed,
      availability,
      fullyUp,
      downMinutes: down / 60,
      degradedMinutes: degraded / 60,
      meanLatencyMs: meanLatency,
      p95LatencyMs: p95,
      p99LatencyMs: p99,
      latencyWithinSlo: within,
      meanErrorRate,
      errorBudgetBurn: burn,
      firstDownTime: firstDown >= 0 ? times[fromStep + firstDown] : null,
      timeToRecoverSeconds: firstDown >= 0 && recovered >= 0 ? times[fromStep + recovered] - times[fromStep + firstDown] : null,
      meetsSlo: availability >= slo.availability && (!(p95 === p95) || p95 <= slo.latencyMs),
    };
  });
}
