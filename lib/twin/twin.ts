// The twin: a graph, a load model and faults running on the simulation kernel, one tick process updating every node each step.
import { stepAndHorizonProblem } from "../limits";
import type Graph from "graphology";
import { didYouMean, invalidArgument, notFound } from "../errors";
import { MetricsStore, TWIN_METRICS, type RecordOptions } from "../metrics";
import type { StatusName } from "../metrics/vocabulary";
import { RandomStreams } from "../random";
import { Environment, Interrupt, type Event, type Process } from "../sim";
import { parseDuration, parseSimTime, SimCalendar } from "../time";
import {
  DEFAULT_RANDOM_FAULTS,
  FAULT_DEFAULTS,
  FAULT_TARGET_KINDS,
  validateFaults,
  type Fault,
  type FaultKind,
  type FaultSpec,
  type RandomFaultRates,
} from "./faults";
import { validateInterventions, type Intervention, type ScheduledIntervention } from "./interventions";
import { LoadModel, loadShapeOf, type LoadOptions } from "./load";
import { calibrate, computeMetrics, createState, flowDemand, updateAvailability, type TwinState } from "./model";
import { buildTopology, K, NETWORK_KINDS, toGraphStore, type TwinTopology } from "./topology";
import type { GraphologyStore, GraphStore } from "../graph";

/** Options of `createTwin`; everything has a default. */
export interface TwinOptions {
  /** One seed drives every random stream (load noise, sizing, random faults). */
  seed?: number | string;
  /** Calendar date of simulated time 0, midnight UTC ("2026-11-25"); drives weekdays, paydays, month-end. */
  start?: string;
  /** How long to simulate: seconds or "1d", "30d". */
  horizon?: number | string;
  /** Step length: seconds or "1m". */
  step?: number | string;
  load?: LoadOptions;
  /** Scheduled faults. */
  faults?: FaultSpec[];
  /** Random faults from MTBF/MTTR: true for the defaults, or rates per kind. */
  randomFaults?: boolean | RandomFaultRates;
  /** What the metrics store keeps (all metrics, all nodes, every step by default). */
  record?: RecordOptions;
  /** Keep graphology's node attributes equal to the current step's values (true by default). */
  syncGraph?: boolean;
  /** Corrective actions at given times (what a fork of a scenario tries). */
  interventions?: Intervention[];
  /**
   * "planned" (default): every request-serving node is sized for its normal daily peak (35–60 % busy), as an estate
   * planned for its load would be; "graph": capacity.maxRps from the graph is honoured where given (an undersized
   * standby stays undersized), the rest is planned.
   */
  sizing?: "planned" | "graph";
  /** Seconds an active database may be down before its standby is promoted (90 by default). */
  failoverDetection?: number | string;
}

export const TWIN_DEFAULTS = {
  seed: 1,
  start: "2026-11-24",
  horizon: 86400,
  step: 60,
  syncGraph: true,
  failoverDetection: 90,
};

const STATUS_NAMES: readonly StatusName[] = ["up", "degraded", "down"];

/** What step observers receive: the arrays are live (valid during the call; copy what you keep). */
export interface StepView {
  time: number;
  step: number;
  topology: TwinTopology;
  state: TwinState;
  /** One array per metric in TWIN_METRICS order, indexed by node number. */
  columns: readonly Float64Array[];
}

export interface StatusChange {
  time: number;
  node: string;
  index: number;
  kind: string;
  from: StatusName;
  to: StatusName;
}

/** Something the twin did about a fault: started, ended, promoted a standby, crashed out of memory, restarted. */
export interface FaultEvent {
  time: number;
  fault: string;
  kind: "start" | "end" | "failover" | "oom" | "restart" | "intervention";
  node: string;
  detail?: string;
}

/** A period when a business service was degraded or down, with the faults active when it began. */
export interface ImpactRecord {
  service: string;
  name: string;
  tier: number;
  status: "degraded" | "down";
  start: number;
  end: number | null;
  faults: string[];
}

export interface GroundTruth {
  faults: Fault[];
  events: FaultEvent[];
  impacts: ImpactRecord[];
}

type Observer<T> = (value: T) => unknown;

/** Builds a twin of the graph; nothing runs until `run()` or `step()`. */
export function createTwin(graph: Graph | GraphStore, options: TwinOptions = {}): Twin {
  return new Twin(graph, options);
}

