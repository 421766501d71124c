// Shared test data for the ingest suites: one small estate's telemetry written in every layout the reader accepts.
import type { MetricsStore } from "../../lib/metrics";

export const NODES = ["web-01", "web-02", "db-01"];
export const START_MS = Date.parse("2026-11-25T00:00:00Z");
export const STEPS = 30;

/** cpu (ratio) and latency_ms of node i at step s: exact in binary with two decimals is not needed, values are compared exactly. */
export function cpuAt(i: number, s: number): number {
  return Math.round((0.2 + 0.1 * i + 0.3 * Math.abs(Math.sin(s / 5 + i))) * 1000) / 1000;
}
export function latencyAt(i: number, s: number): number {
  return Math.round((20 + 15 * i + 40 * Math.abs(Math.cos(s / 7 + i))) * 10) / 10;
}
export function isoAt(s: number): string {
  return new Date(START_MS + s * 60_000).toISOString();
}

export function longCsv(): string {
  const lines = ["time,node,metric,value"];
  for (let s = 0; s < STEPS; s++) NODES.forEach((n, i) => lines.push(`${isoAt(s)},${n},cpu,${cpuAt(i, s)}`, `${isoAt(s)},${n},latency_ms,${latencyAt(i, s)}`));
  return lines.join("\n") + "\n";
}

export function wideCsv(options: { percent?: boolean; crlf?: boolean; bom?: boolean } = {}): string {
  const lines = ["timestamp,host,cpu,latency_ms"];
  for (let s = 0; s < STEPS; s++) NODES.forEach((n, i) => lines.push(`${isoAt(s)},${n},${options.percent ? Math.round(cpuAt(i, s) * 1000) / 10 : cpuAt(i, s)},${latencyAt(i, s)}`));
  return (options.bom ? "\ufeff" : "") + lines.join(options.crlf ? "\r\n" : "\n") + "\n";
}

export function perNodeCsv(i: number): string {
  const lines = ["timestamp,cpu,latency_ms"];
  for (let s = 0; s < STEPS; s++) lines.push(`${isoAt(s)},${cpuAt(i, s)},${latencyAt(i, s)}`);
  return lines.join("\n");
}

export function singleSeriesCsv(i: number, epochSeconds = false): string {
  const lines = ["timestamp,value"];
  for (let s = 0; s < STEPS; s++) lines.push(`${epochSeconds ? (START_MS + s * 60_000) / 1000 : isoAt(s)},${cpuAt(i, s)}`);
  return lines.join("\n");
}

export function ndjson(): string {
  const lines: string[] = [];
  for (let s = 0; s < STEPS; s++) {
    NODES.forEach((n, i) => {
      lines.push(JSON.stringify({ time: isoAt(s), node: n, metric: "cpu", value: cpuAt(i, s) }));
      lines.push(JSON.stringify({ time: isoAt(s), node: n, metric: "latency_ms", value: latencyAt(i, s) }));
    });
  }
  return lines.join("\n") + "\n";
}

export function prometheusResponse(): unknown {
  const result: unknown[] = [];
  NODES.forEach((n, i) => {
    for (const metric of ["cpu", "latency_ms"]) {
      const values: [number, string][] = [];
      for (let s = 0; s < STEPS; s++) values.push([(START_MS + s * 60_000) / 1000, String(metric === "cpu" ? cpuAt(i, s) : latencyAt(i, s))]);
      result.push({ metric: { __name__: metric, instance: n, job: "node" }, values });
    }
  });
  return { status: "success", data: { resultType: "matrix", result } };
}

/** Whether two stores hold the same nodes, metrics, times and values (node and metric order aside). */
export function storeDifference(a: MetricsStore, b: MetricsStore, tolerance = 0): string | undefined {
  if ([...a.nodeIds].sort().join() !== [...b.nodeIds].sort().join()) return `nodes ${a.nodeIds} vs ${b.nodeIds}`;
  if ([...a.metricNames].sort().join() !== [...b.metricNames].sort().join()) return `metrics ${a.metricNames} vs ${b.metricNames}`;
  if (a.recordedSteps !== b.recordedSteps) return `steps ${a.recordedSteps} vs ${b.recordedSteps}`;
  if (a.epochMs !== b.epochMs) return `epochMs ${a.epochMs} vs ${b.epochMs}`;
  if (a.stepSeconds !== b.stepSeconds) return `stepSeconds ${a.stepSeconds} vs ${b.stepSeconds}`;
  for (let s = 0; s < a.recordedSteps; s++) if (a.times[s] !== b.times[s]) return `time of step ${s}: ${a.times[s]} vs ${b.times[s]}`;
  for (const metric of a.metricNames) {
    for (const node of a.nodeIds) {
      const x = a.series(metric, node);
      const y = b.series(metric, node);
      for (let s = 0; s < x.length; s++) {
        const same = (x[s] !== x[s] && y[s] !== y[s]) || Math.abs(x[s] - y[s]) <= tolerance;
        if (!same) return `${metric} of ${node} at step ${s}: ${x[s]} vs ${y[s]}`;
      }
    }
  }
  return undefined;
}
