// Public API of lib/scenarios (re-exports only).
export {};
