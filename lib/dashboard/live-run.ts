// A scenario run driven step by step for the dashboard: the twin, its rules and its supervisor wired as the scenario runner wires them.
import type { InfraGraph } from "../graph";
import { formatAnswer } from "../llm/format-answer";
import { createSupervisor, SupervisorQueue, type Annotation } from "../llm";
import { createRuleEngine, type RuleEngine } from "../rules";
import { addReplica, forkScenario, incidentInput, resolveRules, resolveTopology, twinOptions, TwinFactSource, twinRuleTopology, type Scenario } from "../scenarios";
import type { Intervention } from "../twin";
import { createTwin, type Twin } from "../twin";

/** One entry of the alert / incident / event timeline. */
export interface TimelineEntry {
  time: number;
  kind: "alert" | "incident" | "fault" | "status";
  text: string;
  severity?: string;
  node?: string;
}

/** A supervisor answer as the page shows it. */
export interface SupervisorCard {
  id: string;
  simTime: number;
  request: string;
  status: string;
  text: string;
}

/** Options of `LiveRun`. */
export interface LiveRunOptions {
  /** Use this graph instead of the scenario's topology. */
  graph?: InfraGraph;
  /** The run's label on the page ("baseline", "fork: restart db-1"). */
  label?: string;
  /** Turn the supervisor off (faster tests, no LLM). */
  supervisor?: boolean;
}

/** A run the dashboard advances: `advanceTo(t)` steps the twin and evaluates the rules after each step. */
export class LiveRun {
  readonly scenario: Scenario;
  readonly graph: InfraGraph;
  readonly twin: Twin;
  readonly label: string;
  readonly engine?: RuleEngine;
  readonly timeline: TimelineEntry[] = [];
  private readonly queue?: SupervisorQueue;
  private readonly posted = new Set<string>();
  private readonly seenAlerts = new Set<string>();

  constructor(scenario: Scenario, options: LiveRunOptions = {}) {
    this.scenario = scenario;
    this.label = options.label ?? scenario.name;
    this.graph = options.graph ? (options.graph.copy() as InfraGraph) : resolveTopology(scenario.topology, "LiveRun");
    for (const action of scenario.interventions ?? []) if (action.kind === "add_replica") addReplica(this.graph, action.node);
    this.twin = createTwin(this.graph, twinOptions(scenario, this.graph));
    const ruleSet = resolveRules(scenario.rules);
    if (ruleSet) this.engine = createRuleEngine(ruleSet, { topology: twinRuleTopology(this.twin) });
    const facts = new TwinFactSource(this.twin);
    const settings = scenario.supervisor ?? {};
    if (options.supervisor !== false && settings.kind !== "none" && this.engine) {
      this.queue = new SupervisorQueue(createSupervisor({ provider: settings.kind === undefined || settings.kind === "auto" ? "auto" : settings.kind, model: settings.model }));
    }
    const engine = this.engine;
    // Rules that need json-rules-engine's async path are skipped live (the batch runner evaluates them).
    if (engine && engine.fallbackRules.length === 0) {
      this.twin.onStep((view) => {
        facts.push(view.time);
        if (engine.evaluate(view.time, facts).length > 0) this.recordRules(view.time);
      });
    }
    this.twin.onFaultEvent((e) => this.timeline.push({ time: e.time, kind: "fault", text: `${e.kind} ${e.fault}${e.detail ? `: ${e.detail}` : ""}`, node: e.node }));
    this.twin.onStatusChange((c) => {
      if (c.kind === "business_service") this.timeline.push({ time: c.time, kind: "status", text: `${c.node} ${c.from} → ${c.to}`, node: c.node, severity: c.to === "down" ? "critical" : c.to === "degraded" ? "warning" : "info" });
    });
  }

  /** Simulated seconds computed so far. */
  get time(): number {
    return this.twin.steps * this.twin.stepSeconds;
  }

  /** Whether the run reached its horizon. */
  get done(): boolean {
    return this.time >= this.twin.horizon - 1e-9;
  }

  /** Steps the twin until `time` (or the horizon); returns the steps taken. */
  advanceTo(time: number): number {
    let steps = 0;
    while (!this.done && this.time + this.twin.stepSeconds <= time + 1e-9) {
      this.twin.step();
      steps++;
    }
    return steps;
  }

  /** One step, if the horizon is not reached. */
  step(): number {
    if (this.done) return 0;
    this.twin.step();
    return 1;
  }

  /** A new run of the same scenario with the intervention applied from `time`, advanced to `time` (same seed, so the history before it is the same). */
  fork(intervention: Intervention, options: { label?: string; supervisor?: boolean } = {}): LiveRun {
    const at = this.time;
    const forked = forkScenario(this.scenario, [{ ...intervention, at } as Intervention], { at });
    const run = new LiveRun(forked, { label: options.label ?? `fork: ${intervention.kind} ${"node" in intervention ? intervention.node : ""}`.trim(), supervisor: options.supervisor });
    run.advanceTo(at);
    return run;
  }

  /** Supervisor answers so far (pending ones too), newest last. */
  cards(): SupervisorCard[] {
    if (!this.queue) return [];
    return this.queue.annotations().map((a: Annotation) => ({
      id: a.id,
      simTime: a.simTime,
      request: a.request,
      status: a.status,
      text: a.answer ? formatAnswer(a.answer) : (a.error ?? "waiting for the answer…"),
    }));
  }

  private recordRules(time: number): void {
    const engine = this.engine!;
    for (const alert of engine.allAlerts()) {
      const key = `${alert.rule}|${alert.node}|${alert.activeAt}`;
      if (this.seenAlerts.has(key) || alert.kind !== "firing") continue;
      this.seenAlerts.add(key);
      this.timeline.push({ time, kind: "alert", text: `${alert.rule} on ${alert.node}`, severity: alert.severity, node: alert.node });
    }
    for (const incident of engine.incidents()) {
      if (incident.kind !== "open" || this.posted.has(incident.id)) continue;
      this.posted.add(incident.id);
      this.timeline.push({ time, kind: "incident", text: `incident ${incident.id} (${incident.severity})`, severity: incident.severity });
      if (this.queue && incident.severity === "critical") {
        const input = incidentInput(incident, engine, this.twin, time);
        this.queue.post({ kind: "diagnose", incident: input }, time);
      }
    }
  }
}
