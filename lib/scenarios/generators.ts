// Scenario generators: random faults from MTBF/MTTR, N-1 and N-2 failure sweeps, load grids, and what-ifs (from the supervisor) turned into scenarios.
import { dependenciesOf, type InfraGraph } from "../graph";
import { describeValue, invalidArgument } from "../errors";
import type { WhatIf, WhatIfContext } from "../llm";
import { parseDuration } from "../time";
import { DEFAULT_RANDOM_FAULTS, FAULT_TARGET_KINDS, validateFaults, type FaultKind, type RandomFaultRates } from "../twin";
import type { Scenario, ScenarioFault } from "./format";

/** The fault that breaks each kind of node in the most telling way. */
export const FAILURE_BY_KIND: Record<string, FaultKind> = {
  database: "database_crash",
  router: "network_outage",
  switch: "network_outage",
  firewall: "network_outage",
  load_balancer: "network_outage",
  server: "node_crash",
  vm: "node_crash",
  application: "node_crash",
  queue: "node_crash",
  storage: "node_crash",
};

export const GENERATOR_DEFAULTS = { at: "10:00", duration: "45m", maxScenarios: 500 };

/** Options of `nMinus1` and `nMinus2`. */
export interface FailureSweepOptions {
  /** Components to fail; by default everything tier-1 business services need (hosts, network, dependencies, serving apps). */
  targets?: string[];
  /** Only components of these kinds. */
  kinds?: string[];
  /** When the failure starts and how long it lasts. */
  at?: number | string;
  duration?: number | string;
  /** At most this many scenarios (first in id order). */
  limit?: number;
}

/** The components tier-1 business services need, sorted by id (business services themselves excluded). */
export function criticalComponents(graph: InfraGraph, kinds?: readonly string[]): string[] {
  const services = graph.filterNodes((_id, a) => a.kind === "business_service" && a.tier === 1);
  const needed = services.length > 0 ? dependenciesOf(graph, services) : [];
  const ids = new Set(needed.map((r) => r.id).filter((id) => graph.getNodeAttribute(id, "kind") !== "business_service"));
  return [...ids].filter((id) => (kinds ? kinds.includes(String(graph.getNodeAttribute(id, "kind"))) : FAILURE_BY_KIND[String(graph.getNodeAttribute(id, "kind"))] !== undefined)).sort();
}

function failureOf(graph: InfraGraph, id: string, at: number | string, duration: number | string, api: string): ScenarioFault {
  if (!graph.hasNode(id)) throw invalidArgument(api, "targets", "node ids of the topology", id);
  const kind = FAILURE_BY_KIND[String(graph.getNodeAttribute(id, "kind"))];
  if (!kind) throw invalidArgument(api, `target "${id}"`, "a component that can fail (not a business service)", graph.getNodeAttribute(id, "kind"));
  return { kind, target: id, at, duration, label: `${kind} on ${id}` };
}

/** One scenario per critical component failing alone (N-1), each a copy of `base` with that one fault added. */
export function nMinus1(base: Scenario, graph: InfraGraph, options: FailureSweepOptions = {}): Scenario[] {
  const api = "nMinus1";
  const at = options.at ?? GENERATOR_DEFAULTS.at;
  const duration = options.duration ?? GENERATOR_DEFAULTS.duration;
  const targets = (options.targets ?? criticalComponents(graph, options.kinds)).slice(0, options.limit ?? GENERATOR_DEFAULTS.maxScenarios);
  return targets.map((id) => ({
    ...structuredClone(base),
    name: `${base.name} / N-1 ${id}`,
    faults: [...(base.faults ?? []), failureOf(graph, id, at, duration, api)],
    tags: [...(base.tags ?? []), "n-1", `target:${id}`],
    parent: base.name,
  }));
}

/** One scenario per pair of critical components failing together (N-2), pairs in id order up to `limit`. */
export function nMinus2(base: Scenario, graph: InfraGraph, options: FailureSweepOptions = {}): Scenario[] {
  const api = "nMinus2";
  const at = options.at ?? GENERATOR_DEFAULTS.at;
  const duration = options.duration ?? GENERATOR_DEFAULTS.duration;
  const targets = options.targets ?? criticalComponents(graph, options.kinds);
  const limit = options.limit ?? GENERATOR_DEFAULTS.maxScenarios;
  const out: Scenario[] = [];
  for (let i = 0; i < targets.length && out.length < limit; i++)
    for (let j = i + 1; j < targets.length && out.length < limit; j++)
      out.push({
        ...structuredClone(base),
        name: `${base.name} / N-2 ${targets[i]} + ${targets[j]}`,
        faults: [...(base.faults ?? []), failureOf(graph, targets[i], at, duration, api), failureOf(graph, targets[j], at, duration, api)],
        tags: [...(base.tags ?? []), "n-2", `target:${targets[i]}`, `target:${targets[j]}`],
        parent: base.name,
      });
  return out;
}

