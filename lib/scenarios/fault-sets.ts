// Seeded sets of incident scenarios for scoring a supervisor: single faults, related and unrelated pairs, three overlapping faults, network faults.
import { dependenciesOf, type InfraGraph } from "../graph";
import { invalidArgument } from "../errors";
import { RandomStreams, type Rng } from "../random";
import { parseSimTime } from "../time";
import type { FaultKind } from "../twin";
import type { Scenario, ScenarioFault } from "./format";
import { criticalComponents } from "./generators";

/**
 * The faults incident scenarios inject per node kind, in turn: crashes where failover should cope, faults only an
 * operator's action ends (a bad deployment to roll back, a leak or a runaway process to restart), and network faults.
 */
export const INCIDENT_FAULTS: Record<string, readonly { kind: FaultKind; params?: Record<string, number | string> }[]> = {
  database: [{ kind: "database_crash" }],
  application: [{ kind: "bad_deployment", params: { errorRate: 0.6 } }, { kind: "memory_leak", params: { ratePerHour: 1.5, restartS: 300 } }, { kind: "node_crash" }],
  server: [{ kind: "node_crash" }, { kind: "cpu_hog", params: { share: 0.9 } }],
  router: [{ kind: "network_outage" }],
  firewall: [{ kind: "network_outage" }],
  load_balancer: [{ kind: "network_outage" }],
  queue: [{ kind: "node_crash" }],
  storage: [{ kind: "node_crash" }],
};

/** What fault sets inject: the incident faults, and switches too (network faults are a category of their own). */
const SET_FAULTS: Record<string, readonly { kind: FaultKind; params?: Record<string, number | string> }[]> = { ...INCIDENT_FAULTS, switch: [{ kind: "network_outage" }] };

/** Node kinds whose faults count as network faults. */
export const NETWORK_KINDS: readonly string[] = ["router", "switch", "firewall", "load_balancer"];

/** The categories a supervisor is scored on. */
export type FaultSetCategory = "single" | "related-pair" | "unrelated-pair" | "three" | "network";

export const FAULT_SET_CATEGORIES: readonly FaultSetCategory[] = ["single", "related-pair", "unrelated-pair", "three", "network"];

/** Options of `faultSetScenarios`. */
export interface FaultSetOptions {
  /** Seed of the draw (targets, fault kinds, start offsets); the scenarios keep the base's own seed. */
  seed?: number;
  /** When the first fault starts (default 10:00). */
  at?: number | string;
  /** How long each fault lasts (default 2h). */
  duration?: number | string;
  /** Latest start of a later fault after the first, seconds (default 20 min): the faults overlap. */
  spreadSeconds?: number;
}

export const FAULT_SET_DEFAULTS = { seed: 1, at: "10:00", duration: "2h", spreadSeconds: 1200 };

interface Pool {
  graph: InfraGraph;
  /** Critical components that have an incident fault, by id order. */
  targets: string[];
  upstream: Map<string, Set<string>>;
}

function kindOf(graph: InfraGraph, id: string): string {
  return String(graph.getNodeAttribute(id, "kind"));
}

function pool(graph: InfraGraph): Pool {
  const targets = criticalComponents(graph).filter((id) => SET_FAULTS[kindOf(graph, id)] !== undefined);
  const upstream = new Map<string, Set<string>>();
  for (const id of targets) upstream.set(id, new Set(dependenciesOf(graph, [id]).map((r) => r.id)));
  return { graph, targets, upstream };
}

/** One depends on the other (directly or through hosts, network, calls). */
function related(p: Pool, a: string, b: string): boolean {
  return p.upstream.get(a)?.has(b) === true || p.upstream.get(b)?.has(a) === true;
}

function fault(p: Pool, rng: Rng, target: string, at: number, duration: number | string): ScenarioFault {
  const choices = SET_FAULTS[kindOf(p.graph, target)];
  const chosen = choices[rng.int(0, choices.length - 1)];
  return { kind: chosen.kind, target, at, duration, ...(chosen.params ? { params: { ...chosen.params } } : {}), label: `${chosen.kind} on ${target}` };
}

