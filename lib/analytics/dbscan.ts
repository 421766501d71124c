// DBSCAN (Ester et al., 1996): density-based clusters of points, noise marked -1; with a k-distance default for eps.
import { invalidArgument } from "../errors";

/** Options of `dbscan`. */
export interface DbscanOptions {
  /** Neighbourhood radius (Euclidean); default: the median distance to each point's `minPoints`-th neighbour × 1.5. */
  eps?: number;
  /** Points (the point itself included) a neighbourhood needs to make a core point (default 4). */
  minPoints?: number;
}

/** Cluster labels (0, 1, …; -1 for noise) and the eps used. */
export interface DbscanResult {
  labels: number[];
  clusters: number;
  eps: number;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * DBSCAN. Idea: a cluster is a region dense enough that every core point has `minPoints` points within `eps`;
 * clusters grow through core points, points reachable from none are noise (-1), and the number of clusters is found,
 * not given. O(n²) distances, fine for the few thousand nodes of an estate. Deterministic: points are visited in order.
 */
export function dbscan(points: readonly (readonly number[])[], options: DbscanOptions = {}): DbscanResult {
  const api = "dbscan";
  const n = points.length;
  const minPoints = options.minPoints ?? 4;
  if (!Number.isInteger(minPoints) || minPoints < 1) throw invalidArgument(api, "options.minPoints", "an integer >= 1", options.minPoints);
  if (n === 0) return { labels: [], clusters: 0, eps: options.eps ?? 0 };
  const dim = points[0].length;
  points.forEach((p, i) => {
    if (p.length !== dim) throw invalidArgument(api, `points[${i}].length`, `${dim} (as points[0])`, p.length);
  });
  const dist: Float64Array[] = points.map((p) => Float64Array.from(points, (q) => distance(p, q)));
  let eps = options.eps;
  if (eps === undefined) {
    const k = Math.min(minPoints, n - 1);
    const kth = dist.map((row) => Array.from(row).sort((a, b) => a - b)[k]).sort((a, b) => a - b);
    eps = 1.5 * kth[Math.floor(kth.length / 2)];
  }
  if (!(eps > 0)) throw invalidArgument(api, "options.eps", "a number > 0", eps);
  const labels = new Array<number>(n).fill(-2); // -2 unvisited
  let cluster = 0;
  const neighbours = (i: number) => {
    const out: number[] = [];
    for (let j = 0; j < n; j++) if (dist[i][j] <= eps!) out.push(j);
    return out;
  };
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -2) continue;
    const seeds = neighbours(i);
    if (seeds.length < minPoints) {
      labels[i] = -1;
      continue;
    }
    labels[i] = cluster;
    const queue = seeds.filter((j) => j !== i);
    for (let q = 0; q < queue.length; q++) {
      const j = queue[q];
      if (labels[j] === -1) labels[j] = cluster;
      if (labels[j] !== -2) continue;
      labels[j] = cluster;
      const more = neighbours(j);
      if (more.length >= minPoints) for (const m of more) if (labels[m] === -2 || labels[m] === -1) queue.push(m);
    }
    cluster++;
  }
  return { labels, clusters: cluster, eps };
}
