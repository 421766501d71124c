// Backtest results and imported telemetry (series with their cleaning report), each written in one transaction.
import { invalidArgument, StoreError } from "../errors";
import type { BacktestResult } from "../rules/backtest";
import type { StudyStore } from "./store";

const stamp = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

/** Stores a backtest's scores (and the whole result as JSON, without its bulky history); returns its id. */
export async function writeBacktest(store: StudyStore, result: BacktestResult, options: { runId?: number; createdAt?: Date } = {}): Promise<number> {
  if (result === null || typeof result !== "object" || result.kind !== "backtest") throw invalidArgument("writeBacktest", "result", "a backtest result (backtest(), backtestScenario())", result);
  const tx = await store.backend.begin();
  try {
    const id = (((await tx.query("SELECT nextval('backtest_ids') AS id")).columns.id as Float64Array)[0]);
    const { history: _history, ...doc } = result;
    await tx.insertRows(
      "backtests",
      ["backtest_id", "run_id", "name", "created_at", "alerts", "windows", "detected", "precision", "recall", "f1", "doc"],
      [[id, options.runId ?? null, result.name, stamp(options.createdAt ?? new Date()), result.alerts, result.windows, result.detected, result.precision, result.recall, result.f1, JSON.stringify(doc)]],
      { created_at: "TIMESTAMP" },
    );
    await tx.commit();
    return id;
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw new StoreError(`writeBacktest: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One imported series: what it is, its points, and what cleaning did to it. */
export interface TelemetrySeries {
  name: string;
  node?: string;
  metric?: string;
  labels?: Record<string, string>;
  /** The per-series cleaning report (any JSON). */
  cleaning?: unknown;
  /** Seconds since 1970 (or since the source's origin), same length as `values`. */
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Stores imported telemetry: the import (source, overall report) and its series; returns the import id. */
export async function writeTelemetry(store: StudyStore, data: { source: string; report?: unknown; series: readonly TelemetrySeries[]; importedAt?: Date }): Promise<number> {
  const api = "writeTelemetry";
  if (typeof data?.source !== "string") throw invalidArgument(api, "source", "a string naming where the data came from", data?.source);
  data.series.forEach((s, i) => {
    if (s.times.length !== s.values.length) throw invalidArgument(api, `series[${i}].times`, `${s.values.length} times (one per value)`, `${s.times.length} times`);
  });
  const tx = await store.backend.begin();
  try {
    const id = ((await tx.query("SELECT nextval('telemetry_import_ids') AS id")).columns.id as Float64Array)[0];
    await tx.insertRows("telemetry_imports", ["import_id", "source", "imported_at", "report"], [[id, data.source, stamp(data.importedAt ?? new Date()), data.report === undefined ? null : JSON.stringify(data.report)]], { imported_at: "TIMESTAMP" });
    await tx.insertRows(
      "telemetry_series",
      ["import_id", "series", "name", "node", "metric", "labels", "cleaning"],
      data.series.map((s, k) => [id, k, s.name, s.node ?? null, s.metric ?? null, s.labels ? JSON.stringify(s.labels) : null, s.cleaning === undefined ? null : JSON.stringify(s.cleaning)]),
    );
    for (const [k, s] of data.series.entries()) {
      const rows: unknown[][] = [];
      for (let i = 0; i < s.values.length; i++) rows.push([id, k, s.times[i], Number.isNaN(s.values[i]) ? null : s.values[i]]);
      await tx.insertRows("telemetry", ["import_id", "series", "time", "value"], rows);
    }
    await tx.commit();
    return id;
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw new StoreError(`${api}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