export class Twin {
  /** The graph the twin reads through the graph module's store seam. */
  readonly store: GraphStore;
  /** The graphology graph behind the store, when there is one (its node attributes stay live). */
  readonly graph: Graph;
  readonly topology: TwinTopology;
  readonly state: TwinState;
  readonly env: Environment;
  readonly calendar: SimCalendar;
  readonly metrics: MetricsStore;
  readonly seed: number | string;
  readonly stepSeconds: number;
  readonly horizon: number;
  readonly faults: Fault[];
  readonly interventions: ScheduledIntervention[];
  readonly events: FaultEvent[] = [];
  readonly impacts: ImpactRecord[] = [];
  readonly options: TwinOptions;
  private readonly load: LoadModel;
  private readonly services: Int32Array;
  private readonly serviceFactor: Float64Array;
  private readonly shapeFactor: Float64Array;
  private readonly columns: Float64Array[];
  private readonly previousStatus: Float64Array;
  private readonly openImpact: (ImpactRecord | null)[];
  private readonly activeFaults = new Set<Fault>();
  private readonly faultProcesses = new Map<Fault, Process<void>>();
  private readonly leakRate: Float64Array;
  /** Nodes with a memory leak running. */
  private readonly leaking = new Set<number>();
  /** Active-passive groups, the only ones failover watches. */
  private readonly failoverGroups: number[];
  private readonly downSince: Float64Array;
  private readonly groupDetection: Float64Array;
  private readonly stepObservers: Observer<StepView>[] = [];
  private readonly statusObservers: Observer<StatusChange>[] = [];
  private readonly faultObservers: Observer<FaultEvent>[] = [];
  /** Stores without live attribute objects get the dynamic columns written after every step. */
  private readonly writeEachStep: boolean;
  private availabilityDirty = true;
  private stepIndex = 0;
  private started = false;

