// The shape of one benchmark: a name and a function that measures and returns the figures to print.

/** One benchmark; `run` returns the figures, printed as one JSON line with a `bench` field. */
export interface Bench {
  name: string;
  /** Benchmarks that print several lines (one per size) return several records. */
  run(): Promise<Record<string, unknown> | Record<string, unknown>[]> | Record<string, unknown> | Record<string, unknown>[];
}

/** Seconds since `start` (from `process.hrtime.bigint()`). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
