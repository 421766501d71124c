// infratwin's public API: every module's exports, re-exported.
export * from "./errors";
export * from "./random";
export * from "./time";
export * from "./sim";
export * from "./graph";
export * from "./metrics";
export * from "./twin";
export * from "./rules";
export * from "./llm";
export * from "./scenarios";
export * from "./plots";
export * from "./notebook";
export * from "./gnn";

// Names two modules share, made explicit: the graph's CMDB import keeps `fromCsv`; telemetry import is `telemetryFromCsv`.
export { fromCsv } from "./graph";
export { fromCsv as telemetryFromCsv } from "./metrics";
export { DEFAULT_MEMORY_FRACTION, MAX_BASE_RPS, MAX_DEADLINE_MS, MAX_HORIZON_SECONDS, MAX_LOAD_FACTOR, MIN_DEADLINE_MS, MIN_STEP_SECONDS, YEAR_RANGE, defaultMemoryBudget, formatBytes, parseByteSize } from "./limits";
export * from "./store";
export * from "./analytics";
export * from "./ingest";
