// The runner: scenario → topology, twin, rules at every step, supervisor in the background → one result with metrics, alerts, incidents, annotations, ground truth, KPIs.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { bankTopology, topologyFromCsv, fromSpec, loadTopology, type InfraGraph } from "../graph";
import { invalidArgument, notFound } from "../errors";
import { createSupervisor, HeuristicSupervisor, resolveProvider, SupervisorQueue, type SupervisorProvider, type Annotation, type DrainReport, type IncidentInput, type Supervisor } from "../llm";
import { serviceKpis, type MetricsStore, type ServiceKpi } from "../metrics";
import { RandomStreams } from "../random";
import { AnomalyFactSource, alertCounts, anomalyChannels, createRuleEngine, loadDefaultRules, loadRules, parseRuleSet, type AlertTransition, type Incident, type RuleAlert, type RuleEngine, type RuleSet, type AnomalyParams, type FactSource } from "../rules";
import { createTwin, type GroundTruth, type Twin, type TwinOptions, type TwinResult, type RealismOption } from "../twin";
import { loadScenario, parseScenario, type Scenario, type TopologyRef } from "./format";
import { DiagnosisSchedule } from "./diagnosis-schedule";
import { incidentInput, stateInput } from "./supervision";
import { resolveFaultTargets } from "./selectors";
import { addReplica } from "./structural";
import { checkScenarioMemory } from "./resource-check";
import { riskUpdater, type RiskOption, type RiskTrace } from "./risk";
import { TwinFactSource, twinRuleTopology } from "./twin-facts";

/** Options of `runScenario`. */
export interface RunScenarioOptions {
  /** Use this topology (copied) instead of the scenario's. */
  graph?: InfraGraph;
  /** Use this supervisor instead of the one the scenario's settings pick. */
  supervisor?: Supervisor;
  /** Post to this queue (a notebook passes its own to render annotation cards as answers arrive). */
  queue?: SupervisorQueue;
  /** Use this rule set instead of the scenario's. */
  ruleSet?: RuleSet;
  /** Called after every chunk of simulated time with the share done. */
  onProgress?: (progress: { fraction: number; time: number; steps: number }) => void;
  /** Simulated seconds run between two yields to the event loop, so answers and progress can arrive (default 1 h). */
  chunkSeconds?: number;
  /** Environment variables for the supervisor (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /** The provider asked for on the command line (or by the caller): wins over INFRATWIN_LLM_PROVIDER, which wins over the scenario; "heuristic" anywhere wins. */
  provider?: SupervisorProvider;
  /** Memory budget for the recorded metrics, bytes (INFRATWIN_MAX_MEMORY or a quarter of the machine by default); checked before allocating. */
  maxMemoryBytes?: number;
  /**
   * Streaming detectors to run on every node at every step besides those the rules read, e.g.
   * `[{metric: "cpu", detector: "ensemble"}, {metric: "latency_ms", detector: "ensemble"}]`; see `result.anomalies`.
   */
  anomalies?: readonly AnomalyParams[];
  /** A failure-risk model predicting during the run: its output is the `risk` fact rules read, and `result.risk`. */
  risk?: RiskOption;
  /** Measurement realism of the recorded telemetry ("typical": noise, gaps, spikes; see the twin's `realism` option); clean by default. */
  realism?: RealismOption;
}

/** One diagnosis the run asked for: the annotation ids of the diagnosis and its action plan, and what the incident held then. */
export interface DiagnosisRequest {
  annotation: string;
  actions: string;
  incident: string;
  simTime: number;
  /** The incident's alerting nodes when it was sent. */
  nodes: string[];
  /** Its alerts then: node and when each started firing. */
  alerts: { node: string; since: number }[];
}

/** Headline figures of a run, the ones a fork is compared on. */
export interface ScenarioSummary {
  kind: "scenario_summary";
  /** Lowest availability among tier-1 services (all services when none is tier 1). */
  tier1Availability: number;
  /** Highest p95 latency among tier-1 services, ms. */
  tier1P95LatencyMs: number;
  /** Minutes any tier-1 service spent down, summed. */
  tier1DownMinutes: number;
  /** Minutes any tier-1 service spent degraded (slow or failing some requests), summed. */
  tier1DegradedMinutes: number;
  /** Seconds from the first tier-1 outage to the last recovery; 0 when never down; up to the horizon when not recovered. */
  timeToRecoverS: number;
  incidents: number;
  /** Alerts that fired (reached firing), = alertsNotified + alertsInhibited. */
  alertsFired: number;
  /** Fired alerts a receiver was told about (firing and not inhibited at the end of some evaluation). */
  alertsNotified: number;
  /** Fired alerts inhibition silenced for their whole life (their cause paged instead). */
  alertsInhibited: number;
  faults: number;
}

