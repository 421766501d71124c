// Deviation episodes: per node, contiguous steps with |z| above the threshold (short gaps tolerated), ranked by Σ|z| × impact.
import { SYNC_METRICS, type DeviationEpisode, type DeviationOptions, type MetricArrays, type SyncMetric } from "./types";

/** Reads a node's criticality: tier (1 most critical) and how many nodes depend on it. */
export interface ImpactSource {
  kind(node: number): string;
  tier(node: number): number | undefined;
  dependents(node: number): number;
  nodeId(node: number): string;
}

/** Weight of a node in the ranking: tier 1 counts 3, tier 2 counts 2, others 1; × (1 + log2(1 + direct dependents and hosted nodes)). */
export function impactOf(tier: number | undefined, dependents: number): number {
  const t = tier === undefined || !(tier >= 1) ? 3 : Math.min(3, Math.floor(tier));
  return (4 - t) * (1 + Math.log2(1 + Math.max(0, dependents)));
}

/** Groups a node's steps above the threshold into episodes as steps arrive. */
export class EpisodeTracker {
  private readonly open: (DeviationEpisode | undefined)[];
  /** Steps since the open episode of a node was last above the threshold. */
  private readonly gap: Int32Array;
  /** Whether the open episode was reported (it reached `minSteps`). */
  private readonly confirmed: Uint8Array;
  private readonly impact: Float64Array;
  /** Time of the open episode's last step above the threshold. */
  private readonly lastAbove: Float64Array;
  private readonly done: DeviationEpisode[] = [];

  constructor(
    private readonly source: ImpactSource,
    readonly n: number,
    private readonly options: Required<DeviationOptions>,
    private readonly stepMinutes: number,
  ) {
    this.open = new Array(n);
    this.gap = new Int32Array(n);
    this.confirmed = new Uint8Array(n);
    this.impact = new Float64Array(n).fill(NaN);
    this.lastAbove = new Float64Array(n);
  }

  /** One step of z-scores (and deviations) ending at `time` (ms); returns the episodes confirmed at this step. */
  update(time: number, z: MetricArrays, deviation: MetricArrays): DeviationEpisode[] {
    const { threshold, gapSteps, minSteps } = this.options;
    const fresh: DeviationEpisode[] = [];
    for (let v = 0; v < this.n; v++) {
      let peak = 0;
      let metric: SyncMetric = "cpu";
      for (const m of SYNC_METRICS) {
        const a = Math.abs(z[m][v]);
        if (a > peak) {
          peak = a;
          metric = m;
        }
      }
      let e = this.open[v];
      if (peak >= threshold) {
        if (e === undefined) {
          e = this.open[v] = this.start(v, time);
          this.confirmed[v] = 0;
        }
        this.gap[v] = 0;
        e.steps++;
        e.end = null;
        e.integralZ += peak * this.stepMinutes;
        e.score = e.integralZ * e.impact;
        for (const m of SYNC_METRICS) if (Math.abs(z[m][v]) >= threshold && !e.metrics.includes(m)) e.metrics.push(m);
        if (peak > e.peakZ) {
          e.peakZ = peak;
          e.peakMetric = metric;
          e.peakDeviation = deviation[metric][v];
        }
        this.lastAbove[v] = time;
        if (!this.confirmed[v] && e.steps >= minSteps) {
          this.confirmed[v] = 1;
          fresh.push(e);
        }
      } else if (e !== undefined && ++this.gap[v] > gapSteps) this.close(v);
    }
    return fresh;
  }

  /** Every episode so far (open ones with end null), highest score first; open episodes shorter than minSteps are left out. */
  episodes(): DeviationEpisode[] {
    const open = this.open.filter((e, v): e is DeviationEpisode => e !== undefined && this.confirmed[v] === 1);
    return [...this.done, ...open].map((e) => ({ ...e, metrics: [...e.metrics] })).sort((a, b) => b.score - a.score || a.start - b.start || a.node.localeCompare(b.node));
  }

  private start(v: number, time: number): DeviationEpisode {
    let w = this.impact[v];
    if (w !== w) w = this.impact[v] = impactOf(this.source.tier(v), this.source.dependents(v));
    return { node: this.source.nodeId(v), kind: this.source.kind(v), start: time, end: null, steps: 0, metrics: [], peakZ: 0, peakMetric: "cpu", peakDeviation: NaN, integralZ: 0, impact: w, score: 0 };
  }

  private close(v: number): void {
    const e = this.open[v]!;
    this.open[v] = undefined;
    if (!this.confirmed[v]) return;
    e.end = this.lastAbove[v];
    this.done.push(e);
  }
}
