// Maps the graph module's root-cause candidates onto the supervisor's plain input (structurally: llm does not import graph).
import { percent } from "./neighbourhood";
import type { GraphRootCandidate } from "./types";

/** The fields of lib/graph's `RootCauseCandidate` the supervisor reads. */
export interface GraphRootCauseLike {
  id: string;
  score: number;
  coverage?: number;
  precision?: number;
  explains?: readonly string[];
  alerting?: boolean;
}

/** `rootCauseCandidates(graph, alerting)` → `IncidentInput.rootCandidates`, with a reason a person (or a model) can read. */
export function toGraphRootCandidates(candidates: readonly GraphRootCauseLike[]): GraphRootCandidate[] {
  return candidates.map((c) => {
    const parts: string[] = [];
    if (c.explains !== undefined) parts.push(`upstream of ${c.explains.length} alerting node${c.explains.length === 1 ? "" : "s"}`);
    const shares = [c.coverage === undefined ? "" : `coverage ${percent(c.coverage)}`, c.precision === undefined ? "" : `precision ${percent(c.precision)}`].filter((s) => s !== "");
    if (shares.length > 0) parts.push(`(${shares.join(", ")})`);
    if (c.alerting) parts.push("and alerting itself");
    return { node: c.id, score: c.score, reason: parts.length > 0 ? parts.join(" ") : "graph upstream analysis" };
  });
}
