// Observed request rates → the twin's business-service load factors, with a hold for short gaps and the load model as fallback.
import { invalidArgument } from "../errors";
import type { LiveSample } from "../ingest/live";
import { TWIN_KINDS, type TwinTopology } from "../twin";
import { LOAD_METRICS, type LoadMapping } from "./types";

const SERVICE = TWIN_KINDS.indexOf("business_service");

/**
 * Per business service: the observed rate of the current step (NaN when none came), the last one seen and its age.
 * `collect` reads a step's samples; `apply` is the twin's `loadOverride` hook: it overwrites the factor of every
 * service with a fresh or held rate and leaves the load model's factor for the others.
 */
export class ObservedLoad {
  /** Business services by node number, in topology order. */
  readonly services: Int32Array;
  private readonly rate: Float64Array;
  private readonly age: Int32Array;
  private readonly metricRank = new Map<string, number>();
  private readonly rank: Int32Array;
  /** Samples averaged into the current step's rate. */
  private readonly count: Int32Array;
  private readonly alias = new Map<string, number>();
  private readonly holdSteps: number;
  /** Services that fell back to the load model at least once, and services never observed so far. */
  private readonly fellBack = new Set<number>();
  observedCount = 0;
  modelCount = 0;

  constructor(
    private readonly topo: TwinTopology,
    mapping: LoadMapping = {},
    api = "openSync",
  ) {
    const svc: number[] = [];
    for (let v = 0; v < topo.n; v++) if (topo.kind[v] === SERVICE) svc.push(v);
    this.services = Int32Array.from(svc);
    this.rate = new Float64Array(topo.n).fill(NaN);
    this.age = new Int32Array(topo.n).fill(1 << 30);
    this.rank = new Int32Array(topo.n);
    this.count = new Int32Array(topo.n);
    const metrics = mapping.metrics ?? LOAD_METRICS;
    if (!Array.isArray(metrics) || metrics.length === 0 || metrics.some((m) => typeof m !== "string")) throw invalidArgument(api, "loadMapping.metrics", "a non-empty array of metric names", metrics);
    metrics.forEach((m, i) => this.metricRank.set(m, i));
    for (const [from, to] of Object.entries(mapping.services ?? {})) {
      const v = topo.indexOf.get(to);
      if (v === undefined || topo.kind[v] !== SERVICE) throw invalidArgument(api, `loadMapping.services.${from}`, "the id of a business_service node", to);
      this.alias.set(from, v);
    }
    this.holdSteps = mapping.holdSteps ?? 5;
    if (!(Number.isInteger(this.holdSteps) && this.holdSteps >= 0)) throw invalidArgument(api, "loadMapping.holdSteps", "an integer >= 0", mapping.holdSteps);
  }

  /** Node number of a load sample's service, or -1 when the sample is not a service's request rate. */
  serviceOf(sample: LiveSample): number {
    if (!this.metricRank.has(sample.metric)) return -1;
    const v = this.alias.get(sample.node) ?? this.topo.indexOf.get(sample.node);
    return v !== undefined && this.topo.kind[v] === SERVICE ? v : -1;
  }

  /** Starts a step: ages every service's last rate. */
  begin(): void {
    for (const v of this.services) this.age[v]++;
  }

  /** Takes one sample if it is a service rate; returns whether it was. Several samples in a step: the mean of the preferred metric's. */
  take(sample: LiveSample): boolean {
    const v = this.serviceOf(sample);
    if (v < 0) return false;
    const value = sample.value;
    if (!(value >= 0 && Number.isFinite(value))) return true;
    const rank = this.metricRank.get(sample.metric)!;
    if (this.age[v] === 0 && rank > this.rank[v]) return true;
    if (this.age[v] === 0 && rank === this.rank[v]) {
      const c = ++this.count[v];
      this.rate[v] += (value - this.rate[v]) / c;
      return true;
    }
    this.rate[v] = value;
    this.rank[v] = rank;
    this.count[v] = 1;
    this.age[v] = 0;
    return true;
  }

  /** The twin's load hook: factor = rate / base rate for services with a fresh or held rate. */
  readonly apply = (_t: number, serviceFactor: Float64Array): void => {
    const { topo, rate, age, holdSteps } = this;
    let observed = 0;
    for (const v of this.services) {
      if (age[v] <= holdSteps && rate[v] === rate[v]) {
        const base = topo.baseRps[v];
        // A service with no base rate in the topology takes its observed rate as its base (set once).
        if (!(base > 0)) topo.baseRps[v] = Math.max(rate[v], 1e-9);
        serviceFactor[v] = rate[v] / topo.baseRps[v];
        observed++;
      } else this.fellBack.add(v);
    }
    this.observedCount = observed;
    this.modelCount = this.services.length - observed;
  };

  /** The observed rate a service runs on now (NaN when it runs on the load model). */
  rateOf(v: number): number {
    return this.age[v] <= this.holdSteps ? this.rate[v] : NaN;
  }

  /** One warning per service that ran on the load model at some step. */
  warnings(): string[] {
    return [...this.fellBack].map((v) => `service "${this.topo.ids[v]}" had no observed request rate (${[...this.metricRank.keys()].join(" / ")}) at some steps: the load model drove it there`);
  }
}
