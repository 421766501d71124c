// The failure-propagation engine behind blast radius and single points of failure: redundancy-aware, on typed arrays, buffers reused.
import type { GraphIndex } from "./indexing";

/** Node states in propagation (the same codes as STATUS_CODES). */
export const UP = 0;
export const DEGRADED = 1;
export const DOWN = 2;

/** Why a node is impaired, by code. */
export const CAUSE_NAMES = ["none", "failed", "degraded", "host", "network", "dependency", "service"] as const;
const FAILED = 1;
const SEED_DEGRADED = 2;
const HOST = 3;
const NETWORK = 4;
const DEPENDENCY = 5;
const SERVICE = 6;

/**
 * Propagates failures through one index. The rules, in order:
 * - network: nodes are reachable from the roots (the devices of every top-level strongly connected component of the
 *   network: a core with no upstream link, or a ring of core routers) through links whose ends are not down;
 *   a node that loses every path is down, one that loses an upstream link but stays reachable is degraded;
 * - hosts: a hosted node is down (degraded) when its host is down (degraded);
 * - depends_on and serves: the dependency is on the target's replica set (redundancy group, replicates_to pairs);
 *   the set is down only when every member is down and degraded when any member is down or degraded; a critical
 *   edge passes the set's state on, a non-critical one at most degrades.
 * States only get worse, so the worklist ends; each node is re-evaluated only when an input changed.
 */
export class Propagator {
  readonly index: GraphIndex;
  /** State of each node after `run` (UP, DEGRADED, DOWN). */
  readonly state: Uint8Array;
  /** Cause code of each impaired node (see CAUSE_NAMES). */
  readonly cause: Uint8Array;
  /** The node whose state caused this one's, or -1 for seeds. */
  readonly via: Int32Array;
  /** Hops from the nearest seed along `via`. */
  readonly depth: Int32Array;
  /** Impaired nodes in the order they were found; `touchedCount` of them are valid. */
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly unitDown: Int32Array;
  private readonly unitDegraded: Int32Array;
  private readonly touchedUnits: Int32Array;
  private touchedUnitCount = 0;
  private readonly unitTouched: Uint8Array;
  private readonly queue: Int32Array;
  private readonly inQueue: Uint8Array;
  private head = 0;
  private tail = 0;
  private queued = 0;
  private degrade = true;
  private readonly reached: Uint8Array;
  private readonly roots: Int32Array;

  constructor(index: GraphIndex) {
    this.index = index;
    const n = index.n;
    this.state = new Uint8Array(n);
    this.cause = new Uint8Array(n);
    this.via = new Int32Array(n).fill(-1);
    this.depth = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.unitDown = new Int32Array(index.groupCount);
    this.unitDegraded = new Int32Array(index.groupCount);
    this.touchedUnits = new Int32Array(index.groupCount);
    this.unitTouched = new Uint8Array(index.groupCount);
    this.queue = new Int32Array(Math.max(1, n));
    this.inQueue = new Uint8Array(n);
    this.reached = new Uint8Array(n);
    this.roots = networkRoots(index);
  }

  /** Clears the previous run (cost proportional to what it touched). */
  reset(): void {
    for (let k = 0; k < this.touchedCount; k++) {
      const v = this.touched[k];
      this.state[v] = UP;
      this.cause[v] = 0;
      this.via[v] = -1;
      this.depth[v] = 0;
    }
    this.touchedCount = 0;
    for (let k = 0; k < this.touchedUnitCount; k++) {
      const g = this.touchedUnits[k];
      this.unitDown[g] = 0;
      this.unitDegraded[g] = 0;
      this.unitTouched[g] = 0;
    }
    this.touchedUnitCount = 0;
  }

