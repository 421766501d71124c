// The twin: a graph, a load model and faults running on the simulation kernel, one tick process updating every node each step.
import { stepAndHorizonProblem } from "../limits";
import type Graph from "graphology";
import { didYouMean, invalidArgument, notFound } from "../errors";
import { STATUSES, type GraphologyStore, type GraphStore } from "../graph";
import { METRIC_UNITS, MetricsStore, TWIN_METRICS } from "../metrics";
import type { StatusName } from "../metrics/vocabulary";
import { RandomStreams } from "../random";
import { Environment, type Event, type Process } from "../sim";
import { parseDuration, parseSimTime, SimCalendar } from "../time";
import { updateAvailability } from "./availability";
import { faultProcess, failoverMonitor, oom } from "./fault-lifecycle";
import { DEFAULT_RANDOM_FAULTS, validateFaults, type Fault } from "./faults";
import { flowDemand } from "./flow";
import { installLiveAttributes, writeDynamicColumns } from "./graph-sync";
import { interventionProcess } from "./intervention-runtime";
import { validateInterventions, type ScheduledIntervention } from "./interventions";
import { LoadModel, loadShapeOf } from "./load";
import { computeMetrics } from "./model";
import { drawRandomFaults } from "./random-faults";
import { applyGraphParameters } from "./parameters";
import { realismParts, TelemetryRealism } from "./realism";
import { TwinResult } from "./result";
import type { TwinRuntime } from "./runtime";
import { calibrate } from "./sizing";
import { createState, type TwinState } from "./state";
import { buildTopology, K, toGraphStore, type TwinTopology } from "./topology";
import { TWIN_DEFAULTS, type FaultEvent, type GroundTruth, type ImpactRecord, type StatusChange, type StepView, type TwinOptions } from "./types";

const STATUS_NAMES: readonly StatusName[] = STATUSES;

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
  /** What monitoring records: the model's columns, or realistic copies of the measured ones. */
  private readonly observedColumns: Float64Array[];
  private readonly realism: TelemetryRealism | null;
  private readonly previousStatus: Float64Array;
  private readonly openImpact: (ImpactRecord | null)[];
  /** Internals shared with the fault, failover and intervention processes. */
  private readonly rt: TwinRuntime;
  private readonly stepObservers: Observer<StepView>[] = [];
  private readonly statusObservers: Observer<StatusChange>[] = [];
  private readonly faultObservers: Observer<FaultEvent>[] = [];
  /** Stores without live attribute objects get the dynamic columns written after every step. */
  private readonly writeEachStep: boolean;
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
    // Sizing at the estate's own known peak (the busiest payday or month-end hour of its calendar), then a
    // quiet-hour pass for latency baselines.
    const peak = new Float64Array(topo.n);
    const knownPeak = { banking: this.load.knownPeak("banking"), batch: this.load.knownPeak("batch") };
    svc.forEach((v, k) => (peak[v] = knownPeak[shapes[k]]));
    updateAvailability(topo, this.state);
    if (options.sizing !== undefined && options.sizing !== "planned" && options.sizing !== "graph") throw invalidArgument(api, "sizing", '"planned" or "graph"', options.sizing);
    calibrate(topo, this.state, peak, streams.stream("sizing"), options.sizing === "graph");
    applyGraphParameters(this.store, topo, this.state);
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
    const parts = realismParts(options.realism ?? TWIN_DEFAULTS.realism, api);
    if (Object.values(parts).some((x) => x > 0)) {
      const measured = (["cpu", "ram", "latency_ms", "error_rate", "throughput"] as const).map((m) => TWIN_METRICS.indexOf(m));
      this.realism = new TelemetryRealism(topo.n, measured, measured.map((c) => METRIC_UNITS[TWIN_METRICS[c]].startsWith("ratio")), parts, streams.stream("realism"), this.stepSeconds);
      this.observedColumns = this.columns.map((c, i) => (measured.includes(i) ? new Float64Array(topo.n) : c));
    } else {
      this.realism = null;
      this.observedColumns = this.columns;
    }
    this.previousStatus = new Float64Array(topo.n);
    this.openImpact = new Array(topo.n).fill(null);
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
    this.rt = {
      env: this.env,
      topology: topo,
      state: this.state,
      horizon: this.horizon,
      services: this.services,
      leakRate: new Float64Array(topo.n),
      leaking: new Set<number>(),
      groupDetection: new Float64Array(topo.groups.length).fill(parseDuration(options.failoverDetection ?? TWIN_DEFAULTS.failoverDetection, api, "failoverDetection")),
      downSince: new Float64Array(topo.groups.length).fill(-1),
      failoverGroups: topo.groups.map((g, gi) => (g.mode === "active-passive" ? gi : -1)).filter((gi) => gi >= 0),
      activeFaults: new Set<Fault>(),
      faultProcesses: new Map<Fault, Process<void>>(),
      availabilityDirty: true,
      emit: (event) => this.emit(event),
    };
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
    return { time: (this.stepIndex - 1) * this.stepSeconds, step: this.stepIndex - 1, topology: this.topology, state: this.state, columns: this.observedColumns };
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
    for (const fault of this.faults) this.rt.faultProcesses.set(fault, env.process(faultProcess(this.rt, fault)));
    for (const action of this.interventions) if (action.kind !== "add_replica") env.process(interventionProcess(this.rt, action));
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
    const rt = this.rt;
    for (const v of rt.leaking) {
      s.leak[v] += rt.leakRate[v] * hours;
      if (s.ram[v] + rt.leakRate[v] * hours >= 1 && s.crashed[v] === 0) oom(rt, v, t);
    }
    // Nightly housekeeping (log rotation, purges) gives back the disk a day of normal work used, except where a disk is filling up for real.
    if (t > 0 && t % 86400 === 0) for (let v = 0; v < topo.n; v++) if (s.diskRate[v] === 0 && s.diskExtra[v] < 0.5) s.diskExtra[v] = 0;
    if (rt.availabilityDirty) {
      updateAvailability(topo, s);
      rt.availabilityDirty = false;
    }
    failoverMonitor(rt, t);
    this.load.factors(t, this.shapeFactor);
    for (let k = 0; k < this.services.length; k++) this.serviceFactor[this.services[k]] = this.shapeFactor[k];
    this.options.loadOverride?.(t, this.serviceFactor);
    flowDemand(topo, s, this.serviceFactor);
    computeMetrics(topo, s, this.stepSeconds);
    this.detectChanges(t);
    if (this.realism) this.realism.observe(this.columns, this.observedColumns);
    this.metrics.append(t, this.observedColumns);
    if (this.writeEachStep) this.syncGraph();
    this.stepIndex++;
    if (this.stepObservers.length > 0) {
      const view: StepView = { time: t, step: this.stepIndex - 1, topology: topo, state: s, columns: this.observedColumns };
      for (const fn of this.stepObservers) fn(view);
    }
  }

  /**
   * Makes graphology's node attributes read the twin's current values (live accessors for every dynamic attribute,
   * see graph-sync.ts); other stores get the columns written. Called at creation; call again after replacing a
   * node's attributes.
   */
  syncGraph(): void {
    if (this.graph) installLiveAttributes(this.graph, this.topology, this.state);
    else writeDynamicColumns(this.store, this.state);
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
      faults: [...this.rt.activeFaults].map((f) => f.id),
    };
    this.impacts.push(impact);
    this.openImpact[v] = impact;
    void before;
  }

  private emit(event: FaultEvent): void {
    this.events.push(event);
    for (const fn of this.faultObservers) fn(event);
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
