// Cuts a metrics store into bounded blocks of rows in series order, so writers stream a run of any size in constant memory.
import type { MetricsStore } from "../metrics/store";
import type { MetricBlock } from "./backend";

/** Options of `metricBlocks`. */
export interface MetricBlockOptions {
  /** First recorded step (0 by default). */
  fromStep?: number;
  /** Recorded step after the last one (`recordedSteps` by default). */
  toStep?: number;
  /** Rows per block (65,536 by default: 1.3 MB of buffers). */
  rows?: number;
  /** Step number written for `fromStep` (a writer streaming several windows numbers them on); `fromStep` by default. */
  stepOffset?: number;
}

/**
 * Yields the store's values as blocks of (metric, node, step, value) rows, metric by metric, node by node,
 * step by step. The same buffers are reused: consume each block before asking for the next.
 */
export function* metricBlocks(store: MetricsStore, options: MetricBlockOptions = {}): Generator<MetricBlock> {
  const fromStep = options.fromStep ?? 0;
  const toStep = options.toStep ?? store.recordedSteps;
  const capacity = Math.max(1, options.rows ?? 65_536);
  const steps = Math.max(0, toStep - fromStep);
  if (steps === 0) return;
  const block: MetricBlock = { rows: 0, metric: new Int16Array(capacity), node: new Int32Array(capacity), step: new Int32Array(capacity), value: new Float32Array(capacity) };
  const series = new Float32Array(steps);
  const stepRun = new Int32Array(steps);
  const first = options.stepOffset ?? fromStep;
  for (let k = 0; k < steps; k++) stepRun[k] = first + k;
  for (let m = 0; m < store.metricNames.length; m++) {
    for (let i = 0; i < store.nodeIds.length; i++) {
      store.readSeries(m, i, series, fromStep, toStep);
      let k = 0;
      while (k < steps) {
        const take = Math.min(steps - k, capacity - block.rows);
        const at = block.rows;
        block.metric.fill(m, at, at + take);
        block.node.fill(i, at, at + take);
        block.step.set(stepRun.subarray(k, k + take), at);
        block.value.set(series.subarray(k, k + take), at);
        block.rows += take;
        k += take;
        if (block.rows === capacity) {
          yield block;
          block.rows = 0;
        }
      }
    }
  }
  if (block.rows > 0) yield block;
}
