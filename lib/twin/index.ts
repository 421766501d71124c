// Public API of lib/twin (re-exports only).
export * from "./faults";
export * from "./load";
export * from "./queueing";
export { MODEL_DEFAULTS, type TwinState } from "./model";
export { buildTopology, toGraphStore, TWIN_KINDS, type TwinTopology, type TwinKind, type RedundancyGroup, type Csr } from "./topology";
export * from "./interventions";
export * from "./twin";
export * from "./frames";
