// Writes one run in a single transaction: metrics streamed in bounded blocks, records and the run row at the end; abort leaves nothing.
import { invalidArgument, UsageError } from "../errors";
import type { MetricsStore } from "../metrics/store";
import type { MetricBlock, Transaction } from "./backend";
import { metricBlocks } from "./metric-blocks";
import { recordRows, type RunRecords } from "./records";

/** What describes a run besides its values. */
export interface RunMeta {
  /** Scenario name (or the source of imported telemetry). */
  scenario: string;
  /** "simulation" by default; "backtest", "telemetry", "sweep" for other producers. */
  kind?: string;
  seed?: number;
  /** infratwin version that produced the run; this package's by default. */
  version?: string;
  wallSeconds?: number;
  /** Headline figures (any JSON). */
  summary?: unknown;
  /** The scenario document itself (any JSON), so the run can be replayed. */
  scenarioDoc?: unknown;
  /** A unique key for idempotent writers (sweep id + scenario id); see `ifExists`. */
  key?: string;
  /** Free labels (study, author, sweep). */
  labels?: Record<string, string>;
  /** When the run was made; now by default. */
  createdAt?: string | Date;
}

/** The shape of the values a run writer receives. */
export interface RunLayout {
  nodes: readonly string[];
  kinds?: readonly string[];
  metrics: readonly string[];
  stepSeconds: number;
  startTime?: number;
  every?: number;
  epochMs?: number;
  precision?: string;
}

/** The layout of a metrics store, for `beginRun`. */
export function layoutOf(store: MetricsStore): RunLayout {
  return { nodes: store.nodeIds, kinds: store.kinds, metrics: store.metricNames, stepSeconds: store.stepSeconds, startTime: store.startTime, every: store.every, epochMs: store.epochMs, precision: store.precision };
}

let packageVersion: string | undefined;
function infratwinVersion(): string {
  if (packageVersion === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      packageVersion = String((require("../../package.json") as { version: string }).version);
    } catch {
      packageVersion = "unknown";
    }
  }
  return packageVersion;
}

/**
 * An open run: append metric windows as they are produced (a long horizon streams to the store chunk by
 * chunk and never holds more than one window), then `finish` with the records. Nothing is visible to
 * readers until `finish` commits; `abort` (or any error) rolls everything back.
 */
export class RunWriter {
  private steps = 0;
  private values = 0;
  private readonly times: number[] = [];
  private closed = false;

  constructor(
    readonly runId: number,
    private readonly tx: Transaction,
    private readonly meta: RunMeta,
    private readonly layout: RunLayout,
  ) {}

  /** Recorded steps appended so far. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * Appends recorded steps [fromStep, toStep) of `store` (all by default); they get the next step numbers of
   * the run. The store must have the layout the run began with.
   */
  async append(store: MetricsStore, options: { fromStep?: number; toStep?: number } = {}): Promise<void> {
    this.checkOpen("RunWriter.append");
    if (store.nodeIds.length !== this.layout.nodes.length || store.metricNames.length !== this.layout.metrics.length) {
      throw invalidArgument("RunWriter.append", "store", `a metrics store with ${this.layout.nodes.length} nodes and ${this.layout.metrics.length} metrics (the run's layout)`, `${store.nodeIds.length} nodes, ${store.metricNames.length} metrics`);
    }
    const fromStep = options.fromStep ?? 0;
    const toStep = options.toStep ?? store.recordedSteps;
    await this.guard(async () => {
      for (const block of metricBlocks(store, { fromStep, toStep, stepOffset: this.steps })) await this.appendBlock(block);
    });
    const times = store.times;
    for (let s = fromStep; s < toStep; s++) this.times.push(times[s]);
    this.steps += Math.max(0, toStep - fromStep);
  }

  /** Appends raw rows (already numbered); for producers that are not a MetricsStore. Call `addSteps` for their times. */
  async appendBlock(block: MetricBlock): Promise<void> {
    this.checkOpen("RunWriter.appendBlock");
    await this.guard(() => this.tx.appendMetrics(this.runId, block));
    this.values += block.rows;
  }

  /** Records the times of steps appended through `appendBlock`. */
  addSteps(times: readonly number[]): void {
    for (const t of times) this.times.push(t);
    this.steps += times.length;
  }

  /** Writes the records and the run row, and commits: the run appears whole. Returns its id. */
  async finish(records: RunRecords = {}): Promise<number> {
    this.checkOpen("RunWriter.finish");
    await this.guard(async () => {
      await this.tx.endMetrics();
      const id = this.runId;
      const { nodes, metrics } = this.layout;
      await this.tx.insertRows("run_nodes", ["run_id", "node", "node_id", "kind"], nodes.map((n, i) => [id, i, n, this.layout.kinds?.[i] ?? null]));
      await this.tx.insertRows("run_metrics", ["run_id", "metric", "name"], metrics.map((m, i) => [id, i, m]));
      await this.tx.insertRows("run_steps", ["run_id", "step", "time"], this.times.map((t, s) => [id, s, t]));
      for (const part of recordRows(id, records)) if (part.rows.length > 0) await this.tx.insertRows(part.table, part.columns, part.rows);
      const m = this.meta;
      const createdAt = m.createdAt === undefined ? new Date() : new Date(m.createdAt);
      await this.tx.insertRows(
        "runs",
        ["run_id", "run_key", "kind", "scenario", "seed", "version", "created_at", "wall_seconds", "start_time", "step_seconds", "record_every", "epoch_ms", "steps", "node_count", "metric_count", "value_count", "precision", "summary", "scenario_doc", "labels"],
        [[id, m.key ?? null, m.kind ?? "simulation", m.scenario, m.seed ?? null, m.version ?? infratwinVersion(), createdAt.toISOString().replace("T", " ").replace("Z", ""), m.wallSeconds ?? null, this.layout.startTime ?? 0, this.layout.stepSeconds, this.layout.every ?? 1, this.layout.epochMs ?? null, this.steps, nodes.length, metrics.length, this.values, this.layout.precision ?? "float32", m.summary === undefined ? null : JSON.stringify(m.summary), m.scenarioDoc === undefined ? null : JSON.stringify(m.scenarioDoc), m.labels === undefined ? null : JSON.stringify(m.labels)]],
        { created_at: "TIMESTAMP" },
      );
      await this.tx.commit();
    });
    this.closed = true;
    return this.runId;
  }

  /** Rolls the run back: nothing of it stays. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tx.rollback();
  }

  private checkOpen(api: string): void {
    if (this.closed) throw new UsageError(`${api}: run ${this.runId} is already finished or aborted; begin a new run with store.beginRun().`);
  }

  /** Any failure rolls the whole run back before it is rethrown. */
  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.closed = true;
      await this.tx.rollback().catch(() => undefined);
      throw error;
    }
  }
}
