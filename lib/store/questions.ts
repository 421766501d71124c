// Answers to the questions analysts ask every study: runs side by side, worst nodes, alert counts by rule, daily peaks.
import { invalidArgument } from "../errors";
import type { ColumnarResult } from "./backend";
import type { StudyStore } from "./store";

/** One run's headline figures, a row of `compareRuns`. */
export type RunComparisonRow = Record<string, string | number | null>;

/**
 * Runs side by side: id, scenario, seed, created, then every number of each run's summary
 * (tier1Availability, tier1P95LatencyMs, alertsFired, …). All runs by default, oldest first.
 */
export async function compareRuns(store: StudyStore, runIds?: readonly number[]): Promise<RunComparisonRow[]> {
  const runs = (await store.runs()).reverse().filter((r) => runIds === undefined || runIds.includes(r.runId));
  return runs.map((r) => {
    const row: RunComparisonRow = { run: r.runId, scenario: r.scenario, seed: r.seed, created: r.createdAt, wallSeconds: r.wallSeconds };
    if (r.summary && typeof r.summary === "object") for (const [k, v] of Object.entries(r.summary as Record<string, unknown>)) if (typeof v === "number") row[k] = v;
    return row;
  });
}

/** Options of `worstNodes`. */
export interface WorstNodesOptions {
  /** The metric to rank on ("cpu", "latency_ms", …). */
  metric: string;
  /** How many nodes; 10 by default. */
  limit?: number;
  /** Rank on the peak ("max", default) or the mean ("avg"). */
  by?: "max" | "avg";
}

/** The nodes of a run with the highest peak (or mean) of a metric: node, kind, peak, mean. */
export async function worstNodes(store: StudyStore, runId: number, options: WorstNodesOptions): Promise<ColumnarResult> {
  if (typeof options?.metric !== "string") throw invalidArgument("worstNodes", "options.metric", 'a metric name such as "cpu"', options?.metric);
  const by = options.by ?? "max";
  if (by !== "max" && by !== "avg") throw invalidArgument("worstNodes", "options.by", '"max" or "avg"', by);
  const limit = Math.max(1, Math.floor(options.limit ?? 10));
  return store.query(
    `SELECT n.node_id AS node, n.kind, max(m.value) AS peak, avg(m.value) AS mean
     FROM metrics m
     JOIN run_metrics k ON k.run_id = m.run_id AND k.metric = m.metric
     JOIN run_nodes n ON n.run_id = m.run_id AND n.node = m.node
     WHERE m.run_id = $1 AND k.name = $2
     GROUP BY n.node_id, n.kind
     ORDER BY ${by === "max" ? "peak" : "mean"} DESC NULLS LAST, node
     LIMIT ${limit}`,
    [runId, options.metric],
  );
}

/**
 * Alerts that fired, counted by rule (rows) and run (one column per run, `run <id>`), plus a total;
 * all runs by default. Rules that never fired in the chosen runs do not appear.
 */
export async function alertCountsByRule(store: StudyStore, runIds?: readonly number[]): Promise<Record<string, string | number>[]> {
  const where = runIds ? ` AND run_id IN (${runIds.map((r) => Math.floor(r)).join(", ") || "NULL"})` : "";
  const r = await store.query(`SELECT rule, run_id, count(*) AS n FROM alerts WHERE state IN ('firing', 'resolved')${where} GROUP BY rule, run_id ORDER BY rule, run_id`);
  const runs = runIds ? [...runIds] : [...new Set(Array.from(r.columns.run_id as Float64Array))].sort((a, b) => a - b);
  const byRule = new Map<string, Record<string, string | number>>();
  for (let i = 0; i < r.rows; i++) {
    const rule = (r.columns.rule as string[])[i];
    let row = byRule.get(rule);
    if (!row) {
      row = { rule };
      for (const id of runs) row[`run ${id}`] = 0;
      row.total = 0;
      byRule.set(rule, row);
    }
    const n = (r.columns.n as Float64Array)[i];
    row[`run ${(r.columns.run_id as Float64Array)[i]}`] = n;
    row.total = (row.total as number) + n;
  }
  return [...byRule.values()].sort((a, b) => (b.total as number) - (a.total as number) || String(a.rule).localeCompare(String(b.rule)));
}

/** The peak of a metric per node and day of a run (day 0 is the run's first day): node, day, peak. */
export async function dailyPeaks(store: StudyStore, options: { runId: number; metric: string }): Promise<ColumnarResult> {
  const { runId, metric } = options;
  return store.query(
    `SELECT n.node_id AS node, CAST(floor(t.time / 86400) AS INTEGER) AS day, max(m.value) AS peak
     FROM metrics m
     JOIN run_metrics k ON k.run_id = m.run_id AND k.metric = m.metric
     JOIN run_steps t ON t.run_id = m.run_id AND t.step = m.step
     JOIN run_nodes n ON n.run_id = m.run_id AND n.node = m.node
     WHERE m.run_id = $1 AND k.name = $2
     GROUP BY n.node_id, day
     ORDER BY n.node_id, day`,
    [runId, metric],
  );
}
