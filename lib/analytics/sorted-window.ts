// A fixed-size sliding window kept sorted (binary search + one block move per point) with O(log n) median and MAD.
import { invalidArgument } from "../errors";

/**
 * The last `capacity` values, in arrival order (a ring) and in sorted order. A push finds the leaving and the
 * arriving value's positions by binary search and moves the block between them with one `copyWithin`, so it costs
 * O(log n) comparisons plus a memmove of at most n doubles (a few tens of nanoseconds for n ≈ 100–300); the
 * median is O(1) and the MAD (median absolute deviation) O(log n), as the k-th element of the two sorted runs
 * |x − median| makes on either side of the median. Exact, unlike P² or histogram estimates, and still fast
 * enough for ≥ 5 M points/s at the default window.
 */
export class SortedWindow {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 3) throw invalidArgument("SortedWindow", "capacity", "an integer >= 3", capacity);
    this.capacity = capacity;
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** First index in sorted[0..count) whose value is >= x. */
  private lowerBound(x: number, end = this.count): number {
    const a = this.sorted;
    let lo = 0;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds x; when full, the oldest value leaves. */
  push(x: number): void {
    const a = this.sorted;
    if (this.count < this.capacity) {
      const j = this.lowerBound(x);
      a.copyWithin(j + 1, j, this.count);
      a[j] = x;
      this.ring[(this.head + this.count) % this.capacity] = x;
      this.count++;
      return;
    }
    const old = this.ring[this.head];
    this.ring[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    const i = this.lowerBound(old);
    const j = this.lowerBound(x);
    if (j > i) {
      a.copyWithin(i, i + 1, j);
      a[j - 1] = x;
    } else {
      a.copyWithin(j + 1, j, i);
      a[j] = x;
    }
  }

  /** Median of the window (mean of the two middle values when the size is even); NaN when empty. */
  median(): number {
    const n = this.count;
    if (n === 0) return NaN;
    const a = this.sorted;
    return n & 1 ? a[(n - 1) >> 1] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** Median of |x − median| over the window. */
  mad(): number {
    const n = this.count;
    if (n === 0) return NaN;
    const m = this.median();
    const p = this.lowerBound(m);
    if (n & 1) return this.kthDeviation((n - 1) >> 1, m, p);
    return (this.kthDeviation(n / 2 - 1, m, p) + this.kthDeviation(n / 2, m, p)) / 2;
  }

  /** k-th smallest (0-based) |x − m|: left run L_i = m − a[p−1−i], right run R_j = a[p+j] − m, both ascending. */
  private kthDeviation(k: number, m: number, p: number): number {
    const a = this.sorted;
    const nL = p;
    const nR = this.count - p;
    let lo = Math.max(0, k + 1 - nR);
    let hi = Math.min(k + 1, nL);
    // Find the smallest i (taken from L, k+1−i from R) with R[j−1] <= L[i].
    while (lo < hi) {
      const i = (lo + hi) >>> 1;
      const j = k + 1 - i;
      if (j > 0 && i < nL && a[p + j - 1] - m > m - a[p - 1 - i]) lo = i + 1;
      else hi = i;
    }
    const i = lo;
    const j = k + 1 - i;
    const fromL = i > 0 ? m - a[p - i] : -Infinity;
    const fromR = j > 0 ? a[p + j - 1] - m : -Infinity;
    return Math.max(fromL, fromR);
  }

  /** Values oldest first, for serialisation. */
  values(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.ring[(this.head + k) % this.capacity]);
    return out;
  }

  /** Empties the window. */
  clear(): void {
    this.count = 0;
    this.head = 0;
  }
}
