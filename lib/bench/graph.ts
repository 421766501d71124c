// Graph benchmarks: building and validating a 100,000-node bank estate, and blast-radius queries on it.
import { bankTopology, blastRadius, indexGraph, validateGraph, type InfraGraph } from "../graph";
import { rng } from "../random";
import { peakRssMb, secondsSince, type Bench } from "./types";

const NODES = 100000;
const QUERIES = 300;

let shared: InfraGraph | undefined;

/** Generates and validates (bankTopology checks every node and edge as fromSpec does) a 100,000-node estate. */
function build(): { graph: InfraGraph; buildS: number } {
  const start = process.hrtime.bigint();
  const graph = bankTopology({ seed: 1, size: NODES });
  return { graph, buildS: secondsSince(start) };
}

/** The benches of lib/graph. */
export const benches: Bench[] = [
  {
    name: "graph-build",
    run() {
      const { graph, buildS } = build();
      shared = graph;
      let start = process.hrtime.bigint();
      // A second, independent pass over the built graph (what a notebook runs after editing a graph by hand).
      const problems = validateGraph(graph).length;
      const revalidateS = secondsSince(start);
      start = process.hrtime.bigint();
      indexGraph(graph);
      return {
        nodes: graph.order,
        edges: graph.size,
        build_s: Number(buildS.toFixed(3)),
        revalidate_s: Number(revalidateS.toFixed(3)),
        index_s: Number(secondsSince(start).toFixed(3)),
        problems,
        target: "build (generate + check every node and edge) ≤ 5 s",
        meets: buildS <= 5,
        peak_rss_mb: peakRssMb(),
      };
    },
  },
  {
    name: "blast-radius",
    run() {
      const graph = shared ?? build().graph;
      const index = indexGraph(graph);
      const r = rng(7, "bench/blast-radius");
      // Failure sets of 1-3 nodes drawn over the whole estate, with databases, servers and switches over-represented
      // since those are the failures people ask about.
      const byKind = new Map<number, number[]>();
      for (let v = 0; v < index.n; v++) {
        const list = byKind.get(index.kind[v]) ?? [];
        list.push(v);
        byKind.set(index.kind[v], list);
      }
      const pools = [...byKind.values()];
      const sets: string[][] = [];
      for (let q = 0; q < QUERIES; q++) {
        const size = r.int(1, 3);
        const set: string[] = [];
        for (let k = 0; k < size; k++) {
          const pool = r.bernoulli(0.5) ? r.choice(pools) : index.ids.map((_, i) => i);
          set.push(index.ids[r.choice(pool)]);
        }
        sets.push(set);
      }
      blastRadius(index, sets[0]); // warm up
      const times: number[] = [];
      let impaired = 0;
      let maxImpaired = 0;
      for (const set of sets) {
        const start = process.hrtime.bigint();
        const result = blastRadius(index, set);
        times.push(secondsSince(start) * 1000);
        impaired += result.impacts.length;
        maxImpaired = Math.max(maxImpaired, result.impacts.length);
      }
      times.sort((a, b) => a - b);
      const total = times.reduce((s, t) => s + t, 0);
      return {
        nodes: index.n,
        queries: QUERIES,
        ms_per_query: Number((total / QUERIES).toFixed(3)),
        p95_ms: Number(times[Math.floor(QUERIES * 0.95)].toFixed(3)),
        max_ms: Number(times[QUERIES - 1].toFixed(3)),
        mean_impaired: Math.round(impaired / QUERIES),
        max_impaired: maxImpaired,
        target: "≤ 50 ms per query",
        meets: total / QUERIES <= 50,
      };
    },
  },
];
