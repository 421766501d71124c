// Drift monitoring that acts: checks the promoted model against what later happened, raises a ModelDrift alert, and retrains (promoting only a better model) when it degrades.
import { invalidArgument } from "../errors";
import { GraphologyStore, type GraphStore } from "../graph";
import type { MetricsStore } from "../metrics";
import { labelledSnapshots, type RiskDataset, type RiskDatasetDescription, type RiskSample } from "./dataset";
import { checkDrift, driftReference, retrain, type DriftReference, type DriftReport, type RetrainDecision } from "./drift";
import type { ModelEntry, ModelRegistry } from "./registry";
import type { TrainGnnOptions } from "./train";

/** The alert a degraded model raises: shaped like a rule alert so it can be listed, stored and notified beside them. */
export interface ModelDriftAlert {
  kind: "model_drift_alert";
  rule: "ModelDrift";
  severity: "warning";
  /** The model as `name@vN`. */
  node: string;
  model: string;
  version: number;
  /** ISO time of the check. */
  at: string;
  summary: string;
  reasons: string[];
}

/** Options of `watchModel`. */
export interface WatchModelOptions {
  /** The registered model to watch; its promoted version is checked. */
  name: string;
  /** Recent snapshots whose outcomes are known (from `runSamples` on a recorded run, or a newer `buildRiskDataset`). */
  recent: RiskSample[];
  /** What normal input looked like; by default the reference stored with the model when it was registered. */
  reference?: DriftReference;
  psiLimit?: number;
  minF1Ratio?: number;
  /** Data to retrain on when the check alerts (the model's training data and newer data); without it the watch only alerts. */
  retrain?: { previous: RiskDataset; recent: RiskDataset } & TrainGnnOptions;
  /** Called with the alert as soon as it is raised, before any retraining starts. */
  onAlert?: (alert: ModelDriftAlert) => void;
  /** The check's time (now by default); fixed in tests for reproducible output. */
  at?: Date;
}

/** What `watchModel` found and did. */
export interface ModelWatch {
  kind: "model_watch";
  model: string;
  version: number;
  report: DriftReport;
  alert: ModelDriftAlert | null;
  /** The retraining decision, when the check alerted and retraining data was given. */
  decision: RetrainDecision | null;
}

/** The drift reference stored with a model entry (`metrics.driftReference`), if it was registered with one. */
export function storedReference(entry: ModelEntry): DriftReference | undefined {
  const ref = entry.metrics.driftReference as DriftReference | undefined;
  return ref && ref.kind === "drift_reference" ? ref : undefined;
}

/** The reference to store with a newly trained model: its training inputs and validation figures. */
export function referenceFor(train: RiskSample[], trained: { validation: { precision: number; recall: number }; threshold: number }): DriftReference {
  return driftReference(train, { ...trained.validation, threshold: trained.threshold });
}

/**
 * Checks the promoted version of `name` on recent labelled snapshots; on drift (input shift or live F1 fallen) raises a
 * `ModelDrift` alert and, when `retrain` data is given, retrains and promotes the candidate only if it beats the current model.
 */
export async function watchModel(registry: ModelRegistry, options: WatchModelOptions): Promise<ModelWatch> {
  const api = "watchModel";
  if (!options || typeof options.name !== "string") throw invalidArgument(api, "options.name", "the name of a registered model", options?.name);
  const entry = await registry.load(options.name);
  const reference = options.reference ?? storedReference(entry);
  if (!reference)
    throw invalidArgument(api, "options.reference", `a DriftReference (model ${entry.name} v${entry.version} was registered without one: pass driftReference(trainingSnapshots, validation))`, undefined);
  const report = checkDrift(reference, { recent: options.recent, model: entry, psiLimit: options.psiLimit, minF1Ratio: options.minF1Ratio });
  const model = `${entry.name}@v${entry.version}`;
  const base = { kind: "model_watch" as const, model, version: entry.version, report };
  if (!report.alert) return { ...base, alert: null, decision: null };
  const alert: ModelDriftAlert = {
    kind: "model_drift_alert",
    rule: "ModelDrift",
    severity: "warning",
    node: model,
    model: entry.name,
    version: entry.version,
    at: (options.at ?? new Date()).toISOString(),
    summary: `failure-risk model ${model} degraded: ${report.reasons.join("; ")}`,
    reasons: report.reasons,
  };
  options.onAlert?.(alert);
  if (!options.retrain) return { ...base, alert, decision: null };
  const { previous, recent, ...training } = options.retrain;
  const decision = await retrain(registry, { ...training, name: entry.name, previous, recent, note: `retrained after ModelDrift on v${entry.version}: ${report.reasons[0]}` });
  return { ...base, alert, decision };
}

/**
 * Labelled snapshots of a recorded run (the twin's, or imported production telemetry in a metrics store): what the
 * model would have been shown, and what happened next, cut as its training data was (pass the model's data description).
 */
export function runSamples(
  run: { metrics: MetricsStore; store: GraphStore },
  options: Pick<RiskDatasetDescription, "horizonMinutes" | "windowMinutes" | "everyMinutes" | "trendMinutes" | "failure"> & { label?: string },
): RiskSample[] {
  const api = "runSamples";
  if (!(run?.store instanceof GraphologyStore)) throw invalidArgument(api, "run.store", "the graphology store of the run's estate (result.twin.store)", run?.store);
  const description = options;
  const { horizonMinutes, windowMinutes, everyMinutes, trendMinutes, failure } = options;
  const samples = labelledSnapshots(run.store, run.metrics, { topology: options.label ?? "run", seed: 0, horizonMinutes, windowMinutes, everyMinutes, trendMinutes, failure });
  if (samples.length === 0)
    throw invalidArgument(api, "run.metrics", `a run longer than window + horizon (${description.windowMinutes} + ${description.horizonMinutes} minutes)`, `${run.metrics.recordedSteps} steps`);
  return samples;
}
