// The rule engine: evaluates a rule set at each step and runs each alert through Prometheus' lifecycle, inhibition and incidents.
import { InvalidArgumentError, UsageError, describeValue, invalidArgument } from "../errors";
import type { ActiveRuleAlert, RuleAlert, AlertTransition, DroppedRuleAlert, FiringRuleAlert, Incident, PendingRuleAlert, ResolvedRuleAlert } from "./alerts";
import { bindRules, type BoundRule } from "./bind";
import type { FactSource, FactValue } from "./facts";
import { IncidentTracker, type IncidentTrackerState } from "./incidents";
import { ReferenceEvaluator } from "./reference";
import { parseTemplate, renderTemplate, type TemplatePart } from "./template";
import type { RuleTopology } from "./topology";
import type { Rule, RuleSet } from "./types";

const API = "RuleEngine";

/** Options of `createRuleEngine`. */
export interface RuleEngineOptions {
  /** Graph questions for inhibition "on dependents/service", incident grouping and root candidates. */
  topology?: RuleTopology;
  /**
   * "compiled" (default): compiled predicates, json-rules-engine only for rules the compiler does not
   * support; "json-rules-engine": every rule on json-rules-engine (slow; for checking and benchmarks).
   */
  evaluator?: "compiled" | "json-rules-engine";
}

/** Everything needed to continue an engine where it stopped; plain JSON. */
export interface RuleEngineState {
  kind: "rule_engine_state";
  version: 1;
  ruleSet: string;
  /** Time of the last evaluation. */
  time?: number;
  active: ActiveRuleAlert[];
  finished: (ResolvedRuleAlert | DroppedRuleAlert)[];
  history: AlertTransition[];
  incidents: IncidentTrackerState;
}

interface RuleRuntime {
  rule: Rule;
  bound: BoundRule | undefined;
  /** Active alert by node number, for the bound source. */
  slots: (ActiveRuleAlert | undefined)[];
  /** Active alerts of the rule in activation order (the source of truth across re-binds). */
  active: Set<ActiveRuleAlert>;
  /** Active alerts whose node is not in scope of the bound source: their condition counts as false. */
  orphans: ActiveRuleAlert[];
  /** Results from json-rules-engine for rules that run there. */
  truth: Uint8Array | undefined;
  templates: [string, TemplatePart[]][];
  /** Inhibit specs of other rules that may target this rule. */
  targetedBy: { source: RuleRuntime; spec: Rule["inhibits"][number] }[];
}

function cleanValue(value: FactValue): FactValue {
  if (typeof value === "number" && Number.isNaN(value)) return undefined;
  if (Array.isArray(value)) return [...value];
  return value;
}

/**
 * Evaluates a rule set step after step. `evaluate(time, facts)` runs every enabled rule on every node
 * of its scope and moves alerts through Prometheus' lifecycle:
 * - condition holds, no alert: a pending alert with activeAt = now; it fires in the same evaluation
 *   when `for` is 0, or at the first evaluation where now - activeAt >= for;
 * - condition stops while pending: the alert is dropped (never fired);
 * - condition stops while firing: with keep_firing_for > 0 the alert keeps firing, and resolves at the
 *   first evaluation where now - keepFiringSince >= keep_firing_for, keepFiringSince being the first
 *   evaluation at which the condition no longer held (reset whenever it holds again); without, it resolves now.
 * Firing cause alerts then inhibit their targets, and firing alerts are grouped into incidents.
 *
 * `evaluate` is synchronous and refuses rule sets with rules that run on json-rules-engine (which is
 * asynchronous), naming them; `evaluateAsync` runs any set.
 */
export class RuleEngine {
  readonly ruleSet: RuleSet;
  readonly topology: RuleTopology | undefined;
  readonly evaluator: "compiled" | "json-rules-engine";
  /** Rules that run on json-rules-engine, with the reason. */
  readonly fallbackRules: readonly { rule: string; reason: string }[];
  /** Things that work in a reduced way (inhibition "on dependents" without a topology). */
  readonly warnings: readonly string[];