  constructor(source: Graph | GraphStore, options: TwinOptions = {}) {
    const api = "createTwin";
    this.store = toGraphStore(source, api);
    const graph = (this.store as GraphologyStore).graph as Graph | undefined;
    this.options = options;
    this.graph = graph as Graph;
    this.seed = options.seed ?? TWIN_DEFAULTS.seed;
    const streams = new RandomStreams(this.seed);
    this.stepSeconds = parseDuration(options.step ?? TWIN_DEFAULTS.step, api, "step");
    if (this.stepSeconds <= 0) throw invalidArgument(api, "step", "a duration > 0", options.step);
    this.horizon = parseDuration(options.horizon ?? TWIN_DEFAULTS.horizon, api, "horizon");
    if (this.horizon < this.stepSeconds) throw invalidArgument(api, "horizon", `a duration of at least one step (${this.stepSeconds} s)`, options.horizon);
    const limit = stepAndHorizonProblem(this.stepSeconds, this.horizon);
    if (limit) throw invalidArgument(api, limit.field, limit.message.replace(/^expected /, "").replace(/ but found.*$/, ""), options[limit.field]);
    try {
      this.calendar = new SimCalendar(options.start ?? TWIN_DEFAULTS.start);
    } catch {
      throw invalidArgument(api, "start", 'an ISO date such as "2026-11-25"', options.start);
    }
    this.topology = buildTopology(this.store);
    const topo = this.topology;
    // Faults are checked before anything runs.
    this.faults = validateFaults(options.faults ?? [], { kindOf: (id) => (topo.indexOf.has(id) ? Object.keys(K)[topo.kind[topo.indexOf.get(id)!]] : undefined), ids: () => topo.ids }, api, "$.faults");
    if (options.randomFaults) this.faults.push(...drawRandomFaults(topo, options.randomFaults === true ? DEFAULT_RANDOM_FAULTS : options.randomFaults, this.horizon, streams));
    this.interventions = validateInterventions(options.interventions ?? [], { kindOf: (id) => (topo.indexOf.has(id) ? Object.keys(K)[topo.kind[topo.indexOf.get(id)!]] : undefined), ids: () => topo.ids }, api, "$.interventions");
    for (const f of this.faults) if (f.at >= this.horizon) throw invalidArgument(api, `fault "${f.id}".at`, `a time before the horizon (${this.horizon} s)`, f.at);
    this.state = createState(topo);
    const svc: number[] = [];
    for (let v = 0; v < topo.n; v++) if (topo.kind[v] === K.business_service) svc.push(v);
    this.services = Int32Array.from(svc);
    const shapes = svc.map((v) => loadShapeOf(topo.names[v] + " " + topo.ids[v], topo.tags[v]));
    this.load = new LoadModel(this.calendar, shapes, options.load ?? {}, streams.stream("load"), api);
    for (const v of svc) {
      const override = this.load.baseRpsOverride(topo.ids[v]);
      if (override !== undefined) topo.baseRps[v] = override;
    }
    for (const id of Object.keys(options.load?.baseRps ?? {}))
      if (!topo.indexOf.has(id) || topo.kind[topo.indexOf.get(id)!] !== K.business_service)
        throw invalidArgument(api, `load.baseRps.${id}`, "the id of a business_service node", id);
    this.serviceFactor = new Float64Array(topo.n);
    this.shapeFactor = new Float64Array(svc.length);
    // Sizing at the normal daily peak, then a quiet-hour pass for latency baselines.
    const peak = new Float64Array(topo.n);
    for (const v of svc) peak[v] = options.load?.multiplier ?? 1;
    updateAvailability(topo, this.state);
    if (options.sizing !== undefined && options.sizing !== "planned" && options.sizing !== "graph") throw invalidArgument(api, "sizing", '"planned" or "graph"', options.sizing);
    calibrate(topo, this.state, peak, streams.stream("sizing"), options.sizing === "graph");
    for (const v of svc) peak[v] = 0.5 * (options.load?.multiplier ?? 1);
    flowDemand(topo, this.state, peak);
    computeMetrics(topo, this.state, 0);
    this.state.baselineLatency.set(this.state.latency);
    this.columns = [
      this.state.cpu,
      this.state.ram,
      this.state.disk,
      this.state.latency,
      this.state.errorRate,
      this.state.throughput,
      this.state.status,
      this.state.replicationLag,
    ];
    this.previousStatus = new Float64Array(topo.n);
    this.openImpact = new Array(topo.n).fill(null);
    this.leakRate = new Float64Array(topo.n);
    this.failoverGroups = topo.groups.map((g, gi) => (g.mode === "active-passive" ? gi : -1)).filter((gi) => gi >= 0);
    this.downSince = new Float64Array(topo.groups.length).fill(-1);
    this.groupDetection = new Float64Array(topo.groups.length).fill(parseDuration(options.failoverDetection ?? TWIN_DEFAULTS.failoverDetection, api, "failoverDetection"));
    this.metrics = new MetricsStore({
      nodes: topo.ids,
      kinds: Array.from(topo.kind, (k) => Object.keys(K)[k]),
      metrics: TWIN_METRICS,
      stepSeconds: this.stepSeconds,
      startTime: 0,
      epoch: this.calendar.epochMs,
      record: options.record,
      expectedSteps: Math.ceil(this.horizon / this.stepSeconds),
    });
    this.env = new Environment();
    this.writeEachStep = !graph && (options.syncGraph ?? TWIN_DEFAULTS.syncGraph);
    if (graph && (options.syncGraph ?? TWIN_DEFAULTS.syncGraph)) this.syncGraph();
  }

  /** Calls `fn` after every step with the live arrays; returns a function that unsubscribes. Never awaited. */
  onStep(fn: Observer<StepView>): () => void {
    return subscribe(this.stepObservers, fn);
  }

  /** Calls `fn` whenever a node's status changes. */
  onStatusChange(fn: Observer<StatusChange>): () => void {
    return subscribe(this.statusObservers, fn);
  }

  /** Calls `fn` when a fault starts, ends, or triggers a failover, an OOM crash or a restart. */
  onFaultEvent(fn: Observer<FaultEvent>): () => void {
    return subscribe(this.faultObservers, fn);
  }

  /** Simulated seconds since the start. */
  get now(): number {
    return this.env.now;
  }

  /** Number of steps computed so far. */
  get steps(): number {
    return this.stepIndex;
  }

  /** Runs until `until` (seconds, "10:20", "d2 10:00" or "90m" from the start; the horizon by default) and returns the result so far. */
  run(until?: number | string): TwinResult {
    this.ensureStarted();
    const end = until === undefined ? this.horizon : parseSimTime(until, "Twin.run", "until");
    if (end > this.horizon) throw invalidArgument("Twin.run", "until", `a time within the horizon (${this.horizon} s)`, until);
    if (end <= this.env.now && this.stepIndex > 0) throw invalidArgument("Twin.run", "until", `a time after now (${this.env.now} s)`, until);
    // Stop after the last step that starts before `end`.
    const lastStepTime = Math.ceil(end / this.stepSeconds) * this.stepSeconds;
    this.env.run(Math.min(lastStepTime, this.horizon) + (this.stepIndex === 0 && lastStepTime === 0 ? 1e-9 : 0));
    return this.result();
  }

