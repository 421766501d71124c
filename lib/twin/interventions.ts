// Corrective actions an operator (or the supervisor) can take during a run: the "fix" that a fork of a scenario tries.
import { describeValue, didYouMean, ValidationError, type Problem } from "../errors";
import { parseSimTime } from "../time";

/**
 * What each intervention does to the twin at time `at`:
 * - failover: promote the standby of `node`'s primary/standby pair now (or `to`, a named member), without waiting for detection.
 * - scale_out: add `instances` servers' worth of capacity to `node`.
 * - add_replica: (structural) give `node` a standby; applied to the graph before the run by the scenario runner, so `at` is ignored here.
 * - restart: `node` is down for `restartS` (60 s), then comes back clean: memory leaks, CPU hogs and crashes (node or
 *   database) on it end; a bad deployment, a full disk or a network outage does not.
 * - rollback: bad deployments on `node` end.
 * - rate_limit: `node` accepts at most `rps` requests/s; the excess is rejected (errors at `node`), protecting what it calls.
 * - reroute: `from` is drained and its traffic goes to `to`.
 */
export type Intervention =
  | { kind: "failover"; node: string; to?: string; at: number | string }
  | { kind: "scale_out"; node: string; instances: number; at: number | string }
  | { kind: "add_replica"; node: string; at?: number | string }
  | { kind: "restart"; node: string; at: number | string; restartS?: number }
  | { kind: "rollback"; node: string; at: number | string }
  | { kind: "rate_limit"; node: string; rps: number; at: number | string }
  | { kind: "reroute"; from: string; to: string; at: number | string };

export type InterventionKind = Intervention["kind"];
export const INTERVENTION_KINDS: readonly InterventionKind[] = ["failover", "scale_out", "add_replica", "restart", "rollback", "rate_limit", "reroute"];

/** A validated intervention with its time in seconds. */
export type ScheduledIntervention = Intervention & { time: number; id: string };

/** Checks interventions against the graph: kind, node ids, numbers; every problem at once. */
export function validateInterventions(
  list: readonly Intervention[],
  graph: { kindOf(id: string): string | undefined; ids?(): Iterable<string> },
  api = "validateInterventions",
  path = "$.interventions",
): ScheduledIntervention[] {
  const problems: Problem[] = [];
  const out: ScheduledIntervention[] = [];
  if (!Array.isArray(list)) throw new ValidationError(api, [{ path, message: `expected an array but found ${describeValue(list)}`, value: list }]);
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const before = problems.length;
    if (!item || typeof item !== "object" || !INTERVENTION_KINDS.includes((item as Intervention).kind)) {
      problems.push({ path: `${p}.kind`, message: `unknown intervention ${describeValue((item as Intervention)?.kind)}; expected one of ${INTERVENTION_KINDS.join(", ")}`, value: item });
      return;
    }
    const nodeFields = item.kind === "reroute" ? ["from", "to"] : item.kind === "failover" && item.to !== undefined ? ["node", "to"] : ["node"];
    for (const field of nodeFields) {
      const id = (item as unknown as Record<string, unknown>)[field];
      if (typeof id !== "string" || graph.kindOf(id) === undefined)
        problems.push({ path: `${p}.${field}`, message: `node ${describeValue(id)} not found in the topology.${graph.ids ? didYouMean(id, graph.ids()) : ""}`, value: id });
    }
    let time = 0;
    if (item.kind !== "add_replica" || item.at !== undefined) {
      try {
        time = parseSimTime((item as { at: number | string }).at, api, `${p}.at`);
      } catch (e) {
        problems.push({ path: `${p}.at`, message: (e as Error).message, value: (item as { at: unknown }).at });
      }
    }
    // Bounded so that no intervention can push the model's arithmetic to Infinity (the action policy is stricter still).
    if (item.kind === "scale_out" && !(Number.isFinite(item.instances) && item.instances > 0 && item.instances <= 10_000))
      problems.push({ path: `${p}.instances`, message: `expected a number in (0, 10000] but found ${describeValue(item.instances)}`, value: item.instances });
    if (item.kind === "rate_limit" && !(Number.isFinite(item.rps) && item.rps > 0 && item.rps <= 1e9))
      problems.push({ path: `${p}.rps`, message: `expected a number in (0, 1e9] but found ${describeValue(item.rps)}`, value: item.rps });
    if (item.kind === "restart" && item.restartS !== undefined && !(Number.isFinite(item.restartS) && item.restartS >= 0 && item.restartS <= 86400))
      problems.push({ path: `${p}.restartS`, message: `expected seconds in [0, 86400] but found ${describeValue(item.restartS)}`, value: item.restartS });
    if (item.kind === "reroute" && item.from === item.to) problems.push({ path: `${p}.to`, message: `expected a node other than from (${describeValue(item.from)})`, value: item.to });
    if (problems.length > before) return;
    out.push({ ...item, time, id: `a${i + 1}-${item.kind}` } as ScheduledIntervention);
  });
  if (problems.length > 0) throw new ValidationError(api, problems, "the interventions");
  return out;
}
