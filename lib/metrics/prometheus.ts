// Imports a Prometheus HTTP API query result (range "matrix" or instant "vector") into a metrics store.
import { InvalidArgumentError, ValidationError, describeValue, invalidArgument, type Problem } from "../errors";
import type { MetricsStore } from "./store";
import { TelemetryBuilder, type ImportReport, type TelemetryOptions } from "./telemetry";

const DEFAULTS = { nodeLabel: "instance", metricLabel: "__name__" };

/** Options of `fromPrometheus`. */
export interface PrometheusOptions extends TelemetryOptions {
  /** Label whose value is the node id; "instance" by default. */
  nodeLabel?: string;
  /** Metric name for every series (needed when the query drops `__name__`, as `rate(...)` does); the `__name__` label by default. */
  metric?: string;
  /** Label whose value is the node's kind, if any. */
  kindLabel?: string;
  /** Receives the import warnings as one message; `console.warn` by default. */
  onWarning?: (message: string) => void;
}

/** One series of a Prometheus result. */
interface PromSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

/**
 * Reads the JSON of Prometheus' `/api/v1/query_range` (or `/api/v1/query`) into a store: one node per value
 * of `nodeLabel`, one metric per `__name__` (or `options.metric`). Times become seconds from the earliest
 * sample, which sets the store's epoch; "NaN" samples are missing. Series that map to the same node and
 * metric (other labels differ) are reported as duplicates: aggregate them in the query (`sum by (instance)`).
 * Import warnings go to `options.onWarning`; `importPrometheus` returns them as a report instead.
 */
export function fromPrometheus(response: unknown, options: PrometheusOptions = {}): MetricsStore {
  const { store, report } = importPrometheusAs("fromPrometheus", response, options);
  if (report.warnings.length > 0) (options.onWarning ?? ((m: string) => console.warn(m)))(`fromPrometheus: ${report.warnings.join(" ")}`);
  return store;
}

/** Same as `fromPrometheus`, returning the store and the import report. */
export function importPrometheus(response: unknown, options: PrometheusOptions = {}): { store: MetricsStore; report: ImportReport } {
  return importPrometheusAs("importPrometheus", response, options);
}

/** `importPrometheus` under the caller's name in error messages (not re-exported). */
function importPrometheusAs(api: string, response: unknown, options: PrometheusOptions): { store: MetricsStore; report: ImportReport } {
  let data: unknown = response;
  if (typeof response === "string") {
    try {
      data = JSON.parse(response);
    } catch (error) {
      throw new InvalidArgumentError(`${api}: the text is not JSON (${(error as Error).message}).`);
    }
  }
  const body = data as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (body === null || typeof body !== "object") throw invalidArgument(api, "response", "a Prometheus API response object", data);
  if (body.status === "error") throw new InvalidArgumentError(`${api}: Prometheus answered with an error: ${describeValue(body.error)}.`);
  const resultType = body.data?.resultType;
  const result = body.data?.result;
  if ((resultType !== "matrix" && resultType !== "vector") || !Array.isArray(result)) {
    throw invalidArgument(api, "response.data", 'a "matrix" or "vector" result', body.data);
  }
  const nodeLabel = options.nodeLabel ?? DEFAULTS.nodeLabel;
  const builder = new TelemetryBuilder(api);
  const problems: Problem[] = [];
  const samples: { node: number; metric: number; time: number; value: number }[] = [];
  let earliest = Infinity;
  (result as PromSeries[]).forEach((series, k) => {
    const path = `$.data.result[${k}]`;
    const labels = series?.metric ?? {};
    const node = labels[nodeLabel];
    const metric = options.metric ?? labels[DEFAULTS.metricLabel];
    if (typeof node !== "string" || node === "") return problems.push({ path: `${path}.metric.${nodeLabel}`, message: `series has no ${nodeLabel} label (labels: ${describeValue(labels)}); pass nodeLabel`, value: labels });
    if (typeof metric !== "string" || metric === "") return problems.push({ path: `${path}.metric.__name__`, message: "series has no __name__ label; pass options.metric", value: labels });
    const points = resultType === "matrix" ? series.values : series.value ? [series.value] : undefined;
    if (!Array.isArray(points)) return problems.push({ path, message: `expected ${resultType === "matrix" ? "values" : "value"} but found ${describeValue(points)}`, value: points });
    const n = builder.node(node);
    const m = builder.metric(metric);
    if (options.kindLabel && typeof labels[options.kindLabel] === "string") builder.kind(n, labels[options.kindLabel]);
    for (const point of points) {
      const [time, text] = Array.isArray(point) ? point : [NaN, ""];
      if (typeof time !== "number" || !Number.isFinite(time)) {
        problems.push({ path, message: `sample time ${describeValue(time)} is not a number of seconds`, value: point });
        break;
      }
      // Prometheus writes values as strings, with "NaN", "+Inf" and "-Inf".
      const value = text === "NaN" ? NaN : text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
      if (text !== "NaN" && value !== value) {
        problems.push({ path, message: `sample value ${describeValue(text)} is not a number`, value: point });
        break;
      }
      if (time < earliest) earliest = time;
      samples.push({ node: n, metric: m, time, value });
    }
  });
  if (problems.length > 0) throw new ValidationError(api, problems, "the Prometheus response");
  builder.rows = samples.length;
  if (samples.length > 0) builder.epochMs = Math.round(earliest * 1000);
  // Prometheus times have millisecond resolution: round the offsets so 15 s steps stay exactly 15.
  for (const sample of samples) builder.add(Math.round((sample.time - earliest) * 1000) / 1000, sample.node, sample.metric, sample.value);
  return builder.build(options);
}
