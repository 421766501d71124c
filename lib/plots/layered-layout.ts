// A deterministic layered layout: network on top, then servers, VMs, data stores, applications, business services at the bottom.
import { invalidArgument } from "../errors";
import type { DrawnTopology } from "./topology-data";

const DEFAULTS = {
  /** Nodes per row before a layer wraps onto another row. */
  maxPerRow: 40,
  /** Barycentre sweeps (down, up, down, ...) that reduce edge crossings. */
  sweeps: 4,
};

/** Layer of each node kind, top to bottom; unknown kinds go between VMs and data stores. */
export const KIND_LAYERS: Readonly<Record<string, number>> = {
  router: 0,
  firewall: 0,
  load_balancer: 1,
  switch: 1,
  server: 2,
  storage: 2,
  vm: 3,
  database: 4,
  queue: 4,
  application: 5,
  business_service: 6,
};
const UNKNOWN_LAYER = 3.5;

/** Position of one node: x in [0, 1] across its row, y = -row (row 0 at the top). */
export interface NodePosition {
  x: number;
  y: number;
  row: number;
}

/** Options of `layeredLayout`. */
export interface LayeredLayoutOptions {
  /** Nodes per row before a layer wraps (40 by default). */
  maxPerRow?: number;
}

/**
 * Places nodes in rows by kind and orders each row by the mean position of its neighbours (barycentre
 * sweeps, ties broken by id), so the same topology always gets the same drawing.
 */
export function layeredLayout(topology: DrawnTopology, options: LayeredLayoutOptions = {}): Map<string, NodePosition> {
  const maxPerRow = options.maxPerRow ?? DEFAULTS.maxPerRow;
  if (!Number.isInteger(maxPerRow) || maxPerRow < 1) throw invalidArgument("layeredLayout", "options.maxPerRow", "an integer >= 1", maxPerRow);
  const layerOf = new Map<string, number>();
  for (const n of topology.nodes) layerOf.set(n.id, KIND_LAYERS[n.kind] ?? UNKNOWN_LAYER);
  const layerKeys = [...new Set(layerOf.values())].sort((a, b) => a - b);
  const layers: string[][] = layerKeys.map((key) =>
    topology.nodes
      .filter((n) => layerOf.get(n.id) === key)
      .map((n) => n.id)
      .sort(),
  );
  const neighbours = new Map<string, string[]>();
  for (const n of topology.nodes) neighbours.set(n.id, []);
  for (const e of topology.edges) {
    if (e.source === e.target) continue;
    neighbours.get(e.source)?.push(e.target);
    neighbours.get(e.target)?.push(e.source);
  }
  const layerIndex = new Map<string, number>();
  layers.forEach((ids, l) => ids.forEach((id) => layerIndex.set(id, l)));
  const pos = new Map<string, number>();
  const place = () => layers.forEach((ids) => ids.forEach((id, i) => pos.set(id, (i + 0.5) / ids.length)));
  place();
  for (let sweep = 0; sweep < DEFAULTS.sweeps; sweep++) {
    const down = sweep % 2 === 0;
    const order = layers.map((_, l) => l);
    if (!down) order.reverse();
    for (const l of order) {
      const ids = layers[l];
      const key = new Map<string, number>();
      ids.forEach((id) => {
        // The mean position of the neighbours on the side already swept; a node without any keeps its place.
        const near = neighbours.get(id)!.filter((o) => (down ? layerIndex.get(o)! < l : layerIndex.get(o)! > l));
        key.set(id, near.length > 0 ? near.reduce((a, o) => a + pos.get(o)!, 0) / near.length : pos.get(id)!);
      });
      ids.sort((a, b) => key.get(a)! - key.get(b)! || pos.get(a)! - pos.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
      ids.forEach((id, i) => pos.set(id, (i + 0.5) / ids.length));
    }
  }
  const out = new Map<string, NodePosition>();
  let row = 0;
  for (const ids of layers) {
    const rows = Math.ceil(ids.length / maxPerRow);
    const perRow = Math.ceil(ids.length / rows);
    for (let r = 0; r < rows; r++) {
      const slice = ids.slice(r * perRow, (r + 1) * perRow);
      // Wrapped rows are staggered by half a slot so edges into them stay distinguishable.
      const stagger = rows > 1 && r % 2 === 1 ? 0.5 / (slice.length + 1) : 0;
      slice.forEach((id, i) => out.set(id, { x: round((i + 1) / (slice.length + 1) + stagger), y: row === 0 ? 0 : -row, row }));
      row++;
    }
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