  private readonly runtimes: RuleRuntime[];
  private readonly byName: Map<string, RuleRuntime>;
  private readonly reference: ReferenceEvaluator | undefined;
  private readonly hasInhibits: boolean;
  private readonly incidentsTracker: IncidentTracker;
  private source: FactSource | undefined;
  private boundCount = -1;
  private lastTime: number | undefined;
  private finishedAlerts: (ResolvedRuleAlert | DroppedRuleAlert)[] = [];
  private log: AlertTransition[] = [];
  private busy = false;
  private readonly dependsCache = new Map<string, boolean>();
  private readonly servicesCache = new Map<string, readonly string[]>();

  constructor(ruleSet: RuleSet, options: RuleEngineOptions = {}) {
    if (ruleSet === null || typeof ruleSet !== "object" || ruleSet.kind !== "rule_set") {
      throw invalidArgument("createRuleEngine", "ruleSet", "a rule set from parseRuleSet or loadRules", ruleSet);
    }
    const evaluator = options.evaluator ?? "compiled";
    if (evaluator !== "compiled" && evaluator !== "json-rules-engine") {
      throw invalidArgument("createRuleEngine", "options.evaluator", '"compiled" or "json-rules-engine"', evaluator);
    }
    this.ruleSet = ruleSet;
    this.topology = options.topology;
    this.evaluator = evaluator;
    this.runtimes = ruleSet.rules.map((rule) => ({
      rule,
      bound: undefined,
      slots: [],
      active: new Set(),
      orphans: [],
      truth: undefined,
      templates: Object.entries(rule.annotations).map(([key, text]) => {
        const parsed = parseTemplate(text, () => true);
        return [key, parsed.kind === "template" ? parsed.parts : [{ kind: "text", text }]] as [string, TemplatePart[]];
      }),
      targetedBy: [],
    }));
    this.byName = new Map(this.runtimes.map((rt) => [rt.rule.name, rt]));
    const warnings: string[] = [];
    for (const source of this.runtimes) {
      for (const spec of source.rule.inhibits) {
        const targets = spec.rules ? spec.rules.map((n) => this.byName.get(n)!) : this.runtimes.filter((rt) => rt !== source);
        for (const target of targets) target.targetedBy.push({ source, spec });
        const on = spec.on ?? "dependents";
        if (!this.topology && (on === "dependents" || on === "service")) {
          warnings.push(`rule "${source.rule.name}" inhibits on "${on}" but no topology was given: only alerts on the same node are inhibited.`);
        }
      }
    }
    this.hasInhibits = this.runtimes.some((rt) => rt.rule.inhibits.length > 0);
    const referenceRules = this.runtimes.filter((rt) => rt.rule.enabled && (evaluator === "json-rules-engine" || rt.rule.engine === "json-rules-engine"));
    this.fallbackRules = referenceRules.map((rt) => ({
      rule: rt.rule.name,
      reason: rt.rule.engineReason ?? "the engine was created with evaluator: \"json-rules-engine\"",
    }));
    this.reference =
      referenceRules.length > 0
        ? new ReferenceEvaluator(
            ruleSet,
            referenceRules.map((rt) => rt.rule.index),
            (fact) => {
              throw new InvalidArgumentError(`${API}.evaluateAsync: the fact source does not provide fact ${describeValue(fact)}.`);
            },
          )
        : undefined;
    this.warnings = warnings;
    this.incidentsTracker = new IncidentTracker({
      groupBy: (alert) => this.byName.get(alert.rule)!.rule.groupBy,
      dependsOn: (node, upstream) => this.dependsOn(node, upstream),
      servicesOf: (node) => this.servicesOf(node),
      rootCandidates: (nodes) => (this.topology ? [...this.topology.rootCandidates(nodes)] : []),
    });
  }

