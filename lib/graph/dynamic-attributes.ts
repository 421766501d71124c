// The one list of dynamic attributes (the twin's live state on every node), shared by the graph schema, the twin and the metrics store.

/**
 * The names of the dynamic attributes, in a fixed order (the metrics store's column order too). Every node carries
 * the required ones; `disk` and `replication_lag_s` are optional (written by the twin, absent on a graph that never ran).
 */
export const DYNAMIC_KEYS = ["cpu", "ram", "disk", "latency_ms", "error_rate", "throughput", "status", "replication_lag_s"] as const;

/** One of `DYNAMIC_KEYS`. */
export type DynamicKey = (typeof DYNAMIC_KEYS)[number];

/** Dynamic attributes every node has (filled with idle values when a node is created). */
export const REQUIRED_DYNAMIC_KEYS = ["cpu", "ram", "latency_ms", "error_rate", "throughput", "status"] as const;

/** What a dynamic attribute's value must be: a ratio 0..1, a finite number >= 0, or a status name. */
export const DYNAMIC_RANGES: Readonly<Record<DynamicKey, "ratio" | "non-negative" | "status">> = Object.freeze({
  cpu: "ratio",
  ram: "ratio",
  disk: "ratio",
  latency_ms: "non-negative",
  error_rate: "ratio",
  throughput: "non-negative",
  status: "status",
  replication_lag_s: "non-negative",
});
