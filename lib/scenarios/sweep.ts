// Sweeps: many scenarios on worker threads with progress; each result depends only on its scenario and seed, never on the worker count.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { invalidArgument, UsageError } from "../errors";
import type { ServiceKpi } from "../metrics";
import type { StudyStore } from "../store";
import type { ImpactRecord, Fault } from "../twin";
import type { Scenario } from "./format";
import { runScenario, type ScenarioResult, type ScenarioSummary } from "./runner";

/** What a sweep keeps of one run: enough to rank and compare, small enough to send between threads. */
export type SweepItem =
  | {
      kind: "sweep_ok";
      index: number;
      name: string;
      tags: string[];
      summary: ScenarioSummary;
      kpis: ServiceKpi[];
      faults: Fault[];
      impacts: ImpactRecord[];
      incidents: { id: string; severity: string; openedAt: number; probableRoot?: string; rootCandidates: string[]; services: string[] }[];
      wallSeconds: number;
    }
  | { kind: "sweep_error"; index: number; name: string; error: string };

/** Options of `sweep`. */
export interface SweepOptions {
  /** Worker threads (default 1: in this thread); the "bullmq" backend ignores it (its workers run anywhere). */
  workers?: number;
  /** Called after each scenario with the number done. */
  onProgress?: (progress: { done: number; total: number; item: SweepItem }) => void;
  /** "threads" (default): worker threads of this process; "bullmq": one job per scenario on a Redis queue, run by `infratwin worker` processes. */
  backend?: "threads" | "bullmq";
  /** bullmq: the queue's Redis, "redis://host:6379". */
  redis?: string;
  /** bullmq: the shared store results go to: a postgres:// URL or an open store on PostgreSQL. */
  store?: string | StudyStore;
  /** bullmq: the sweep's id (default: derived from the scenario list, so the same list resumes the same sweep). */
  sweepId?: string;
  /** bullmq: scenarios per job (default 1). */
  batch?: number;
  /** bullmq: tries per job before the scenario is recorded failed (default 3). */
  attempts?: number;
  /** bullmq: the queue name the workers serve (default "infratwin-sweeps"). */
  queueName?: string;
}

/** A sweep engine other than threads; lib/distributed registers "bullmq" (imports run one way: it knows scenarios, not the reverse). */
export type SweepBackend = (scenarios: readonly Scenario[], options: SweepOptions) => Promise<SweepItem[]>;

const backends = new Map<string, SweepBackend>();

/** Makes `sweep(…, { backend: name })` run on `run`. */
export function registerSweepBackend(name: string, run: SweepBackend): void {
  backends.set(name, run);
}

/** The light record of one result. */
export function sweepItem(result: ScenarioResult, index: number): SweepItem {
  return {
    kind: "sweep_ok",
    index,
    name: result.scenario.name,
    tags: result.scenario.tags ?? [],
    summary: result.summary,
    kpis: result.kpis,
    faults: result.groundTruth.faults,
    impacts: result.groundTruth.impacts,
    incidents: result.incidents.map((i) => ({ id: i.id, severity: i.severity, openedAt: i.openedAt, probableRoot: i.probableRoot, rootCandidates: i.rootCandidates, services: i.services })),
    wallSeconds: result.wallSeconds,
  };
}

/** Runs one scenario to its sweep record as every sweep backend does (no supervisor); throws what the run throws. */
export async function runSweepScenario(scenario: Scenario, index: number): Promise<SweepItem> {
  // Sweeps score the twin and the rules; the supervisor has its own score.
  return sweepItem(await runScenario({ ...scenario, supervisor: { ...(scenario.supervisor ?? {}), kind: "none" } }), index);
}

/** Runs one scenario to its sweep record, turning an error into a record (one bad scenario never loses the others). */
export async function runSweepItem(scenario: Scenario, index: number): Promise<SweepItem> {
  try {
    return await runSweepScenario(scenario, index);
  } catch (e) {
    return { kind: "sweep_error", index, name: scenario?.name ?? `#${index}`, error: (e as Error).message };
  }
}

let bundledWorker: string | undefined;

function workerScript(): string {
  const here = join(__dirname, "sweep-worker.js");
  if (existsSync(here)) return here;
  // Running from TypeScript sources (tests): a worker thread cannot load .ts, and dist/ may be older than the
  // sources, so bundle the worker from these very sources (esbuild, a dev dependency) into .cache/ at the
  // package root, where `__dirname/../..` (datasets, package.json) and node_modules resolve as in dist/.
  bundledWorker ??= bundleWorkerFromSources();
  return bundledWorker;
}

function bundleWorkerFromSources(): string {
  const root = resolve(__dirname, "..", "..");
  const outfile = join(root, ".cache", "sweep-worker", `worker-${process.pid}.js`);
  mkdirSync(dirname(outfile), { recursive: true });
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({ entryPoints: [join(__dirname, "sweep-worker.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", outfile, logLevel: "error" });
  return outfile;
}

/** Runs scenarios, in this thread or on `workers` threads, and returns their records in input order. */
export async function sweep(scenarios: readonly Scenario[], options: SweepOptions = {}): Promise<SweepItem[]> {
  if (!Array.isArray(scenarios)) throw invalidArgument("sweep", "scenarios", "an array of scenarios", scenarios);
  const backend = options.backend ?? "threads";
  if (backend !== "threads") {
    const run = backends.get(backend);
    if (backend !== "bullmq") throw invalidArgument("sweep", "options.backend", '"threads" or "bullmq"', backend);
    if (!run) throw new UsageError('sweep: backend "bullmq" lives in infratwin/distributed, which is not loaded; import it (import ... from "infratwin" loads it) before calling sweep.');
    return run(scenarios, options);
  }
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw invalidArgument("sweep", "options.workers", "an integer >= 1", workers);
  const total = scenarios.length;
  const results: SweepItem[] = new Array(total);
  let done = 0;
  const finish = (item: SweepItem) => {
    results[item.index] = item;
    done++;
    options.onProgress?.({ done, total, item });
  };
  if (workers === 1 || total <= 1) {
    for (let i = 0; i < total; i++) finish(await runSweepItem(scenarios[i], i));
    return results;
  }
  const script = workerScript();
  let next = 0;
  const lane = () =>
    new Promise<void>((resolveLane, rejectLane) => {
      const worker = new Worker(script);
      const feed = () => {
        if (next >= total) {
          void worker.terminate().then(() => resolveLane());
          return;
        }
        const index = next++;
        worker.postMessage({ index, scenario: scenarios[index] });
      };
      worker.on("message", (item: SweepItem) => {
        finish(item);
        feed();
      });
      worker.on("error", rejectLane);
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(workers, total) }, lane));
  return results;
}

/** Sweep records ranked by damage to tier-1 services: minutes down, then availability, then p95 latency; errors last. */
export function rankSweep(items: readonly SweepItem[]): SweepItem[] {
  return [...items].sort((a, b) => {
    if (a.kind !== "sweep_ok" || b.kind !== "sweep_ok") return a.kind === "sweep_ok" ? -1 : b.kind === "sweep_ok" ? 1 : a.index - b.index;
    return (
      b.summary.tier1DownMinutes - a.summary.tier1DownMinutes ||
      a.summary.tier1Availability - b.summary.tier1Availability ||
      b.summary.tier1P95LatencyMs - a.summary.tier1P95LatencyMs ||
      a.index - b.index
    );
  });
}
