// Builds a metrics store from observed telemetry samples given in any order (shared by the CSV and JSON importers).
import { InvalidArgumentError, invalidArgument } from "../errors";
import { MetricsStore, type Precision } from "./store";

const DEFAULTS = {
  precision: "float64" as Precision,
  kind: "unknown",
  /** Refuse to build stores larger than this many values: a wrong stepSeconds would otherwise eat the memory. */
  maxValues: 50_000_000,
};

/** What an import found: sizes and the gaps filled with NaN, plus human-readable warnings. */
export interface ImportReport {
  /** Always "import-report". */
  kind: "import-report";
  /** Data rows (CSV) or records (JSON) read. */
  rows: number;
  /** Nodes, metrics and steps of the resulting store. */
  nodes: number;
  metrics: number;
  steps: number;
  /** Samples given but empty (empty cell, NaN, NA, null): stored as NaN. */
  emptyValues: number;
  /** (step, node, metric) cells no row mentioned: stored as NaN. */
  absentValues: number;
  /** Rows for a cell already given: the later row wins. */
  duplicates: number;
  /** Rows whose time was moved to the nearest step of the `stepSeconds` grid. */
  snapped: number;
  /** One sentence per finding worth a user's attention. */
  warnings: string[];
}

/** Options shared by telemetry importers. */
export interface TelemetryOptions {
  /** Align times to a regular grid of this many seconds from the first time (missing steps become NaN). Without it each distinct time is a step. */
  stepSeconds?: number;
  /** Storage precision; "float64" by default so imported values survive exactly. */
  precision?: Precision;
}

/** Accumulates samples (time in seconds, node, metric, value) and builds a store from them. */
export class TelemetryBuilder {
  private times = new Float64Array(1024);
  private nodesOf = new Int32Array(1024);
  private metricsOf = new Int32Array(1024);
  private values = new Float64Array(1024);
  private size = 0;
  private readonly nodeLookup = new Map<string, number>();
  private readonly metricLookup = new Map<string, number>();
  /** Node ids in order of first appearance. */
  readonly nodes: string[] = [];
  /** Metric names in order of first appearance. */
  readonly metrics: string[] = [];
  private readonly kinds: (string | undefined)[] = [];
  private readonly labels = new Map<string, (string | undefined)[]>();
  private readonly warned = new Set<string>();
  /** Warnings found while adding samples. */
  readonly warnings: string[] = [];
  /** Samples added with a NaN value. */
  emptyValues = 0;
  /** Rows or records read (set by the importer). */
  rows = 0;
  /** Wall-clock ms since 1970 of time 0, when the times came from timestamps. */
  epochMs: number | undefined;

  constructor(private readonly api: string) {}

  /** Node number for an id, adding the node on first sight. */
  node(id: string): number {
    let index = this.nodeLookup.get(id);
    if (index === undefined) {
      index = this.nodes.length;
      this.nodeLookup.set(id, index);
      this.nodes.push(id);
      this.kinds.push(undefined);
      for (const values of this.labels.values()) values.push(undefined);
    }
    return index;
  }

  /** Metric number for a name, adding the metric on first sight. */
  metric(name: string): number {
    let index = this.metricLookup.get(name);
    if (index === undefined) {
      index = this.metrics.length;
      this.metricLookup.set(name, index);
      this.metrics.push(name);
    }
    return index;
  }

  /** Sets a node's kind; the first non-empty kind wins and a conflicting one is reported once per node. */
  kind(node: number, kind: string): void {
    if (kind === "") return;
    const current = this.kinds[node];
    if (current === undefined) this.kinds[node] = kind;
    else if (current !== kind) this.warnOnce(`kind:${node}`, `node "${this.nodes[node]}" has kinds "${current}" and "${kind}"; kept "${current}".`);
  }

