// Public API of lib/notebook (re-exports only).
export { setDisplaySink, currentSink, inKernel, kernelWriter, textSink, type DisplaySink, type DisplayMessage, type MimeBundle } from "./kernel";
export { displayBundle, newDisplay, newDisplayId, type DisplayHandle, type DisplayOptions } from "./display";
export { plotlyLibrary, plotlyLibraryPath, plotlyScriptTag, isPlotlyEmbedded, markPlotlyEmbedded } from "./plotly-library";
export { figureBundle, figureHtml, figureText, imageTag, PLOTLY_MIME, PLOTLY_CONFIG, type FigureHtmlOptions } from "./figure-bundle";
export { escapeHtml, scriptJson, formatValue, tableHtml, textTable, columnsOf, styledHtml, NOTEBOOK_CSS, type TableOptions } from "./html";
export { simTimeText } from "./sim-time";
export { isDataFrameLike, frameRecords, frameView, type DataFrameLike } from "./frame-table";
export { alertsView, incidentsView, groundTruthView, chip, type View, type RecordViewOptions, type AlertRecordLike, type IncidentLike } from "./records-view";
export { annotationCard, answerHtml, type AnnotationCardOptions } from "./annotation-card";
export { resultView, resultFacts, kpisOf, kpiRows, servicesOf, type RunResultLike } from "./result-view";
export { show, showWithImage, bundleOf, viewBundle, embedPlotly, type ShowOptions } from "./show";
export { progress, withProgress, runWithProgress, progressHook, type Progress, type ProgressOptions, type SteppableTwin, type ProgressHook, type ProgressUpdate } from "./progress";
export { annotationCards, type AnnotationCards, type AnnotationCardsOptions, type AnnotationSource } from "./annotation-cards";
export { report, reportHtml, standardCharts, type ReportOptions, type ReportFileOptions, type ReportChart } from "./report";
export { reportPdf, type ReportPdfOptions } from "./report-pdf";
export { figureImage, figureImageSync, closeImageRenderer, staticImageProblem, chromiumPath, type FigureImage, type FigureImageOptions, type ImageFormat } from "./static-image";
export { notebookOptions, resetNotebookOptions, type NotebookOptions } from "./settings";
export { packFigure } from "./figure-pack";
