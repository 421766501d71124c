// Public API of lib/twin (re-exports only).
export {};
