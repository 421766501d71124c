// The `anomaly` fact at run time: a FactSource wrapper that feeds every node's metric to a streaming detector once per step.
import { createDetector, type Detector } from "../analytics";
import { anomalyKey, type AnomalyParams } from "./anomaly-params";
import { factKey, type FactAccessor, type FactSource, type WindowParams } from "./facts";
import type { Timeline } from "./timeline";
import type { RuleSet } from "./types";

/** One (metric, detector) pair: a detector per node and the scores of the current step. */
interface Channel {
  params: AnomalyParams;
  detectors: (Detector | undefined)[];
  scores: Float64Array;
  /** Highest score per node so far, and the first time it reached 0.5 (NaN: never). */
  maxScore: Float64Array;
  firstAlarm: Float64Array;
  read?: FactAccessor;
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
 * Wraps a FactSource so rules can read `{"fact": "anomaly", "params": {"metric": "cpu", "detector": "ensemble"}}`.
 * Call `push(time, inner)` once per step, after the inner source moved to the step and before evaluating: every
 * channel a rule asked for reads its metric on every node and updates that node's detector (score, then learn), so
 * the score at a step never depends on later steps. Other facts pass through to the inner source. The wrapper is
 * one object for the whole run, so evaluators bind once; handing `push` a different inner object re-resolves the
 * pass-through accessors and carries the detectors over by node id.
 */
export class AnomalyFactSource implements FactSource {
  private inner: FactSource;
  private ids: string[];
  private readonly channels = new Map<string, Channel>();
  private readonly passThrough = new Map<string, { fact: string; params?: WindowParams; read: FactAccessor | undefined }>();

  constructor(inner: FactSource) {
    this.inner = inner;
    this.ids = nodeIds(inner);
  }

  get nodeCount(): number {
    return this.inner.nodeCount;
  }
  nodeId(node: number): string {
    return this.inner.nodeId(node);
  }
  kind(node: number): string {
    return this.inner.kind(node);
  }
  tier(node: number): number | undefined {
    return this.inner.tier(node);
  }
  tags(node: number): readonly string[] {
    return this.inner.tags(node);
  }

  /** Registers a (metric, detector) channel ahead of the first step (accessor() also registers on demand). */
  watch(params: AnomalyParams): void {
    const key = anomalyKey(params);
    const n = this.nodeCount;
    if (!this.channels.has(key)) this.channels.set(key, { params, detectors: new Array(n), scores: new Float64Array(n), maxScore: new Float64Array(n), firstAlarm: new Float64Array(n).fill(NaN) });
  }

  /** Per node: the highest score so far and the first alarm time of each watched channel. */
  summary(): AnomalyChannelSummary[] {
    return [...this.channels.values()].map((c) => ({ params: c.params, nodeIds: [...this.ids], maxScore: Array.from(c.maxScore), firstAlarm: Array.from(c.firstAlarm) }));
  }

  /** Moves to the step at `time`: updates every channel's detectors from `inner` (the same source by default). */
  push(time: number, inner: FactSource = this.inner): void {
    if (inner !== this.inner) this.rebind(inner);
    const n = this.inner.nodeCount;
    for (const channel of this.channels.values()) {
      const read = (channel.read ??= this.inner.accessor(channel.params.metric));
      const { detectors, scores, params, maxScore, firstAlarm } = channel;
      for (let v = 0; v < n; v++) {
        const raw = read ? read(v) : undefined;
        const value = typeof raw === "number" ? raw : NaN;
        let d = detectors[v];
        if (d === undefined) d = detectors[v] = createDetector(params.detector, params.options);
        const s = d.update(time, value);
        scores[v] = s;
        if (s > maxScore[v]) {
          maxScore[v] = s;
          if (s >= 0.5 && Number.isNaN(firstAlarm[v])) firstAlarm[v] = time;
        }
      }
    }
  }

  /** The current detector of a node and channel (for inspection in notebooks). */
  detector(nodeId: string, params: AnomalyParams): Detector | undefined {
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
      }
    }
    this.inner = inner;
    this.ids = newIds;
    for (const channel of this.channels.values()) channel.read = undefined;
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
