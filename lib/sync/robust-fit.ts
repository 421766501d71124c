// Small robust fits for calibration: a median, and a least-squares line refitted without its 3-sigma (MAD) outliers.

/** Median of the finite values (NaN when there are none); does not modify its input. */
export function robustMedian(values: readonly number[]): number {
  const a = values.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (a.length === 0) return NaN;
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

/** A fitted line y = intercept + slope × x, with the standard deviation of the x it was fitted on. */
export interface Line {
  intercept: number;
  slope: number;
  spread: number;
  /** Points kept after trimming. */
  used: number;
}

function leastSquares(x: readonly number[], y: readonly number[], keep: (i: number) => boolean): Line | undefined {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!keep(i)) continue;
    n++;
    sx += x[i];
    sy += y[i];
  }
  if (n < 3) return undefined;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!keep(i)) continue;
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, spread: Math.sqrt(sxx / n), used: n };
}

/**
 * Least squares, then again without the points whose residual is beyond 3 robust standard deviations
 * (1.4826 × MAD) of the first fit: monitoring spikes and level shifts do not bend the line. Undefined when x
 * does not vary or fewer than 3 points remain.
 */
export function robustLine(x: readonly number[], y: readonly number[]): Line | undefined {
  const first = leastSquares(x, y, () => true);
  if (!first) return undefined;
  const residuals = x.map((xi, i) => y[i] - first.intercept - first.slope * xi);
  const med = robustMedian(residuals);
  const mad = robustMedian(residuals.map((r) => Math.abs(r - med)));
  const limit = 3 * 1.4826 * mad;
  if (!(limit > 0)) return first;
  return leastSquares(x, y, (i) => Math.abs(residuals[i] - med) <= limit) ?? first;
}