  /** Computes one more step. */
  step(): StepView {
    this.ensureStarted();
    const target = this.stepIndex * this.stepSeconds;
    if (target >= this.horizon) throw invalidArgument("Twin.step", "step", `a step before the horizon (${this.horizon} s)`, target);
    while (this.stepIndex * this.stepSeconds <= target) this.env.step();
    return this.view();
  }

  /** The current step's live view. */
  view(): StepView {
    return { time: (this.stepIndex - 1) * this.stepSeconds, step: this.stepIndex - 1, topology: this.topology, state: this.state, columns: this.columns };
  }

  /** Everything recorded so far. */
  result(): TwinResult {
    return new TwinResult(this);
  }

  /** The ground truth so far: faults, what they did, and service impacts (open ones have end null). */
  groundTruth(): GroundTruth {
    return { faults: this.faults.slice(), events: this.events.slice(), impacts: this.impacts.map((i) => ({ ...i })) };
  }

  /** Current value of a metric on a node (by id). */
  value(node: string, metric: (typeof TWIN_METRICS)[number]): number {
    const i = this.topology.indexOf.get(node);
    if (i === undefined) throw notFound("Twin.value", "node", node, didYouMean(node, this.topology.ids).trim());
    const m = TWIN_METRICS.indexOf(metric);
    if (m < 0) throw invalidArgument("Twin.value", "metric", `one of ${TWIN_METRICS.join(", ")}`, metric);
    return this.columns[m][i];
  }

  /** Current status of a node (by id). */
  status(node: string): StatusName {
    return STATUS_NAMES[this.value(node, "status")];
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    const env = this.env;
    for (const fault of this.faults) this.faultProcesses.set(fault, env.process(this.faultProcess(fault)));
    for (const action of this.interventions) if (action.kind !== "add_replica") env.process(this.interventionProcess(action));
    env.process(this.tick());
  }

  private *tick(): Generator<Event<any>, void, unknown> {
    const env = this.env;
    while (env.now < this.horizon) {
      this.computeStep(env.now);
      yield env.timeout(this.stepSeconds);
    }
  }

  private computeStep(t: number): void {
    const topo = this.topology;
    const s = this.state;
    const hours = this.stepSeconds / 3600;
    // Memory leaks grow; a node that reaches 100 % RAM crashes out of memory and restarts.
    for (const v of this.leaking) {
      s.leak[v] += this.leakRate[v] * hours;
      if (s.ram[v] + this.leakRate[v] * hours >= 1 && s.crashed[v] === 0) this.oom(v, t);
    }
    // Nightly housekeeping (log rotation, purges) gives back the disk a day of normal work used, except where a disk is filling up for real.
    if (t > 0 && t % 86400 === 0) for (let v = 0; v < topo.n; v++) if (s.diskRate[v] === 0 && s.diskExtra[v] < 0.5) s.diskExtra[v] = 0;
    if (this.availabilityDirty) {
      updateAvailability(topo, s);
      this.availabilityDirty = false;
    }
    this.failoverMonitor(t);
    this.load.factors(t, this.shapeFactor);
    for (let k = 0; k < this.services.length; k++) this.serviceFactor[this.services[k]] = this.shapeFactor[k];
    flowDemand(topo, s, this.serviceFactor);
    computeMetrics(topo, s, this.stepSeconds);
    this.detectChanges(t);
    this.metrics.append(t, this.columns);
    if (this.writeEachStep) this.syncGraph();
    this.stepIndex++;
    if (this.stepObservers.length > 0) {
      const view: StepView = { time: t, step: this.stepIndex - 1, topology: topo, state: s, columns: this.columns };
      for (const fn of this.stepObservers) fn(view);
    }
  }