  /** Time of the last evaluation, if any. */
  get time(): number | undefined {
    return this.lastTime;
  }

  /** Evaluates every rule at `time` (seconds, not decreasing) on `facts`; returns this step's transitions. */
  evaluate(time: number, facts: FactSource): AlertTransition[] {
    const api = `${API}.evaluate`;
    if (this.reference !== undefined) {
      const list = this.fallbackRules.map((f) => `"${f.rule}" (${f.reason})`).join(", ");
      throw new UsageError(`${api}: rules ${list} run on json-rules-engine, which is asynchronous; use evaluateAsync(time, facts).`);
    }
    this.checkStep(api, time, facts);
    this.bind(api, facts);
    return this.step(time);
  }

  /** Like `evaluate`, for any rule set: awaits json-rules-engine for the rules that run there. */
  async evaluateAsync(time: number, facts: FactSource): Promise<AlertTransition[]> {
    const api = `${API}.evaluateAsync`;
    this.checkStep(api, time, facts);
    if (this.busy) throw new UsageError(`${api}: called again before the previous evaluation finished; await each call.`);
    this.busy = true;
    try {
      this.bind(api, facts);
      if (this.reference !== undefined) {
        await this.reference.evaluate(
          facts,
          this.runtimes.map((rt) => (rt.truth ? rt.bound?.scope : undefined)),
          this.runtimes.map((rt) => rt.truth),
        );
      }
      return this.step(time);
    } finally {
      this.busy = false;
    }
  }

  /** Alerts pending or firing now, in rule order then activation order. */
  alerts(): ActiveRuleAlert[] {
    const out: ActiveRuleAlert[] = [];
    for (const rt of this.runtimes) for (const alert of rt.active) out.push(structuredClone(alert));
    return out;
  }

  /** Alerts that resolved or were dropped, in the order they ended. */
  finished(): (ResolvedRuleAlert | DroppedRuleAlert)[] {
    return this.finishedAlerts.map((a) => structuredClone(a));
  }

  /** Every alert so far: finished ones, then active ones. */
  allAlerts(): RuleAlert[] {
    return [...this.finished(), ...this.alerts()];
  }

  /** Every transition so far, in order. */
  history(): readonly AlertTransition[] {
    return this.log;
  }

  /** Incidents so far (open and closed), in order of opening. */
  incidents(): Incident[] {
    return this.incidentsTracker.list();
  }

  /** The engine's state as plain JSON, for `restore`. */
  state(): RuleEngineState {
    return structuredClone({
      kind: "rule_engine_state",
      version: 1,
      ruleSet: this.ruleSet.name,
      time: this.lastTime,
      active: this.alerts(),
      finished: this.finishedAlerts,
      history: this.log,
      incidents: this.incidentsTracker.state(),
    });
  }

  /** Continues from a state taken with `state()` (possibly after a JSON round trip) on an engine of the same rules. */
  restore(state: RuleEngineState): void {
    const api = `${API}.restore`;
    if (state === null || typeof state !== "object" || state.kind !== "rule_engine_state" || state.version !== 1) {
      throw invalidArgument(api, "state", 'a state from RuleEngine.state() (kind "rule_engine_state", version 1)', state);
    }
    for (const alert of state.active) {
      if (!this.byName.has(alert.rule)) throw invalidArgument(api, "state.active[].rule", `a rule of set "${this.ruleSet.name}"`, alert.rule);
    }
    for (const rt of this.runtimes) {
      rt.active.clear();
      rt.slots = [];
      rt.orphans = [];
    }
    for (const alert of structuredClone(state.active)) {
      if (alert.kind === "firing" && !Array.isArray(alert.inhibitedBy)) alert.inhibitedBy = [];
      this.byName.get(alert.rule)!.active.add(alert);
    }
    this.finishedAlerts = structuredClone(state.finished ?? []);
    this.log = structuredClone(state.history ?? []);
    this.lastTime = typeof state.time === "number" ? state.time : undefined;
    this.incidentsTracker.restore(structuredClone(state.incidents));
    this.source = undefined;
    this.boundCount = -1;
  }

