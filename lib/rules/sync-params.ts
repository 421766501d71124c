// Params of the facts a sync session adds ({"fact": "deviation", "params": {"metric": "cpu", "measure": "z"}} and "observed"): parsing and keys.

/** The metrics a sync session compares (lib/sync SYNC_METRICS). */
export const SYNC_FACT_METRICS = ["cpu", "latency_ms", "error_rate", "status"] as const;

/** How a deviation is measured: |robust z|, |observed − predicted| in the metric's unit, or that over |predicted|. */
export const DEVIATION_MEASURES = ["z", "abs", "relative"] as const;
export type DeviationMeasure = (typeof DEVIATION_MEASURES)[number];

/** Parsed params of the `deviation` and `observed` facts (measure is "z" for deviation by default, unused by observed). */
export interface SyncFactParams {
  metric: (typeof SYNC_FACT_METRICS)[number];
  measure: DeviationMeasure;
}

/** The facts whose params are SyncFactParams. */
export const SYNC_FACTS = ["deviation", "observed"] as const;

/** Parses `{"metric": "cpu", "measure": "z"}` for `fact`; returns a message when invalid. */
export function parseSyncParams(fact: string, raw: Record<string, unknown>): SyncFactParams | string {
  const allowed = fact === "deviation" ? ["metric", "measure"] : ["metric"];
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) return `unknown ${fact} param ${JSON.stringify(key)}; expected ${allowed.join(" and ")}`;
  if (typeof raw.metric !== "string" || !(SYNC_FACT_METRICS as readonly string[]).includes(raw.metric))
    return `${fact} params need a "metric", one of ${SYNC_FACT_METRICS.join(", ")}, but found ${JSON.stringify(raw.metric)}`;
  const measure = raw.measure ?? "z";
  if (typeof measure !== "string" || !(DEVIATION_MEASURES as readonly string[]).includes(measure)) return `unknown deviation measure ${JSON.stringify(measure)}; expected one of ${DEVIATION_MEASURES.join(", ")}`;
  return { metric: raw.metric as SyncFactParams["metric"], measure: measure as DeviationMeasure };
}

/** A stable key: `deviation[cpu:z]`, `observed[cpu]`. */
export function syncFactKey(fact: string, params: SyncFactParams): string {
  return fact === "deviation" ? `deviation[${params.metric}:${params.measure}]` : `${fact}[${params.metric}]`;
}
