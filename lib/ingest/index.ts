// Public API of lib/ingest (re-exports only).
export { readTelemetry, type ReadTelemetryOptions, type TelemetryRead, type PerNodeSources } from "./read";
export { type TelemetrySource } from "./input";
export { type IngestReport, type CleaningTotals, formatIngestReport, ingestReportRows } from "./report";
export { type SeriesReport, type Aggregate, type GapPolicy, type ImpossiblePolicy } from "./clean";
export { type UnitDecision, type SourceUnit, type StoreUnit, decideUnit, storeUnitOf } from "./units";
export { type KindSource } from "./build";
export { TelemetryFormatError, AmbiguousTelemetryError } from "./errors";
export { parseTime, parseIso, wallClockToUtc, timeParser, TimeColumnParser, type TimeOptions, type TimeEncoding } from "./time";
export { readLabels, type ReadLabelsOptions, type LabelsRead, type IngestedLabel } from "./labels";
export { tailTelemetry, pollPrometheus, queryRange, LiveSourceError, type LiveSource, type LiveBatch, type LiveSample, type TailOptions, type PrometheusPollOptions } from "./live";