/** Everything a run produced. */
export interface ScenarioResult {
  kind: "scenario_result";
  scenario: Scenario;
  graph: InfraGraph;
  twin: Twin;
  run: TwinResult;
  metrics: MetricsStore;
  groundTruth: GroundTruth;
  /** Every alert (pending, firing, resolved, dropped). */
  alerts: RuleAlert[];
  transitions: AlertTransition[];
  incidents: Incident[];
  ruleEngine?: RuleEngine;
  annotations: Annotation[];
  /** Every diagnosis asked for, with the incident's alerting nodes at that time (an incident is asked again as it grows). */
  diagnosisRequests: DiagnosisRequest[];
  drain?: DrainReport;
  /** Predicted risk per node over the run, when a risk model was given. */
  risk?: RiskTrace;
  supervisor: string;
  kpis: ServiceKpi[];
  summary: ScenarioSummary;
  warnings: string[];
  wallSeconds: number;
  /** Where the wall time went: topology and twin construction, the simulation, the rules (facts, evaluation, incidents), the closing summary. */
  timings: { buildSeconds: number; runSeconds: number; rulesSeconds: number; finishSeconds: number };
  /** The anomaly facts source when rules or `options.anomalies` asked for detectors: per-node summaries, detector states. */
  anomalies?: AnomalyFactSource;
}

/** Builds the scenario's topology graph. */
export function resolveTopology(ref: TopologyRef | undefined, api = "runScenario"): InfraGraph {
  if (ref === undefined) throw invalidArgument(api, "topology", "a topology in the scenario, or a graph passed in code (options.graph)", ref);
  if ("dataset" in ref) return loadTopology(ref.dataset);
  if ("file" in ref && /\.csv$/i.test(ref.file)) {
    // A CMDB export: nodes CSV, and optionally the edges CSV beside it.
    if (!existsSync(ref.file)) throw notFound(api, "topology.file", ref.file, "Give the nodes CSV path, relative to the scenario file.");
    if (ref.edges !== undefined && !existsSync(ref.edges)) throw notFound(api, "topology.edges", ref.edges, "Give the edges CSV path, relative to the scenario file.");
    return topologyFromCsv(readFileSync(ref.file, "utf8"), ref.edges ? readFileSync(ref.edges, "utf8") : "", { nodesName: basename(ref.file), edgesName: ref.edges ? basename(ref.edges) : "edges.csv" });
  }
  if ("file" in ref) return loadTopology(ref.file);
  if ("generate" in ref) return bankTopology({ seed: 1, size: 300, ...(ref.generate as object) } as Parameters<typeof bankTopology>[0]);
  if ("spec" in ref) return fromSpec(ref.spec, { api });
  throw invalidArgument(api, "topology", "a dataset, file, generate or spec reference", ref);
}

/** The scenario's rule set: the default pack, none, a file, or inline rules. */
export function resolveRules(rules: Scenario["rules"]): RuleSet | undefined {
  if (rules === undefined || rules === "default") return loadDefaultRules();
  if (rules === "none") return undefined;
  if ("file" in rules) return loadRules(rules.file);
  return parseRuleSet(rules);
}

/** The longest window any rule reads (seconds), at least 5 minutes: how much history the fact source keeps. */
function longestWindow(ruleSet: RuleSet | undefined): number {
  let max = 300;
  for (const rule of ruleSet?.rules ?? []) for (const fact of rule.facts) if (fact.params && fact.params.window > max) max = fact.params.window;
  return max;
}

/** The twin options a scenario describes, with selectors resolved on `graph`. */
export function twinOptions(scenario: Scenario, graph: InfraGraph): TwinOptions {
  const nodes = graph.mapNodes((id, a) => ({ id, kind: String(a.kind), tier: typeof a.tier === "number" ? a.tier : undefined, tags: Array.isArray(a.tags) ? (a.tags as string[]) : [] }));
  const faults = resolveFaultTargets(scenario.faults ?? [], nodes, new RandomStreams(scenario.seed).stream("selectors"), "runScenario");
  const record = scenario.record;
  let recordOptions: TwinOptions["record"];
  if (record) {
    const kinds = record.kinds ? new Set([...record.kinds, "business_service"]) : undefined;
    const ids = record.nodes ? new Set(record.nodes) : undefined;
    recordOptions = {
      metrics: record.metrics,
      every: record.every,
      nodes: kinds || ids ? (id: string) => (ids?.has(id) ?? false) || (kinds?.has(String(graph.getNodeAttribute(id, "kind"))) ?? false) || graph.getNodeAttribute(id, "kind") === "business_service" : undefined,
    };
  }
  return {
    seed: scenario.seed,
    start: scenario.start,
    horizon: scenario.horizon,
    step: scenario.step,
    load: scenario.load,
    faults,
    randomFaults: scenario.randomFaults,
    realism: scenario.realism,
    interventions: (scenario.interventions ?? []).filter((a) => a.kind !== "add_replica"),
    record: recordOptions,
  };
}

