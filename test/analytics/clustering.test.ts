import { describe, expect, it } from "vitest";
import { behaviourFeatures, clusterNodes, dbscan, recurringPatterns, type NodeSeries, type PatternEvent } from "../../lib/analytics";
import { Rng } from "../../lib/random";

/** Three planted behaviours: day-peaking, night-batch, flat; each node with its own level and noise. */
function plantedEstate(): { times: Float64Array; nodes: NodeSeries[]; truth: Record<string, string> } {
  const rng = new Rng("planted");
  const n = 3 * 288;
  const times = Float64Array.from({ length: n }, (_, i) => i * 300);
  const nodes: NodeSeries[] = [];
  const truth: Record<string, string> = {};
  const shapes: Record<string, (h: number) => number> = {
    day: (h) => Math.max(0, Math.sin(((h - 7) / 12) * Math.PI)),
    night: (h) => (h < 5 ? 1 : 0),
    flat: () => 0,
  };
  for (const [shape, f] of Object.entries(shapes)) {
    for (let k = 0; k < 8; k++) {
      const id = `${shape}-${k}`;
      const level = 0.2 + 0.1 * rng.random();
      const cpu = Float64Array.from(times, (t) => level + 0.4 * f((t % 86400) / 3600) + 0.02 * rng.normal());
      const latency = Float64Array.from(cpu, (c) => 20 + 30 * c + rng.normal());
      nodes.push({ id, metrics: { cpu, latency_ms: latency } });
      truth[id] = shape;
    }
  }
  return { times, nodes, truth };
}

/** Whether a labelling matches the truth up to renaming (same groups). */
function samePartition(labels: Record<string, number>, truth: Record<string, string>): boolean {
  const map = new Map<string, number>();
  for (const [id, shape] of Object.entries(truth)) {
    if (!map.has(shape)) map.set(shape, labels[id]);
    if (map.get(shape) !== labels[id]) return false;
  }
  return new Set(map.values()).size === map.size;
}

describe("clustering", () => {
  const { times, nodes, truth } = plantedEstate();
  const features = behaviourFeatures(times, nodes, { metrics: ["cpu", "latency_ms"] });

  it("k-means separates planted behaviour groups exactly", () => {
    const clusters = clusterNodes(features, { method: "kmeans", k: 3, seed: 7 });
    expect(clusters.clusters).toBe(3);
    expect(samePartition(clusters.groups, truth)).toBe(true);
  });

  it("DBSCAN finds the three groups without being told how many", () => {
    const clusters = clusterNodes(features, { method: "dbscan", minPoints: 3 });
    expect(clusters.clusters).toBe(3);
    expect(samePartition(clusters.groups, truth)).toBe(true);
  });

  it("dbscan marks isolated points as noise", () => {
    const r = dbscan([[0, 0], [0, 0.1], [0.1, 0], [5, 5], [10, 10], [10, 10.1], [10.1, 10]], { eps: 0.5, minPoints: 3 });
    expect(r.labels).toEqual([0, 0, 0, -1, 1, 1, 1]);
  });

  it("recurringPatterns keeps patterns seen in several runs", () => {
    const events: PatternEvent[] = [
      { run: "a", id: "1", features: { cpu: 1, latency: 1 } },
      { run: "b", id: "2", features: { cpu: 1, latency: 0.9 } },
      { run: "c", id: "3", features: { cpu: 1, latency: 1.1 } },
      { run: "a", id: "4", features: { disk: 1 } },
      { run: "a", id: "5", features: { disk: 1.05 } },
    ];
    const patterns = recurringPatterns(events, { eps: 0.3, minPoints: 2 });
    expect(patterns).toHaveLength(1);
    expect(patterns[0].runs).toEqual(["a", "b", "c"]);
  });

  it("errors name the option", () => {
    expect(() => clusterNodes(features, { k: 99 })).toThrow(/clusterNodes: expected options.k to be an integer in \[1, 24\]/);
  });
});
