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

// Status codes stored in the `status` metric are defined once, in lib/status.ts.
import { STATUS_CODES, statusName, type Status } from "../status";
export { STATUS_CODES, statusName };

/** Same as `Status`; kept while lib/twin still imports this name (use `Status`). */
export type StatusName = Status;
