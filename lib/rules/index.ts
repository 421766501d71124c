// Public API of lib/rules (re-exports only).
export {};
