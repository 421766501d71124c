// The StudyStore: one API over DuckDB (embedded default) and PostgreSQL (shared): runs, metrics, records, SQL, retention.
import type { DataFrame } from "danfojs-node";
import { invalidArgument, NotFoundError, StoreError, TwinError } from "../errors";
import { loadDanfo } from "../metrics/frames";
import { MetricsStore } from "../metrics/store";
import { parseDuration } from "../time";
import type { Backend, ColumnarResult } from "./backend";
import { duckdbBackend, type DuckDBBackendOptions } from "./duckdb-backend";
import { migrate } from "./migrate";
import { postgresBackend } from "./postgres-backend";
import { docsOf, type RunRecords } from "./records";
import { layoutOf, RunWriter, type RunLayout, type RunMeta } from "./run-writer";
import { metricsTable, RUN_TABLES, SCHEMA_VERSION } from "./schema";
import { parseTarget, redactMessage, redactTarget } from "./target";

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Migrate up to this version only (tests of migrations); the latest by default. */
  schemaVersion?: number;
  /** DuckDB settings (`memory_limit`, `threads`) when the target is a DuckDB file. */
  duckdb?: DuckDBBackendOptions["settings"];
}

/** A stored run's row. */
export interface StoredRun {
  runId: number;
  key: string | null;
  kind: string;
  scenario: string;
  seed: number | null;
  version: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  wallSeconds: number | null;
  startTime: number;
  stepSeconds: number;
  every: number;
  epochMs: number | null;
  steps: number;
  nodes: number;
  metrics: number;
  values: number;
  precision: string;
  summary: unknown;
  labels: Record<string, string> | null;
}

/** Options of `store.writeRun`. */
export interface WriteRunOptions extends RunMeta, RunRecords {
  /** When `key` already exists: "error" (default), "skip" (keep the stored run, return its id) or "replace". */
  ifExists?: "error" | "skip" | "replace";
}