  private checkStep(api: string, time: number, facts: FactSource): void {
    if (typeof time !== "number" || !Number.isFinite(time)) throw invalidArgument(api, "time", "a finite number of seconds", time);
    if (this.lastTime !== undefined && time < this.lastTime) {
      throw new UsageError(`${api}: time ${time} is before the last evaluation at ${this.lastTime}; evaluations must not go back in time.`);
    }
    if (facts === null || typeof facts !== "object" || typeof facts.accessor !== "function" || typeof facts.nodeCount !== "number") {
      throw invalidArgument(api, "facts", "a FactSource (nodeCount, nodeId, kind, tier, tags, accessor)", facts);
    }
  }

  /** Resolves accessors, scopes and predicates when handed a new source; maps active alerts onto its nodes. */
  private bind(api: string, source: FactSource): void {
    if (source === this.source && source.nodeCount === this.boundCount) return;
    const compile = this.evaluator === "json-rules-engine" ? "none" : "compiled";
    const bound = bindRules(this.ruleSet, source, { api, compile });
    const index = new Map<string, number>();
    for (let i = 0; i < source.nodeCount; i++) index.set(source.nodeId(i), i);
    for (const rt of this.runtimes) {
      rt.bound = bound[rt.rule.index];
      rt.slots = new Array(source.nodeCount);
      rt.orphans = [];
      rt.truth = rt.bound && rt.bound.predicate === undefined ? new Uint8Array(source.nodeCount) : undefined;
      const inScope = new Uint8Array(source.nodeCount);
      if (rt.bound) for (const i of rt.bound.scope) inScope[i] = 1;
      for (const alert of rt.active) {
        const i = index.get(alert.node);
        if (i !== undefined && inScope[i] === 1) rt.slots[i] = alert;
        else rt.orphans.push(alert);
      }
    }
    this.source = source;
    this.boundCount = source.nodeCount;
  }

  private step(time: number): AlertTransition[] {
    const out: AlertTransition[] = [];
    let firingChanged = false;
    for (const rt of this.runtimes) {
      const bound = rt.bound;
      if (bound !== undefined) {
        const { scope, predicate } = bound;
        const slots = rt.slots;
        const truth = rt.truth;
        for (let k = 0; k < scope.length; k++) {
          const node = scope[k];
          const holds = predicate !== undefined ? predicate(node) : truth![node] === 1;
          const alert = slots[node];
          if (holds) {
            if (alert === undefined) {
              const created = this.activate(rt, node, time, out);
              if (created.kind === "firing") firingChanged = true;
            } else if (this.hold(rt, alert, node, time, out)) firingChanged = true;
          } else if (alert !== undefined) {
            if (this.release(rt, alert, time, out)) {
              slots[node] = undefined;
              if ((alert as RuleAlert).kind === "resolved") firingChanged = true;
            }
          }
        }
      }
      if (rt.orphans.length > 0) {
        rt.orphans = rt.orphans.filter((alert) => {
          const ended = this.release(rt, alert, time, out);
          if (ended && (alert as RuleAlert).kind === "resolved") firingChanged = true;
          return !ended;
        });
      }
    }
    // Inhibition and incidents depend only on the set of firing alerts: recompute them when it changed.
    if (firingChanged) {
      if (this.hasInhibits) this.inhibit(time, out);
      this.incidentsTracker.update(time, this.firingAlerts());
    }
    this.lastTime = time;
    for (const t of out) this.log.push(t);
    return out;
  }

