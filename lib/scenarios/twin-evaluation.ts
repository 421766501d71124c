// Detector evaluation on the twin's own labelled telemetry: several fault scenarios over several days with realism on, every injected fault counted.
import { createDetector, evaluateScores, scoreWindows, type DetectorEvaluation, type LabelledSeries } from "../analytics";
import type { RealismOption } from "../twin";
import { twinLabelledSeries } from "./anomaly-labels";
import { groundTruthLabels } from "./backtest";
import { runScenario } from "./runner";

/** What every evaluation scenario shares: the reference bank, four days of 5-minute steps, no rules, no supervisor. */
const BASE = { seed: 12, topology: { dataset: "reference-bank" }, start: "2026-11-23", horizon: "4d", step: "5m", rules: "none", supervisor: { kind: "none" } };

/**
 * The suite `evaluateTwinFaults` runs by default: one scenario per fault kind an operator meets most, each fault on
 * days 3 and 4, after the detectors' 600-point (about two days) probation, with a quiet node set alongside.
 */
export const TWIN_EVALUATION_SCENARIOS: readonly Record<string, unknown>[] = [
  { ...BASE, name: "eval-memory-leak", faults: [{ kind: "memory_leak", target: "app-payments-hub-1", at: "d3 02:00", duration: "20h", params: { ratePerHour: 0.09, restartS: 240 } }] },
  {
    ...BASE,
    name: "eval-db-crash",
    faults: [
      { kind: "database_crash", target: "db-core-banking-primary", at: "d3 10:00", duration: "45m", params: { detectionDelay: "3m" } },
      { kind: "database_crash", target: "db-core-banking-primary", at: "d4 15:00", duration: "30m", params: { detectionDelay: "3m" } },
    ],
  },
  {
    ...BASE,
    name: "eval-network-outage",
    faults: [
      { kind: "network_outage", target: "sw-dist-eu-west-dc1-p2-a", at: "d3 14:00", duration: "30m" },
      { kind: "network_outage", target: "sw-dist-eu-west-dc1-p2-b", at: "d4 11:00", duration: "30m" },
    ],
  },
  {
    ...BASE,
    name: "eval-bad-deploy",
    faults: [
      { kind: "bad_deployment", target: "app-payments-hub-1", at: "d3 10:00", duration: "1h" },
      { kind: "bad_deployment", target: "app-payments-hub-1", at: "d4 14:00", duration: "2h" },
    ],
  },
  {
    ...BASE,
    name: "eval-load-surge",
    faults: [
      { kind: "load_surge", target: "svc-mobile-banking", at: "d3 11:30", duration: "2h", params: { multiplier: 1.6 } },
      { kind: "load_surge", target: "svc-mobile-banking", at: "d4 09:00", duration: "3h", params: { multiplier: 1.4 } },
    ],
  },
];

/** Options of `evaluateTwinFaults`. */
export interface TwinFaultEvaluationOptions {
  /** Scenarios (names, files or objects; default TWIN_EVALUATION_SCENARIOS). */
  scenarios?: readonly (string | Record<string, unknown>)[];
  /** Registry detectors to score (default ["ensemble"]). */
  detectors?: readonly string[];
  /** Measurement realism of the runs (default "typical"). */
  realism?: RealismOption;
}

/** One injected fault and which detectors found it (an alarm on any metric of a labelled node inside its window). */
export interface FaultOutcome {
  scenario: string;
  fault: string;
  kind: string;
  /** Labelled nodes with recorded telemetry; empty when the fault left no series to score (then it is a miss). */
  nodes: string[];
  detected: Record<string, boolean>;
}

/** Per fault kind and detector: faults detected of faults injected. */
export interface FaultKindScore {
  kind: string;
  faults: number;
  detected: Record<string, number>;
}

/** The result: window scores over every series of every run, and every injected fault's outcome. */
export interface TwinFaultEvaluation {
  series: number;
  evaluations: DetectorEvaluation[];
  faults: FaultOutcome[];
  byKind: FaultKindScore[];
}

/**
 * Runs each scenario with realism on and scores detectors on its telemetry: window precision/recall/F1 over the
 * faulted and quiet nodes' series (as `evaluate --twin`), and per injected fault whether any labelled node's cpu or
 * latency alarmed inside the fault's window. A fault whose nodes recorded no cpu or latency counts as missed.
 */
export async function evaluateTwinFaults(options: TwinFaultEvaluationOptions = {}): Promise<TwinFaultEvaluation> {
  const detectors = options.detectors ?? ["ensemble"];
  const series: LabelledSeries[] = [];
  const faults: FaultOutcome[] = [];
  const scoresOf = new Map<string, Map<string, Float64Array>>();
  for (const scenario of options.scenarios ?? TWIN_EVALUATION_SCENARIOS) {
    const run = await runScenario(scenario, { realism: options.realism ?? "typical" });
    const runSeries = twinLabelledSeries(run);
    series.push(...runSeries);
    for (const s of runSeries) {
      const perDetector = new Map<string, Float64Array>();
      for (const name of detectors) {
        const d = createDetector(name);
        perDetector.set(name, Float64Array.from(s.values, (v, i) => d.update(s.times[i], v)));
      }
      scoresOf.set(s.id, perDetector);
    }
    const labels = groundTruthLabels(run.groundTruth, { horizon: run.twin.horizon, services: run.run.services });
    for (const f of run.groundTruth.faults) {
      const windows = labels.filter((l) => l.id?.startsWith(`${f.id}@`));
      const nodes = [...new Set(windows.map((w) => w.node))].filter((id) => runSeries.some((s) => s.id.startsWith(`${run.scenario.name}/${id}/`)));
      const detected: Record<string, boolean> = {};
      for (const name of detectors) {
        detected[name] = windows.some((w) =>
          runSeries.some((s) => s.id.startsWith(`${run.scenario.name}/${w.node}/`) && scoreWindows(s.times, scoresOf.get(s.id)!.get(name)!, [{ start: w.start, end: w.end }]).detected > 0),
        );
      }
      faults.push({ scenario: run.scenario.name, fault: f.id, kind: f.kind, nodes, detected });
    }
  }
  const evaluations = detectors.map((name) => evaluateScores(name, series, (s) => scoresOf.get(s.id)!.get(name)!));
  const kinds = [...new Set(faults.map((f) => f.kind))].sort();
  const byKind = kinds.map((kind) => {
    const of = faults.filter((f) => f.kind === kind);
    return { kind, faults: of.length, detected: Object.fromEntries(detectors.map((d) => [d, of.filter((f) => f.detected[d]).length])) };
  });
  return { series: series.length, evaluations, faults, byKind };
}