  /**
   * Fails `failed` (down) and `degraded` (degraded) node numbers and propagates. With `degrade` false only
   * "down" spreads (cheaper; what single-point-of-failure checks need).
   */
  run(failed: ArrayLike<number>, degraded: ArrayLike<number> = [], degrade = true): void {
    this.reset();
    this.degrade = degrade;
    this.head = this.tail = this.queued = 0;
    let networkFailure = false;
    const netOut = this.index.outgoing.network.offsets;
    for (let k = 0; k < failed.length; k++) {
      const v = failed[k];
      this.raise(v, DOWN, FAILED, -1);
      if (netOut[v + 1] > netOut[v]) networkFailure = true;
    }
    if (degrade) for (let k = 0; k < degraded.length; k++) this.raise(degraded[k], DEGRADED, SEED_DEGRADED, -1);
    if (networkFailure) this.network();
    this.drain();
  }

  private unitState(g: number): number {
    const size = this.index.groupOffsets[g + 1] - this.index.groupOffsets[g];
    if (this.unitDown[g] === size) return DOWN;
    if (this.degrade && (this.unitDown[g] > 0 || this.unitDegraded[g] > 0)) return DEGRADED;
    return UP;
  }

  private raise(v: number, s: number, cause: number, via: number): void {
    const old = this.state[v];
    if (s <= old) return;
    const index = this.index;
    const g = index.group[v];
    const before = this.unitState(g);
    if (!this.unitTouched[g]) {
      this.unitTouched[g] = 1;
      this.touchedUnits[this.touchedUnitCount++] = g;
    }
    if (old === DEGRADED) this.unitDegraded[g]--;
    if (s === DEGRADED) this.unitDegraded[g]++;
    else this.unitDown[g]++;
    this.state[v] = s;
    this.cause[v] = cause;
    this.via[v] = via;
    this.depth[v] = via >= 0 ? this.depth[via] + 1 : 0;
    if (old === UP) this.touched[this.touchedCount++] = v;
    const hosted = index.outgoing.hosts;
    for (let j = hosted.offsets[v]; j < hosted.offsets[v + 1]; j++) this.enqueue(hosted.targets[j]);
    if (this.unitState(g) !== before) {
      const dIn = index.incoming.depends_on;
      const sOut = index.outgoing.serves;
      for (let k = index.groupOffsets[g]; k < index.groupOffsets[g + 1]; k++) {
        const u = index.groupMembers[k];
        for (let j = dIn.offsets[u]; j < dIn.offsets[u + 1]; j++) this.enqueue(dIn.targets[j]);
        for (let j = sOut.offsets[u]; j < sOut.offsets[u + 1]; j++) this.enqueue(sOut.targets[j]);
      }
    }
  }

  private enqueue(v: number): void {
    if (this.inQueue[v]) return;
    this.inQueue[v] = 1;
    this.queue[this.tail] = v;
    this.tail = this.tail + 1 === this.queue.length ? 0 : this.tail + 1;
    this.queued++;
  }