  /**
   * Makes graphology's node attributes read the twin's current values: the dynamic attributes (cpu, ram, disk,
   * latency_ms, error_rate, throughput, status, replication_lag_s) become live accessors on the attribute objects
   * graphology holds, so they are current after every step at no cost per step. Writing one pokes the twin's state
   * (the next step overwrites it). Called at creation; call again after replacing a node's attributes.
   */
  syncGraph(): void {
    const s = this.state;
    if (!this.graph) {
      // Another backend: write the columns through the store (the per-step path for stores without live objects).
      this.store.writeDynamic({ cpu: s.cpu, ram: s.ram, latency_ms: s.latency, error_rate: s.errorRate, throughput: s.throughput, status: s.status });
      return;
    }
    const live: [string, Float64Array][] = [
      ["cpu", s.cpu],
      ["ram", s.ram],
      ["disk", s.disk],
      ["latency_ms", s.latency],
      ["error_rate", s.errorRate],
      ["throughput", s.throughput],
      ["replication_lag_s", s.replicationLag],
    ];
    this.topology.ids.forEach((id, v) => {
      const attributes = this.graph.getNodeAttributes(id) as Record<string, unknown>;
      for (const [name, column] of live)
        Object.defineProperty(attributes, name, {
          configurable: true,
          enumerable: true,
          get: () => column[v],
          set: (x: number) => {
            column[v] = x;
          },
        });
      Object.defineProperty(attributes, "status", {
        configurable: true,
        enumerable: true,
        get: () => STATUS_NAMES[s.status[v]],
        set: (x: StatusName) => {
          const code = STATUS_NAMES.indexOf(x);
          if (code >= 0) s.status[v] = code;
        },
      });
    });
  }

  private detectChanges(t: number): void {
    const topo = this.topology;
    const status = this.state.status;
    const prev = this.previousStatus;
    const first = this.stepIndex === 0;
    for (let v = 0; v < topo.n; v++) {
      const now = status[v];
      const before = first ? 0 : prev[v];
      if (now === before) continue;
      prev[v] = now;
      if (topo.kind[v] === K.business_service) this.recordImpact(v, before, now, t);
      if (this.statusObservers.length > 0) {
        const change: StatusChange = { time: t, node: topo.ids[v], index: v, kind: Object.keys(K)[topo.kind[v]], from: STATUS_NAMES[before], to: STATUS_NAMES[now] };
        for (const fn of this.statusObservers) fn(change);
      }
    }
  }

  private recordImpact(v: number, before: number, now: number, t: number): void {
    const open = this.openImpact[v];
    if (open) {
      open.end = t;
      this.openImpact[v] = null;
    }
    if (now === 0) return;
    const topo = this.topology;
    const impact: ImpactRecord = {
      service: topo.ids[v],
      name: topo.names[v],
      tier: topo.tier[v],
      status: now === 2 ? "down" : "degraded",
      start: t,
      end: null,
      faults: [...this.activeFaults].map((f) => f.id),
    };
    this.impacts.push(impact);
    this.openImpact[v] = impact;
    void before;
  }

  private failoverMonitor(t: number): void {
    const topo = this.topology;
    const s = this.state;
    for (const gi of this.failoverGroups) {
      const g = topo.groups[gi];
      const a = s.active[gi];
      // Down for its callers: crashed, cut off, or failing (its storage or host failed under it).
      if (!s.down[a] && s.status[a] !== 2) {
        this.downSince[gi] = -1;
        continue;
      }
      if (this.downSince[gi] < 0) this.downSince[gi] = t;
      if (t - this.downSince[gi] < this.groupDetection[gi]) continue;
      const standby = g.members.find((m) => m !== a && !s.down[m] && s.status[m] !== 2);
      if (standby === undefined) continue;
      s.active[gi] = standby;
      const lag = s.replicationLag[standby];
      s.replicationLag[standby] = 0;
      s.replicationLag[a] = 0;
      this.downSince[gi] = -1;
      const cause = [...this.activeFaults].find((f) => f.target === topo.ids[a]);
      this.emit({ time: t, fault: cause?.id ?? "", kind: "failover", node: topo.ids[standby], detail: `promoted to primary in place of ${topo.ids[a]} (replication lag ${lag.toFixed(1)} s at promotion)` });
    }
  }

  private oom(v: number, t: number): void {
    const s = this.state;
    const topo = this.topology;
    const cause = [...this.activeFaults].find((f) => f.kind === "memory_leak" && f.target === topo.ids[v]);
    const restartS = Number(cause?.params.restartS ?? 180);
    s.crashed[v]++;
    this.availabilityDirty = true;
    this.emit({ time: t, fault: cause?.id ?? "", kind: "oom", node: topo.ids[v], detail: `out of memory; restarting in ${restartS} s` });
    const self = this;
    this.env.process(
      (function* () {
        yield self.env.timeout(restartS);
        s.crashed[v]--;
        s.leak[v] = 0;
        self.availabilityDirty = true;
        self.emit({ time: self.env.now, fault: cause?.id ?? "", kind: "restart", node: topo.ids[v], detail: "restarted after out-of-memory crash" });
      })(),
    );
  }

