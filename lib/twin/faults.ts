// The fault library: typed fault records, their parameters and documented effects, validated before a run starts.
import { MAX_FAULT_PARAM, MAX_LOAD_FACTOR } from "../limits";
import { invalidArgument, notFound, ValidationError, type Problem } from "../errors";
import { describeValue, didYouMean } from "../errors";
import { parseDuration, parseSimTime } from "../time";

/**
 * Every fault kind and its effect on the twin:
 * - load_surge: the target business service's demand (or every service's, target "*") × `multiplier`.
 * - network_outage: the target network device (router, switch, firewall, load_balancer) is down; nodes reachable only through it become unreachable (a partition).
 * - network_latency: `addedMs` on every request that crosses the target device or reaches the target node.
 * - database_crash: the database is down; after `detectionDelay` (the twin's failoverDetection unless set) its standby (replicates_to) is promoted and takes the load, with `replicationLagS` of lag at promotion; at the end the crashed node comes back as the standby.
 * - node_crash: the node (and everything it hosts) is down for the duration, then restarts.
 * - memory_leak: RAM grows by `ratePerHour` (share of RAM) until it reaches 100 %: out of memory, the node crashes for `restartS` and RAM resets; repeats until the fault ends.
 * - disk_full: disk usage climbs by `ratePerHour` (or is full at once with rate 0) and writes fail: errors `errorRate` while full.
 * - bad_deployment: the application's own error rate rises to `errorRate` and its service time × `slowdown` until rollback (the end of the fault).
 * - cpu_hog: a runaway process takes `share` of the target's CPU capacity.
 * - dependency_timeout: calls from the target application to `dependency` (or to all its dependencies) time out: + `timeoutMs` latency and `errorRate` errors.
 */
