// The offline supervisor: deterministic summaries, topology-based diagnoses, a playbook of actions and generated what-ifs.
import { invalidArgument } from "../errors";
import { rankRootCauses } from "./heuristic-diagnosis";
import { summarizeState } from "./heuristic-summary";
import { checkIncidentInput, checkStateInput, checkWhatIfContext } from "./input-schemas";
import { neighbourhood } from "./neighbourhood";
import { actionKey, playbookActions } from "./playbook";
import type {
  Action,
  ActionPlan,
  CallOptions,
  Diagnosis,
  IncidentInput,
  StateInput,
  Summary,
  Supervisor,
  SupervisorWarning,
  UsageTotals,
  WhatIfContext,
  WhatIfSet,
} from "./types";
import { emptyUsageTotals } from "./usage";
import { generateWhatIfCandidates } from "./what-if-generator";
import { validateWhatIfs } from "./what-if-validate";

/** Options of `HeuristicSupervisor`. */
export interface HeuristicSupervisorOptions {
  /** Proposes what-ifs instead of the built-in generator (e.g. the scenarios module's N-1 sweep); proposals are still validated. */
  whatIfGenerator?: (context: WhatIfContext, n: number) => readonly unknown[];
  /** Root candidates whose playbooks are followed: the top one, plus others at least this close to it (0..1). */
  secondaryRootShare?: number;
}

/** Defaults of `HeuristicSupervisorOptions`. */
export const HEURISTIC_DEFAULTS = { secondaryRootShare: 0.8, maxWhatIfs: 100 };

/** The offline supervisor: same interface as the model-backed one, no network, same answer for the same input. */
export class HeuristicSupervisor implements Supervisor {
  readonly name = "heuristic" as const;
  private readonly options: HeuristicSupervisorOptions;
  private calls = 0;

  /** `new HeuristicSupervisor()` */
  constructor(options: HeuristicSupervisorOptions = {}) {
    this.options = options;
  }

  /** Summarises the estate: unhealthy services, firing alerts, incidents and their likely roots. */
  async summarize(state: StateInput, options: CallOptions = {}): Promise<Summary> {
    options.signal?.throwIfAborted();
    checkStateInput("HeuristicSupervisor.summarize", state);
    this.calls++;
    const { text, highlights } = summarizeState(state);
    return { kind: "summary", supervisor: this.name, time: state.time, text, highlights, warnings: [] };
  }

  /** Ranks root causes: the most upstream unhealthy component shared by the alerting nodes comes first. */
  async diagnose(incident: IncidentInput, options: CallOptions = {}): Promise<Diagnosis> {
    options.signal?.throwIfAborted();
    checkIncidentInput("HeuristicSupervisor.diagnose", incident);
    this.calls++;
    return { kind: "diagnosis", supervisor: this.name, incidentId: incident.id, time: incident.time, candidates: rankRootCauses(incident), warnings: [] };
  }

  /** Follows the playbook of the likely root node(s): failover, scale out, rollback, reroute, restart, ... */
  async proposeActions(incident: IncidentInput, options: CallOptions = {}): Promise<ActionPlan> {
    options.signal?.throwIfAborted();
    checkIncidentInput("HeuristicSupervisor.proposeActions", incident);
    this.calls++;
    const hood = neighbourhood(incident);
    const candidates = rankRootCauses(incident);
    const share = this.options.secondaryRootShare ?? HEURISTIC_DEFAULTS.secondaryRootShare;
    const roots = candidates.filter((c, i) => i === 0 || c.confidence >= share * candidates[0].confidence);
    const actions: Action[] = [];
    const seen = new Set<string>();
    for (const root of roots) {
      const node = hood.nodes.get(root.node);
      if (!node) continue;
      for (const action of playbookActions({ hood, node, alerts: hood.alertsByNode.get(node.id) ?? [], services: incident.services })) {
        // A replica can be added only to what the twin can replicate: proposing one for a server would fail in the fork.
        if (action.kind === "add_replica" && !REPLICABLE_KINDS.has(node.kind)) continue;
        const key = actionKey(action);
        if (!seen.has(key)) {
          seen.add(key);
          actions.push(action);
        }
      }
    }
    return { kind: "action_plan", supervisor: this.name, incidentId: incident.id, time: incident.time, actions, warnings: [] };
  }

  /** Up to `n` what-ifs from the generator, validated against the context (rejected ones are listed, not dropped). */
  async generateWhatIfs(context: WhatIfContext, n: number, options: CallOptions = {}): Promise<WhatIfSet> {
    options.signal?.throwIfAborted();
    checkWhatIfCount("HeuristicSupervisor.generateWhatIfs", n);
    checkWhatIfContext("HeuristicSupervisor.generateWhatIfs", context);
    this.calls++;
    const proposals = this.options.whatIfGenerator ? this.options.whatIfGenerator(context, n).slice(0, n) : generateWhatIfCandidates(context, n);
    const { scenarios, rejected } = validateWhatIfs(proposals, context);
    return { kind: "what_ifs", supervisor: this.name, scenarios, rejected, warnings: [] };
  }

  /** Calls answered; the heuristic spends no tokens. */
  usage(): UsageTotals {
    return { ...emptyUsageTotals(), calls: this.calls };
  }

  /** The heuristic never warns. */
  warnings(): readonly SupervisorWarning[] {
    return [];
  }
}

/** Node kinds `add_replica` applies to (lib/scenarios' addReplica refuses the others). */
const REPLICABLE_KINDS: ReadonlySet<string> = new Set(["database", "application", "queue"]);

/** Throws unless `n` is a whole number of what-ifs within the supported range. */
export function checkWhatIfCount(api: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > HEURISTIC_DEFAULTS.maxWhatIfs) throw invalidArgument(api, "n", `an integer from 0 to ${HEURISTIC_DEFAULTS.maxWhatIfs}`, n);
}