  private emit(event: FaultEvent): void {
    this.events.push(event);
    for (const fn of this.faultObservers) fn(event);
  }

  private *faultProcess(fault: Fault): Generator<Event<any>, void, unknown> {
    const env = this.env;
    try {
      if (fault.at > 0) yield env.timeout(fault.at);
    } catch (e) {
      if (e instanceof Interrupt) return; // cancelled before it started
      throw e;
    }
    const undo = this.applyFault(fault);
    this.activeFaults.add(fault);
    this.emit({ time: env.now, fault: fault.id, kind: "start", node: fault.target, detail: fault.label });
    const end = Math.min(fault.at + fault.duration, this.horizon);
    let endedBy: string | undefined;
    try {
      if (end > env.now) yield env.timeout(end - env.now);
    } catch (e) {
      if (!(e instanceof Interrupt)) throw e;
      endedBy = String(e.cause);
    }
    if (endedBy !== undefined || fault.at + fault.duration <= this.horizon) {
      undo();
      this.activeFaults.delete(fault);
      this.emit({ time: env.now, fault: fault.id, kind: "end", node: fault.target, detail: endedBy });
    }
  }

  /** Ends the active (or future) faults of these kinds on a node, as an operator's fix would. */
  private endFaults(node: string, kinds: readonly FaultKind[], cause: string): void {
    for (const [fault, process] of this.faultProcesses)
      if (fault.target === node && kinds.includes(fault.kind) && process.isAlive && fault.at <= this.env.now) process.interrupt(cause);
  }

  private *interventionProcess(action: ScheduledIntervention): Generator<Event<any>, void, unknown> {
    const env = this.env;
    if (action.time > 0) yield env.timeout(action.time);
    const topo = this.topology;
    const s = this.state;
    const node = "node" in action ? action.node : action.from;
    const v = topo.indexOf.get(node)!;
    let detail = "";
    switch (action.kind) {
      case "failover": {
        const g = topo.group[v];
        if (g < 0 || topo.groups[g].mode !== "active-passive") {
          detail = `no primary/standby pair around ${node}: nothing to fail over`;
          break;
        }
        const current = s.active[g];
        const target = action.to ? topo.indexOf.get(action.to)! : topo.groups[g].members.find((m) => m !== current && !s.down[m]);
        if (target === undefined || s.down[target] || !topo.groups[g].members.includes(target)) {
          detail = `no healthy standby to promote in ${topo.groups[g].name}`;
          break;
        }
        s.active[g] = target;
        s.replicationLag[target] = 0;
        this.groupDetection[g] = 0;
        detail = `promoted ${topo.ids[target]} in place of ${topo.ids[current]}`;
        break;
      }
      case "scale_out": {
        if (!(s.capacity[v] > 0)) {
          detail = `${node} serves no requests itself: nothing to scale`;
          break;
        }
        const factor = (s.servers[v] + action.instances) / s.servers[v];
        s.servers[v] += action.instances;
        s.capacity[v] *= factor;
        detail = `capacity × ${factor.toFixed(2)}`;
        break;
      }
      case "rollback":
        this.endFaults(node, ["bad_deployment"], `rollback at ${env.now}`);
        detail = "bad deployments rolled back";
        break;
      case "rate_limit":
        s.rateLimit[v] = action.rps;
        detail = `at most ${action.rps} requests/s accepted`;
        break;
      case "reroute": {
        const to = topo.indexOf.get(action.to)!;
        s.drained[v] = 1;
        s.rerouteTo[v] = to;
        detail = `traffic of ${action.from} sent to ${action.to}`;
        break;
      }
      case "restart": {
        const restartS = action.restartS ?? 60;
        this.endFaults(node, ["memory_leak", "cpu_hog"], `restart at ${env.now}`);
        s.crashed[v]++;
        s.leak[v] = 0;
        this.availabilityDirty = true;
        this.emit({ time: env.now, fault: "", kind: "intervention", node, detail: `${action.id}: restarting (${restartS} s)` });
        yield env.timeout(restartS);
        s.crashed[v]--;
        this.availabilityDirty = true;
        this.emit({ time: env.now, fault: "", kind: "restart", node, detail: `${action.id}: back after restart` });
        return;
      }
    }
    this.emit({ time: env.now, fault: "", kind: "intervention", node, detail: `${action.id} ${action.kind}: ${detail}` });
  }

