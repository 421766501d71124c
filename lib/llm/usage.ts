// Token and request counters of a supervisor run.
import type { UsageTotals } from "./types";

/** All counters at zero. */
export function emptyUsageTotals(): UsageTotals {
  return { calls: 0, requests: 0, retries: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, cacheHits: 0, repairs: 0, fallbacks: 0 };
}

/** The field-by-field sum of two usage records. */
export function addUsageTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  const sum = emptyUsageTotals();
  for (const key of Object.keys(sum) as (keyof UsageTotals)[]) sum[key] = a[key] + b[key];
  return sum;
}
