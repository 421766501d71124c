// Public API of lib/rules (re-exports only).
export * from "./alerts";
export * from "./bind";
export * from "./compile";
export * from "./duration";
export * from "./engine";
export * from "./facts";
export * from "./incidents";
export * from "./operators";
export * from "./parse";
export * from "./reference";
export * from "./table-facts";
export * from "./template";
export * from "./topology";
export * from "./types";
