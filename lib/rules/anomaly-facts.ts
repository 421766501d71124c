// The `anomaly` fact at run time: a FactSource wrapper that feeds every node's metric(s) to streaming detectors at a fixed cadence.
import { createDetector, createMultivariateDetector, type Detector, type MultivariateDetector } from "../analytics";
import { invalidArgument } from "../errors";
import { anomalyKey, type AnomalyParams } from "./anomaly-params";
import { factKey, LayeredFactSource, type FactAccessor, type FactSource, type WindowParams } from "./facts";
import type { Timeline } from "./timeline";
import type { RuleSet } from "./types";

/** One (metric(s), detector) pair: a detector per node, the values accumulated since the last feed, the current scores. */
interface Channel {
  params: AnomalyParams;
  /** Metrics read per node: [metric] for a univariate detector, params.metrics for a multivariate one. */
  metrics: string[];
  detectors: (Detector | MultivariateDetector | undefined)[];
  /** Per node and metric (node-major): sum and count of the finite values since the last feed. */
  sums: Float64Array;
  counts: Float64Array;
  scores: Float64Array;
  /** Highest score per node so far, and the first time it reached 0.5 (NaN: never). */
  maxScore: Float64Array;
  firstAlarm: Float64Array;
  reads?: (FactAccessor | undefined)[];
}

/** Options of `AnomalyFactSource`. */
export interface AnomalyFactSourceOptions {
  /**
   * Seconds between detector updates (default 300). Each update feeds the mean of the values seen since the last
   * one, and scores hold in between. The detectors' defaults (a day is 288 points, probation 600 points) assume
   * 5-minute points, the resolution of the NAB series they were evaluated on; 0 feeds every step.
   */
  everySeconds?: number;
}

/** What a channel saw so far, per node. */
export interface AnomalyChannelSummary {
  params: AnomalyParams;
  nodeIds: string[];
  maxScore: number[];
  /** First time the score reached 0.5, NaN when it never did. */
  firstAlarm: number[];
}

/**
 * Wraps a FactSource so rules can read `{"fact": "anomaly", "params": {"metric": "cpu", "detector": "ensemble"}}`
 * or, multivariate, `{"metrics": ["cpu", "latency_ms"], "detector": "isolation_forest"}`.
 * Call `push(time, inner)` once per step, after the inner source moved to the step and before evaluating: every
 * channel a rule asked for reads its metric(s) on every node; every `everySeconds` it updates each node's detector
 * with the mean since the last update (score, then learn), so the score at a step never depends on later steps. Other facts pass through to the inner source. The wrapper is
 * one object for the whole run, so evaluators bind once; handing `push` a different inner object re-resolves the
 * pass-through accessors and carries the detectors over by node id.
 */
export class AnomalyFactSource extends LayeredFactSource {
  private ids: string[];
  private readonly channels = new Map<string, Channel>();
  private readonly passThrough = new Map<string, { fact: string; params?: WindowParams; read: FactAccessor | undefined }>();
  private readonly everySeconds: number;
  private lastFed = -Infinity;
  /** Scratch row handed to multivariate detectors (they copy what they keep). */
  private row = new Float64Array(0);

  constructor(inner: FactSource, options: AnomalyFactSourceOptions = {}) {
    super(inner);
    this.ids = nodeIds(inner);
    const every = options.everySeconds ?? 300;
    if (typeof every !== "number" || !(every >= 0) || !Number.isFinite(every)) throw invalidArgument("AnomalyFactSource", "options.everySeconds", "a number of seconds >= 0 (0: every step)", every);
    this.everySeconds = every;
  }

  /** Registers a (metric, detector) channel ahead of the first step (accessor() also registers on demand). */
  watch(params: AnomalyParams): void {
    const key = anomalyKey(params);
    const n = this.nodeCount;
    if (this.channels.has(key)) return;
    const metrics = params.metrics ? [...params.metrics] : [params.metric];
    const cells = n * metrics.length;
    this.channels.set(key, { params, metrics, detectors: new Array(n), sums: new Float64Array(cells), counts: new Float64Array(cells), scores: new Float64Array(n), maxScore: new Float64Array(n), firstAlarm: new Float64Array(n).fill(NaN) });
  }

  /** Per node: the highest score so far and the first alarm time of each watched channel. */
  summary(): AnomalyChannelSummary[] {
    return [...this.channels.values()].map((c) => ({ params: c.params, nodeIds: [...this.ids], maxScore: Array.from(c.maxScore), firstAlarm: Array.from(c.firstAlarm) }));
  }

  /** Moves to the step at `time`: accumulates every channel's metrics from `inner` and, on the cadence, updates the detectors. */
  push(time: number, inner: FactSource = this.inner): void {
    if (inner !== this.inner) this.rebind(inner);
    const n = this.inner.nodeCount;
    const feed = time - this.lastFed >= this.everySeconds;
    if (feed) this.lastFed = time;
    for (const channel of this.channels.values()) {
      const reads = (channel.reads ??= channel.metrics.map((m) => this.inner.accessor(m)));
      const dims = reads.length;
      const { sums, counts } = channel;
      for (let j = 0; j < dims; j++) {
        const read = reads[j];
        if (read === undefined) continue;
        for (let v = 0, cell = j; v < n; v++, cell += dims) {
          const raw = read(v);
          if (typeof raw === "number" && raw === raw) {
            sums[cell] += raw;
            counts[cell]++;
          }
        }
      }
      if (feed) this.feed(channel, time, n);
    }
  }

