// The store's one schema (DuckDB and PostgreSQL alike) and its forward migrations, applied in order on open.

/** Which SQL engine a statement is for; the schema is the same, a few spellings differ. */
export type Dialect = "duckdb" | "postgres";

/** One forward step of the schema: the statements that take a store from `version - 1` to `version`. */
export interface Migration {
  version: number;
  /** What the step adds, one line. */
  description: string;
  statements(dialect: Dialect): string[];
}

/**
 * The tables. Metrics are long and narrow (run, metric, node, step, value) with nodes, metrics and step
 * times as small per-run dictionaries: written in series order, DuckDB compresses the integer columns to
 * almost nothing and PostgreSQL takes them through binary COPY. Records keep their queryable fields as
 * columns and the whole record as JSON text in `doc`, so nothing a run produced is lost.
 */
const V1 = [
  `CREATE SEQUENCE IF NOT EXISTS run_ids START 1`,
  `CREATE SEQUENCE IF NOT EXISTS backtest_ids START 1`,
  `CREATE SEQUENCE IF NOT EXISTS telemetry_import_ids START 1`,
  `CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, run_key TEXT UNIQUE, kind TEXT NOT NULL, scenario TEXT NOT NULL, seed BIGINT,
    version TEXT, created_at TIMESTAMP NOT NULL, wall_seconds FLOAT8, start_time FLOAT8, step_seconds FLOAT8,
    record_every INTEGER, epoch_ms FLOAT8, steps INTEGER NOT NULL, node_count INTEGER NOT NULL,
    metric_count INTEGER NOT NULL, value_count BIGINT NOT NULL, precision TEXT, summary TEXT, scenario_doc TEXT)`,
  `CREATE TABLE run_nodes (run_id INTEGER NOT NULL, node INTEGER NOT NULL, node_id TEXT NOT NULL, kind TEXT, PRIMARY KEY (run_id, node))`,
  `CREATE TABLE run_metrics (run_id INTEGER NOT NULL, metric SMALLINT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (run_id, metric))`,
  `CREATE TABLE run_steps (run_id INTEGER NOT NULL, step INTEGER NOT NULL, time FLOAT8 NOT NULL, PRIMARY KEY (run_id, step))`,
  `CREATE TABLE metrics (run_id INTEGER NOT NULL, metric SMALLINT NOT NULL, node INTEGER NOT NULL, step INTEGER NOT NULL, value FLOAT4)`,
  `CREATE TABLE alerts (run_id INTEGER NOT NULL, alert_id TEXT NOT NULL, rule TEXT NOT NULL, node TEXT NOT NULL, severity TEXT,
    state TEXT NOT NULL, active_at FLOAT8, fired_at FLOAT8, resolved_at FLOAT8, doc TEXT NOT NULL)`,
  `CREATE TABLE alert_transitions (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, alert_id TEXT NOT NULL, rule TEXT, node TEXT,
    state TEXT NOT NULL, time FLOAT8 NOT NULL, doc TEXT NOT NULL)`,
  `CREATE TABLE incidents (run_id INTEGER NOT NULL, incident_id TEXT NOT NULL, state TEXT NOT NULL, severity TEXT,
    opened_at FLOAT8, closed_at FLOAT8, probable_root TEXT, title TEXT, doc TEXT NOT NULL)`,
  `CREATE TABLE ground_truth (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL, kind TEXT, node TEXT,
    start_time FLOAT8, end_time FLOAT8, doc TEXT NOT NULL)`,
  `CREATE TABLE annotations (run_id INTEGER NOT NULL, annotation_id TEXT NOT NULL, request TEXT, status TEXT, subject TEXT,
    sim_time FLOAT8, supervisor TEXT, doc TEXT NOT NULL)`,
  `CREATE TABLE kpis (run_id INTEGER NOT NULL, service TEXT NOT NULL, availability FLOAT8, p95_latency_ms FLOAT8,
    down_minutes FLOAT8, degraded_minutes FLOAT8, doc TEXT NOT NULL)`,
  `CREATE TABLE backtests (backtest_id INTEGER PRIMARY KEY, run_id INTEGER, name TEXT NOT NULL, created_at TIMESTAMP NOT NULL,
    alerts INTEGER, windows INTEGER, detected INTEGER, precision FLOAT8, recall FLOAT8, f1 FLOAT8, doc TEXT NOT NULL)`,
  `CREATE TABLE telemetry_imports (import_id INTEGER PRIMARY KEY, source TEXT NOT NULL, imported_at TIMESTAMP NOT NULL, report TEXT)`,
  `CREATE TABLE telemetry_series (import_id INTEGER NOT NULL, series INTEGER NOT NULL, name TEXT NOT NULL, node TEXT,
    metric TEXT, labels TEXT, cleaning TEXT, PRIMARY KEY (import_id, series))`,
  `CREATE TABLE telemetry (import_id INTEGER NOT NULL, series INTEGER NOT NULL, time FLOAT8 NOT NULL, value FLOAT8)`,
];