  /** Sets a node label; the first non-empty value wins and a varying label is reported once per column. */
  label(node: number, name: string, value: string): void {
    let values = this.labels.get(name);
    if (values === undefined) {
      values = new Array<string | undefined>(this.nodes.length).fill(undefined);
      this.labels.set(name, values);
    }
    if (value === "") return;
    const current = values[node];
    if (current === undefined) values[node] = value;
    else if (current !== value) {
      this.warnOnce(`label:${name}`, `column "${name}" varies within node "${this.nodes[node]}" ("${current}", "${value}"); kept the first value per node.`);
    }
  }

  /** Adds one sample; NaN values count as empty. */
  add(time: number, node: number, metric: number, value: number): void {
    if (this.size === this.times.length) this.grow();
    const k = this.size++;
    this.times[k] = time;
    this.nodesOf[k] = node;
    this.metricsOf[k] = metric;
    this.values[k] = value;
    if (value !== value) this.emptyValues++;
  }

  /** Builds the store: distinct times (or grid steps) become steps, and every cell no sample gave is NaN. */
  build(options: TelemetryOptions = {}): { store: MetricsStore; report: ImportReport } {
    const api = this.api;
    const precision = options.precision ?? DEFAULTS.precision;
    if (options.stepSeconds !== undefined && !(options.stepSeconds > 0 && Number.isFinite(options.stepSeconds))) {
      throw invalidArgument(api, "stepSeconds", "a finite number > 0", options.stepSeconds);
    }
    if (this.size === 0 || this.nodes.length === 0 || this.metrics.length === 0) {
      throw new InvalidArgumentError(`${api}: no samples found (${this.rows} rows read); nothing to build a store from.`);
    }
    const n = this.size;
    const distinct = this.times.slice(0, n).sort();
    let unique = 0;
    for (let k = 0; k < n; k++) if (k === 0 || distinct[k] !== distinct[unique - 1]) distinct[unique++] = distinct[k];
    const origin = distinct[0];

    const stepOf = new Int32Array(n);
    let stepTimes: Float64Array;
    let stepSeconds: number;
    let snapped = 0;
    let maxShift = 0;
    if (options.stepSeconds !== undefined) {
      stepSeconds = options.stepSeconds;
      let last = 0;
      for (let k = 0; k < n; k++) {
        const exact = (this.times[k] - origin) / stepSeconds;
        const step = Math.round(exact);
        const shift = Math.abs(exact - step) * stepSeconds;
        if (shift > 1e-9 * Math.max(1, Math.abs(this.times[k]))) {
          snapped++;
          if (shift > maxShift) maxShift = shift;
        }
        stepOf[k] = step;
        if (step > last) last = step;
      }
      this.checkSize(last + 1, `pass a larger stepSeconds than ${stepSeconds}`);
      stepTimes = new Float64Array(last + 1);
      for (let s = 0; s <= last; s++) stepTimes[s] = origin + s * stepSeconds;
    } else {
      stepTimes = distinct.slice(0, unique);
      this.checkSize(unique, "filter the input");
      const index = new Map<number, number>();
      for (let s = 0; s < unique; s++) index.set(stepTimes[s], s);
      for (let k = 0; k < n; k++) stepOf[k] = index.get(this.times[k]) as number;
      stepSeconds = medianGap(stepTimes);
      if (unique > 2) {
        let minGap = Infinity;
        let maxGap = 0;
        for (let s = 1; s < unique; s++) {
          const gap = stepTimes[s] - stepTimes[s - 1];
          if (gap < minGap) minGap = gap;
          if (gap > maxGap) maxGap = gap;
        }
        if (maxGap - minGap > 0.01 * stepSeconds) {
          this.warnings.push(`times are irregular (gaps from ${round(minGap)} s to ${round(maxGap)} s); pass stepSeconds to align them to a regular grid.`);
        }
      }
    }
    const steps = stepTimes.length;
    if (snapped > 0) this.warnings.push(`${snapped} samples were moved to the nearest ${stepSeconds} s step (by up to ${round(maxShift)} s).`);

    // Counting sort by step keeps input order within a step, so the later of two duplicates wins.
    const starts = new Int32Array(steps + 1);
    for (let k = 0; k < n; k++) starts[stepOf[k] + 1]++;
    for (let s = 0; s < steps; s++) starts[s + 1] += starts[s];
    const order = new Int32Array(n);
    const fill = starts.slice(0, steps);
    for (let k = 0; k < n; k++) order[fill[stepOf[k]]++] = k;

    const nodeCount = this.nodes.length;
    const kinds = this.kinds.map((k) => k ?? DEFAULTS.kind);
    const labels: Record<string, string[]> = {};
    for (const [name, values] of this.labels) labels[name] = values.map((v) => v ?? "");
    const store = new MetricsStore({
      nodes: this.nodes,
      kinds,
      metrics: this.metrics,
      stepSeconds,
      startTime: stepTimes[0],
      epoch: this.epochMs,
      precision,
      expectedSteps: steps,
      labels,
    });
    const columns = this.metrics.map(() => new Float64Array(nodeCount));
    const writtenAt = new Int32Array(nodeCount * this.metrics.length).fill(-1);
    let duplicates = 0;
    let given = 0;
    for (let s = 0; s < steps; s++) {
      for (const column of columns) column.fill(NaN);
      for (let j = starts[s]; j < starts[s + 1]; j++) {
        const k = order[j];
        const cell = this.metricsOf[k] * nodeCount + this.nodesOf[k];
        if (writtenAt[cell] === s) duplicates++;
        else {
          writtenAt[cell] = s;
          given++;
        }
        columns[this.metricsOf[k]][this.nodesOf[k]] = this.values[k];
      }
      store.append(stepTimes[s], columns);
    }
    const absentValues = steps * nodeCount * this.metrics.length - given;
    if (duplicates > 0) this.warnings.push(`${duplicates} samples repeat a (time, node, metric) already given; the later one was kept.`);
    if (this.emptyValues > 0) this.warnings.push(`${this.emptyValues} samples are empty and were stored as NaN.`);
    if (absentValues > 0) this.warnings.push(`${absentValues} of ${steps * nodeCount * this.metrics.length} (time, node, metric) values are absent and were stored as NaN.`);
    return {
      store,
      report: {
        kind: "import-report",
        rows: this.rows,
        nodes: nodeCount,
        metrics: this.metrics.length,
        steps,
        emptyValues: this.emptyValues,
        absentValues,
        duplicates,
        snapped,
        warnings: this.warnings.slice(),
      },
    };
  }

