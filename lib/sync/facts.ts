// The rule facts of a sync session: the twin's own facts (the prediction) plus `observed` and `deviation` from the session's buffers.
import type { FactAccessor, FactSource, WindowParams } from "../rules";
import type { DeviationTracker } from "./deviation";

/** A FactSource over a twin's facts that also answers `observed` and `deviation` (see lib/rules/sync-params.ts). */
export class SyncFactSource implements FactSource {
  constructor(
    private readonly inner: FactSource,
    private readonly tracker: DeviationTracker,
  ) {}

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

  accessor(fact: string, params?: WindowParams): FactAccessor | undefined {
    if (fact !== "deviation" && fact !== "observed") return this.inner.accessor(fact, params);
    const sync = params?.sync;
    // Known fact, no usable params: a reader with no value, as for a fact without data.
    if (!sync) return () => undefined;
    const t = this.tracker;
    const defined = (x: number) => (x === x ? x : undefined);
    if (fact === "observed") {
      const obs = t.observed[sync.metric];
      return (v) => defined(obs[v]);
    }
    const z = t.z[sync.metric];
    const dev = t.deviation[sync.metric];
    const pred = t.predicted[sync.metric];
    if (sync.measure === "z") return (v) => defined(Math.abs(z[v]));
    if (sync.measure === "abs") return (v) => defined(Math.abs(dev[v]));
    // Relative to the prediction, with a floor so an idle prediction does not divide by zero.
    return (v) => defined(Math.abs(dev[v]) / Math.max(Math.abs(pred[v]), 1e-9));
  }
}
