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

/** What every printed line carries besides its figures: the target in words and whether this run met it. */
export interface Verdict {
  target: string | number;
  meets: boolean;
}

/**
 * Checks a bench's records before printing: each must carry a `target` (non-empty string) and a boolean
 * `meets`, so no figure is printed without saying what it should be. Returns the problems, empty when fine.
 */
export function verdictProblems(bench: string, records: readonly Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  records.forEach((r, i) => {
    const hasTarget = (typeof r.target === "string" && r.target !== "") || (typeof r.target === "number" && Number.isFinite(r.target));
    if (!hasTarget) problems.push(`bench ${bench}: line ${i + 1} has no target (expected a string such as "≥ 2.5 M events/s" or a number)`);
    if (typeof r.meets !== "boolean") problems.push(`bench ${bench}: line ${i + 1} has no boolean meets (found ${JSON.stringify(r.meets)})`);
  });
  return problems;
}
