// Public API of lib/plots (re-exports only).
export { STATUS_COLOURS, SEVERITY_COLOURS, SERIES_PALETTE, statusColour, statusLabel, roundValue, withAlpha, figureTitle, isFigure, type Figure, type FigureFrame, type Trace, type Layout } from "./figure";
export { timeAxis, type TimeAxis, type TimeUnit } from "./time-axis";
export { isStoreLike, isResultLike, type StoreLike, type ResultLike, type GroundTruthLike, type FaultRecordLike, type FaultEventLike, type ImpactLike } from "./sources";
export { metricFormat, type MetricFormat } from "./metric-format";
export { impactBands, incidentBands, faultMarkers, type Band, type Marker, type IncidentBandLike } from "./bands";
export { minMaxIndices } from "./downsample";
export { timeSeries, type TimeSeriesOptions } from "./time-series";
export { heatmap, type HeatmapOptions } from "./heatmap";
export { drawnTopology, isDrawableTopology, type DrawnTopology, type DrawnNode, type DrawnEdge, type DrawableTopology, type GraphologyLike, type GraphStoreLike } from "./topology-data";
export { layeredLayout, KIND_LAYERS, type NodePosition, type LayeredLayoutOptions } from "./layered-layout";
export { topologyFigure, type TopologyFigureOptions } from "./topology-figure";
export { alertTimeline, type AlertLike, type AlertTimelineOptions } from "./alert-timeline";
export { kpiComparison, KPI_FORMATS, type KpiRow, type KpiFormat, type KpiComparisonOptions } from "./kpi-comparison";
export { backtestChart, backtestRows, type BacktestRow, type BacktestResultLike, type BacktestChartOptions } from "./backtest-chart";
export { compareSeries, type CompareSeriesOptions } from "./compare-series";
export { riskTopology, type RiskTopologyOptions } from "./risk-topology";
