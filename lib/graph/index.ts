// Public API of lib/graph (re-exports only).
export {};
