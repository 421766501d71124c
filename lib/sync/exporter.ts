// The twin as a Prometheus exporter: predicted, observed and deviation values and alert states in the exposition format, through prom-client.
import { Gauge, Registry } from "prom-client";
import { invalidArgument } from "../errors";
import { TWIN_METRICS } from "../metrics";
import type { Twin } from "../twin";

const DEFAULTS = { prefix: "infratwin" };

/** An alert as the exporter needs it: any of the rule engine's active alerts fits. */
export interface ExportedAlert {
  rule: string;
  node: string;
  kind: "pending" | "firing";
  severity?: string;
}

/**
 * One step's values, as the exporter serves them until the next. Each series array holds one array per entry of
 * `metrics`, indexed like `nodes`; NaN is "no value" and is not exported (a missing sample stays missing).
 */
export interface ExporterSnapshot {
  /** Time of the step in seconds (the twin's simulated time, or epoch seconds in a sync). */
  time: number;
  nodes: readonly string[];
  metrics: readonly string[];
  predicted?: readonly ArrayLike<number>[];
  observed?: readonly ArrayLike<number>[];
  /** observed − predicted. */
  deviation?: readonly ArrayLike<number>[];
  /** Robust z-score of the deviation. */
  z?: readonly ArrayLike<number>[];
  /** Active alerts (pending or firing). */
  alerts?: readonly ExportedAlert[];
  /** Steps so far that had no observed data (a sync's gaps). */
  gapSteps?: number;
}

/** Options of `createTwinExporter`. */
export interface TwinExporterOptions {
  /** Metric name prefix: `infratwin_predicted`, … (default "infratwin"). */
  prefix?: string;
  /** Register into this registry; a new one by default (never prom-client's global registry). */
  registry?: Registry;
}

type SeriesKey = "predicted" | "observed" | "deviation" | "z";

/**
 * Serves a twin's latest step to Prometheus: `<prefix>_predicted{node,metric}`, `<prefix>_observed`,
 * `<prefix>_deviation` (observed − predicted), `<prefix>_deviation_z`, `<prefix>_alert_state{rule,node,state,severity}`
 * (1 per active alert), `<prefix>_step_time_seconds` and `<prefix>_gap_steps`. Values are read when Prometheus
 * scrapes, so a step costs one copy of its arrays and nothing else.
 */
export class TwinExporter {
  /** The exporter's own registry. */
  readonly registry: Registry;
  private snapshot: ExporterSnapshot | undefined;
  private alertSource: (() => readonly ExportedAlert[]) | undefined;

  constructor(options: TwinExporterOptions = {}) {
    const prefix = options.prefix ?? DEFAULTS.prefix;
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) throw invalidArgument("createTwinExporter", "options.prefix", "a Prometheus metric name prefix such as \"infratwin\"", prefix);
    this.registry = options.registry ?? new Registry();
    const self = this;
    const series = (key: SeriesKey, name: string, help: string) =>
      new Gauge({
        name: `${prefix}_${name}`,
        help,
        labelNames: ["node", "metric"],
        registers: [this.registry],
        collect() {
          this.reset();
          const snap = self.snapshot;
          const columns = snap?.[key];
          if (snap === undefined || columns === undefined) return;
          snap.metrics.forEach((metric, m) => {
            const values = columns[m];
            for (let i = 0; i < snap.nodes.length; i++) {
              const v = values[i];
              if (v === v) this.set({ node: snap.nodes[i], metric }, v);
            }
          });
        },
      });
    series("predicted", "predicted", "The twin's predicted value of a node's metric at the latest step.");
    series("observed", "observed", "The observed value of a node's metric at the latest step (absent when nothing was observed).");
    series("deviation", "deviation", "Observed minus predicted at the latest step.");
    series("z", "deviation_z", "Robust z-score of the deviation at the latest step.");
    new Gauge({
      name: `${prefix}_alert_state`,
      help: "1 for each active alert of the twin's rules, labelled with its state (pending or firing).",
      labelNames: ["rule", "node", "state", "severity"],
      registers: [this.registry],
      collect() {
        this.reset();
        const alerts = self.alertSource?.() ?? self.snapshot?.alerts ?? [];
        for (const a of alerts) this.set({ rule: a.rule, node: a.node, state: a.kind, severity: a.severity ?? "" }, 1);
      },
    });
    new Gauge({
      name: `${prefix}_step_time_seconds`,
      help: "Time of the latest step the exporter serves (simulated seconds, or epoch seconds in a sync).",
      registers: [this.registry],
      collect() {
        this.reset();
        if (self.snapshot !== undefined) this.set(self.snapshot.time);
      },
    });
    new Gauge({
      name: `${prefix}_gap_steps`,
      help: "Steps so far without observed data (Prometheus unreachable or silent), recorded as gaps.",
      registers: [this.registry],
      collect() {
        this.reset();
        this.set(self.snapshot?.gapSteps ?? 0);
      },
    });
  }

  /** Serves `snapshot` from now on (its arrays are copied, so the caller may reuse them). */
  update(snapshot: ExporterSnapshot): void {
    const copy = (columns: readonly ArrayLike<number>[] | undefined, field: string) => {
      if (columns === undefined) return undefined;
      if (columns.length !== snapshot.metrics.length || columns.some((c) => c.length !== snapshot.nodes.length)) {
        throw invalidArgument("TwinExporter.update", `snapshot.${field}`, `one array per metric (${snapshot.metrics.length}), each of one value per node (${snapshot.nodes.length})`, `${columns.length} arrays`);
      }
      return columns.map((c) => Float64Array.from(c));
    };
    this.snapshot = {
      time: snapshot.time,
      nodes: [...snapshot.nodes],
      metrics: [...snapshot.metrics],
      predicted: copy(snapshot.predicted, "predicted"),
      observed: copy(snapshot.observed, "observed"),
      deviation: copy(snapshot.deviation, "deviation"),
      z: copy(snapshot.z, "z"),
      alerts: snapshot.alerts?.map((a) => ({ rule: a.rule, node: a.node, kind: a.kind, severity: a.severity })),
      gapSteps: snapshot.gapSteps,
    };
  }

  /**
   * Serves a plain twin run: after every step its values become the predicted series; alert states are read from
   * `options.alerts` (e.g. `() => engine.alerts()`) at each scrape. Returns a function that stops watching.
   */
  watchTwin(twin: Twin, options: { alerts?: () => readonly ExportedAlert[] } = {}): () => void {
    this.alertSource = options.alerts;
    const metrics = [...TWIN_METRICS];
    const stop = twin.onStep((view) => this.update({ time: view.time, nodes: view.topology.ids, metrics, predicted: view.columns }));
    if (twin.steps > 0) {
      const view = twin.view();
      this.update({ time: view.time, nodes: view.topology.ids, metrics, predicted: view.columns });
    }
    return () => {
      stop();
      this.alertSource = undefined;
    };
  }

  /** The exposition text Prometheus scrapes. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type header of `metrics()`. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A twin exporter with its own prom-client registry. */
export function createTwinExporter(options: TwinExporterOptions = {}): TwinExporter {
  return new TwinExporter(options);
}
