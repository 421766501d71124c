// Public API of lib/twin (re-exports only).
export * from "./faults";
export * from "./load";
export * from "./queueing";
export { MODEL_DEFAULTS } from "./model-defaults";
export type { TwinState } from "./state";
export { buildTopology, toGraphStore, TWIN_KINDS, type TwinTopology, type TwinKind, type RedundancyGroup, type Csr } from "./topology";
export * from "./interventions";
export { createTwin, Twin } from "./twin";
export { TWIN_DEFAULTS, type TwinOptions, type StepView, type StatusChange, type FaultEvent, type ImpactRecord, type GroundTruth, type LoadOverride } from "./types";
export { TwinResult } from "./result";
export * from "./frames";
export { REALISM_PRESETS, realismParts, type RealismOption, type RealismParts } from "./realism";
export { seriesStats, REAL_MONITORING_STATS, type SeriesStats } from "./realism-stats";
export { setNodeParameters, nodeParameters, parametersFromGraph, PARAMETER_EXTRA_KEYS, type NodeParameters } from "./parameters";
