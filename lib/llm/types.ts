// The supervisor's vocabulary: the plain-data inputs it reads, the typed answers it gives, and the Supervisor interface.
import { FAULT_KINDS } from "../twin/faults";

// ---------------------------------------------------------------------------
// Inputs (plain data; the lead maps twin, graph and rules outputs onto these)
// ---------------------------------------------------------------------------

/** One node of an incident's neighbourhood, with its current dynamic state and its edges. */
export interface ContextNode {
  id: string;
  kind: string;
  /** Current status as the twin reports it ("up", "degraded", "down", "standby", ...). */
  status: string;
  /** Utilisation 0..1. */
  cpu?: number;
  /** Error ratio 0..1. */
  error_rate?: number;
  latency_ms?: number;
  /** Nodes this node needs (upstream). */
  dependsOn: string[];
  /** Nodes that need this node (downstream). */
  dependents: string[];
  redundancyGroup?: string;
  /** The node that takes over when this one fails. */
  standby?: string;
  /** Predicted probability (0..1) that the node fails within the risk model's horizon, when a risk model runs. */
  risk?: number;
}

/** One firing alert inside an incident. */
export interface IncidentAlert {
  rule: string;
  node: string;
  nodeKind: string;
  severity: string;
  value?: number;
  /** Simulated seconds at which the alert started firing. */
  since: number;
  /** Simulated seconds at which it stopped firing, when it already did (it fired, then cleared). */
  until?: number;
  /** Silenced by a firing cause alert on something it depends on: a symptom, not a root. */
  inhibited?: boolean;
  summary?: string;
}

/** A root-cause candidate computed by the graph module (upstream analysis). */
export interface GraphRootCandidate {
  node: string;
  /** 0..1 */
  score: number;
  reason: string;
}

/** An incident: grouped alerts, the business services they touch, and the nodes around them. */
export interface IncidentInput {
  id: string;
  /** Simulated seconds the incident concerns. */
  time: number;
  severity: "info" | "warning" | "critical";
  alerts: IncidentAlert[];
  /** Affected business services. */
  services: string[];
  rootCandidates?: GraphRootCandidate[];
  context: { nodes: ContextNode[] };
}

/** One business service as the state summary sees it. */
export interface ServiceState {
  id: string;
  name: string;
  tier: string | number;
  status: string;
  /** 0..1 over the run so far. */
  availability?: number;
  p95LatencyMs?: number;
}

/** One firing alert in the state summary. */
export interface FiringAlert {
  rule: string;
  node: string;
  severity: string;
  since: number;
}

/** The whole estate at one simulated time. */
export interface StateInput {
  /** Simulated seconds. */
  time: number;
  services: ServiceState[];
  firing: FiringAlert[];
  incidents: IncidentInput[];
  /** The nodes a failure-risk model ranks highest right now (risk 0..1, highest first), when one runs. */
  atRisk?: AtRiskNode[];
}

/** A node a failure-risk model expects to fail soon. */
export interface AtRiskNode {
  id: string;
  kind: string;
  risk: number;
  status: string;
}

/** A fault already planned in the scenario (so what-ifs do not repeat it). */
export interface FaultLike {
  kind: string;
  target: string;
  at?: number;
  duration?: number;
}

/** One node of the topology, as what-if generation sees it. */
export interface TopologyNode {
  id: string;
  kind: string;
  tier?: string | number;
  tags?: string[];
}

/** What a what-if generator may target and over which horizon. */
export interface WhatIfContext {
  topologyNodes: TopologyNode[];
  /** Node ids worth breaking first (single points of failure, tier-1 dependencies). */
  criticalNodes: string[];
  /** Simulated seconds a scenario runs; faults start and end inside it. */
  horizonSeconds: number;
  existingFaults?: FaultLike[];
}

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------

/** Which supervisor wrote an answer: the offline heuristic or a model behind an OpenAI-compatible API. */
export type SupervisorName = "heuristic" | `openai:${string}`;

/** Something the caller should know about how an answer was obtained. */
export type SupervisorWarning =
  /** The model could not answer (after retries); the heuristic answered instead. */
  | { kind: "fallback"; request: RequestKind; reason: string }
  /** The model's first reply failed its schema; a corrected reply was asked for and accepted. */
  | { kind: "repaired"; request: RequestKind; problems: string[] }
  /** The server refused a response format; later requests use the weaker one. */
  | { kind: "format_downgrade"; from: ResponseFormatMode; to: ResponseFormatMode; reason: string }
  /** The model refused a request parameter (reasoning models refuse temperature); later requests omit it. */
  | { kind: "parameter_dropped"; parameter: string; reason: string }
  /** A cached reply no longer parsed or validated and was ignored. */
  | { kind: "cache_ignored"; request: RequestKind; reason: string };

/** The supervisor's four questions, as request kinds. */
export type RequestKind = "summarize" | "diagnose" | "propose_actions" | "generate_what_ifs";

/** How a reply is constrained: a JSON Schema the server enforces, any JSON object, or prompt instructions only. */
export type ResponseFormatMode = "json_schema" | "json_object" | "plain";

/** Tokens a model answer cost; absent for the heuristic. */
export interface AnswerUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the reply came from the response cache (no tokens spent this run). */
  cached: boolean;
}