/**
 * Opens a store: a DuckDB file path (created if missing), ":memory:", or a PostgreSQL URL
 * ("postgres://user@host:5432/db"; the password may come from PGPASSWORD). Migrates the schema forward.
 * @example
 * const store = await openStore("study/infratwin.duckdb");
 * const runId = await store.writeRun(result.metrics, { scenario: "payday", seed: 7, alerts: result.alerts });
 * const df = await store.sql("select node, max(value) from metrics_long where metric = 'cpu' group by node");
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<StudyStore> {
  if (typeof target !== "string" || target.trim() === "") throw invalidArgument("openStore", "target", 'a DuckDB file path, ":memory:" or a postgres:// URL', target);
  const parsed = parseTarget(target);
  let backend: Backend;
  try {
    backend = parsed.kind === "postgres" ? await postgresBackend(parsed.url) : await duckdbBackend(parsed.path, { settings: options.duckdb });
  } catch (error) {
    throw new StoreError(`openStore: cannot open ${redactTarget(target)}: ${redactMessage(messageOf(error), target)}. Check the path or URL (credentials from the URL or PG* variables).`);
  }
  const store = new StudyStore(backend, target);
  try {
    await migrate(backend, options.schemaVersion ?? SCHEMA_VERSION);
  } catch (error) {
    await backend.close().catch(() => undefined);
    throw error instanceof TwinError ? error : new StoreError(`openStore: migrating ${redactTarget(target)} failed: ${redactMessage(messageOf(error), target)}`);
  }
  return store;
}

export class StudyStore {
  /** Where the store lives, safe to print. */
  readonly target: string;
  constructor(
    /** The engine underneath, for callers that need raw access. */
    readonly backend: Backend,
    private readonly rawTarget: string,
  ) {
    this.target = redactTarget(rawTarget);
  }

  /** "duckdb" or "postgres". */
  get dialect(): Backend["dialect"] {
    return this.backend.dialect;
  }

  /** The schema version the store is at. */
  async schemaVersion(): Promise<number> {
    const r = await this.backend.query("SELECT max(version) AS v FROM infratwin_schema");
    return (r.columns.v as Float64Array)[0];
  }

  /** Runs a query and returns its columns (numbers as Float64Array, no per-row objects): the form for large results. */
  async query(query: string, params: readonly unknown[] = []): Promise<ColumnarResult> {
    try {
      return await this.backend.query(query, params);
    } catch (error) {
      throw new StoreError(`StudyStore.query: ${redactMessage(messageOf(error), this.rawTarget)} (query: ${query.length > 200 ? query.slice(0, 197) + "..." : query})`);
    }
  }

  /** Runs a query and returns a danfo DataFrame (keep results under ~10^5 rows; use `query` beyond). */
  async sql(query: string, params: readonly unknown[] = []): Promise<DataFrame> {
    return toFrame(await this.query(query, params));
  }

  /**
   * Opens a run for streaming writes in one transaction (see `RunWriter`): long horizons append window after
   * window; the run becomes visible only when `finish` commits.
   */
  async beginRun(meta: RunMeta, layout: RunLayout): Promise<RunWriter> {
    if (meta === null || typeof meta !== "object" || typeof meta.scenario !== "string") throw invalidArgument("StudyStore.beginRun", "meta.scenario", "a string", meta?.scenario);
    if (layout.metrics.length > 32767) throw invalidArgument("StudyStore.beginRun", "layout.metrics", "at most 32,767 metrics", layout.metrics.length);
    const tx = await this.backend.begin();
    try {
      const ids = await tx.query("SELECT nextval('run_ids') AS id");
      return new RunWriter((ids.columns.id as Float64Array)[0], tx, meta, layout);
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      throw new StoreError(`StudyStore.beginRun: ${redactMessage(messageOf(error), this.rawTarget)}`);
    }
  }

  /**
   * Writes a whole run (metrics and records) in one transaction and returns its id; a failure part-way
   * leaves nothing behind. With `key`, `ifExists` decides what a second write of the same run does.
   */
  async writeRun(metrics: MetricsStore, options: WriteRunOptions): Promise<number> {
    const api = "StudyStore.writeRun";
    if (!(metrics instanceof MetricsStore)) throw invalidArgument(api, "metrics", "a MetricsStore (result.metrics)", metrics);
    if (options?.key !== undefined) {
      const existing = await this.query("SELECT run_id FROM runs WHERE run_key = $1", [options.key]);
      if (existing.rows > 0) {
        const id = (existing.columns.run_id as Float64Array)[0];
        const policy = options.ifExists ?? "error";
        if (policy === "skip") return id;
        if (policy === "error") throw new StoreError(`${api}: a run with key ${JSON.stringify(options.key)} is already stored (run ${id}); pass ifExists: "skip" or "replace".`);
        await this.deleteRuns([id]);
      }
    }
    const writer = await this.beginRun(options, layoutOf(metrics));
    await writer.append(metrics);
    return writer.finish(options);
  }

  /** Stored runs, newest first; `where` filters on scenario or kind. */
  async runs(where: { scenario?: string; kind?: string; limit?: number } = {}): Promise<StoredRun[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (where.scenario !== undefined) clauses.push(`scenario = $${params.push(where.scenario)}`);
    if (where.kind !== undefined) clauses.push(`kind = $${params.push(where.kind)}`);
    const limit = where.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(where.limit))}`;
    const r = await this.query(`SELECT * FROM runs${clauses.length ? " WHERE " + clauses.join(" AND ") : ""} ORDER BY run_id DESC${limit}`, params);
    return rowsOf(r).map(storedRun);
  }

  /** One run's row; throws NotFoundError listing what is stored. */
  async run(runId: number): Promise<StoredRun> {
    const r = await this.query("SELECT * FROM runs WHERE run_id = $1", [runId]);
    if (r.rows === 0) {
      const ids = await this.query("SELECT run_id FROM runs ORDER BY run_id DESC LIMIT 10");
      throw new NotFoundError(`StudyStore.run: run ${runId} is not in ${this.target}; latest runs: ${Array.from(ids.columns.run_id as Float64Array).join(", ") || "none"}.`);
    }
    return storedRun(rowsOf(r)[0]);
  }

  /** A run's records (alerts, transitions, incidents, ground truth, annotations, KPIs), in stored order. */
  async records(runId: number): Promise<Required<Omit<RunRecords, "groundTruth">> & { groundTruth: NonNullable<RunRecords["groundTruth"]> }> {
    await this.run(runId);
    const docs = async (table: string, order: string) => (await this.query(`SELECT doc FROM ${table} WHERE run_id = $1 ORDER BY ${order}`, [runId])).columns.doc as (string | null)[];
    const truth = await this.query("SELECT record, doc FROM ground_truth WHERE run_id = $1 ORDER BY seq", [runId]);
    const pick = <T>(kind: string): T[] => docsOf<T>((truth.columns.doc as (string | null)[]).filter((_, i) => (truth.columns.record as (string | null)[])[i] === kind));
    return {
      alerts: docsOf(await docs("alerts", "active_at, alert_id")),
      transitions: docsOf(await docs("alert_transitions", "seq")),
      incidents: docsOf(await docs("incidents", "opened_at, incident_id")),
      groundTruth: { faults: pick("fault"), events: pick("event"), impacts: pick("impact") },
      annotations: docsOf(await docs("annotations", "sim_time, annotation_id")),
      kpis: docsOf(await docs("kpis", "service")),
    };
  }

  /** A run's metrics back as an in-memory MetricsStore (optionally only some metrics): for runs that fit in memory. */
  async readMetrics(runId: number, options: { metrics?: readonly string[] } = {}): Promise<MetricsStore> {
    const run = await this.run(runId);
    const nodes = await this.query("SELECT node_id, kind FROM run_nodes WHERE run_id = $1 ORDER BY node", [runId]);
    const names = await this.query("SELECT metric, name FROM run_metrics WHERE run_id = $1 ORDER BY metric", [runId]);
    const times = (await this.query("SELECT time FROM run_steps WHERE run_id = $1 ORDER BY step", [runId])).columns.time as Float64Array;
    const allMetrics = names.columns.name as string[];
    const wanted = options.metrics ?? allMetrics;
    for (const m of wanted) if (!allMetrics.includes(m)) throw new NotFoundError(`StudyStore.readMetrics: metric ${JSON.stringify(m)} is not in run ${runId}; stored: ${allMetrics.join(", ")}.`);
    const nodeIds = nodes.columns.node_id as string[];
    const out = new MetricsStore({
      nodes: nodeIds,
      kinds: (nodes.columns.kind as (string | null)[]).map((k) => k ?? "unknown"),
      metrics: wanted,
      stepSeconds: run.stepSeconds * run.every,
      startTime: run.startTime,
      epoch: run.epochMs ?? undefined,
      expectedSteps: times.length,
      precision: run.precision === "float64" ? "float64" : "float32",
    });
    const columns = wanted.map(() => new Float64Array(nodeIds.length).fill(NaN));
    const codes = wanted.map((m) => allMetrics.indexOf(m));
    const r = await this.query(`SELECT metric, node, step, value FROM metrics WHERE run_id = $1 AND metric IN (${codes.join(", ")}) ORDER BY step, metric, node`, [runId]);
    const metric = r.columns.metric as Float64Array, node = r.columns.node as Float64Array, step = r.columns.step as Float64Array, value = r.columns.value as Float64Array;
    let current = -1;
    const flush = () => {
      if (current >= 0) out.append(times[current], columns);
      for (const c of columns) c.fill(NaN);
    };
    for (let i = 0; i < r.rows; i++) {
      if (step[i] !== current) {
        flush();
        current = step[i];
      }
      columns[codes.indexOf(metric[i])][node[i]] = value[i];
    }
    flush();
    return out;
  }

  /** Deletes runs and everything they hold, in one transaction. Returns how many runs went. */
  async deleteRuns(runIds: readonly number[]): Promise<number> {
    const ids = runIds.filter((id) => Number.isInteger(id));
    if (ids.length === 0) return 0;
    const list = ids.join(", ");
    const tx = await this.backend.begin();
    try {
      for (const table of [metricsTable(this.backend.dialect), ...RUN_TABLES]) await tx.exec(`DELETE FROM ${table} WHERE run_id IN (${list})`);
      await tx.exec(`DELETE FROM backtests WHERE run_id IN (${list})`);
      const gone = await tx.query(`SELECT count(*) AS n FROM runs WHERE run_id IN (${list})`);
      await tx.exec(`DELETE FROM runs WHERE run_id IN (${list})`);
      await tx.commit();
      return (gone.columns.n as Float64Array)[0];
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      throw new StoreError(`StudyStore.deleteRuns: ${redactMessage(messageOf(error), this.rawTarget)}`);
    }
  }

  /**
   * Retention: deletes runs created more than `olderThan` ago ("90d", or seconds) and reclaims space.
   * Returns the ids deleted.
   */
  async vacuum(options: { olderThan: string | number; now?: Date }): Promise<number[]> {
    const seconds = parseDuration(options?.olderThan as string | number, "StudyStore.vacuum", "olderThan");
    const cutoff = new Date((options.now ?? new Date()).getTime() - seconds * 1000).toISOString().replace("T", " ").replace("Z", "");
    const old = await this.query("SELECT run_id FROM runs WHERE created_at < CAST($1 AS TIMESTAMP) ORDER BY run_id", [cutoff]);
    const ids = Array.from(old.columns.run_id as Float64Array);
    await this.deleteRuns(ids);
    // DuckDB reclaims freed blocks at checkpoint; PostgreSQL's VACUUM cannot run inside a transaction (this is outside one).
    await this.backend.exec(this.dialect === "duckdb" ? "CHECKPOINT" : "VACUUM").catch(() => undefined);
    return ids;
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.backend.close();
  }
}

/** A columnar result as plain row objects (small results: listings, summaries). */
export function rowsOf(result: ColumnarResult): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < result.rows; i++) {
    const row: Record<string, unknown> = {};
    for (const name of result.names) {
      const v = result.columns[name][i];
      row[name] = typeof v === "number" && Number.isNaN(v) ? null : v;
    }
    rows.push(row);
  }
  return rows;
}

/** A columnar result as a danfo DataFrame. */
export function toFrame(result: ColumnarResult): DataFrame {
  const dfd = loadDanfo();
  if (result.rows === 0) return new dfd.DataFrame([], { columns: result.names });
  const columns: Record<string, unknown[]> = {};
  const dtypes: string[] = [];
  for (const name of result.names) {
    const c = result.columns[name];
    columns[name] = Array.from(c as ArrayLike<unknown>);
    dtypes.push(c instanceof Float64Array ? "float32" : "string");
  }
  return new dfd.DataFrame(columns, { columns: result.names, dtypes });
}

function storedRun(row: Record<string, unknown>): StoredRun {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    runId: Number(row.run_id),
    key: (row.run_key as string | null) ?? null,
    kind: String(row.kind),
    scenario: String(row.scenario),
    seed: num(row.seed),
    version: (row.version as string | null) ?? null,
    createdAt: String(row.created_at),
    wallSeconds: num(row.wall_seconds),
    startTime: Number(row.start_time ?? 0),
    stepSeconds: Number(row.step_seconds),
    every: Number(row.record_every ?? 1),
    epochMs: num(row.epoch_ms),
    steps: Number(row.steps),
    nodes: Number(row.node_count),
    metrics: Number(row.metric_count),
    values: Number(row.value_count),
    precision: String(row.precision ?? "float32"),
    summary: row.summary ? JSON.parse(String(row.summary)) : null,
    labels: row.labels ? (JSON.parse(String(row.labels)) as Record<string, string>) : null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
