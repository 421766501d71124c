// Public API of lib/metrics (re-exports only).
export {};
