// Sweep results in the shared store: one row per (sweep, scenario) under a unique key, so a second write is a no-op whoever makes it.
import { StoreError, UsageError } from "../errors";
import type { SweepItem } from "../scenarios";
import { rowsOf, type StudyStore } from "../store";

/** What a sweep row says about the sweep. */
export interface SweepRow {
  sweepId: string;
  name: string | null;
  total: number;
  fingerprint: string;
  createdAt: string;
}

/** One stored result: the sweep record (`sweep_ok`) or the failure after the last attempt (`sweep_error`). */
export interface StoredSweepItem {
  scenarioId: string;
  status: "ok" | "failed";
  attempts: number | null;
  worker: string | null;
  item: SweepItem;
}

/** Who wrote a result and after how many tries. */
export interface WriteSweepItemOptions {
  worker?: string;
  attempts?: number;
}

function now(): string {
  return new Date().toISOString();
}

/** Distributed sweeps need one store every worker process can write: PostgreSQL (a DuckDB file admits one process). */
export function checkSharedStore(api: string, store: StudyStore): void {
  if (store.dialect !== "postgres") {
    throw new UsageError(`${api}: store ${JSON.stringify(store.target)} is a DuckDB file, which only one process may open; distributed workers need a shared store: pass a postgres:// URL as the store option (--store).`);
  }
}

/**
 * Records a sweep (its size and the fingerprint of its scenario list) unless it exists; a different list under
 * the same id is refused, since results would mix. Returns the stored row.
 */
export async function registerSweep(store: StudyStore, sweep: { sweepId: string; total: number; fingerprint: string; name?: string }): Promise<SweepRow> {
  await store.query(`INSERT INTO sweeps (sweep_id, name, total, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sweep_id) DO NOTHING`, [sweep.sweepId, sweep.name ?? null, sweep.total, sweep.fingerprint, now()]);
  const row = await sweepRow(store, sweep.sweepId);
  if (!row) throw new StoreError(`registerSweep: sweep ${JSON.stringify(sweep.sweepId)} vanished from ${store.target} right after it was written.`);
  if (row.fingerprint !== sweep.fingerprint || row.total !== sweep.total) {
    throw new UsageError(`sweep: sweep id ${JSON.stringify(sweep.sweepId)} already holds a different list of scenarios (${row.total} stored, ${sweep.total} given); pass a new sweepId (--sweep-id) or the same scenarios to resume.`);
  }
  return row;
}

/** The sweep's row, or undefined. */
export async function sweepRow(store: StudyStore, sweepId: string): Promise<SweepRow | undefined> {
  const r = rowsOf(await store.query(`SELECT sweep_id, name, total, fingerprint, created_at FROM sweeps WHERE sweep_id = $1`, [sweepId]))[0];
  if (!r) return undefined;
  return { sweepId: String(r.sweep_id), name: (r.name as string | null) ?? null, total: Number(r.total), fingerprint: String(r.fingerprint), createdAt: String(r.created_at) };
}

/**
 * Writes one result. A success replaces a recorded failure (a resumed sweep ran it again) but never another
 * success; a failure never replaces anything. The unique key (sweep_id, scenario_id) makes this hold between
 * concurrent writers too. Returns true when this call wrote the row.
 */
export async function writeSweepItem(store: StudyStore, sweepId: string, scenarioId: string, item: SweepItem, options: WriteSweepItemOptions = {}): Promise<boolean> {
  const ok = item.kind === "sweep_ok";
  const values = [sweepId, scenarioId, item.index, item.name, ok ? "ok" : "failed", options.attempts ?? null, options.worker ?? null, ok ? null : item.error, ok ? item.summary.tier1DownMinutes : null, ok ? item.summary.tier1Availability : null, ok ? item.summary.tier1P95LatencyMs : null, ok ? item.wallSeconds : null, now(), JSON.stringify(item)];
  const columns = "sweep_id, scenario_id, idx, name, status, attempts, worker, error, tier1_down_minutes, tier1_availability, tier1_p95_latency_ms, wall_seconds, written_at, doc";
  const update = ["status", "attempts", "worker", "error", "tier1_down_minutes", "tier1_availability", "tier1_p95_latency_ms", "wall_seconds", "written_at", "doc"].map((c) => `${c} = EXCLUDED.${c}`).join(", ");
  const conflict = ok ? `DO UPDATE SET ${update} WHERE sweep_items.status <> 'ok'` : "DO NOTHING";
  const r = await store.query(`INSERT INTO sweep_items (${columns}) VALUES (${values.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT (sweep_id, scenario_id) ${conflict} RETURNING scenario_id`, values);
  return r.rows === 1;
}

/** Status of the stored results of a sweep (all, or the scenario ids given), by scenario id (light: no documents). */
export async function storedStatuses(store: StudyStore, sweepId: string, options: { scenarioIds?: readonly string[] } = {}): Promise<Map<string, "ok" | "failed">> {
  const r = await store.query(`SELECT scenario_id, status FROM sweep_items WHERE sweep_id = $1${idFilter(options.scenarioIds)}`, [sweepId, ...(options.scenarioIds ?? [])]);
  const ids = r.columns.scenario_id as string[];
  const statuses = r.columns.status as string[];
  return new Map(ids.map((id, i) => [id, statuses[i] === "ok" ? "ok" : "failed"]));
}

/** Stored results of a sweep (all, or the scenario ids given), in sweep order. */
export async function readSweepItems(store: StudyStore, sweepId: string, options: { scenarioIds?: readonly string[] } = {}): Promise<StoredSweepItem[]> {
  const ids = options.scenarioIds;
  if (ids && ids.length === 0) return [];
  const r = await store.query(`SELECT scenario_id, status, attempts, worker, doc FROM sweep_items WHERE sweep_id = $1${idFilter(ids)} ORDER BY idx`, [sweepId, ...(ids ?? [])]);
  return rowsOf(r).map((row) => ({
    scenarioId: String(row.scenario_id),
    status: row.status === "ok" ? "ok" : "failed",
    attempts: row.attempts === null ? null : Number(row.attempts),
    worker: (row.worker as string | null) ?? null,
    item: JSON.parse(String(row.doc)) as SweepItem,
  }));
}

/** ` AND scenario_id IN ($2, …)` for the ids given (parameters after the sweep id), nothing without ids; an empty list matches nothing. */
function idFilter(ids: readonly string[] | undefined): string {
  if (!ids) return "";
  if (ids.length === 0) return " AND FALSE";
  return ` AND scenario_id IN (${ids.map((_, i) => `$${i + 2}`).join(", ")})`;
}