  private network(): void {
    const index = this.index;
    const out = index.outgoing.network;
    const reached = this.reached;
    reached.fill(0);
    const stack: number[] = [];
    for (let k = 0; k < this.roots.length; k++) {
      const r = this.roots[k];
      if (this.state[r] !== DOWN) {
        reached[r] = 1;
        stack.push(r);
      }
    }
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let j = out.offsets[u]; j < out.offsets[u + 1]; j++) {
        const t = out.targets[j];
        if (!reached[t] && this.state[t] !== DOWN) {
          reached[t] = 1;
          stack.push(t);
        }
      }
    }
    // Walk down from every down network node: unreachable nodes go down, reachable ones that lost a link degrade.
    const frontier: number[] = [];
    for (let k = 0; k < this.touchedCount; k++) {
      const v = this.touched[k];
      if (this.state[v] === DOWN && out.offsets[v + 1] > out.offsets[v]) frontier.push(v);
    }
    for (let f = 0; f < frontier.length; f++) {
      const u = frontier[f];
      for (let j = out.offsets[u]; j < out.offsets[u + 1]; j++) {
        const t = out.targets[j];
        if (this.state[t] === DOWN) continue;
        if (!reached[t]) {
          this.raise(t, DOWN, NETWORK, u);
          frontier.push(t);
        } else if (this.degrade && this.state[t] === UP) {
          this.raise(t, DEGRADED, NETWORK, u);
        }
      }
    }
  }

  private pickVia(t: number): number {
    if (this.state[t] !== UP) return t;
    const index = this.index;
    const g = index.group[t];
    for (let k = index.groupOffsets[g]; k < index.groupOffsets[g + 1]; k++) {
      const u = index.groupMembers[k];
      if (this.state[u] !== UP) return u;
    }
    return t;
  }

  private drain(): void {
    const index = this.index;
    const dOut = index.outgoing.depends_on;
    const sIn = index.incoming.serves;
    const critical = index.critical;
    while (this.queued > 0) {
      const w = this.queue[this.head];
      this.head = this.head + 1 === this.queue.length ? 0 : this.head + 1;
      this.queued--;
      this.inQueue[w] = 0;
      let best = this.state[w];
      if (best === DOWN) continue;
      let cause = 0;
      let via = -1;
      const h = index.host[w];
      if (h >= 0) {
        const s = this.state[h];
        if (s === DOWN || (s === DEGRADED && this.degrade)) {
          if (s > best) {
            best = s;
            cause = HOST;
            via = h;
          }
        }
      }
      for (let pass = 0; pass < 2 && best < DOWN; pass++) {
        const csr = pass === 0 ? dOut : sIn;
        for (let j = csr.offsets[w]; j < csr.offsets[w + 1] && best < DOWN; j++) {
          const t = csr.targets[j];
          const us = this.unitState(index.group[t]);
          if (us === UP) continue;
          const eff = critical[csr.edges[j]] ? us : this.degrade ? DEGRADED : UP;
          if (eff > best) {
            best = eff;
            cause = pass === 0 ? DEPENDENCY : SERVICE;
            via = this.pickVia(t);
          }
        }
      }
      if (best > this.state[w]) this.raise(w, best, cause, via);
    }
  }
}

/**
 * Entry points of the network: every node of a strongly connected component that no link enters from outside
 * and that has links (iterative Tarjan over the network CSR, linear). A tree's root is a component of one; a
 * ring of core routers is one component, so losing one router of the ring cuts nothing off.
 */
export function networkRoots(index: GraphIndex): Int32Array {
  const n = index.n;
  const out = index.outgoing.network;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const call: number[] = []; // DFS frames: node, next edge position
  let counter = 0;
  let comps = 0;
  for (let start = 0; start < n; start++) {
    if (order[start] >= 0 || out.offsets[start + 1] === out.offsets[start]) continue;
    call.push(start, out.offsets[start]);
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (call.length > 0) {
      const v = call[call.length - 2];
      const j = call[call.length - 1];
      if (j < out.offsets[v + 1]) {
        call[call.length - 1] = j + 1;
        const w = out.targets[j];
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w, out.offsets[w]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], order[w]);
        }
        continue;
      }
      call.length -= 2;
      if (call.length > 0) {
        const parent = call[call.length - 2];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
        } while (w !== v);
        comps++;
      }
    }
  }
  // A component is a source when no link enters it from another component.
  const entered = new Uint8Array(comps);
  for (let v = 0; v < n; v++) {
    if (comp[v] < 0) continue;
    for (let j = out.offsets[v]; j < out.offsets[v + 1]; j++) {
      const w = out.targets[j];
      if (comp[w] >= 0 && comp[w] !== comp[v]) entered[comp[w]] = 1;
    }
  }
  const roots: number[] = [];
  for (let v = 0; v < n; v++) if (comp[v] >= 0 && !entered[comp[v]]) roots.push(v);
  return Int32Array.from(roots);
}

const propagators = new WeakMap<GraphIndex, Propagator>();

/** The shared propagator of an index (buffers reused between queries; not re-entrant). */
export function propagatorFor(index: GraphIndex): Propagator {
  let p = propagators.get(index);
  if (p === undefined) {
    p = new Propagator(index);
    propagators.set(index, p);
  }
  return p;
}
