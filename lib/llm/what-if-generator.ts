// Deterministic what-if proposals (fault params use the twin's names: see FAULT_DEFAULTS in lib/twin/faults.ts) from a topology: N-1 on critical nodes, a load surge, a leak, then N-2 pairs.
import { formatDuration } from "../time";
import { clockTime } from "./neighbourhood";
import type { TopologyNode, WhatIf, WhatIfContext, WhatIfFault, WhatIfFaultKind } from "./types";

/** When faults start and how long they last, as fractions of the horizon. */
export const WHAT_IF_DEFAULTS = { startFraction: 0.25, durationFraction: 0.25, minDurationSeconds: 60, surgeFactor: 3, leakPerHour: 0.25 };

/** The fault that breaks a node of each kind in the most telling way. */
export const FAULT_BY_NODE_KIND: Record<string, { kind: WhatIfFaultKind; params?: Record<string, number | string> }> = {
  database: { kind: "database_crash" },
  router: { kind: "network_outage" },
  switch: { kind: "network_outage" },
  firewall: { kind: "network_outage" },
  load_balancer: { kind: "network_latency", params: { addedMs: 500 } },
  application: { kind: "bad_deployment", params: { errorRate: 0.3 } },
  server: { kind: "node_crash" },
  vm: { kind: "node_crash" },
  storage: { kind: "disk_full" },
  queue: { kind: "node_crash" },
  business_service: { kind: "load_surge", params: { multiplier: WHAT_IF_DEFAULTS.surgeFactor } },
};

// Kinds broken first when the context names no critical nodes.
const KIND_PRIORITY = ["database", "router", "firewall", "load_balancer", "switch", "storage", "queue", "application", "server", "vm"];

/** Up to `n` what-ifs for the context, in a fixed order, skipping faults the scenario already has. */
export function generateWhatIfCandidates(context: WhatIfContext, n: number): WhatIf[] {
  const byId = new Map(context.topologyNodes.map((node) => [node.id, node]));
  const critical = criticalNodes(context, byId);
  const horizon = context.horizonSeconds;
  const at = Math.floor(horizon * WHAT_IF_DEFAULTS.startFraction);
  const duration = Math.max(WHAT_IF_DEFAULTS.minDurationSeconds, Math.floor(horizon * WHAT_IF_DEFAULTS.durationFraction));
  const existing = new Set((context.existingFaults ?? []).map((f) => `${f.kind}@${f.target}`));
  const fresh = (fault: WhatIfFault) => !existing.has(`${fault.kind}@${fault.target}`);
  const out: WhatIf[] = [];
  const push = (whatIf: WhatIf) => {
    if (out.length < n && whatIf.faults.every(fresh) && !out.some((w) => w.name === whatIf.name)) out.push(whatIf);
  };
  const faultFor = (node: TopologyNode, start = at): WhatIfFault => {
    const play = FAULT_BY_NODE_KIND[node.kind] ?? { kind: "node_crash" as const };
    return { kind: play.kind, target: node.id, at: start, duration, ...(play.params ? { params: { ...play.params } } : {}) };
  };
  const span = `at ${clockTime(at)} for ${formatDuration(duration)}`;

  for (const node of critical) {
    const fault = faultFor(node);
    push({
      name: `N-1: ${fault.kind} on ${node.id}`,
      description: `What if ${node.id} (${node.kind}) suffers ${fault.kind.replace(/_/g, " ")} ${span}? Tests its failover and the blast radius on what depends on it.`,
      faults: [fault],
    });
  }
  const surgeTarget = context.topologyNodes.find((node) => node.kind === "business_service") ?? critical.find((node) => node.kind === "load_balancer" || node.kind === "application");
  if (surgeTarget) {
    push({
      name: `Load surge x${WHAT_IF_DEFAULTS.surgeFactor} on ${surgeTarget.id}`,
      description: `What if traffic to ${surgeTarget.id} triples ${span} (payday, month-end batch)? Tests capacity headroom and autoscaling.`,
      faults: [{ kind: "load_surge", target: surgeTarget.id, at, duration, params: { multiplier: WHAT_IF_DEFAULTS.surgeFactor } }],
    });
  }
  const leakTarget = critical.find((node) => node.kind === "application") ?? context.topologyNodes.find((node) => node.kind === "application");
  if (leakTarget) {
    push({
      name: `Memory leak on ${leakTarget.id}`,
      description: `What if ${leakTarget.id} leaks memory from ${clockTime(at)} until the end of the run? Tests whether alerts fire before it fails.`,
      faults: [{ kind: "memory_leak", target: leakTarget.id, at, duration: Math.max(WHAT_IF_DEFAULTS.minDurationSeconds, horizon - at), params: { ratePerHour: WHAT_IF_DEFAULTS.leakPerHour } }],
    });
  }
  for (let i = 0; i < critical.length && out.length < n; i++) {
    for (let j = i + 1; j < critical.length && out.length < n; j++) {
      const a = critical[i];
      const b = critical[j];
      push({
        name: `N-2: ${a.id} + ${b.id}`,
        description: `What if ${a.id} (${a.kind}) and ${b.id} (${b.kind}) fail together ${span}? Tests redundancy that shares a failure domain.`,
        faults: [faultFor(a), faultFor(b)],
      });
    }
  }
  for (const node of critical.filter((c) => c.kind === "server" || c.kind === "vm")) {
    push({
      name: `CPU hog on ${node.id}`,
      description: `What if a runaway process pins the CPU of ${node.id} ${span}? Tests noisy-neighbour effects on what it hosts.`,
      faults: [{ kind: "cpu_hog", target: node.id, at, duration, params: { share: 0.9 } }],
    });
  }
  return out;
}

function criticalNodes(context: WhatIfContext, byId: Map<string, TopologyNode>): TopologyNode[] {
  const named = context.criticalNodes.map((id) => byId.get(id)).filter((node): node is TopologyNode => node !== undefined);
  if (named.length > 0) return named;
  return context.topologyNodes
    .filter((node) => KIND_PRIORITY.includes(node.kind))
    .sort((a, b) => KIND_PRIORITY.indexOf(a.kind) - KIND_PRIORITY.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, 10);
}