/** Views that give analysts names instead of dictionary numbers. */
const V1_VIEWS = [
  `CREATE VIEW metrics_long AS
    SELECT m.run_id, t.time, n.node_id AS node, n.kind, k.name AS metric, m.value, m.step
    FROM metrics m
    JOIN run_steps t ON t.run_id = m.run_id AND t.step = m.step
    JOIN run_nodes n ON n.run_id = m.run_id AND n.node = m.node
    JOIN run_metrics k ON k.run_id = m.run_id AND k.metric = m.metric`,
];

/**
 * Values per row of `metric_blocks` at most: a day of one-minute steps (1,440) fits one row, and a month
 * (43,200) is cut into pieces, so one row stays small and a data chunk of 2,048 rows at most 32 MB.
 */
export const SERIES_PER_ROW = 4096;

/**
 * Rewrites long rows (run_id, metric, node, step, value) from `source` into `metric_blocks`: one row per
 * run of consecutive steps of a series, at most SERIES_PER_ROW values long. Gaps and duplicated steps
 * start a new row, so every input row is kept. Migration 4 uses it: change it only by adding a new function.
 */
export function blocksFromLong(source: string): string {
  return `INSERT INTO metric_blocks (run_id, metric, node, first_step, series)
    SELECT run_id, metric, node, min(step), list(value ORDER BY step)
    FROM (SELECT run_id, metric, node, step, value,
            step - row_number() OVER w AS island, (row_number() OVER w - 1) // ${SERIES_PER_ROW} AS part
          FROM ${source} WINDOW w AS (PARTITION BY run_id, metric, node ORDER BY step))
    GROUP BY run_id, metric, node, island, part
    ORDER BY run_id, metric, node, min(step)`;
}

/**
 * DuckDB keeps a series as one row (run, metric, node, first step, FLOAT[] of values) and serves the long
 * form through the view `metrics`. Long rows cost a row per value: the step column alone bit-packs to 11
 * bits a value (series of 1,440 steps never align with DuckDB's 2,048-value groups) and the appender spends
 * its time per row. Lists keep only the values, which DuckDB compresses (ALP) in one child column.
 * PostgreSQL keeps long rows: binary COPY is its fast path and it meets its target that way.
 */
const V4_DUCKDB = [
  `CREATE TABLE metric_blocks (run_id INTEGER NOT NULL, metric SMALLINT NOT NULL, node INTEGER NOT NULL, first_step INTEGER NOT NULL, series FLOAT[] NOT NULL)`,
  blocksFromLong("metrics"),
  `DROP VIEW metrics_long`,
  `DROP TABLE metrics`,
  `CREATE VIEW metrics AS
    SELECT run_id, metric, node, CAST(first_step + generate_subscripts(series, 1) - 1 AS INTEGER) AS step, unnest(series) AS value
    FROM metric_blocks`,
  ...V1_VIEWS,
];

/** Every migration, oldest first. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: "runs, metrics, alerts, incidents, ground truth, annotations, KPIs, backtests, telemetry", statements: () => [...V1, ...V1_VIEWS] },
  {
    version: 2,
    description: "free-form labels on runs (sweep id, study, author) for grouping and idempotent writers",
    statements: () => [`ALTER TABLE runs ADD COLUMN labels TEXT`],
  },
  {
    version: 3,
    description: "model registry: versioned failure-risk models (recipe, figures, weights as JSON) and the promoted version per name",
    statements: () => [
      `CREATE TABLE models (name TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, note TEXT, entry TEXT NOT NULL, PRIMARY KEY (name, version))`,
      `CREATE TABLE model_promotions (name TEXT PRIMARY KEY, version INTEGER NOT NULL, promoted_at TEXT NOT NULL)`,
    ],
  },
  {
    version: 4,
    description: "DuckDB: metric values as one row per series (FLOAT[]) in metric_blocks; metrics becomes a view of the same long rows",
    statements: (dialect) => (dialect === "duckdb" ? V4_DUCKDB : []),
  },
  {
    version: 5,
    description: "distributed sweeps: one row per sweep, one result per (sweep, scenario), unique so a second write is a no-op",
    statements: () => [
      `CREATE TABLE sweeps (sweep_id TEXT PRIMARY KEY, name TEXT, total INTEGER NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT)`,
      `CREATE TABLE sweep_items (sweep_id TEXT NOT NULL, scenario_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
        attempts INTEGER, worker TEXT, error TEXT, tier1_down_minutes FLOAT8, tier1_availability FLOAT8, tier1_p95_latency_ms FLOAT8,
        wall_seconds FLOAT8, written_at TEXT NOT NULL, doc TEXT, PRIMARY KEY (sweep_id, scenario_id))`,
    ],
  },
];

/** The table that physically holds metric values: rows are deleted there when a run goes. */
export function metricsTable(dialect: Dialect): string {
  return dialect === "duckdb" ? "metric_blocks" : "metrics";
}

/** The version a store has once every migration ran. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The table that records which migrations ran. */
export const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS infratwin_schema (version INTEGER PRIMARY KEY, description TEXT, applied_at TIMESTAMP NOT NULL)`;

/** Tables holding per-run rows, deleted together when a run goes (with `metricsTable(dialect)`). */
export const RUN_TABLES = ["run_steps", "run_nodes", "run_metrics", "alerts", "alert_transitions", "incidents", "ground_truth", "annotations", "kpis"] as const;
