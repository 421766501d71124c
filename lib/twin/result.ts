// The result of a twin run: the metrics store, the ground truth, and the twin itself for further steps.
import type { MetricsStore } from "../metrics";
import { K } from "./topology";
import type { Twin } from "./twin";
import type { GroundTruth } from "./types";

/** What a run produced: the metrics store, the ground truth, and the twin itself for further steps. */
export class TwinResult {
  readonly metrics: MetricsStore;
  readonly groundTruth: GroundTruth;
  readonly horizon: number;
  readonly stepSeconds: number;
  readonly seed: number | string;
  readonly endTime: number;

  constructor(readonly twin: Twin) {
    this.metrics = twin.metrics;
    this.groundTruth = twin.groundTruth();
    this.horizon = twin.horizon;
    this.stepSeconds = twin.stepSeconds;
    this.seed = twin.seed;
    this.endTime = twin.now;
  }

  /** Business service node ids, most critical tier first. */
  get services(): string[] {
    const topo = this.twin.topology;
    const out: number[] = [];
    for (let v = 0; v < topo.n; v++) if (topo.kind[v] === K.business_service) out.push(v);
    return out.sort((a, b) => topo.tier[a] - topo.tier[b] || (topo.ids[a] < topo.ids[b] ? -1 : 1)).map((v) => topo.ids[v]);
  }
}