  private checkSize(steps: number, advice: string): void {
    const total = steps * this.nodes.length * this.metrics.length;
    if (total > DEFAULTS.maxValues) {
      throw new InvalidArgumentError(
        `${this.api}: the store would hold ${total} values (${steps} steps × ${this.nodes.length} nodes × ${this.metrics.length} metrics), over the limit of ${DEFAULTS.maxValues}; ${advice}.`,
      );
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const nodes = new Int32Array(capacity);
    nodes.set(this.nodesOf);
    this.nodesOf = nodes;
    const metrics = new Int32Array(capacity);
    metrics.set(this.metricsOf);
    this.metricsOf = metrics;
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.values = values;
  }
}

/** Text of a missing sample: empty, NaN, NA, N/A, null or None (any case). */
export function isMissingText(text: string): boolean {
  if (text === "") return true;
  switch (text.toLowerCase()) {
    case "nan":
    case "na":
    case "n/a":
    case "null":
    case "none":
      return true;
    default:
      return false;
  }
}

const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Milliseconds since 1970 of an ISO 8601 timestamp; timestamps without a zone are read as UTC. NaN if not a timestamp. */
export function parseTimestamp(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return NaN;
  const normalized = ZONELESS.test(text) ? text.replace(" ", "T") + "Z" : text;
  return Date.parse(normalized);
}

function medianGap(times: Float64Array): number {
  if (times.length < 2) return 1;
  const gaps = new Float64Array(times.length - 1);
  for (let s = 1; s < times.length; s++) gaps[s - 1] = times[s] - times[s - 1];
  gaps.sort();
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
