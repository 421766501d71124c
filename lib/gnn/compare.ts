// The fair comparison: the GNN and every baseline trained on the same estates, thresholds chosen on validation, scored on estates none of them saw.
import type { RiskDataset } from "./dataset";
import { trainForestBaseline, utilisationBaseline, type ForestBaselineOptions } from "./baselines";
import { evaluateRisk, type RiskEvaluation } from "./evaluate";
import { neighbourhoodBaseline, type NodeRiskPredictor } from "./predictor";
import { gnnPredictor, trainGnn, type TrainedGnn, type TrainGnnOptions } from "./train";

/** The GNN against the baselines on the test estates. */
export interface RiskComparison {
  kind: "risk_comparison";
  trained: TrainedGnn;
  /** One evaluation per model on the test split (GNN first), at the threshold each chose on validation. */
  rows: RiskEvaluation[];
  /** GNN PR AUC minus the best baseline's (positive: the GNN wins). */
  prAucMargin: number | null;
  seconds: { gnn: number; forest: number };
}

/** Options of `compareRiskModels`. */
export interface CompareRiskOptions {
  gnn?: TrainGnnOptions;
  forest?: ForestBaselineOptions;
  /** A GNN already trained on `data.train` (skips training). */
  trained?: TrainedGnn;
}

/**
 * Trains the GNN (unless given) and the random-forest baseline on the training estates, picks every model's threshold
 * on the validation estates, and scores all of them on the test estates.
 *
 * @example const cmp = compareRiskModels(buildRiskDataset()); show(cmp.rows)
 */
export function compareRiskModels(data: RiskDataset, options: CompareRiskOptions = {}): RiskComparison {
  let started = Date.now();
  const trained = options.trained ?? trainGnn(data.train, data.validation, options.gnn);
  const gnnSeconds = options.trained ? trained.seconds : (Date.now() - started) / 1000;
  started = Date.now();
  const forest = trainForestBaseline(data.train, options.forest);
  const forestSeconds = (Date.now() - started) / 1000;
  const models: NodeRiskPredictor[] = [gnnPredictor(trained.model, "gnn"), forest, utilisationBaseline(), neighbourhoodBaseline()];
  const rows = models.map((model) => {
    const threshold = data.validation.length ? evaluateRisk(model, data.validation).bestThreshold : undefined;
    return evaluateRisk(model, data.test, { threshold });
  });
  const best = Math.max(...rows.slice(1).map((r) => r.prAuc ?? 0));
  return { kind: "risk_comparison", trained, rows, prAucMargin: rows[0].prAuc === null ? null : rows[0].prAuc - best, seconds: { gnn: gnnSeconds, forest: forestSeconds } };
}

/** The comparison as plain rows for a table (show(), a DataFrame, the CLI). */
export function comparisonTable(cmp: RiskComparison): Record<string, string | number | null>[] {
  const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return cmp.rows.map((e) => ({
    model: e.predictor,
    pr_auc: r3(e.prAuc),
    roc_auc: r3(e.rocAuc),
    precision_at_k: r3(e.precisionAtK),
    precision: r3(e.precision),
    recall: r3(e.recall),
    failures_warned: `${e.failuresWarned}/${e.failures}`,
    median_lead_min: e.medianLeadMinutes,
  }));
}
