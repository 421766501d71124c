// Public API of lib/llm (re-exports only).
export {};
