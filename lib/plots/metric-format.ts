// How each twin metric is labelled on an axis and in a hover: ratios as percentages, latency in ms, status by name.
import { STATUSES } from "../status";

/** Axis and hover formatting of one metric. */
export interface MetricFormat {
  /** Axis title. */
  title: string;
  /** Extra plotly axis settings (tick format, fixed ticks). */
  axis: Record<string, unknown>;
  /** d3 format of a value in hovers, and a unit suffix. */
  hover: string;
  unit: string;
}

const FORMATS: Readonly<Record<string, MetricFormat>> = {
  cpu: { title: "CPU", axis: { tickformat: ".0%", rangemode: "tozero" }, hover: ".1%", unit: "" },
  ram: { title: "memory", axis: { tickformat: ".0%", rangemode: "tozero" }, hover: ".1%", unit: "" },
  disk: { title: "disk", axis: { tickformat: ".0%", rangemode: "tozero" }, hover: ".1%", unit: "" },
  error_rate: { title: "error rate", axis: { tickformat: ".1%", rangemode: "tozero" }, hover: ".2%", unit: "" },
  latency_ms: { title: "latency (ms)", axis: { rangemode: "tozero" }, hover: ".4~g", unit: " ms" },
  throughput: { title: "throughput (req/s)", axis: { rangemode: "tozero" }, hover: ".4~g", unit: " req/s" },
  status: { title: "status", axis: { tickvals: [0, 1, 2], ticktext: [...STATUSES], range: [-0.2, 2.2] }, hover: ".0f", unit: "" },
  replication_lag_s: { title: "replication lag (s)", axis: { rangemode: "tozero" }, hover: ".4~g", unit: " s" },
};

/** The format of a metric; unknown metrics get their name as title and a general number format. */
export function metricFormat(metric: string): MetricFormat {
  return FORMATS[metric] ?? { title: metric, axis: {}, hover: ".4~g", unit: "" };
}
