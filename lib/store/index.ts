// Public API of lib/store (re-exports only).
export { openStore, StudyStore, rowsOf, toFrame, type OpenStoreOptions, type StoredRun, type WriteRunOptions } from "./store";
export { RunWriter, layoutOf, type RunMeta, type RunLayout } from "./run-writer";
export { writeResult, type WriteResultOptions } from "./write-result";
export { metricBlocks, type MetricBlockOptions } from "./metric-blocks";
export { SCHEMA_VERSION, MIGRATIONS, type Migration, type Dialect } from "./schema";
export { parseTarget, redactTarget, DEFAULT_STORE_FILE, type StoreTarget } from "./target";
export type { Backend, ColumnarResult, Column, MetricBlock, Transaction } from "./backend";
export type { RunRecords } from "./records";
export { exportParquet, importParquet, type ParquetExport, type ParquetExportOptions } from "./parquet";
export { copyRuns } from "./copy-runs";
export { compareRuns, worstNodes, alertCountsByRule, dailyPeaks, type RunComparisonRow, type WorstNodesOptions } from "./questions";
export { writeBacktest, writeTelemetry, type TelemetrySeries } from "./backtests-telemetry";
