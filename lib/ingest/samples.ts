// Collects samples per series (node × metric) in fixed-size chunks as readers stream them, with the counters units and cleaning need.
import { emptyStats, observe, type ValueStats } from "./units";

const FIRST_CHUNK = 64;
const MAX_CHUNK = 65_536;

/** The samples of one (node, metric) series in arrival order: times in ms, values as read. */
export class SeriesSamples {
  /** Chunks of interleaved [time, value] pairs. */
  chunks: Float64Array[] = [];
  private used = 0;
  size = 0;
  /** Samples whose time is earlier than the one before them. */
  outOfOrder = 0;
  /** Samples whose value was empty (NaN). */
  empty = 0;
  private last = -Infinity;

  add(time: number, value: number): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.used === chunk.length) {
      chunk = new Float64Array(Math.min(MAX_CHUNK, (chunk?.length ?? FIRST_CHUNK / 2) * 2));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk[this.used++] = time;
    chunk[this.used++] = value;
    this.size++;
    if (time < this.last) this.outOfOrder++;
    else this.last = time;
    if (value !== value) this.empty++;
  }

  /** Copies the samples out (times, values) and frees the chunks. */
  drain(): { times: Float64Array; values: Float64Array } {
    const times = new Float64Array(this.size);
    const values = new Float64Array(this.size);
    let k = 0;
    for (const chunk of this.chunks) {
      const end = chunk === this.chunks[this.chunks.length - 1] ? this.used : chunk.length;
      for (let j = 0; j < end; j += 2) {
        times[k] = chunk[j];
        values[k++] = chunk[j + 1];
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