  private activate(rt: RuleRuntime, node: number, time: number, out: AlertTransition[]): ActiveRuleAlert {
    const rule = rt.rule;
    const source = this.source!;
    const nodeId = source.nodeId(node);
    const labels: Record<string, string> = { alertname: rule.name, node: nodeId, severity: rule.severity, kind: source.kind(node) };
    const tier = source.tier(node);
    if (tier !== undefined) labels.tier = String(tier);
    Object.assign(labels, rule.labels);
    const alert: PendingRuleAlert = {
      kind: "pending",
      id: `${rule.name}/${nodeId}/${time}`,
      rule: rule.name,
      node: nodeId,
      severity: rule.severity,
      labels,
      annotations: {},
      activeAt: time,
      value: cleanValue(rt.bound!.primary?.(node)),
      values: {},
    };
    this.capture(rt, alert, node);
    rt.slots[node] = alert;
    rt.active.add(alert);
    out.push({ kind: "pending", time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value, activeAt: time });
    if (time - alert.activeAt >= rule.forSeconds) this.fire(alert, time, out);
    return alert;
  }

  /** Condition holds for an active alert: update value, fire when `for` has elapsed. Returns true if it fired. */
  private hold(rt: RuleRuntime, alert: ActiveRuleAlert, node: number, time: number, out: AlertTransition[]): boolean {
    alert.value = cleanValue(rt.bound!.primary?.(node));
    if (alert.kind === "firing") {
      if (alert.keepFiringSince !== undefined) delete alert.keepFiringSince;
      return false;
    }
    if (time - alert.activeAt >= rt.rule.forSeconds) {
      this.capture(rt, alert, node);
      this.fire(alert, time, out);
      return true;
    }
    return false;
  }

  private fire(alert: ActiveRuleAlert, time: number, out: AlertTransition[]): void {
    const firing = alert as unknown as FiringRuleAlert;
    firing.kind = "firing";
    firing.firedAt = time;
    firing.inhibitedBy = [];
    out.push({
      kind: "firing",
      time,
      alertId: alert.id,
      rule: alert.rule,
      node: alert.node,
      severity: alert.severity,
      value: alert.value,
      activeAt: alert.activeAt,
      firedAt: time,
      annotations: { ...alert.annotations },
    });
  }

  /** Condition no longer holds: drop a pending alert, keep firing or resolve a firing one. Returns true if the alert ended. */
  private release(rt: RuleRuntime, alert: ActiveRuleAlert, time: number, out: AlertTransition[]): boolean {
    const base = { time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value };
    if (alert.kind === "pending") {
      const dropped = alert as unknown as DroppedRuleAlert;
      dropped.kind = "dropped";
      dropped.droppedAt = time;
      rt.active.delete(alert);
      this.finishedAlerts.push(dropped);
      out.push({ ...base, kind: "dropped", activeAt: alert.activeAt });
      return true;
    }
    const keepFor = rt.rule.keepFiringForSeconds;
    if (keepFor > 0) {
      if (alert.keepFiringSince === undefined) alert.keepFiringSince = time;
      if (time - alert.keepFiringSince < keepFor) return false;
    }
    const resolved = alert as unknown as ResolvedRuleAlert & { keepFiringSince?: number; inhibitedBy?: string[] };
    delete resolved.keepFiringSince;
    delete resolved.inhibitedBy;
    resolved.kind = "resolved";
    resolved.resolvedAt = time;
    rt.active.delete(alert);
    this.finishedAlerts.push(resolved);
    out.push({ ...base, kind: "resolved", activeAt: resolved.activeAt, firedAt: resolved.firedAt, resolvedAt: time });
    return true;
  }

  /** Records fact values and renders annotations (at activation and when firing). */
  private capture(rt: RuleRuntime, alert: ActiveRuleAlert, node: number): void {
    const values: Record<string, FactValue> = {};
    for (const [key, accessor] of rt.bound!.accessors) values[key] = cleanValue(accessor(node));
    alert.values = values;
    if (rt.templates.length === 0) return;
    const tier = this.source!.tier(node);
    const byName: Record<string, FactValue> = { ...values };
    for (const ref of rt.rule.facts) if (byName[ref.fact] === undefined) byName[ref.fact] = values[ref.key];
    const context = {
      variables: { node: alert.node, rule: alert.rule, value: alert.value, severity: alert.severity, kind: this.source!.kind(node), tier },
      labels: alert.labels,
      facts: byName,
    };
    const annotations: Record<string, string> = {};
    for (const [key, parts] of rt.templates) annotations[key] = renderTemplate(parts, context);
    alert.annotations = annotations;
  }

