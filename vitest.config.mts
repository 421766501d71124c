// Vitest settings: time limits sized for a busy 2-core CI machine (heavy tests also set their own, larger, limits).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // vitest's 5 s default fails honest tests when another job shares the CPU; a hung test still fails.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
