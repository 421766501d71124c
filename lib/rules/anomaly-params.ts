// The `anomaly` fact's params ({"metric": "cpu", "detector": "ensemble"} or {"metrics": [...], "detector": "isolation_forest"}): parsing, keys, PromQL.
import { DETECTOR_NAMES, MULTIVARIATE_DETECTOR_NAMES, scoreToZ } from "../analytics";

/**
 * Parsed params of an anomaly fact: which metric, which detector, the detector's options. A multivariate detector
 * (isolation_forest) reads several metrics of the node together: `metrics` lists them and `metric` is their label
 * joined by "+" ("cpu+latency_ms"), so summaries and keys stay one string.
 */
export interface AnomalyParams {
  metric: string;
  /** Set for a multivariate detector: the metrics read together, in this order. */
  metrics?: string[];
  detector: string;
  options?: Record<string, unknown>;
}

const KEYS = ["metric", "metrics", "detector", "options"];

function parseMetrics(raw: Record<string, unknown>): AnomalyParams | string {
  const detector = raw.detector ?? "isolation_forest";
  if (raw.metric !== undefined) return `anomaly params take "metric" (one metric) or "metrics" (several, for isolation_forest), not both`;
  if (typeof detector !== "string" || !(MULTIVARIATE_DETECTOR_NAMES as readonly string[]).includes(detector)) {
    return `"metrics" needs a multivariate detector (${MULTIVARIATE_DETECTOR_NAMES.join(", ")}), not ${JSON.stringify(detector)}; use "metric" for one metric`;
  }
  const list = raw.metrics;
  if (!Array.isArray(list) || list.length < 2 || list.some((m) => typeof m !== "string" || m === "" || m === "anomaly") || new Set(list).size !== list.length) {
    return `anomaly "metrics" must list at least two distinct numeric facts such as ["cpu", "latency_ms"], not ${JSON.stringify(list)}`;
  }
  const metrics = [...(list as string[])];
  const base = { metric: metrics.join("+"), metrics, detector };
  return raw.options === undefined ? base : { ...base, options: { ...(raw.options as Record<string, unknown>) } };
}

/** Whether raw condition params are anomaly params (they name a metric, metrics or a detector) rather than window params. */
export function isAnomalyParamsRecord(raw: unknown): boolean {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) && ("detector" in raw || "metric" in raw || "metrics" in raw);
}

/** Parses `{"metric": "cpu", "detector": "ensemble", "options": {...}}`; returns a message when invalid. */
export function parseAnomalyParams(raw: Record<string, unknown>): AnomalyParams | string {
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) return `unknown anomaly param ${JSON.stringify(key)}; expected metric (or metrics), detector and optionally options`;
  if (raw.options !== undefined && (raw.options === null || typeof raw.options !== "object" || Array.isArray(raw.options))) return `anomaly "options" must be an object of detector options`;
  if (raw.metrics !== undefined) return parseMetrics(raw);
  if (raw.detector === "isolation_forest") return `detector "isolation_forest" reads several metrics together: give "metrics": ["cpu", "latency_ms"] instead of "metric"`;
  if (typeof raw.metric !== "string" || raw.metric === "" || raw.metric === "anomaly") return `anomaly params need a "metric" naming a numeric fact such as "cpu" or "latency_ms"`;
  const detector = raw.detector ?? "ensemble";
  if (typeof detector !== "string" || !(DETECTOR_NAMES as readonly string[]).includes(detector)) {
    return `unknown detector ${JSON.stringify(detector)}; expected one of ${DETECTOR_NAMES.join(", ")}`;
  }
  return raw.options === undefined ? { metric: raw.metric, detector } : { metric: raw.metric, detector, options: { ...(raw.options as Record<string, unknown>) } };
}

/** A stable key: `anomaly[cpu:ensemble]`, with options appended as JSON when given. */
export function anomalyKey(params: AnomalyParams): string {
  const metric = params.metrics ? params.metrics.join("+") : params.metric;
  return `anomaly[${metric}:${params.detector}${params.options ? ":" + JSON.stringify(params.options) : ""}]`;
}

/**
 * The PromQL form of `anomaly > threshold` when the detector has one. Only the windowed Gaussian does: its z is
 * (x − avg_over_time) / stddev_over_time over the previous `window` points (offset one step, because the detector
 * scores a point against the points before it), and score > s ⇔ |z| > scoreToZ(s).
 */
export function anomalyPromQl(
  params: AnomalyParams,
  comparator: string,
  threshold: number,
  promql: { selector: (metric: string) => string; stepSeconds: number; range: (seconds: number) => string },
): { expr: string } | { reason: string } {
  const { selector, stepSeconds } = promql;
  if (params.detector !== "windowed_gaussian") {
    return { reason: `anomaly detector "${params.detector}" keeps state PromQL cannot (only windowed_gaussian maps to avg_over_time/stddev_over_time)` };
  }
  if (comparator !== ">" && comparator !== ">=") return { reason: `anomaly ${comparator} ${threshold} has no clean PromQL form (only > and >=)` };
  const window = typeof params.options?.window === "number" ? params.options.window : 288;
  const range = `${promql.range(window * stepSeconds)} offset ${stepSeconds}s`;
  const s = selector(params.metric);
  const z = scoreToZ(threshold);
  if (!Number.isFinite(z)) return { reason: `anomaly threshold ${threshold} is never reached` };
  return { expr: `abs(${s} - avg_over_time(${s}${range})) / stddev_over_time(${s}${range}) ${comparator} ${Number(z.toPrecision(6))}` };
}
