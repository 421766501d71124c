// Public API of lib/scenarios (re-exports only).
export * from "./format";
export * from "./selectors";
export * from "./runner";
export * from "./supervision";
export * from "./structural";
export * from "./twin-facts";
export * from "./generators";
export * from "./fork";
export * from "./sweep";
export * from "./score";
export * from "./fault-sets";
export { DiagnosisSchedule, DIAGNOSIS_SCHEDULE_DEFAULTS, type DiagnosisScheduleOptions } from "./diagnosis-schedule";
export * from "./backtest";
export { checkScenarioMemory, scenarioRecordingSize } from "./resource-check";
export { ACTION_POLICY_DEFAULTS, checkActionPolicy, describePolicy, type ActionDecision, type ActionPolicy, type ActionVerdict, type PolicyReport } from "./action-policy";
export { preflightScenario, type Preflight } from "./preflight";
export { twinLabelledSeries, type TwinLabelledSeriesOptions } from "./anomaly-labels";
export { evaluateTwinFaults, TWIN_EVALUATION_SCENARIOS, type TwinFaultEvaluationOptions, type TwinFaultEvaluation, type FaultOutcome, type FaultKindScore } from "./twin-evaluation";
