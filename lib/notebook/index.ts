// Public API of lib/notebook (re-exports only).
export {};
