// Public API of lib/gnn (re-exports only): graph snapshots, the predictor seam, training data from the twin, the relational GraphSAGE, baselines, evaluation, the model registry and drift monitoring.
export { graphSnapshot, type GraphSnapshot, type SnapshotOptions } from "./features";
export { evaluatePredictor, neighbourhoodBaseline, rocAuc, type EvaluatePredictorOptions, type NodeRiskPredictor, type PredictorEvaluation } from "./predictor";
export { buildRiskDataset, labelledSnapshots, TRAINING_FAULT_RATES, type RiskDataset, type RiskDatasetDescription, type RiskDatasetOptions, type RiskSample } from "./dataset";
export { RELATIONS, sagePredict, type SageModel } from "./sage";
export { gnnPredictor, trainGnn, type TrainedGnn, type TrainGnnOptions, type TrainingEpoch } from "./train";
export { trainForestBaseline, utilisationBaseline, type ForestBaselineOptions } from "./baselines";
export { averagePrecision, bestF1Threshold, evaluateRisk, type RiskEvaluation } from "./evaluate";
export { fileModelRegistry, modelFromJSON, modelToJSON, type ModelEntry, type ModelRegistry } from "./registry";
export { checkDrift, driftReference, retrain, type DriftOptions, type DriftReference, type DriftReport, type RetrainDecision, type RetrainOptions } from "./drift";
export { comparisonTable, compareRiskModels, type CompareRiskOptions, type RiskComparison } from "./compare";
export { storeModelRegistry } from "./store-registry";
export { referenceFor, runSamples, storedReference, watchModel, type ModelDriftAlert, type ModelWatch, type WatchModelOptions } from "./watch";
