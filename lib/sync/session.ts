// A sync session: the twin stepped in lockstep with production, driven by observed load, compared metric by metric every step.
import type Graph from "graphology";
import { InvalidArgumentError, invalidArgument } from "../errors";
import type { GraphStore } from "../graph";
import type { LiveSample } from "../ingest/live";
import { MetricsStore } from "../metrics";
import { createRuleEngine, type AlertTransition, type Incident, type RuleAlert, type RuleEngine } from "../rules";
import { TwinFactSource, twinRuleTopology } from "../scenarios/twin-facts";
import { createTwin, setNodeParameters, TWIN_KINDS, type Twin, type TwinState } from "../twin";
import { parseDuration, SimCalendar } from "../time";
import { deviationOptions, DeviationTracker } from "./deviation";
import { EpisodeTracker } from "./episodes";
import { SyncFactSource } from "./facts";
import { ObservedLoad } from "./load-mapping";
import { SYNC_METRICS, type DeviationEpisode, type ObservedStep, type SyncMetric, type SyncOptions, type SyncStep } from "./types";

const API = "openSync";
/** The twin's state array behind each compared metric. */
const STATE_OF: Record<SyncMetric, keyof TwinState> = { cpu: "cpu", ram: "ram", latency_ms: "latency", error_rate: "errorRate", status: "status" };

/** Opens a sync session on a graph: nothing runs until `advance`. */
export function openSync(graph: Graph | GraphStore, options: SyncOptions): SyncSession {
  return new SyncSession(graph, options);
}

/** Ms since 1970 of a session's start option. */
export function startMsOf(start: unknown, api = API): number {
  if (typeof start === "number" && Number.isFinite(start)) return start;
  if (typeof start === "string") {
    try {
      return new SimCalendar(start).epochMs;
    } catch {
      /* reported below */
    }
  }
  throw invalidArgument(api, "start", 'ms since 1970 or an ISO timestamp such as "2026-11-24T00:00:00Z"', start);
}

/**
 * The twin in lockstep with production. Each `advance` closes one step: the step's observed request rates drive the
 * twin's business services (the load model stands in for services without data), the twin computes the step, and
 * its prediction of cpu, ram, latency_ms, error_rate and status is compared with what production reported; deviations
 * feed z-scores, episodes and the rules. Synchronous: it never awaits, so a live loop can call it from any callback.
 */
export class SyncSession {
  readonly twin: Twin;
  /** The twin's graph: graphology node attributes read the current step's predicted values. */
  readonly graph: Graph;
  readonly startMs: number;
  readonly stepMs: number;
  /** Predicted, observed and robust-z values of every step, node × step (times in seconds from `start`, step start). */
  readonly predicted: MetricsStore;
  readonly observed: MetricsStore;
  readonly z: MetricsStore;
  /** Steps computed without any observation because the data skipped them. */
  gapSteps = 0;
  private readonly load: ObservedLoad;
  private readonly tracker: DeviationTracker;
  private readonly episodeTracker: EpisodeTracker;
  private readonly twinFacts: TwinFactSource;
  private readonly facts: SyncFactSource;
  private readonly engine: RuleEngine | undefined;
  private readonly count: Record<SyncMetric, Float64Array>;
  private readonly unknownNodes = new Set<string>();
  private firingCache: RuleAlert[] = [];

