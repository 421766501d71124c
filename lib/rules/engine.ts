// The rule engine: evaluates a rule set at each step and runs each alert through Prometheus' lifecycle, inhibition and incidents.
import { InvalidArgumentError, UsageError, describeValue, invalidArgument } from "../errors";
import type { ActiveRuleAlert, RuleAlert, AlertTransition, DroppedRuleAlert, FiringRuleAlert, Incident, ResolvedRuleAlert } from "./alerts";
import { activateAlert, applyInhibition, captureAlert, cleanValue, endAlert, fireAlert, markNotified, type RuleRuntime } from "./alert-records";
import { bindRules } from "./bind";
import type { FactSource } from "./facts";
import { IncidentTracker, INCIDENT_DEFAULTS, type IncidentTrackerState } from "./incidents";
import { lifecycleStep } from "./lifecycle";
import { cachedTopology, type CachedTopology } from "./topology-cache";
import { ReferenceEvaluator } from "./reference";
import { parseTemplate, type TemplatePart } from "./template";
import type { RuleTopology } from "./topology";
import type { RuleSet } from "./types";

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
  /**
   * Two related alerts join one incident only when their conditions started at most this many seconds apart
   * (default 15 min), so a new fault opens its own incident instead of joining a background one.
   */
  groupWindowSeconds?: number;
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
  /** When firing causes stopped carrying traffic, by alert id (absent in states from before failover-aware inhibition). */
  handovers?: Record<string, number>;
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
  private readonly cached: CachedTopology;
  /** When each firing cause stopped carrying traffic (see Handovers). */
  private handovers = new Map<string, number>();
  /** Rules with inhibit specs. */
  private readonly causeRuntimes: RuleRuntime[];

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
    this.causeRuntimes = this.runtimes.filter((rt) => rt.rule.inhibits.length > 0);
    this.hasInhibits = this.causeRuntimes.length > 0;
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
    const window = options.groupWindowSeconds ?? INCIDENT_DEFAULTS.groupWindowSeconds;
    if (!(typeof window === "number" && window >= 0)) throw invalidArgument("createRuleEngine", "options.groupWindowSeconds", "a number of seconds >= 0", window);
    this.cached = cachedTopology(this.topology);
    const cached = this.cached;
    this.incidentsTracker = new IncidentTracker({
      groupBy: (alert) => this.byName.get(alert.rule)!.rule.groupBy,
      dependsOn: (node, upstream) => cached.dependsOn(node, upstream),
      servicesOf: (node) => cached.servicesOf(node),
      rootCandidates: (nodes) => cached.rootCandidates(nodes),
      groupWindowSeconds: window,
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
      handovers: Object.fromEntries(this.handovers),
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
    this.handovers = new Map(Object.entries(state.handovers ?? {}));
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
          // Inactive and still false: the common case, decided without a call.
          if (alert === undefined && !holds) continue;
          if (this.advance(rt, alert, holds, node, time, out)) firingChanged = true;
        }
      }
      if (rt.orphans.length > 0) {
        rt.orphans = rt.orphans.filter((alert) => {
          if (this.advance(rt, alert, false, -1, time, out)) firingChanged = true;
          return rt.active.has(alert);
        });
      }
    }
    // Inhibition depends on the firing set and, with a live topology, on whether each cause still carries traffic
    // (a failover ends it): recompute when the set changed or a cause fires under a live topology.
    let inhibitionChanged = false;
    if (this.hasInhibits && (firingChanged || (this.cached.live && this.anyCauseFiring()))) inhibitionChanged = applyInhibition(this.runtimes, this.causeRuntimes, { topology: this.cached, handovers: this.handovers }, time, out);
    if (firingChanged || inhibitionChanged) {
      markNotified(this.runtimes, time);
      this.incidentsTracker.update(time, this.firingAlerts());
    }
    this.lastTime = time;
    for (const t of out) this.log.push(t);
    return out;
  }

  /** Moves one alert (or an inactive slot) one evaluation on; returns true when the firing set changed. */
  private advance(rt: RuleRuntime, alert: ActiveRuleAlert | undefined, holds: boolean, node: number, time: number, out: AlertTransition[]): boolean {
    const next = lifecycleStep(alert, holds, time, rt.rule);
    switch (next.kind) {
      case "none":
        return false;
      case "activate": {
        const created = activateAlert(rt, this.source!, node, time, out);
        if (next.fires) fireAlert(created, time, out);
        return next.fires;
      }
      case "hold":
        alert!.value = cleanValue(rt.bound!.primary?.(node));
        if (next.clearKeep) delete (alert as FiringRuleAlert).keepFiringSince;
        return false;
      case "fire":
        alert!.value = cleanValue(rt.bound!.primary?.(node));
        captureAlert(rt, this.source!, alert!, node);
        fireAlert(alert!, time, out);
        return true;
      case "keep":
        (alert as FiringRuleAlert).keepFiringSince = next.since;
        return false;
      case "drop":
      case "resolve":
        endAlert(rt, alert!, next.kind, time, out, this.finishedAlerts);
        if (node >= 0) rt.slots[node] = undefined;
        return next.kind === "resolve";
    }
  }

  private firingAlerts(): FiringRuleAlert[] {
    const out: FiringRuleAlert[] = [];
    for (const rt of this.runtimes) for (const alert of rt.active) if (alert.kind === "firing") out.push(alert);
    return out;
  }

  private anyCauseFiring(): boolean {
    for (const rt of this.causeRuntimes) for (const alert of rt.active) if (alert.kind === "firing") return true;
    return false;
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