/**
 * Runs a scenario (an object, a file path or a bundled name) and returns its result. The simulation runs in
 * chunks and never waits for the supervisor: incidents are posted to a queue whose answers attach at the
 * simulated time of their incident; the run waits for outstanding answers only at the end, up to the
 * scenario's deadline, and records those that missed it.
 */
export async function runScenario(source: Scenario | string | object, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const started = performance.now();
  const scenario = typeof source === "string" ? loadScenario(source) : parseScenario(source, "runScenario");
  const warnings: string[] = [];
  const graph = options.graph ? (options.graph.copy() as InfraGraph) : resolveTopology(scenario.topology);
  for (const action of scenario.interventions ?? []) if (action.kind === "add_replica") warnings.push(addReplica(graph, action.node));
  // Refused before the topology is simulated or any array allocated, with the size and what shrinks it.
  checkScenarioMemory(scenario, graph, { budget: options.maxMemoryBytes });
  const options_ = twinOptions(scenario, graph);
  if (options.maxMemoryBytes !== undefined) options_.record = { ...options_.record, maxBytes: options.maxMemoryBytes };
  if (options.realism !== undefined) options_.realism = options.realism;
  const twin = createTwin(graph, options_);
  // Rules.
  const ruleSet = options.ruleSet ?? resolveRules(scenario.rules);
  const engine = ruleSet ? createRuleEngine(ruleSet, { topology: twinRuleTopology(twin) }) : undefined;
  const facts = new TwinFactSource(twin, longestWindow(ruleSet));
  // Detectors hook in here, at the fact-source level, so the twin's internals stay untouched.
  const channels = [...anomalyChannels(ruleSet), ...(options.anomalies ?? [])];
  const anomalies = channels.length > 0 ? new AnomalyFactSource(facts) : undefined;
  for (const c of channels) anomalies!.watch(c);
  const ruleFacts: FactSource = anomalies ?? facts;
  const asyncRules = engine !== undefined && engine.fallbackRules.length > 0;
  if (asyncRules) warnings.push(`rules ${engine!.fallbackRules.map((f) => f.rule).join(", ")} run on json-rules-engine (slower): ${engine!.fallbackRules.map((f) => f.reason).join("; ")}`);
  // Supervisor.
  const settings = scenario.supervisor ?? {};
  const supervisorKind = options.provider === undefined ? (settings.kind ?? "auto") : options.provider;
  let queue: SupervisorQueue | undefined = options.queue;
  if (!queue && supervisorKind !== "none") {
    const env = options.env ?? process.env;
    const chosen = resolveProvider({ flag: options.provider, environment: env.INFRATWIN_LLM_PROVIDER?.trim(), scenario: settings.kind === "none" ? undefined : settings.kind }, "runScenario");
    const supervisor = options.supervisor ?? createSupervisor({ provider: chosen.provider, model: settings.model, env });
    // An answer the model cannot give by the deadline comes from the heuristic, marked as a fallback, never dropped.
    queue = new SupervisorQueue(supervisor, { fallback: supervisor instanceof HeuristicSupervisor ? undefined : new HeuristicSupervisor() });
  }
  const schedule = new DiagnosisSchedule({ minSeverity: settings.minSeverity });
  const requests: DiagnosisRequest[] = [];
  const postIncidents = (time: number) => {
    if (!engine || !queue) return;
    for (const incident of schedule.due(time, engine.incidents())) {
      const input: IncidentInput = incidentInput(incident, engine, twin, time);
      const id = queue.post({ kind: "diagnose", incident: input }, time);
      const actions = queue.post({ kind: "propose_actions", incident: input }, time);
      requests.push({ annotation: id, actions, incident: incident.id, simTime: time, nodes: [...incident.nodes], alerts: input.alerts.map((a) => ({ node: a.node, since: a.since })) });
    }
  };
  const risk = options.risk ? riskUpdater(twin, facts, options.risk) : undefined;
  const built = performance.now();
  let rulesMs = 0;
  if ((engine && !asyncRules) || risk || anomalies)
    twin.onStep((view) => {
      risk?.update(view.step, view.time);
      // With rules on json-rules-engine the loop below pushes facts and evaluates itself.
      if (engine && asyncRules) return;
      const before = performance.now();
      facts.push(view.time);
      anomalies?.push(view.time);
      if (engine && (engine.evaluate(view.time, ruleFacts).length > 0 || schedule.waiting)) postIncidents(view.time);
      rulesMs += performance.now() - before;
    });
  // Run in chunks so that answers and progress can arrive while the simulation goes on.
  const chunk = options.chunkSeconds ?? 3600;
  if (!(chunk > 0)) throw invalidArgument("runScenario", "options.chunkSeconds", "a number > 0", chunk);
  while (twin.now < twin.horizon - 1e-9 && twin.steps * twin.stepSeconds < twin.horizon) {
    if (asyncRules) {
      const view = twin.step();
      facts.push(view.time);
      anomalies?.push(view.time);
      if ((await engine!.evaluateAsync(view.time, ruleFacts)).length > 0 || schedule.waiting) postIncidents(view.time);
      if (view.step % Math.max(1, Math.round(chunk / twin.stepSeconds)) !== 0) continue;
    } else {
      const next = Math.min(twin.horizon, (twin.steps * twin.stepSeconds) + chunk);
      twin.run(next);
    }
    options.onProgress?.({ fraction: Math.min(1, (twin.steps * twin.stepSeconds) / twin.horizon), time: twin.steps * twin.stepSeconds, steps: twin.steps });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ran = performance.now();
  const run = twin.result();
  // A closing summary of the estate, then the answers still outstanding, up to the deadline.
  let drain: DrainReport | undefined;
  if (queue) {
    if (!options.queue || supervisorKind !== "none") queue.post({ kind: "summarize", state: stateInput(twin, engine) }, Math.max(0, twin.horizon - twin.stepSeconds));
    drain = await queue.drain({ deadlineMs: settings.deadlineMs ?? 30_000 });
    for (const missed of drain.missed) warnings.push(`supervisor answer ${missed.id} (${missed.request} at t=${missed.simTime}) missed the ${settings.deadlineMs ?? 30_000} ms deadline`);
  }
  const services = run.services;
  const kpis = serviceKpis(run.metrics, { services });
  const alerts = engine ? engine.allAlerts() : [];
  const incidents = engine ? engine.incidents() : [];
  const result: ScenarioResult = {
    kind: "scenario_result",
    scenario,
    graph,
    twin,
    run,
    metrics: run.metrics,
    groundTruth: run.groundTruth,
    alerts,
    transitions: engine ? [...engine.history()] : [],
    incidents,
    ruleEngine: engine,
    annotations: queue ? queue.annotations() : [],
    diagnosisRequests: requests,
    drain,
    risk: risk?.trace,
    supervisor: queue ? queue.supervisor.name : "none",
    kpis,
    summary: summarise(twin, kpis, alerts, incidents, run.groundTruth),
    warnings,
    wallSeconds: (performance.now() - started) / 1000,
    timings: { buildSeconds: (built - started) / 1000, runSeconds: (ran - built - rulesMs) / 1000, rulesSeconds: rulesMs / 1000, finishSeconds: (performance.now() - ran) / 1000 },
    ...(anomalies ? { anomalies } : {}),
  };
  return result;
}

/** The headline figures of a run from its KPIs, alerts and ground truth. */
export function summarise(twin: Twin, kpis: readonly ServiceKpi[], alerts: readonly RuleAlert[], incidents: readonly Incident[], truth: GroundTruth): ScenarioSummary {
  const topo = twin.topology;
  const tierOf = (id: string) => topo.tier[topo.indexOf.get(id)!];
  const tier1 = kpis.filter((k) => tierOf(k.service) === 1);
  const chosen = tier1.length > 0 ? tier1 : kpis;
  const tier1Ids = new Set(chosen.map((k) => k.service));
  const outages = truth.impacts.filter((i) => tier1Ids.has(i.service) && i.status === "down");
  const counts = alertCounts(alerts);
  let timeToRecoverS = 0;
  if (outages.length > 0) {
    const first = Math.min(...outages.map((o) => o.start));
    const last = Math.max(...outages.map((o) => o.end ?? twin.horizon));
    timeToRecoverS = last - first;
  }
  return {
    kind: "scenario_summary",
    tier1Availability: chosen.length ? Math.min(...chosen.map((k) => k.availability)) : 1,
    tier1P95LatencyMs: chosen.length ? Math.max(...chosen.map((k) => k.p95LatencyMs)) : 0,
    tier1DownMinutes: chosen.reduce((s, k) => s + k.downMinutes, 0),
    tier1DegradedMinutes: chosen.reduce((s, k) => s + k.degradedMinutes, 0),
    timeToRecoverS,
    incidents: incidents.length,
    alertsFired: counts.fired,
    alertsNotified: counts.notified,
    alertsInhibited: counts.inhibited,
    faults: truth.faults.length,
  };
}