/** A plain-language summary of the estate at one time. */
export interface Summary {
  kind: "summary";
  supervisor: SupervisorName;
  /** Simulated seconds the summary concerns. */
  time: number;
  text: string;
  highlights: string[];
  warnings: SupervisorWarning[];
  usage?: AnswerUsage;
}

/** One ranked root-cause candidate. */
export interface DiagnosisCandidate {
  node: string;
  /** 0..1 */
  confidence: number;
  evidence: string[];
}

/** Ranked root-cause candidates for one incident, most likely first. */
export interface Diagnosis {
  kind: "diagnosis";
  supervisor: SupervisorName;
  incidentId: string;
  time: number;
  candidates: DiagnosisCandidate[];
  warnings: SupervisorWarning[];
  usage?: AnswerUsage;
}

/** Why an action is proposed and what it should change. */
export interface ActionReason {
  rationale: string;
  expectedEffect: string;
}

/** Switch a node's role to its standby (or a named peer). */
export interface FailoverAction extends ActionReason {
  kind: "failover";
  node: string;
  to?: string;
}
/** Add instances behind a saturated node. */
export interface ScaleOutAction extends ActionReason {
  kind: "scale_out";
  node: string;
  instances: number;
}
/** Give a node a replica (removes a single point of failure). */
export interface AddReplicaAction extends ActionReason {
  kind: "add_replica";
  node: string;
}
/** Restart a node (clears leaks, hung processes). */
export interface RestartAction extends ActionReason {
  kind: "restart";
  node: string;
}
/** Roll a node back to its previous deployment. */
export interface RollbackAction extends ActionReason {
  kind: "rollback";
  node: string;
  deployment?: string;
}
/** Cap the requests a node accepts. */
export interface RateLimitAction extends ActionReason {
  kind: "rate_limit";
  node: string;
  rps: number;
}
/** Send traffic around a node through another. */
export interface RerouteAction extends ActionReason {
  kind: "reroute";
  from: string;
  to: string;
}

/** A corrective action, keyed on `kind`. */
export type Action =
  | FailoverAction
  | ScaleOutAction
  | AddReplicaAction
  | RestartAction
  | RollbackAction
  | RateLimitAction
  | RerouteAction;

/** Every action kind, in the order playbooks list them. */
export const ACTION_KINDS = ["failover", "scale_out", "add_replica", "restart", "rollback", "rate_limit", "reroute"] as const;

/** The actions proposed for one incident, most urgent first. */
export interface ActionPlan {
  kind: "action_plan";
  supervisor: SupervisorName;
  incidentId: string;
  time: number;
  actions: Action[];
  warnings: SupervisorWarning[];
  usage?: AnswerUsage;
}

/** Every fault kind a what-if may inject: the twin's fault library. */
export const WHAT_IF_FAULT_KINDS = FAULT_KINDS;

/** A fault kind a what-if may inject. */
export type WhatIfFaultKind = (typeof WHAT_IF_FAULT_KINDS)[number];

/** One fault of a what-if scenario, in plain data. */
export interface WhatIfFault {
  kind: WhatIfFaultKind;
  target: string;
  /** Simulated seconds from the start of the run. */
  at: number;
  /** Simulated seconds. */
  duration: number;
  params?: Record<string, number | string>;
}

/** A what-if scenario: a named list of faults to inject. */
export interface WhatIf {
  name: string;
  description: string;
  faults: WhatIfFault[];
}

/** A proposed what-if that failed validation, kept with its problems so it is reported rather than dropped. */
export interface RejectedWhatIf {
  index: number;
  scenario: unknown;
  errors: { path: string; message: string }[];
}

/** What-if scenarios proposed for a topology. */
export interface WhatIfSet {
  kind: "what_ifs";
  supervisor: SupervisorName;
  scenarios: WhatIf[];
  rejected: RejectedWhatIf[];
  warnings: SupervisorWarning[];
  usage?: AnswerUsage;
}

/** Any supervisor answer, keyed on `kind`. */
export type SupervisorAnswer = Summary | Diagnosis | ActionPlan | WhatIfSet;

// ---------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Token and request counts of a supervisor since it was made (or since `resetUsage`). */
export interface UsageTotals {
  /** Answers asked of the supervisor. */
  calls: number;
  /** HTTP requests sent (retries and repairs included). */
  requests: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cacheHits: number;
  repairs: number;
  fallbacks: number;
}

/** The supervisor: four questions, asked with plain data, answered with typed, validated data. */
export interface Supervisor {
  readonly name: SupervisorName;
  /** Summarises the estate at one time. */
  summarize(state: StateInput, options?: CallOptions): Promise<Summary>;
  /** Ranks root-cause candidates for an incident, with confidence and evidence. */
  diagnose(incident: IncidentInput, options?: CallOptions): Promise<Diagnosis>;
  /** Proposes corrective actions for an incident. */
  proposeActions(incident: IncidentInput, options?: CallOptions): Promise<ActionPlan>;
  /** Proposes up to `n` what-if scenarios; invalid proposals are returned in `rejected`. */
  generateWhatIfs(context: WhatIfContext, n: number, options?: CallOptions): Promise<WhatIfSet>;
  /** Token and request counts so far. */
  usage(): UsageTotals;
  /** Warnings recorded so far (fallbacks, repairs, format downgrades). */
  warnings(): readonly SupervisorWarning[];
}
