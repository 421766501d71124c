// Public API of lib/plots (re-exports only).
export {};