  /** Hands each node's mean since the last feed to its detector and resets the sums. */
  private feed(channel: Channel, time: number, n: number): void {
    const { detectors, scores, params, maxScore, firstAlarm, sums, counts } = channel;
    const dims = channel.metrics.length;
    if (this.row.length !== dims) this.row = new Float64Array(dims);
    const row = this.row;
    for (let v = 0; v < n; v++) {
      let s: number;
      if (params.metrics === undefined) {
        const value = counts[v] > 0 ? sums[v] / counts[v] : NaN;
        let d = detectors[v] as Detector | undefined;
        if (d === undefined) d = detectors[v] = createDetector(params.detector, params.options);
        s = d.update(time, value);
        sums[v] = 0;
        counts[v] = 0;
      } else {
        for (let j = 0, cell = v * dims; j < dims; j++, cell++) {
          row[j] = counts[cell] > 0 ? sums[cell] / counts[cell] : NaN;
          sums[cell] = 0;
          counts[cell] = 0;
        }
        let d = detectors[v] as MultivariateDetector | undefined;
        if (d === undefined) d = detectors[v] = createMultivariateDetector(params.detector, params.options);
        s = d.update(time, row);
      }
      scores[v] = s;
      if (s > maxScore[v]) {
        maxScore[v] = s;
        if (s >= 0.5 && Number.isNaN(firstAlarm[v])) firstAlarm[v] = time;
      }
    }
  }

  /** The current detector of a node and channel (for inspection in notebooks). */
  detector(nodeId: string, params: AnomalyParams): Detector | MultivariateDetector | undefined {
    const v = this.ids.indexOf(nodeId);
    return v < 0 ? undefined : this.channels.get(anomalyKey(params))?.detectors[v];
  }

  accessor(fact: string, params?: WindowParams): FactAccessor | undefined {
    if (fact === "anomaly") {
      if (!params?.anomaly) return undefined;
      this.watch(params.anomaly);
      const scores = this.channels.get(anomalyKey(params.anomaly))!.scores;
      return (v) => scores[v];
    }
    const key = factKey(fact, params);
    let entry = this.passThrough.get(key);
    if (entry === undefined) {
      entry = { fact, params, read: this.inner.accessor(fact, params) };
      this.passThrough.set(key, entry);
    }
    if (entry.read === undefined) return undefined;
    const e = entry;
    return (v) => e.read!(v);
  }

  private rebind(inner: FactSource): void {
    const newIds = nodeIds(inner);
    const same = newIds.length === this.ids.length && newIds.every((id, i) => id === this.ids[i]);
    if (!same) {
      const index = new Map(this.ids.map((id, i) => [id, i]));
      for (const channel of this.channels.values()) {
        channel.detectors = newIds.map((id) => {
          const old = index.get(id);
          return old === undefined ? undefined : channel.detectors[old];
        });
        const carry = (a: Float64Array, empty: number) => Float64Array.from(newIds, (id) => (index.has(id) ? a[index.get(id)!] : empty));
        channel.maxScore = carry(channel.maxScore, 0);
        channel.firstAlarm = carry(channel.firstAlarm, NaN);
        channel.scores = new Float64Array(newIds.length);
        const dims = channel.metrics.length;
        const carryCells = (a: Float64Array) => {
          const out = new Float64Array(newIds.length * dims);
          newIds.forEach((id, v) => {
            const old = index.get(id);
            if (old !== undefined) for (let j = 0; j < dims; j++) out[v * dims + j] = a[old * dims + j];
          });
          return out;
        };
        channel.sums = carryCells(channel.sums);
        channel.counts = carryCells(channel.counts);
      }
    }
    this.inner = inner;
    this.ids = newIds;
    for (const channel of this.channels.values()) channel.reads = undefined;
    for (const entry of this.passThrough.values()) entry.read = inner.accessor(entry.fact, entry.params);
  }
}

function nodeIds(source: FactSource): string[] {
  const ids: string[] = [];
  for (let v = 0; v < source.nodeCount; v++) ids.push(source.nodeId(v));
  return ids;
}

/** The anomaly channels a rule set reads (distinct by metric, detector and options). */
export function anomalyChannels(ruleSet: RuleSet | undefined): AnomalyParams[] {
  const out = new Map<string, AnomalyParams>();
  for (const rule of ruleSet?.rules ?? []) for (const f of rule.facts) if (f.params?.anomaly) out.set(anomalyKey(f.params.anomaly), f.params.anomaly);
  return [...out.values()];
}

/**
 * A timeline whose steps also carry anomaly facts, for backtests: each pass over it starts fresh detectors and
 * feeds them the steps in order. Returns `timeline` itself when the rule set reads no anomaly fact.
 */
export function withAnomalyFacts(timeline: Timeline, ruleSet: RuleSet): Timeline {
  const channels = anomalyChannels(ruleSet);
  if (channels.length === 0) return timeline;
  return {
    epochMs: timeline.epochMs,
    *[Symbol.iterator]() {
      let source: AnomalyFactSource | undefined;
      for (const step of timeline) {
        if (source === undefined) {
          source = new AnomalyFactSource(step.facts);
          for (const c of channels) source.watch(c);
        }
        source.push(step.time, step.facts);
        yield { time: step.time, facts: source };
      }
    },
  };
}
