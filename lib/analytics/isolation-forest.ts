// Isolation forest (Liu, Ting & Zhou, 2008): random trees that isolate a point; short paths mean anomalous.
import { Rng } from "../random";

/**
 * One tree, flattened: node k splits on `feature[k]` at `split[k]` (feature −1: a leaf holding `size[k]` points);
 * `lo[k]`..`hi[k]` is the range of that feature among the node's points.
 */
export interface IsolationTree {
  feature: number[];
  split: number[];
  lo: number[];
  hi: number[];
  left: number[];
  right: number[];
  size: number[];
}

/** Average path length of an unsuccessful search in a binary search tree of n points: c(n). */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

/** Builds `trees` trees on random subsamples of `sample` rows; depth limit ceil(log2 sample). */
export function buildForest(rows: readonly Float64Array[], options: { trees: number; sample: number; rng: Rng }): IsolationTree[] {
  const { trees, rng } = options;
  const sample = Math.min(options.sample, rows.length);
  const limit = Math.ceil(Math.log2(Math.max(2, sample)));
  const dims = rows[0]?.length ?? 0;
  const forest: IsolationTree[] = [];
  for (let t = 0; t < trees; t++) {
    const idx: number[] = [];
    for (let i = 0; i < sample; i++) idx.push(rng.int(0, rows.length - 1));
    const tree: IsolationTree = { feature: [], split: [], lo: [], hi: [], left: [], right: [], size: [] };
    const grow = (points: number[], depth: number): number => {
      const k = tree.feature.length;
      tree.feature.push(-1);
      tree.split.push(0);
      tree.lo.push(0);
      tree.hi.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.size.push(points.length);
      if (depth >= limit || points.length <= 1) return k;
      // Pick a feature with spread; a node whose points are all equal is a leaf.
      for (let attempt = 0; attempt < dims; attempt++) {
        const f = rng.int(0, dims - 1);
        let lo = Infinity;
        let hi = -Infinity;
        for (const p of points) {
          const v = rows[p][f];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (!(hi > lo)) continue;
        const split = lo + (hi - lo) * rng.random();
        const l = points.filter((p) => rows[p][f] < split);
        const r = points.filter((p) => rows[p][f] >= split);
        tree.feature[k] = f;
        tree.split[k] = split;
        tree.lo[k] = lo;
        tree.hi[k] = hi;
        tree.left[k] = grow(l, depth + 1);
        tree.right[k] = grow(r, depth + 1);
        return k;
      }
      return k;
    };
    grow(idx, 0);
    forest.push(tree);
  }
  return forest;
}

/**
 * Anomaly score s = 2^(−E[h(x)] / c(sample)) in (0, 1]: ≈ 0.5 ordinary, → 1 isolated quickly. A point outside the
 * range a node's points span on its split feature, by more than that range again, is isolated right there (depth + 1): plain isolation forests send
 * such a point down the extreme branch and score it no higher than the most extreme training point.
 */
export function forestScore(forest: readonly IsolationTree[], x: ArrayLike<number>, sample: number): number {
  if (forest.length === 0) return 0.5;
  let total = 0;
  for (const tree of forest) {
    let k = 0;
    let depth = 0;
    let isolated = false;
    while (tree.feature[k] >= 0) {
      const v = x[tree.feature[k]];
      const width = tree.hi[k] - tree.lo[k];
      if (v < tree.lo[k] - width || v > tree.hi[k] + width) {
        isolated = true;
        break;
      }
      k = v < tree.split[k] ? tree.left[k] : tree.right[k];
      depth++;
    }
    total += isolated ? depth + 1 : depth + averagePath(tree.size[k]);
  }
  return Math.pow(2, -total / forest.length / averagePath(sample));
}
