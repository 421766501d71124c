// The twin's metric vocabulary: metric names, their units, and the numeric status codes.
import { DYNAMIC_KEYS } from "../graph/dynamic-attributes";

/** The metrics the twin writes for every node at every step, in this order: the graph's dynamic attributes (one shared list). */
export const TWIN_METRICS = DYNAMIC_KEYS;

/** One of the twin's metric names. */
export type TwinMetric = (typeof TWIN_METRICS)[number];

/** Unit and meaning of each twin metric (ratios are 0..1, not percent). */
export const METRIC_UNITS: Readonly<Record<TwinMetric, string>> = {
  cpu: "ratio 0..1 of CPU capacity in use",
  ram: "ratio 0..1 of memory in use",
  disk: "ratio 0..1 of disk in use",
  latency_ms: "milliseconds per request",
  error_rate: "ratio 0..1 of requests failing",
  throughput: "requests per second",
  status: "status code: 0 up, 1 degraded, 2 down",
  replication_lag_s: "seconds behind the replication source",
};

/** Numeric status codes stored in the `status` metric. */
export const STATUS_CODES = { up: 0, degraded: 1, down: 2 } as const;

/** A status name: `"up" | "degraded" | "down"`. */
export type StatusName = keyof typeof STATUS_CODES;

/**
 * Names a status code: 0 → "up", 1 → "degraded", 2 → "down"; `undefined` for NaN (no observation) or
 * any other value. Codes are rounded first, so an imported 2.0000001 still reads as "down".
 */
export function statusName(code: number): StatusName | undefined {
  const rounded = Math.round(code);
  if (rounded === 0) return "up";
  if (rounded === 1) return "degraded";
  if (rounded === 2) return "down";
  return undefined;
}
