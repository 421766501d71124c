// Public API of lib/metrics (re-exports only).
export { TWIN_METRICS, METRIC_UNITS, STATUS_CODES, statusName, type TwinMetric } from "./vocabulary";
export { MetricsStore, type MetricsStoreOptions, type RecordOptions, type SeriesOptions, type Precision, type ValueArray } from "./store";
export { MetricWindow, type WindowRange } from "./window";
export { windowStat, percentileOf, rateOfChange, type WindowStat, type WindowStatOptions } from "./stats";
export { rolling, type RollingOptions, type RollingNodeOptions, type RollingNodesOptions } from "./rolling";
export { RollingWindows, type RollingWindowsOptions } from "./rolling-windows";
export { serviceKpis, type ServiceKpi, type ServiceKpiOptions, type Slo } from "./kpis";
export { forEachCsvRecord, parseCsv, csvField, formatCsv, type CsvReadOptions, type CsvDocument } from "../csv";
export { toCsv, toJSON, formatFloat32, type CsvFormat, type CsvExportOptions, type MetricsDocument } from "./export";
export { importCsv, telemetryFromCsv, fromJSON, TelemetryImportError, type CsvImportOptions, type CsvImport, type TelemetryRecord } from "./import";
export { fromPrometheus, importPrometheus, type PrometheusOptions } from "./prometheus";
export { TelemetryBuilder, type ImportReport, type TelemetryOptions } from "./telemetry";
export { toLongFrame, toWideFrame, longColumns, wideColumns, loadDanfo, type FrameOptions, type LongFrameOptions, type LongColumns, type WideColumns } from "./frames";