  /** Applies a fault's effect now and returns the function that reverts it. */
  private applyFault(fault: Fault): () => void {
    const topo = this.topology;
    const s = this.state;
    const p = fault.params;
    const v = fault.target === "*" ? -1 : topo.indexOf.get(fault.target)!;
    const dirty = () => {
      this.availabilityDirty = true;
    };
    switch (fault.kind as FaultKind) {
      case "load_surge": {
        const m = Number(p.multiplier);
        const targets = v < 0 ? Array.from(this.services) : [v];
        for (const t of targets) s.surge[t] *= m;
        return () => {
          for (const t of targets) s.surge[t] /= m;
        };
      }
      case "network_outage":
      case "node_crash":
        s.crashed[v]++;
        dirty();
        return () => {
          s.crashed[v]--;
          dirty();
        };
      case "database_crash": {
        s.crashed[v]++;
        dirty();
        const g = topo.group[v];
        const previousDetection = g >= 0 ? this.groupDetection[g] : 0;
        if (g >= 0 && Number(p.detectionDelay) >= 0) this.groupDetection[g] = Number(p.detectionDelay);
        const lagAtCrash = Number(p.replicationLagS);
        if (g >= 0) for (const m of topo.groups[g].members) if (m !== v) s.replicationLag[m] = Math.max(s.replicationLag[m], lagAtCrash);
        return () => {
          s.crashed[v]--;
          if (g >= 0) this.groupDetection[g] = previousDetection;
          // Back as a standby that must catch up on what it missed.
          if (g >= 0 && s.active[g] !== v) s.replicationLag[v] = Math.min(fault.duration / 10, 600);
          dirty();
        };
      }
      case "network_latency": {
        const added = Number(p.addedMs);
        const nodes = NETWORK_KINDS.has(topo.kind[v]) ? nodesBehind(topo, s, v) : [v];
        for (const x of nodes) s.extraLatency[x] += added;
        s.effectsDirty = true;
        return () => {
          for (const x of nodes) s.extraLatency[x] -= added;
          s.effectsDirty = true;
        };
      }
      case "memory_leak": {
        const rate = Number(p.ratePerHour);
        this.leakRate[v] += rate;
        this.leaking.add(v);
        return () => {
          this.leakRate[v] -= rate;
          if (this.leakRate[v] <= 1e-12) this.leaking.delete(v);
          s.leak[v] = 0;
        };
      }
      case "disk_full": {
        const rate = Number(p.ratePerHour);
        const err = Number(p.errorRate);
        const before = s.diskExtra[v];
        if (rate === 0) s.diskExtra[v] += 1;
        s.diskRate[v] += rate;
        s.diskFullError[v] = err;
        return () => {
          s.diskRate[v] -= rate;
          s.diskExtra[v] = Math.min(before, s.diskExtra[v]);
          s.diskFullError[v] = 0;
        };
      }
      case "bad_deployment": {
        const err = Number(p.errorRate);
        const slow = Number(p.slowdown) || 1;
        s.extraError[v] = 1 - (1 - s.extraError[v]) * (1 - err);
        s.slowdown[v] *= slow;
        return () => {
          s.extraError[v] = err >= 1 ? 0 : Math.max(0, 1 - (1 - s.extraError[v]) / (1 - err));
          s.slowdown[v] /= slow;
        };
      }
      case "cpu_hog": {
        const keep = 1 - Math.min(0.95, Number(p.share));
        s.capacityFactor[v] *= keep;
        s.effectsDirty = true;
        return () => {
          s.capacityFactor[v] /= keep;
          s.effectsDirty = true;
        };
      }
      case "dependency_timeout": {
        const dep = p.dependency ? topo.indexOf.get(String(p.dependency))! : -1;
        s.timeoutDep[v] = dep;
        s.timeoutMs[v] = Number(p.timeoutMs);
        s.timeoutError[v] = Number(p.errorRate);
        return () => {
          s.timeoutDep[v] = -2;
          s.timeoutMs[v] = 0;
          s.timeoutError[v] = 0;
        };
      }
    }
  }
}