  constructor(graph: Graph | GraphStore, options: SyncOptions) {
    if (options === null || typeof options !== "object") throw invalidArgument(API, "options", "an object with at least `start`", options);
    this.startMs = startMsOf(options.start);
    const stepSeconds = parseDuration(options.step ?? 60, API, "step");
    if (!(stepSeconds > 0)) throw invalidArgument(API, "step", "a duration > 0", options.step);
    this.stepMs = stepSeconds * 1000;
    const dev = deviationOptions(options.deviation, API);
    let load: ObservedLoad | undefined;
    this.twin = createTwin(graph, {
      seed: options.seed,
      start: new Date(this.startMs).toISOString(),
      step: stepSeconds,
      horizon: options.horizon ?? "30d",
      faults: options.faults,
      load: options.load,
      record: options.record,
      realism: options.realism,
      loadOverride: (t, factor) => load!.apply(t, factor),
    });
    const topo = this.twin.topology;
    load = this.load = new ObservedLoad(topo, options.loadMapping, API);
    if (options.calibration !== undefined) {
      if (options.calibration === null || options.calibration.kind !== "calibration" || typeof options.calibration.nodes !== "object")
        throw invalidArgument(API, "calibration", "what calibrate() returned ({kind: \"calibration\", nodes})", options.calibration);
      setNodeParameters(this.twin, options.calibration.nodes, { api: `${API}: calibration.nodes` });
    }
    this.graph = this.twin.graph;
    this.tracker = new DeviationTracker(topo.n, dev);
    this.count = Object.fromEntries(SYNC_METRICS.map((m) => [m, new Float64Array(topo.n)])) as Record<SyncMetric, Float64Array>;
    const ruleSet = options.rules;
    let maxWindow = 300;
    for (const rule of ruleSet?.rules ?? []) for (const f of rule.facts) if (f.params && f.params.window > maxWindow) maxWindow = f.params.window;
    this.twinFacts = new TwinFactSource(this.twin, maxWindow);
    this.facts = new SyncFactSource(this.twinFacts, this.tracker);
    this.engine = ruleSet ? createRuleEngine(ruleSet, { topology: twinRuleTopology(this.twin) }) : undefined;
    if (this.engine && this.engine.fallbackRules.length > 0)
      throw invalidArgument(API, "rules", "rules the compiled evaluator runs (a session never awaits json-rules-engine)", this.engine.fallbackRules.map((f) => `${f.rule}: ${f.reason}`).join("; "));
    // Direct dependents (O(1)): the transitive count costs a graph walk per node, too much for thousands of episodes.
    this.episodeTracker = new EpisodeTracker(
      { kind: (v) => TWIN_KINDS[topo.kind[v]], tier: (v) => topo.tier[v], nodeId: (v) => topo.ids[v], dependents: (v) => topo.dependents.offsets[v + 1] - topo.dependents.offsets[v] + topo.hosted.offsets[v + 1] - topo.hosted.offsets[v] },
      topo.n,
      dev,
      stepSeconds / 60,
    );
    const store = () =>
      new MetricsStore({
        nodes: topo.ids,
        kinds: Array.from(topo.kind, (k) => TWIN_KINDS[k]),
        metrics: SYNC_METRICS,
        stepSeconds,
        epoch: this.startMs,
        record: options.record ? { ...options.record, metrics: options.record.metrics?.filter((m) => (SYNC_METRICS as readonly string[]).includes(m)) } : undefined,
      });
    this.predicted = store();
    this.observed = store();
    this.z = store();
  }

  /** Steps computed so far. */
  get steps(): number {
    return this.twin.steps;
  }

  /** Ms since 1970 at which the next step ends: the `time` the next `advance` expects. */
  get nextTime(): number {
    return this.startMs + (this.twin.steps + 1) * this.stepMs;
  }

  /**
   * Closes the step ending at `observed.time`: drives the twin with its request rates, compares, scores, evaluates
   * rules. A time more than half a step past `nextTime` means the data skipped steps: they are computed without
   * observations (counted in `gapSteps`; held rates, then the load model, drive them). Times must move forward.
   */
  advance(observed: ObservedStep): SyncStep {
    const api = "SyncSession.advance";
    if (observed === null || typeof observed !== "object" || !Array.isArray(observed.samples)) throw invalidArgument(api, "observed", "{time, samples: LiveSample[]}", observed);
    const time = observed.time;
    if (typeof time !== "number" || !Number.isFinite(time)) throw invalidArgument(api, "observed.time", "ms since 1970 of the step's end", time);
    if (time < this.nextTime - this.stepMs / 2)
      throw new InvalidArgumentError(`${api}: expected observed.time at or after ${new Date(this.nextTime).toISOString()} (the end of step ${this.steps}) but found ${new Date(time).toISOString()}; steps move forward one at a time.`);
    while (time >= this.nextTime + this.stepMs / 2) {
      this.compute([]);
      this.gapSteps++;
    }
    return this.compute(observed.samples);
  }

