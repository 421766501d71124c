// Instant values as monitoring reads them: the latest sample of each series, held through a short scrape gap (Prometheus's lookback).

/** How long a sample stays the current value after the last scrape (Prometheus's default lookback delta). */
export const LOOKBACK_SECONDS = 300;

/**
 * Holds the latest non-missing sample of every node of some columns. A missing sample (NaN, a scrape gap) keeps the
 * previous one while it is at most `lookbackSeconds` old, then the value is missing too: a rule with `for` does not
 * restart its wait at every short gap, and a node that stopped reporting stops matching.
 */
export class SampleLookback {
  /** The held values, one array per column (a column with no gaps to fill is the source array itself). */
  readonly values: Float64Array[];
  private readonly seenAt: (Float64Array | null)[];

  constructor(
    private readonly sources: readonly Float64Array[],
    private readonly options: { lookbackSeconds?: number; exact?: readonly Float64Array[] } = {},
  ) {
    // A column that is the model's own array never has gaps: read it directly, at no cost.
    const exact = new Set(options.exact ?? []);
    this.values = sources.map((c) => (exact.has(c) ? c : new Float64Array(c.length).fill(NaN)));
    this.seenAt = sources.map((c) => (exact.has(c) ? null : new Float64Array(c.length).fill(-Infinity)));
  }

  /** Takes the samples of the step at `time` (seconds). */
  update(time: number): void {
    const lookback = this.options.lookbackSeconds ?? LOOKBACK_SECONDS;
    for (let c = 0; c < this.sources.length; c++) {
      const seen = this.seenAt[c];
      if (!seen) continue;
      const src = this.sources[c];
      const out = this.values[c];
      for (let v = 0; v < src.length; v++) {
        const x = src[v];
        if (x === x) {
          out[v] = x;
          seen[v] = time;
        } else if (time - seen[v] > lookback) out[v] = NaN;
      }
    }
  }
}
