// Turns the samples a reader collected into a metrics store: step, units, the cleaning pipeline per series, kinds, and the report.
import { InvalidArgumentError, didYouMean, invalidArgument } from "../errors";
import { MetricsStore, TWIN_METRICS, type Precision } from "../metrics";
import { parseDuration } from "../time";
import { cleanSeries, type Aggregate, type GapPolicy, type ImpossiblePolicy, type SeriesReport } from "./clean";
import type { SampleSet } from "./samples";
import type { TimeColumnParser } from "./time";
import { decideUnit, storeUnitOf, type UnitDecision, type UnitOptions } from "./units";
import { totalsOf, type IngestReport } from "./report";

const DEFAULTS = { gaps: "none" as GapPolicy, impossible: "flag" as ImpossiblePolicy, precision: "float64" as Precision, maxValues: 200_000_000 };

/** Something that knows node kinds: a graph (graphology) or a plain object. */
export type KindSource = Readonly<Record<string, string>> | { hasNode(id: string): boolean; getNodeAttribute(id: string, name: string): unknown };

/** Options of the store-building half of `readTelemetry`. */
export interface BuildOptions extends UnitOptions {
  /** Step of the store: seconds or a duration ("1m"); inferred from the data (median gap) by default. */
  step?: number | string;
  /** Summary of several samples in one step, for every metric or per metric; "max" for status, "mean" otherwise. */
  aggregate?: Aggregate | Readonly<Record<string, Aggregate>>;
  /** Empty steps between samples: "none" (default), `{ hold: N }`, "interpolate". */
  gaps?: GapPolicy;
  /** Impossible values (ratio outside 0..1, negative latency): "flag" (default, counted and kept), "clip", "drop". */
  impossible?: ImpossiblePolicy;
  /** Node kinds when the data has no kind column: `{ "web-01": "server" }` or the estate's graph. */
  kinds?: KindSource;
  /** Storage precision; "float64" by default so values survive exactly. */
  precision?: Precision;
}

/** What the reader found before the store is built. */
export interface ReadContext {
  api: string;
  source: string;
  format: IngestReport["format"];
  layout: IngestReport["layout"];
  layoutReason: string;
  columns: IngestReport["columns"];
  rows: number;
  time: TimeColumnParser;
}

function checkPolicies(api: string, options: BuildOptions): void {
  const gaps = options.gaps;
  if (gaps !== undefined && gaps !== "none" && gaps !== "interpolate" && !(typeof gaps === "object" && gaps !== null && Number.isInteger(gaps.hold) && gaps.hold >= 0)) {
    throw invalidArgument(api, "options.gaps", '"none", "interpolate" or { hold: N } with N an integer >= 0', gaps);
  }
  if (options.impossible !== undefined && !["flag", "clip", "drop"].includes(options.impossible)) throw invalidArgument(api, "options.impossible", '"flag", "clip" or "drop"', options.impossible);
}

function aggregateOf(metric: string, option: BuildOptions["aggregate"]): Aggregate {
  if (typeof option === "string") return option;
  return option?.[metric] ?? (metric === "status" ? "max" : "mean");
}