  /** Deviation episodes so far, highest score first (open ones have end null). */
  episodes(): DeviationEpisode[] {
    return this.episodeTracker.episodes();
  }

  /** Alerts pending or firing now. */
  alerts(): RuleAlert[] {
    return this.engine ? this.engine.alerts() : [];
  }

  /** Every alert so far, resolved ones included. */
  allAlerts(): RuleAlert[] {
    return this.engine ? this.engine.allAlerts() : [];
  }

  /** Incidents the rule engine grouped so far. */
  incidents(): Incident[] {
    return this.engine ? this.engine.incidents() : [];
  }

  /** Services that ran on the load model at some step, and nodes in the data the topology does not have. */
  warnings(): string[] {
    const unknown = [...this.unknownNodes];
    const shown = unknown.slice(0, 10).map((id) => `"${id}"`).join(", ");
    return [...this.load.warnings(), ...(unknown.length > 0 ? [`${unknown.length} observed node(s) not in the topology were ignored: ${shown}${unknown.length > 10 ? ", ..." : ""}`] : []), ...(this.gapSteps > 0 ? [`${this.gapSteps} step(s) had no data and ran on held or modelled load`] : [])];
  }

  private compute(samples: readonly LiveSample[]): SyncStep {
    const topo = this.twin.topology;
    const t = this.tracker;
    this.load.begin();
    t.clearObserved();
    for (const m of SYNC_METRICS) this.count[m].fill(0);
    for (const sample of samples) {
      if (this.load.take(sample)) continue;
      const m = sample.metric as SyncMetric;
      const obs = t.observed[m];
      if (obs === undefined) continue;
      const v = topo.indexOf.get(sample.node);
      if (v === undefined) {
        if (this.unknownNodes.size < 10000) this.unknownNodes.add(sample.node);
        continue;
      }
      const x = sample.value;
      if (x !== x) continue;
      // Several samples of one node and metric in a step: their mean.
      const c = ++this.count[m][v];
      obs[v] = c === 1 ? x : obs[v] + (x - obs[v]) / c;
    }
    const view = this.twin.step();
    const s = this.twin.state;
    for (const m of SYNC_METRICS) t.predicted[m].set(s[STATE_OF[m]] as Float64Array);
    t.score();
    const time = this.startMs + (view.step + 1) * this.stepMs;
    const newEpisodes = this.episodeTracker.update(time, t.z, t.deviation);
    let transitions: AlertTransition[] = [];
    if (this.engine) {
      this.twinFacts.push(view.time);
      transitions = this.engine.evaluate(view.time, this.facts);
      if (transitions.length > 0) this.firingCache = this.engine.alerts().filter((a) => a.kind === "firing");
    }
    const columns = (arrays: Readonly<Record<SyncMetric, Float64Array>>) => SYNC_METRICS.map((m) => arrays[m]);
    this.predicted.append(view.time, columns(t.predicted));
    this.observed.append(view.time, columns(t.observed));
    this.z.append(view.time, columns(t.z));
    return {
      time,
      step: view.step,
      predicted: t.predicted,
      observed: t.observed,
      deviation: t.deviation,
      z: t.z,
      newEpisodes,
      firing: this.firingCache,
      transitions,
      observedServices: this.load.observedCount,
      modelServices: this.load.modelCount,
    };
  }
}
