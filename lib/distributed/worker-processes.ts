// Sweep workers as child processes of this one (`infratwin worker`): for notebooks, tests and benchmarks on one machine.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument, ResourceLimitError, UsageError } from "../errors";
import { packageRoot } from "../package-root";

/** Options of `startSweepWorkers`. */
export interface SweepWorkerProcessOptions {
  redis: string;
  /** A postgres:// URL; it reaches the children through their environment, never their command line. */
  store: string;
  /** Jobs per process at once (default 1). */
  concurrency?: number;
  queueName?: string;
  /** Lock and stalled-check periods, ms (defaults of `startSweepWorker`); short ones make a killed worker's job move sooner. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Names are this prefix and the worker number (default "w" and this process id: "w1-4242"). */
  namePrefix?: string;
  /** Each process's heap limit, MB (default 1024). */
  maxOldSpaceMb?: number;
  /** Every line a worker prints, with its number (logs, tests). */
  onLine?: (worker: number, line: string) => void;
  /** How long to wait for every worker to report ready, ms (default 60 s). */
  readyTimeoutMs?: number;
}

/** Running worker processes. */
export interface SweepWorkerProcesses {
  /** Process ids, by worker number. */
  readonly pids: readonly number[];
  /** Worker names as they appear in the results' `worker` column, by worker number. */
  readonly names: readonly string[];
  /** Sends a signal to one worker (SIGKILL: a crash mid-job; SIGTERM: finish the job in hand, then exit). */
  kill(worker: number, signal?: NodeJS.Signals): Promise<void>;
  /** Asks every worker still running to finish its job and exit, and waits for them. */
  stop(): Promise<void>;
}

/** The built CLI: beside this file in dist/, or the package's dist/ when running from sources. */
function cliPath(): string {
  const near = join(__dirname, "..", "cli", "main.js");
  if (existsSync(near)) return near;
  const built = join(packageRoot(), "dist", "cli", "main.js");
  if (existsSync(built)) return built;
  throw new UsageError(`startSweepWorkers: the built CLI (${built}) is missing; run npm run build.`);
}

/**
 * Starts `count` worker processes (`infratwin worker`) on this machine and waits until each serves the queue.
 * Workers on other machines are started the same way by hand: `infratwin worker --queue redis://… --store postgres://…`.
 * @example
 * const workers = await startSweepWorkers(2, { redis: redis.url, store: pgUrl });
 * const items = await sweep(scenarios, { backend: "bullmq", redis: redis.url, store: pgUrl });
 * await workers.stop();
 */
export async function startSweepWorkers(count: number, options: SweepWorkerProcessOptions): Promise<SweepWorkerProcesses> {
  const api = "startSweepWorkers";
  if (!Number.isInteger(count) || count < 1) throw invalidArgument(api, "count", "an integer >= 1", count);
  if (typeof options?.store !== "string") throw invalidArgument(api, "options.store", "a postgres:// URL (child processes open their own connection)", options?.store);
  const cli = cliPath();
  const children: ChildProcess[] = [];
  const names: string[] = [];
  const exits: Promise<void>[] = [];
  const ready: Promise<void>[] = [];
  for (let w = 0; w < count; w++) {
    names.push(options.namePrefix === undefined ? `w${w + 1}-${process.pid}` : `${options.namePrefix}${w + 1}`);
    const args = [`--max-old-space-size=${options.maxOldSpaceMb ?? 1024}`, cli, "worker", "--queue", options.redis, "--name", names[w]];
    if (options.concurrency !== undefined) args.push("--concurrency", String(options.concurrency));
    if (options.queueName !== undefined) args.push("--queue-name", options.queueName);
    if (options.lockDurationMs !== undefined) args.push("--lock-ms", String(options.lockDurationMs));
    if (options.stalledIntervalMs !== undefined) args.push("--stalled-ms", String(options.stalledIntervalMs));
    const child = spawn(process.execPath, args, { env: { ...process.env, INFRATWIN_STORE: options.store, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    exits.push(new Promise((resolve) => child.once("exit", () => resolve())));
    let log = "";
    ready.push(
      new Promise((resolve, reject) => {
        const lines = (chunk: Buffer) => {
          log = (log + chunk.toString()).slice(-4000);
          for (const line of chunk.toString().split("\n")) {
            if (line.trim() === "") continue;
            options.onLine?.(w, line);
            if (line.includes(" ready ")) resolve();
          }
        };
        child.stdout!.on("data", lines);
        child.stderr!.on("data", lines);
        child.once("exit", (code) => reject(new ResourceLimitError(`startSweepWorkers: worker ${w + 1} exited (code ${code}) before it was ready: ${log.trim().slice(-400)}`)));
      }),
    );
  }
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(exits);
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ResourceLimitError(`startSweepWorkers: not every worker was ready within ${options.readyTimeoutMs ?? 60_000} ms; raise readyTimeoutMs on a busy machine.`)), options.readyTimeoutMs ?? 60_000);
  });
  try {
    await Promise.race([Promise.all(ready), timeout]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    pids: children.map((c) => c.pid ?? -1),
    names,
    async kill(worker: number, signal: NodeJS.Signals = "SIGKILL") {
      const child = children[worker];
      if (!child) throw invalidArgument("SweepWorkerProcesses.kill", "worker", `a worker number from 0 to ${children.length - 1}`, worker);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exits[worker];
    },
    stop,
  };
}
