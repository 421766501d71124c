// Public API of lib/gnn (re-exports only).
export {};