  private firingAlerts(): FiringRuleAlert[] {
    const out: FiringRuleAlert[] = [];
    for (const rt of this.runtimes) for (const alert of rt.active) if (alert.kind === "firing") out.push(alert);
    return out;
  }

  private dependsOn(node: string, upstream: string): boolean {
    if (node === upstream || this.topology === undefined) return false;
    const key = node + "\u0000" + upstream;
    let result = this.dependsCache.get(key);
    if (result === undefined) {
      result = this.topology.dependsOn(node, upstream);
      this.dependsCache.set(key, result);
    }
    return result;
  }

  private servicesOf(node: string): readonly string[] {
    if (this.topology === undefined) return [];
    let services = this.servicesCache.get(node);
    if (services === undefined) {
      services = [...this.topology.servicesOf(node)];
      this.servicesCache.set(node, services);
    }
    return services;
  }

  private shareService(a: string, b: string): boolean {
    const sa = this.servicesOf(a);
    if (sa.length === 0) return false;
    const sb = this.servicesOf(b);
    return sa.some((s) => sb.includes(s));
  }

  /** Applies every firing cause's inhibit specs to the firing alerts they target. */
  private inhibit(time: number, out: AlertTransition[]): void {
    for (const target of this.runtimes) {
      if (target.targetedBy.length === 0) continue;
      for (const alert of target.active) {
        if (alert.kind !== "firing") continue;
        const by: string[] = [];
        for (const { source, spec } of target.targetedBy) {
          if (spec.labels && !Object.entries(spec.labels).every(([k, v]) => alert.labels[k] === v)) continue;
          for (const cause of source.active) {
            if (cause.kind !== "firing" || cause === alert) continue;
            if (!this.relates(spec.on ?? "dependents", cause.node, alert.node)) continue;
            if (spec.equal && !spec.equal.every((k) => cause.labels[k] === alert.labels[k])) continue;
            if (!by.includes(cause.id)) by.push(cause.id);
          }
        }
        const was = alert.inhibitedBy.length > 0;
        const base = { time, alertId: alert.id, rule: alert.rule, node: alert.node, severity: alert.severity, value: alert.value };
        if (by.length > 0 && !was) out.push({ ...base, kind: "inhibited", by: [...by] });
        else if (by.length === 0 && was) out.push({ ...base, kind: "uninhibited" });
        alert.inhibitedBy = by;
      }
    }
  }

  private relates(on: string, causeNode: string, targetNode: string): boolean {
    switch (on) {
      case "all":
        return true;
      case "node":
        return causeNode === targetNode;
      case "service":
        return causeNode === targetNode || this.shareService(causeNode, targetNode);
      default:
        return causeNode === targetNode || this.dependsOn(targetNode, causeNode);
    }
  }
}

/**
 * Creates an engine for a rule set: `const engine = createRuleEngine(loadDefaultRules(), { topology })`,
 * then `engine.evaluate(time, facts)` at every step.
 */
export function createRuleEngine(ruleSet: RuleSet, options: RuleEngineOptions = {}): RuleEngine {
  return new RuleEngine(ruleSet, options);
}

/**
 * A step observer for a simulation: `(time) => engine.evaluate(time, facts)`, handing each step's
 * transitions to `onTransitions` when there are any.
 */
export function stepObserver(engine: RuleEngine, facts: FactSource, onTransitions?: (transitions: AlertTransition[], time: number) => void): (time: number) => void {
  return (time: number) => {
    const transitions = engine.evaluate(time, facts);
    if (onTransitions && transitions.length > 0) onTransitions(transitions, time);
  };
}
