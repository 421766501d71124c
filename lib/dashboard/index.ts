// Public API of lib/dashboard (re-exports only).
export { startDashboard, type Dashboard, type DashboardOptions } from "./server";
export { LiveRun, type LiveRunOptions, type TimelineEntry, type SupervisorCard } from "./live-run";
export { selectNodes, selectionValues, SELECTION_BYS, type Selection, type SelectionBy, type AggregateSeries } from "./selection";
export { loadPanels, savePanels, panelsPath, type Panel } from "./panels";