function subscribe<T>(list: Observer<T>[], fn: Observer<T>): () => void {
  if (typeof fn !== "function") throw invalidArgument("Twin.subscribe", "observer", "a function", fn);
  list.push(fn);
  return () => {
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
  };
}

/** The device itself, plus every node that is reachable only through it (found by taking it out and looking again). */
export function nodesBehind(topo: TwinTopology, s: TwinState, device: number): number[] {
  const before = s.reachable.slice();
  const crashedBefore = s.crashed[device];
  s.crashed[device]++;
  updateAvailability(topo, s);
  const out = [device];
  for (let v = 0; v < topo.n; v++) if (before[v] && !s.reachable[v] && v !== device && topo.host[v] < 0) out.push(v);
  // Direct neighbours (servers on the device) pay the latency even when another path exists.
  const { offsets, targets } = topo.network;
  for (let k = offsets[device]; k < offsets[device + 1]; k++) if (!out.includes(targets[k])) out.push(targets[k]);
  s.crashed[device] = crashedBefore;
  updateAvailability(topo, s);
  return out;
}

/** Draws random faults per eligible node from exponential times between failures (MTBF) and log-normal repair times (mean MTTR). */
export function drawRandomFaults(topo: TwinTopology, rates: RandomFaultRates, horizon: number, streams: RandomStreams): Fault[] {
  const api = "createTwin";
  const rng = streams.stream("faults");
  const out: Fault[] = [];
  const allowed = rates.targets ? new Set(rates.targets) : null;
  if (rates.targets) for (const id of rates.targets) if (!topo.indexOf.has(id)) throw invalidArgument(api, "randomFaults.targets", "node ids of the topology", id);
  const kindNames = Object.keys(K);
  for (const [kind, rate] of Object.entries(rates.kinds)) {
    if (!rate) continue;
    const eligible = FAULT_TARGET_KINDS[kind as FaultKind];
    if (!eligible) throw invalidArgument(api, `randomFaults.kinds.${kind}`, "a fault kind", kind);
    const mtbf = parseDuration(rate.mtbf, api, `randomFaults.kinds.${kind}.mtbf`);
    const mttr = parseDuration(rate.mttr, api, `randomFaults.kinds.${kind}.mttr`);
    if (mtbf <= 0 || mttr <= 0) throw invalidArgument(api, `randomFaults.kinds.${kind}`, "mtbf and mttr > 0", rate);
    const sigma = 0.6;
    for (let v = 0; v < topo.n; v++) {
      if (!eligible.includes(kindNames[topo.kind[v]]) || topo.kind[v] === K.business_service) continue;
      if (allowed && !allowed.has(topo.ids[v])) continue;
      let t = rng.exponential(1 / mtbf);
      let count = 0;
      while (t < horizon) {
        const duration = Math.max(60, Math.round(rng.lognormal(Math.log(mttr) - (sigma * sigma) / 2, sigma)));
        const at = Math.round(t);
        count++;
        out.push({
          id: `r-${kind}-${topo.ids[v]}-${count}`,
          kind: kind as FaultKind,
          target: topo.ids[v],
          at,
          duration,
          params: { ...defaultsFor(kind as FaultKind), ...(rate.params ?? {}) },
          origin: "random",
        });
        t = at + duration + rng.exponential(1 / mtbf);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

function defaultsFor(kind: FaultKind): Record<string, number | string> {
  return { ...FAULT_DEFAULTS[kind] };
}

/** What a run produced: the metrics store, the ground truth, and the twin itself for further steps. */
export class TwinResult {
  readonly metrics: MetricsStore;
  readonly groundTruth: GroundTruth;
  readonly horizon: number;
  readonly stepSeconds: number;
  readonly seed: number | string;
  readonly endTime: number;

  constructor(readonly twin: Twin) {
    this.metrics = twin.metrics;
    this.groundTruth = twin.groundTruth();
    this.horizon = twin.horizon;
    this.stepSeconds = twin.stepSeconds;
    this.seed = twin.seed;
    this.endTime = twin.now;
  }

  /** Business service node ids, most critical tier first. */
  get services(): string[] {
    const topo = this.twin.topology;
    const out: number[] = [];
    for (let v = 0; v < topo.n; v++) if (topo.kind[v] === K.business_service) out.push(v);
    return out.sort((a, b) => topo.tier[a] - topo.tier[b] || (topo.ids[a] < topo.ids[b] ? -1 : 1)).map((v) => topo.ids[v]);
  }
}
