// Min/max bucket decimation: long series shrink to a few thousand points without hiding spikes.

/** Indices [first, end) of a series reduced to at most `maxPoints` points: per bucket, its minimum and its maximum in time order. */
export function minMaxIndices(values: ArrayLike<number>, first: number, end: number, maxPoints: number): number[] {
  const n = end - first;
  const out: number[] = [];
  if (n <= maxPoints) {
    for (let k = first; k < end; k++) out.push(k);
    return out;
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const lo = first + Math.floor(b * size);
    const hi = Math.min(end, first + Math.floor((b + 1) * size));
    let min = -1;
    let max = -1;
    for (let k = lo; k < hi; k++) {
      const v = values[k];
      if (Number.isNaN(v)) continue;
      if (min < 0 || v < values[min]) min = k;
      if (max < 0 || v > values[max]) max = k;
    }
    // An all-missing bucket keeps one point so plotly still draws the gap.
    if (min < 0) out.push(lo);
    else if (min === max) out.push(min);
    else out.push(Math.min(min, max), Math.max(min, max));
  }
  return out;
}

/** Reduces steps [first, end) to at most `columns` buckets; returns bucket start indices (the last bucket ends at `end`). */
export function bucketStarts(first: number, end: number, columns: number): number[] {
  const n = end - first;
  if (n <= columns) return Array.from({ length: n }, (_, k) => first + k);
  const size = n / columns;
  const out: number[] = [];
  for (let b = 0; b < columns; b++) {
    const start = first + Math.floor(b * size);
    if (out.length === 0 || start > out[out.length - 1]) out.push(start);
  }
  return out;
}

/** Aggregates values[lo, hi) ignoring NaN: "max", "min" or "mean"; NaN when all are missing. */
export function aggregate(values: ArrayLike<number>, lo: number, hi: number, how: "max" | "min" | "mean"): number {
  let count = 0;
  let acc = how === "max" ? -Infinity : how === "min" ? Infinity : 0;
  for (let k = lo; k < hi; k++) {
    const v = values[k];
    if (Number.isNaN(v)) continue;
    count++;
    if (how === "max") acc = v > acc ? v : acc;
    else if (how === "min") acc = v < acc ? v : acc;
    else acc += v;
  }
  if (count === 0) return NaN;
  return how === "mean" ? acc / count : acc;
}