function pick<T>(rng: Rng, list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[rng.int(0, list.length - 1)];
}

/** Targets for one scenario of a category, or undefined when the topology has none that fit. */
function drawTargets(p: Pool, rng: Rng, category: FaultSetCategory): string[] | undefined {
  const nonNetwork = p.targets.filter((id) => !NETWORK_KINDS.includes(kindOf(p.graph, id)));
  switch (category) {
    case "single":
      return [pick(rng, p.targets)!];
    case "network": {
      const device = pick(rng, p.targets.filter((id) => NETWORK_KINDS.includes(kindOf(p.graph, id))));
      return device === undefined ? undefined : [device];
    }
    case "related-pair": {
      for (let tries = 0; tries < 50; tries++) {
        const first = pick(rng, nonNetwork)!;
        const second = pick(rng, nonNetwork.filter((id) => id !== first && related(p, first, id)));
        if (second !== undefined) return [first, second];
      }
      return undefined;
    }
    case "unrelated-pair": {
      for (let tries = 0; tries < 50; tries++) {
        const first = pick(rng, nonNetwork)!;
        const second = pick(rng, nonNetwork.filter((id) => id !== first && !related(p, first, id)));
        if (second !== undefined) return [first, second];
      }
      return undefined;
    }
    case "three": {
      for (let tries = 0; tries < 50; tries++) {
        const first = pick(rng, nonNetwork)!;
        const second = pick(rng, nonNetwork.filter((id) => id !== first && related(p, first, id)));
        const third = pick(rng, nonNetwork.filter((id) => id !== first && id !== second));
        if (second !== undefined && third !== undefined) return [first, second, third];
      }
      return undefined;
    }
  }
}

/**
 * `n` incident scenarios of one category over `base`, drawn from `seed`: each injects its faults (the truths a supervisor is
 * scored against) on critical components, the first at `at`, later ones within `spreadSeconds` after it so they overlap.
 * Related pairs: one target depends on the other; unrelated pairs: neither does; three: a related pair plus any third.
 */
export function faultSetScenarios(base: Scenario, graph: InfraGraph, category: FaultSetCategory, n: number, options: FaultSetOptions = {}): Scenario[] {
  const api = "faultSetScenarios";
  if (!FAULT_SET_CATEGORIES.includes(category)) throw invalidArgument(api, "category", FAULT_SET_CATEGORIES.map((c) => `"${c}"`).join(", "), category);
  if (!Number.isInteger(n) || n < 1) throw invalidArgument(api, "n", "an integer >= 1", n);
  const seed = options.seed ?? FAULT_SET_DEFAULTS.seed;
  const spread = options.spreadSeconds ?? FAULT_SET_DEFAULTS.spreadSeconds;
  if (!(typeof spread === "number" && spread >= 0)) throw invalidArgument(api, "options.spreadSeconds", "a number of seconds >= 0", spread);
  const at = parseSimTime(options.at ?? FAULT_SET_DEFAULTS.at, api, "options.at");
  const duration = options.duration ?? FAULT_SET_DEFAULTS.duration;
  const p = pool(graph);
  if (p.targets.length === 0) throw invalidArgument(api, "graph", "a topology with critical components (what tier-1 services need)", `${graph.order} nodes`);
  const rng = new RandomStreams(seed).stream(`fault-set/${category}`);
  const out: Scenario[] = [];
  for (let i = 0; i < n; i++) {
    const targets = drawTargets(p, rng, category);
    if (targets === undefined) throw invalidArgument(api, "category", `a category the topology can fill (no ${category} targets found)`, category);
    const faults = targets.map((target, k) => fault(p, rng, target, k === 0 ? at : at + 60 * rng.int(1, Math.max(1, Math.floor(spread / 60))), duration));
    out.push({
      ...structuredClone({ ...base, rules: base.rules ?? "default" }),
      name: `${base.name} / ${category} ${i + 1}: ${faults.map((f) => f.label).join(" + ")}`,
      faults: [...(base.faults ?? []), ...faults],
      tags: [...(base.tags ?? []), "incident", category, ...targets.map((t) => `target:${t}`)],
      parent: base.name,
    });
  }
  return out;
}
