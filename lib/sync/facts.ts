// The rule facts of a sync session: the twin's own facts (the prediction) plus `observed` and `deviation` from the session's buffers.
import { LayeredFactSource, type FactAccessor, type FactSource, type WindowParams } from "../rules";
import type { DeviationTracker } from "./deviation";

/** A FactSource over a twin's facts that also answers `observed` and `deviation` (see lib/rules/sync-params.ts). */
export class SyncFactSource extends LayeredFactSource {
  constructor(
    inner: FactSource,
    private readonly tracker: DeviationTracker,
  ) {
    super(inner);
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
