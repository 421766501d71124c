// Runs the built CLI (dist/cli/main.js) in a child process, as a user or script would, and returns its exit code and output.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `infratwin ...args` with a memory cap; the environment is cleared of model settings unless `env` adds them. */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; maxOldSpaceMb?: number; timeoutMs?: number } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(OPENAI_|INFRATWIN_)/.test(k)) env[k] = v;
  const result = spawnSync(process.execPath, [`--max-old-space-size=${options.maxOldSpaceMb ?? 512}`, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scenario on a 12-node inline topology, 2 simulated hours: quick enough for smoke tests. */
export function tinyScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "tiny",
    seed: 3,
    topology: { generate: { seed: 3, size: 50 } },
    start: "2026-11-25",
    horizon: "2h",
    step: "1m",
    faults: [{ kind: "node_crash", target: { kind: "server", pick: "first" }, at: "00:30", duration: "20m" }],
    rules: "default",
    supervisor: { kind: "heuristic", deadlineMs: 5000 },
    ...overrides,
  };
}

/** Like `runCli` but without blocking this process's event loop (for tests that serve something to the child). */
export function runCliAsync(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const { spawn } = require("node:child_process") as typeof import("node:child_process");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(OPENAI_|INFRATWIN_)/.test(k)) env[k] = v;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=512", CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...env, NO_COLOR: "1", ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}
