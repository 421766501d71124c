// A RuleTopology behind caches: the engine asks the same dependency questions at every step, the graph answers each once.
import type { InhibitionTopology } from "./inhibition";
import type { RuleTopology } from "./topology";

/** What the engine's inhibition and incidents ask of the topology, memoised; without a topology nothing relates. */
export interface CachedTopology extends InhibitionTopology {
  servicesOf(node: string): readonly string[];
  rootCandidates(nodes: readonly string[]): string[];
  /** The topology answers `carriesLoad` live (a twin's), so inhibition must be rechecked while causes fire. */
  readonly live: boolean;
}

const MAX_REMEMBERED = 2_000_000;

/** Wraps `topology` (or nothing) with caches for the static questions; `carriesLoad` stays live. */
export function cachedTopology(topology: RuleTopology | undefined): CachedTopology {
  // Nested maps, not a joined "a\0b" key: grouping asks this thousands of times per step on large estates and the joined strings were garbage.
  const depends = new Map<string, Map<string, boolean>>();
  // Incident grouping on 10^5 nodes asks about millions of distinct pairs over a day: past this many answers the memo
  // starts again rather than growing without bound (the answers are pure, so only speed changes).
  let remembered = 0;
  const services = new Map<string, readonly string[]>();
  const servicesOf = (node: string): readonly string[] => {
    if (topology === undefined) return [];
    let list = services.get(node);
    if (list === undefined) {
      list = [...topology.servicesOf(node)];
      services.set(node, list);
    }
    return list;
  };
  return {
    live: typeof topology?.carriesLoad === "function",
    dependsOn(node, upstream) {
      if (node === upstream || topology === undefined) return false;
      if (remembered >= MAX_REMEMBERED) {
        depends.clear();
        remembered = 0;
      }
      let row = depends.get(node);
      if (row === undefined) depends.set(node, (row = new Map()));
      let result = row.get(upstream);
      if (result === undefined) {
        result = topology.dependsOn(node, upstream);
        row.set(upstream, result);
        remembered++;
      }
      return result;
    },
    servicesOf,
    shareService(a, b) {
      const sa = servicesOf(a);
      if (sa.length === 0) return false;
      const sb = servicesOf(b);
      return sa.some((s) => sb.includes(s));
    },
    carriesLoad: (node) => topology?.carriesLoad?.(node) ?? true,
    rootCandidates: (nodes) => (topology ? [...topology.rootCandidates(nodes)] : []),
  };
}
