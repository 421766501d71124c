// Resolves fault target selectors ({kind: "database", tag: "core", pick: "random"}) to node ids, deterministically.
import { describeValue, ValidationError, type Problem } from "../errors";
import type { Rng } from "../random";
import type { FaultSpec } from "../twin";
import type { ScenarioFault, TargetSelector } from "./format";

/** What selectors read of the graph. */
export interface SelectableNode {
  id: string;
  kind: string;
  tier?: number;
  tags: readonly string[];
}

/** The nodes a selector matches, sorted by id. */
export function matchSelector(nodes: readonly SelectableNode[], selector: TargetSelector): SelectableNode[] {
  const re = selector.match !== undefined ? new RegExp(selector.match) : undefined;
  return nodes
    .filter(
      (n) =>
        (selector.id === undefined || n.id === selector.id) &&
        (selector.kind === undefined || n.kind === selector.kind) &&
        (selector.tag === undefined || n.tags.includes(selector.tag)) &&
        (selector.tier === undefined || n.tier === selector.tier) &&
        (re === undefined || re.test(n.id)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Turns scenario faults into twin fault specs: string targets stay, selectors become one fault per picked node.
 * A selector that matches nothing is an error naming the fault and the selector.
 */
export function resolveFaultTargets(faults: readonly ScenarioFault[], nodes: readonly SelectableNode[], rng: Rng, api = "resolveFaultTargets"): FaultSpec[] {
  const out: FaultSpec[] = [];
  const problems: Problem[] = [];
  faults.forEach((fault, i) => {
    if (typeof fault.target === "string") {
      out.push(fault as FaultSpec);
      return;
    }
    const selector = fault.target;
    const matches = matchSelector(nodes, selector);
    if (matches.length === 0) {
      problems.push({ path: `$.faults[${i}].target`, message: `selector ${describeValue(selector)} matches no node of the topology`, value: selector });
      return;
    }
    const pick = selector.pick ?? "first";
    let chosen: SelectableNode[];
    if (pick === "all") chosen = matches;
    else if (pick === "random") chosen = rng.shuffle(matches).slice(0, Math.min(selector.count ?? 1, matches.length));
    else chosen = matches.slice(0, 1);
    for (const node of chosen) out.push({ ...fault, target: node.id, label: fault.label ?? `${fault.kind} on ${node.id}` });
  });
  if (problems.length > 0) throw new ValidationError(api, problems, "the fault targets");
  return out;
}