/** Median positive gap between consecutive samples of the first series (ms). */
function inferStep(set: SampleSet): number {
  const gaps: number[] = [];
  for (const row of set.series) {
    for (const s of row) {
      if (s !== undefined) s.gaps(gaps, 1000);
      if (gaps.length >= 1000) break;
    }
    if (gaps.length >= 1000) break;
  }
  if (gaps.length === 0) return 1000;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

function kindFrom(source: KindSource | undefined, id: string): string | undefined {
  if (source === undefined) return undefined;
  if (typeof (source as { hasNode?: unknown }).hasNode === "function") {
    const graph = source as { hasNode(id: string): boolean; getNodeAttribute(id: string, name: string): unknown };
    const kind = graph.hasNode(id) ? graph.getNodeAttribute(id, "kind") : undefined;
    return typeof kind === "string" ? kind : undefined;
  }
  const kind = (source as Record<string, string>)[id];
  return typeof kind === "string" ? kind : undefined;
}

function iso(ms: number, absolute: boolean): string {
  return absolute ? new Date(ms).toISOString() : `${ms / 1000} s`;
}

/** Builds the store and the report from everything a reader collected. */
export function buildStore(set: SampleSet, context: ReadContext, options: BuildOptions): { store: MetricsStore; report: IngestReport } {
  const api = context.api;
  checkPolicies(api, options);
  if (set.samples === 0 || set.nodes.length === 0 || set.metrics.length === 0) {
    throw new InvalidArgumentError(`${api}: no samples found in ${context.source} (${context.rows} rows read); nothing to build a store from.`);
  }
  let stepMs: number;
  const basis = options.step === undefined ? "inferred" : "option";
  if (options.step !== undefined) {
    const seconds = parseDuration(options.step, api, "options.step");
    if (!(seconds > 0)) throw invalidArgument(api, "options.step", 'a duration > 0 such as 60 or "1m"', options.step);
    stepMs = seconds * 1000;
  } else stepMs = inferStep(set);
  const origin = set.minTime;
  const steps = Math.round((set.maxTime - origin) / stepMs) + 1;
  const total = steps * set.nodes.length * set.metrics.length;
  if (total > DEFAULTS.maxValues) {
    throw new InvalidArgumentError(
      `${api}: the store would hold ${total} values (${steps} steps of ${stepMs / 1000} s × ${set.nodes.length} nodes × ${set.metrics.length} metrics), over ${DEFAULTS.maxValues}; pass a larger options.step.`,
    );
  }
  const units: UnitDecision[] = set.metrics.map((metric, m) => decideUnit(api, metric, set.sourceNames[m], set.stats[m], options));
  const gaps = options.gaps ?? DEFAULTS.gaps;
  const impossible = options.impossible ?? DEFAULTS.impossible;
  const aggregates: Record<string, Aggregate> = {};
  for (const metric of set.metrics) aggregates[metric] = aggregateOf(metric, options.aggregate);
  const reports: SeriesReport[] = [];
  const grids: (Float64Array | undefined)[][] = set.metrics.map(() => []);
  set.metrics.forEach((metric, m) => {
    const settings = { origin, stepMs, steps, factor: units[m].factor, counter: units[m].counter, unit: storeUnitOf(metric), aggregate: aggregates[metric], gaps, impossible };
    set.series[m].forEach((series, i) => {
      if (series === undefined) return;
      const report: SeriesReport = { node: set.nodes[i], metric, samples: series.size, empty: series.empty, outOfOrder: series.outOfOrder, duplicates: 0, resets: 0, impossible: 0, merged: 0, snapped: 0, filled: 0, gaps: 0 };
      const { times, values } = series.drain();
      grids[m][i] = cleanSeries(times, values, settings, report);
      reports.push(report);
    });
  });
  reports.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));

  const warnings = [...set.warnings];
  const kinds = set.nodes.map((id, i) => set.kinds[i] ?? kindFrom(options.kinds, id) ?? "unknown");
  const unknownKinds = kinds.filter((k) => k === "unknown").length;
  if (unknownKinds > 0) {
    warnings.push(
      `${unknownKinds} of ${kinds.length} nodes have no kind (no kind column${options.kinds ? " and not in options.kinds" : ""}): rules scoped to kinds will not fire on them; give a kind column, options.kindColumn, or options.kinds (a { node: kind } map or the estate's graph).`,
    );
  }
  for (const metric of set.metrics) {
    if ((TWIN_METRICS as readonly string[]).includes(metric)) continue;
    const suggestion = /"([^"]+)"/.exec(didYouMean(metric, TWIN_METRICS, 1))?.[1];
    if (suggestion !== undefined) {
      warnings.push(`metric "${metric}" is not a catalogue metric: rules on "${suggestion}" will not read it (it is a custom fact named "${metric}"). If it is ${suggestion}, say { rename: { ${metric}: "${suggestion}" } }.`);
    }
  }
  const absolute = context.time.absolute;
  const labels: Record<string, string[]> = {};
  for (const [name, values] of set.labels) labels[name] = set.nodes.map((_, i) => values[i] ?? "");
  const store = new MetricsStore({
    nodes: set.nodes,
    kinds,
    metrics: set.metrics,
    stepSeconds: stepMs / 1000,
    startTime: absolute ? 0 : origin / 1000,
    epoch: absolute ? origin : undefined,
    precision: options.precision ?? DEFAULTS.precision,
    expectedSteps: steps,
    labels,
  });
  const nodeCount = set.nodes.length;
  const columns = set.metrics.map(() => new Float64Array(nodeCount));
  for (let s = 0; s < steps; s++) {
    for (let m = 0; m < columns.length; m++) {
      const column = columns[m];
      const row = grids[m];
      for (let i = 0; i < nodeCount; i++) {
        const grid = row[i];
        column[i] = grid === undefined ? NaN : grid[s];
      }
    }
    store.append((absolute ? 0 : origin / 1000) + (s * stepMs) / 1000, columns);
  }
  const time = context.time;
  const report: IngestReport = {
    kind: "ingest-report",
    source: context.source,
    format: context.format,
    layout: context.layout,
    layoutReason: context.layoutReason,
    columns: context.columns,
    time: {
      encoding: time.encoding ?? "none",
      timeZone: time.timeZone,
      naive: time.naive,
      note: time.describe() + (time.encoding === "iso-naive" ? "" : time.encoding?.startsWith("iso") ? "" : ""),
    },
    step: { seconds: stepMs / 1000, basis },
    start: iso(origin, absolute),
    end: iso(origin + (steps - 1) * stepMs, absolute),
    rows: context.rows,
    samples: set.samples,
    nodes: nodeCount,
    metrics: set.metrics.length,
    steps,
    units,
    policies: { gaps, impossible, aggregate: aggregates },
    series: reports,
    totals: totalsOf(reports),
    warnings,
  };
  return { store, report };
}
