// Failure risk during a run: a risk model predicts from the recorded history every few minutes; its output feeds the `risk` rule fact and is kept for display.
import { invalidArgument } from "../errors";
import { graphSnapshot, type NodeRiskPredictor } from "../gnn";
import type { Twin } from "../twin";
import type { TwinFactSource } from "./twin-facts";

/** runScenario's `risk` option. */
export interface RiskOption {
  predictor: NodeRiskPredictor;
  /** Minutes between predictions (10 by default). */
  everyMinutes?: number;
  /** History the features summarise, minutes (15 by default, as the training data's). */
  windowMinutes?: number;
  /** Minutes over which each metric's change is a feature (60 by default, as the training data's). */
  trendMinutes?: number;
}

/** Predictions over a run: one row of risks (in `nodes` order) per prediction time. */
export interface RiskTrace {
  kind: "risk_trace";
  predictor: string;
  nodes: string[];
  times: number[];
  values: Float32Array[];
}

/** The latest risks per twin (by node index), read by the supervisor's context while the run goes on. */
const latest = new WeakMap<Twin, Float32Array>();

/** The risks of the last prediction on `twin` (by topology node index, NaN where none), when a risk model runs. */
export function latestRisk(twin: Twin): Float32Array | undefined {
  return latest.get(twin);
}

/** Wires a predictor to a twin: `update` runs it on schedule and hands the fact source the latest risks. */
export function riskUpdater(twin: Twin, facts: TwinFactSource, option: RiskOption): { update(step: number, time: number): void; trace: RiskTrace } {
  const api = "runScenario";
  if (!option || typeof option.predictor?.predict !== "function") throw invalidArgument(api, "options.risk.predictor", "a NodeRiskPredictor (from gnnPredictor or a baseline)", option?.predictor);
  const minutes = (value: number | undefined, fallback: number, field: string) => {
    const m = value ?? fallback;
    if (!(Number.isFinite(m) && m > 0)) throw invalidArgument(api, `options.risk.${field}`, "a number of minutes > 0", value);
    return Math.max(1, Math.round((m * 60) / twin.stepSeconds));
  };
  const every = minutes(option.everyMinutes, 10, "everyMinutes");
  const window = minutes(option.windowMinutes, 15, "windowMinutes");
  const trendWindow = minutes(option.trendMinutes, 60, "trendMinutes");
  const trace: RiskTrace = { kind: "risk_trace", predictor: option.predictor.name, nodes: [], times: [], values: [] };
  const byNode = new Float32Array(twin.topology.n).fill(NaN);
  latest.set(twin, byNode);
  return {
    trace,
    update(step, time) {
      if (step % every !== 0 || twin.metrics.recordedSteps === 0) return;
      const snapshot = graphSnapshot(twin.store, twin.metrics, { step: twin.metrics.recordedSteps - 1, window, trendWindow });
      const risk = option.predictor.predict(snapshot);
      if (trace.nodes.length === 0) trace.nodes = snapshot.nodes;
      trace.times.push(time);
      trace.values.push(risk);
      snapshot.nodes.forEach((id, i) => {
        const v = twin.topology.indexOf.get(id);
        if (v !== undefined) byNode[v] = risk[i];
      });
      facts.setRisk(byNode);
    },
  };
}