/** One scenario per load multiplier: a surge on every service (or the ones given) from `at` for `duration`. */
export function loadGrid(base: Scenario, options: { multipliers: number[]; services?: string[]; at?: number | string; duration?: number | string }): Scenario[] {
  const api = "loadGrid";
  if (!Array.isArray(options?.multipliers) || options.multipliers.length === 0) throw invalidArgument(api, "multipliers", "a non-empty array of numbers > 0", options?.multipliers);
  for (const m of options.multipliers) if (!(typeof m === "number" && m > 0)) throw invalidArgument(api, "multipliers[]", "a number > 0", m);
  const targets = options.services ?? ["*"];
  return options.multipliers.map((multiplier) => ({
    ...structuredClone(base),
    name: `${base.name} / load x${multiplier}`,
    faults: [
      ...(base.faults ?? []),
      ...targets.map((target) => ({ kind: "load_surge", target, at: options.at ?? "08:00", duration: options.duration ?? "10h", params: { multiplier }, label: `load x${multiplier}` })),
    ],
    tags: [...(base.tags ?? []), "load-grid", `x${multiplier}`],
    parent: base.name,
  }));
}

/** Options of `randomFaultScenario`. */
export interface RandomFaultScenarioOptions {
  /** MTBF/MTTR per fault kind; DEFAULT_RANDOM_FAULTS by default. */
  rates?: RandomFaultRates;
  /** Horizon of the new scenario; the base's by default. */
  horizon?: number | string;
}

/** A scenario with random faults drawn from MTBF/MTTR on the scenario's seed. */
export function randomFaultScenario(base: Scenario, options: RandomFaultScenarioOptions = {}): Scenario {
  const { rates = DEFAULT_RANDOM_FAULTS, horizon } = options;
  return { ...structuredClone(base), name: `${base.name} / random faults`, randomFaults: rates, horizon: horizon ?? base.horizon, tags: [...(base.tags ?? []), "random-faults"], parent: base.name };
}

/** A what-if the supervisor proposed that could not become a scenario, and why. */
export interface RejectedWhatIfScenario {
  name: string;
  whatIf: unknown;
  reasons: string[];
}

/**
 * Turns supervisor what-ifs into scenarios on `base`, checking every fault against the topology and the fault
 * library; those that fail are returned in `rejected` with the reasons, never dropped silently.
 */
export function whatIfScenarios(base: Scenario, whatIfs: readonly WhatIf[], options: { graph: InfraGraph }): { scenarios: Scenario[]; rejected: RejectedWhatIfScenario[] } {
  const graph = options?.graph;
  if (graph === undefined || graph === null || typeof (graph as { hasNode?: unknown }).hasNode !== "function") throw invalidArgument("whatIfScenarios", "options.graph", "the scenario's topology (an InfraGraph)", graph);
  const scenarios: Scenario[] = [];
  const rejected: RejectedWhatIfScenario[] = [];
  const kindOf = (id: string) => (graph.hasNode(id) ? String(graph.getNodeAttribute(id, "kind")) : undefined);
  for (const whatIf of whatIfs) {
    const name = typeof whatIf?.name === "string" ? whatIf.name : describeValue(whatIf);
    const faults = (Array.isArray(whatIf?.faults) ? whatIf.faults : []).map((f) => ({ kind: f.kind, target: f.target, at: f.at, duration: f.duration, ...(f.params ? { params: f.params as Record<string, number | string> } : {}) }));
    if (faults.length === 0) {
      rejected.push({ name, whatIf, reasons: ["it has no faults"] });
      continue;
    }
    try {
      validateFaults(faults, { kindOf }, "whatIfScenarios");
      const horizon = base.horizon;
      scenarios.push({ ...structuredClone(base), name: `${base.name} / what-if: ${name}`, description: whatIf.description, faults: [...(base.faults ?? []), ...faults], horizon, tags: [...(base.tags ?? []), "what-if"], parent: base.name });
    } catch (e) {
      const problems = (e as { problems?: { path: string; message: string }[] }).problems;
      rejected.push({ name, whatIf, reasons: problems ? problems.map((p) => `${p.path}: ${p.message}`) : [(e as Error).message] });
    }
  }
  return { scenarios, rejected };
}

/** Which fault kinds can hit a node of this kind (for pickers in notebooks). */
export function faultsFor(kind: string): FaultKind[] {
  return (Object.keys(FAULT_TARGET_KINDS) as FaultKind[]).filter((k) => FAULT_TARGET_KINDS[k].includes(kind));
}

/**
 * What the supervisor's what-if generation needs about a study: every node with its kind, tier and tags, the critical
 * components (what tier-1 services need), the horizon, and the faults the scenario already has.
 */
export function whatIfContext(graph: InfraGraph, scenario: Scenario): WhatIfContext {
  return {
    topologyNodes: graph.mapNodes((id, a) => ({ id, kind: String(a.kind), ...(typeof a.tier === "number" ? { tier: a.tier } : {}), ...(Array.isArray(a.tags) ? { tags: [...(a.tags as string[])] } : {}) })),
    criticalNodes: criticalComponents(graph),
    horizonSeconds: parseDuration(scenario.horizon ?? "1d", "whatIfContext", "scenario.horizon"),
    existingFaults: (scenario.faults ?? []).filter((f) => typeof f.target === "string").map((f) => ({ kind: f.kind, target: f.target as string })),
  };
}
