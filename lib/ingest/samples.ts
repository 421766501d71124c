// Collects samples per series (node × metric) in fixed-size chunks as readers stream them, with the counters units and cleaning need.
import { emptyStats, observe, type ValueStats } from "./units";

const FIRST_CHUNK = 64;
const MAX_CHUNK = 65_536;

/**
 * The samples of one (node, metric) series in arrival order: times in ms, values as read. While the times
 * are exactly regular (start + k·step, the usual case) only values are kept, 8 bytes a sample instead of 16.
 */
export class SeriesSamples {
  /** Chunks of values (regular) or of interleaved [time, value] pairs. */
  chunks: Float64Array[] = [];
  private used = 0;
  size = 0;
  /** Samples whose time is earlier than the latest sample before them. */
  outOfOrder = 0;
  /** Samples whose value was empty (NaN). */
  empty = 0;
  private last = -Infinity;
  private regular = true;
  private start = NaN;
  private step = NaN;

  add(time: number, value: number): void {
    if (this.regular) {
      if (this.size === 0) this.start = time;
      else if (this.size === 1 && time > this.start) this.step = time - this.start;
      if (this.size === 0 || time === this.start + this.size * this.step) {
        this.push(value);
        this.size++;
        this.last = time;
        if (value !== value) this.empty++;
        return;
      }
      this.toPairs();
    }
    this.push(time);
    this.push(value);
    this.size++;
    if (time < this.last) this.outOfOrder++;
    else this.last = time;
    if (value !== value) this.empty++;
  }

  private push(x: number): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.used === chunk.length) {
      chunk = new Float64Array(Math.min(MAX_CHUNK, (chunk?.length ?? FIRST_CHUNK / 2) * 2));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk[this.used++] = x;
  }

  /** Leaves the regular form: rewrites the values kept so far as [time, value] pairs. */
  private toPairs(): void {
    const { times, values } = this.drain();
    this.regular = false;
    this.chunks = [];
    this.used = 0;
    for (let k = 0; k < values.length; k++) {
      this.push(times[k]);
      this.push(values[k]);
    }
  }

  /** Up to `max` positive gaps between consecutive samples (ms), for inferring the step. */
  gaps(out: number[], max: number): void {
    if (this.regular) {
      for (let k = 1; k < this.size && out.length < max; k++) out.push(this.step);
      return;
    }
    const chunk = this.chunks[0];
    for (let j = 2; j < chunk.length && j < 2 * this.size && out.length < max; j += 2) if (chunk[j] > chunk[j - 2]) out.push(chunk[j] - chunk[j - 2]);
  }

  /** Copies the samples out (times, values) and frees the chunks. */
  drain(): { times: Float64Array; values: Float64Array } {
    const times = new Float64Array(this.size);
    const values = new Float64Array(this.size);
    let k = 0;
    const width = this.regular ? 1 : 2;
    for (const chunk of this.chunks) {
      const end = chunk === this.chunks[this.chunks.length - 1] ? this.used : chunk.length;
      for (let j = 0; j < end; j += width) {
        if (width === 1) {
          times[k] = k === 0 ? this.start : this.start + k * this.step;
          values[k++] = chunk[j];
        } else {
          times[k] = chunk[j];
          values[k++] = chunk[j + 1];
        }
      }
    }
    this.chunks = [];
    return { times, values };
  }
}

/** Every sample read so far, indexed by node and metric, with node kinds, labels and per-metric value statistics. */
export class SampleSet {
  readonly nodes: string[] = [];
  readonly metrics: string[] = [];
  /** Name of each metric in the input, before renaming. */
  readonly sourceNames: string[] = [];
  readonly kinds: (string | undefined)[] = [];
  readonly labels = new Map<string, (string | undefined)[]>();
  readonly stats: ValueStats[] = [];
  /** series[metric][node] */
  readonly series: (SeriesSamples | undefined)[][] = [];
  readonly warnings: string[] = [];
  minTime = Infinity;
  maxTime = -Infinity;
  samples = 0;
  private readonly nodeLookup = new Map<string, number>();
  private readonly metricLookup = new Map<string, number>();
  private readonly warned = new Set<string>();

  constructor(private readonly rename: Readonly<Record<string, string>> = {}) {}

  private lastNodeId = "";
  private lastNode = -1;

  node(id: string): number {
    // Rows of one node often come together: skip the map for a repeat.
    if (id === this.lastNodeId && this.lastNode >= 0) return this.lastNode;
    let i = this.nodeLookup.get(id);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodeLookup.set(id, i);
      this.nodes.push(id);
      this.kinds.push(undefined);
    }
    this.lastNodeId = id;
    this.lastNode = i;
    return i;
  }

  /** Metric number of an input name, after `rename`. */
  metric(sourceName: string): number {
    let m = this.metricLookup.get(sourceName);
    if (m === undefined) {
      const name = Object.prototype.hasOwnProperty.call(this.rename, sourceName) ? this.rename[sourceName] : sourceName;
      const existing = this.metrics.indexOf(name);
      if (existing >= 0) m = existing;
      else {
        m = this.metrics.length;
        this.metrics.push(name);
        this.sourceNames.push(sourceName);
        this.stats.push(emptyStats());
        this.series.push([]);
      }
      this.metricLookup.set(sourceName, m);
    }
    return m;
  }

  kind(node: number, kind: string): void {
    if (kind === "") return;
    const current = this.kinds[node];
    if (current === undefined) this.kinds[node] = kind;
    else if (current !== kind) this.warnOnce(`kind:${node}`, `node "${this.nodes[node]}" has kinds "${current}" and "${kind}"; kept "${current}".`);
  }

  label(node: number, name: string, value: string): void {
    let values = this.labels.get(name);
    if (values === undefined) {
      values = [];
      this.labels.set(name, values);
    }
    if (value === "" || values[node] !== undefined) return;
    values[node] = value;
  }

  add(time: number, node: number, metric: number, value: number): void {
    let row = this.series[metric];
    let s = row[node];
    if (s === undefined) {
      s = new SeriesSamples();
      row[node] = s;
    }
    s.add(time, value);
    this.samples++;
    if (time < this.minTime) this.minTime = time;
    if (time > this.maxTime) this.maxTime = time;
    if (value === value) observe(this.stats[metric], value);
  }

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
  }
}