export const FAULT_KINDS = [
  "load_surge",
  "network_outage",
  "network_latency",
  "database_crash",
  "node_crash",
  "memory_leak",
  "disk_full",
  "bad_deployment",
  "cpu_hog",
  "dependency_timeout",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Default parameters per fault kind (numbers; durations in seconds). */
export const FAULT_DEFAULTS: { [K in FaultKind]: Record<string, number | string> } = {
  load_surge: { multiplier: 2 },
  network_outage: {},
  network_latency: { addedMs: 150 },
  database_crash: { detectionDelay: -1, replicationLagS: 5 },
  node_crash: {},
  memory_leak: { ratePerHour: 0.25, restartS: 180 },
  disk_full: { ratePerHour: 0, errorRate: 0.6 },
  bad_deployment: { errorRate: 0.3, slowdown: 1.5 },
  cpu_hog: { share: 0.6 },
  dependency_timeout: { timeoutMs: 3000, errorRate: 0.2, dependency: "" },
};

/** Which node kinds each fault may target. */
export const FAULT_TARGET_KINDS: { [K in FaultKind]: readonly string[] } = {
  load_surge: ["business_service", "application"],
  network_outage: ["router", "switch", "firewall", "load_balancer"],
  network_latency: ["router", "switch", "firewall", "load_balancer", "server", "vm", "application", "database"],
  database_crash: ["database"],
  node_crash: ["server", "vm", "application", "database", "queue", "storage", "router", "switch", "firewall", "load_balancer"],
  memory_leak: ["application", "database", "vm", "server", "queue"],
  disk_full: ["database", "storage", "queue", "server", "vm"],
  bad_deployment: ["application"],
  cpu_hog: ["server", "vm", "application", "database"],
  dependency_timeout: ["application"],
};

/** A fault as a user writes it: times as seconds or text ("10:00", "30m"). */
export interface FaultSpec {
  kind: FaultKind | string;
  /** Node id, or "*" for load_surge on every service. */
  target: string;
  /** When it starts: seconds, "10:00", "d2 10:00", "90m". */
  at: number | string;
  /** How long it lasts: seconds or "30m". */
  duration: number | string;
  params?: Record<string, number | string>;
  /** Free label shown in reports. */
  label?: string;
}

/** A validated fault with times in seconds and every parameter filled in. */
export interface Fault {
  id: string;
  kind: FaultKind;
  target: string;
  at: number;
  duration: number;
  params: Record<string, number | string>;
  label?: string;
  /** "scheduled" for faults the user wrote, "random" for draws from MTBF/MTTR. */
  origin: "scheduled" | "random";
}

/** What the validator needs to know about the graph. */
export interface FaultTargetLookup {
  kindOf(id: string): string | undefined;
  /** Every node id, for "did you mean" hints. */
  ids?(): Iterable<string>;
}

/**
 * Validates fault specs against the graph before a run: unknown kind, unknown target, a target of the wrong kind,
 * negative duration, unknown or non-numeric parameters. Every problem is reported at once.
 */
export function validateFaults(specs: readonly FaultSpec[], graph: FaultTargetLookup, api = "validateFaults", path = "$.faults"): Fault[] {
  if (!Array.isArray(specs)) throw invalidArgument(api, "faults", "an array of fault specs", specs);
  const problems: Problem[] = [];
  const out: Fault[] = [];
  specs.forEach((spec, i) => {
    const p = `${path}[${i}]`;
    const before = problems.length;
    if (spec === null || typeof spec !== "object") {
      problems.push({ path: p, message: `expected a fault object but found ${describeValue(spec)}`, value: spec });
      return;
    }
    const kind = spec.kind as FaultKind;
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      problems.push({ path: `${p}.kind`, message: `unknown fault kind ${describeValue(spec.kind)}; expected one of ${FAULT_KINDS.join(", ")}`, value: spec.kind });
      return;
    }
    let at = 0;
    let duration = 0;
    try {
      at = parseSimTime(spec.at, api, `${p}.at`);
    } catch {
      problems.push({ path: `${p}.at`, message: `expected a time such as 600, "10:00", "d2 10:00" or "90m" but found ${describeValue(spec.at)}`, value: spec.at });
    }
    try {
      duration = parseDuration(spec.duration, api, `${p}.duration`);
    } catch {
      problems.push({ path: `${p}.duration`, message: `expected a duration such as "30m", "1h30m" or a number of seconds >= 0 but found ${describeValue(spec.duration)}`, value: spec.duration });
    }
    if (typeof spec.target !== "string" || spec.target === "") {
      problems.push({ path: `${p}.target`, message: `expected a node id but found ${describeValue(spec.target)}`, value: spec.target });
    } else if (!(spec.target === "*" && kind === "load_surge")) {
      const targetKind = graph.kindOf(spec.target);
      if (targetKind === undefined)
        problems.push({ path: `${p}.target`, message: `node ${describeValue(spec.target)} not found in the topology.${graph.ids ? didYouMean(spec.target, graph.ids()) : ""}`, value: spec.target });
      else if (!FAULT_TARGET_KINDS[kind].includes(targetKind))
        problems.push({
          path: `${p}.target`,
          message: `a ${kind} cannot target ${describeValue(spec.target)}, a ${targetKind}; it targets ${FAULT_TARGET_KINDS[kind].join(", ")}`,
          value: spec.target,
        });
    }
    const params: Record<string, number | string> = { ...FAULT_DEFAULTS[kind] };
    for (const [key, value] of Object.entries((spec.params ?? {}) as Record<string, unknown>)) {
      if (!Object.prototype.hasOwnProperty.call(FAULT_DEFAULTS[kind], key)) {
        const known = Object.keys(FAULT_DEFAULTS[kind]);
        problems.push({ path: `${p}.params.${key}`, message: `unknown parameter ${describeValue(key)} for ${kind}; known: ${known.length ? known.join(", ") : "none"}`, value });
        continue;
      }
      const expectsNumber = typeof FAULT_DEFAULTS[kind][key] === "number";
      let v = value as number | string;
      if (expectsNumber && key !== "detectionDelay" && key !== "restartS") {
        // Bounded so that no parameter can push the model to Infinity or NaN.
        const max = key === "multiplier" ? MAX_LOAD_FACTOR : MAX_FAULT_PARAM;
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
          problems.push({ path: `${p}.params.${key}`, message: `expected a number in [0, ${max}] but found ${describeValue(value)}`, value });
          continue;
        }
      } else if (expectsNumber) {
        try {
          v = parseDuration(value as number | string, api, `${p}.params.${key}`);
        } catch {
          problems.push({ path: `${p}.params.${key}`, message: `expected a duration such as "90s" or "3m" but found ${describeValue(value)}`, value });
          continue;
        }
      } else if (typeof value !== "string") {
        problems.push({ path: `${p}.params.${key}`, message: `expected a string but found ${describeValue(value)}`, value });
        continue;
      }
      params[key] = v;
    }
    if (kind === "cpu_hog" && !((params.share as number) <= 1)) problems.push({ path: `${p}.params.share`, message: `expected a share in [0, 1] but found ${params.share}`, value: params.share });
    if ((kind === "bad_deployment" || kind === "disk_full" || kind === "dependency_timeout") && !((params.errorRate as number) <= 1))
      problems.push({ path: `${p}.params.errorRate`, message: `expected a rate in [0, 1] but found ${params.errorRate}`, value: params.errorRate });
    if (kind === "dependency_timeout" && params.dependency !== "" && graph.kindOf(params.dependency as string) === undefined)
      problems.push({ path: `${p}.params.dependency`, message: `node ${describeValue(params.dependency)} not found in the topology`, value: params.dependency });
    if (problems.length > before) return;
    out.push({ id: `f${i + 1}-${kind}-${spec.target}`, kind, target: spec.target, at, duration, params, label: spec.label, origin: "scheduled" });
  });
  if (problems.length > 0) throw new ValidationError(api, problems, "the fault list");
  return out;
}

/** Per-kind failure statistics for random faults: mean time between failures per node and mean time to repair. */
export interface RandomFaultRates {
  /** Fault kinds to draw, each with the MTBF of one eligible node and the MTTR (seconds or text). */
  kinds: Partial<Record<FaultKind, { mtbf: number | string; mttr: number | string; params?: Record<string, number | string> }>>;
  /** Restrict draws to these node ids (default: every node of an eligible kind). */
  targets?: string[];
}

/** Default rates: crashes a few times a year per node, repairs in minutes to an hour. */
export const DEFAULT_RANDOM_FAULTS: RandomFaultRates = {
  kinds: {
    node_crash: { mtbf: "90d", mttr: "20m" },
    database_crash: { mtbf: "120d", mttr: "30m" },
    memory_leak: { mtbf: "60d", mttr: "4h" },
    bad_deployment: { mtbf: "45d", mttr: "40m" },
    network_outage: { mtbf: "180d", mttr: "15m" },
    disk_full: { mtbf: "150d", mttr: "1h" },
    cpu_hog: { mtbf: "60d", mttr: "30m" },
  },
};

/** Looks up a fault kind's eligible target kinds; throws for an unknown kind. */
export function faultTargetKinds(kind: string, api = "faultTargetKinds"): readonly string[] {
  const kinds = FAULT_TARGET_KINDS[kind as FaultKind];
  if (!kinds) throw notFound(api, "fault kind", kind, `Known kinds: ${FAULT_KINDS.join(", ")}.`);
  return kinds;
}
