// A rule set run over one labelled series as if it were one node's metric: 0/1 alarm scores, for scoring rules like detectors.
import { MetricsStore } from "../metrics";
import { withAnomalyFacts } from "./anomaly-facts";
import { RuleEngine } from "./engine";
import { timelineFromStore } from "./timeline";
import type { RuleSet } from "./types";

/** Options of `rulePackAlarms`. */
export interface RulePackAlarmOptions {
  /** The fact the series stands for, e.g. "cpu". */
  metric: string;
  /** Multiplies values first, e.g. 0.01 for CPU in percent when the fact is a 0..1 ratio (default 1). */
  scale?: number;
  /** The node's kind for rule scopes (default "server"). */
  kind?: string;
  /** Node tier (default 1). */
  tier?: number;
}

/**
 * Replays `times`/`values` as the metric `metric` of one node and returns, per point, 1 when any rule of `ruleSet`
 * has a firing alert at that step and 0 otherwise. With window scoring (`scoreWindows`) this scores a rule pack
 * exactly as a detector is scored. Anomaly facts in the rules work too (backtests feed their detectors).
 */
export function rulePackAlarms(ruleSet: RuleSet, times: ArrayLike<number>, values: ArrayLike<number>, options: RulePackAlarmOptions): Float64Array {
  const step = times.length > 1 ? times[1] - times[0] : 60;
  const store = new MetricsStore({ nodes: ["series"], kinds: [options.kind ?? "server"], metrics: [options.metric], stepSeconds: step, startTime: times[0], precision: "float64", labels: { tier: [String(options.tier ?? 1)] } });
  const scale = options.scale ?? 1;
  const column = new Float64Array(1);
  // Real exports repeat a timestamp now and then: a repeated point shares the step of the first one.
  const stepOf = new Int32Array(times.length);
  let steps = 0;
  for (let i = 0; i < times.length; i++) {
    if (steps > 0 && !(times[i] > store.times[steps - 1])) {
      stepOf[i] = steps - 1;
      continue;
    }
    column[0] = values[i] * scale;
    store.append(times[i], [column]);
    stepOf[i] = steps++;
  }
  const engine = new RuleEngine(ruleSet);
  const firingAt = new Uint8Array(steps);
  let k = 0;
  for (const { time, facts } of withAnomalyFacts(timelineFromStore(store, { lookback: 0 }), ruleSet)) {
    engine.evaluate(time, facts);
    for (const alert of engine.alerts()) if (alert.kind === "firing") firingAt[k] = 1;
    k++;
  }
  return Float64Array.from(stepOf, (s) => firingAt[s]);
}
