// Public API of lib/sim (re-exports only).
export {};
