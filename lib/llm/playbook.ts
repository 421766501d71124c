// The heuristic playbook: from a root node's symptoms and kind to corrective actions (failover, scale out, rollback, reroute, ...).
import type { Neighbourhood } from "./neighbourhood";
import { isDown, percent, unhealthySigns } from "./neighbourhood";
import type { Action, ContextNode, IncidentAlert } from "./types";

/** What a node suffers from, read from its alerts and metrics. */
export type Symptom = "down" | "network" | "saturation" | "latency" | "errors" | "bad_deployment" | "memory" | "disk" | "dependency_timeout";

/** Target utilisation after a scale out. */
export const PLAYBOOK_DEFAULTS = { targetCpu: 0.6, maxInstances: 10, rateLimitShare: 0.8 };

const NETWORK_KINDS = new Set(["router", "switch", "firewall", "load_balancer"]);
const COMPUTE_KINDS = new Set(["application", "server", "vm"]);
const HOST_KINDS = new Set(["server", "vm", "storage"]);

// Ordered: the first matching pattern names the most specific symptom.
const PATTERNS: [Symptom, RegExp][] = [
  ["memory", /mem|oom|heap|leak|swap/i],
  ["disk", /disk|storage.?full|volume|inode|filesystem|\bfull\b/i],
  ["bad_deployment", /deploy|release|rollout|version|canary/i],
  ["dependency_timeout", /timeout|timed.?out/i],
  ["network", /network|packet|link|partition|route|bgp|interface|unreachable|connectivity/i],
  ["down", /down|crash|unavailable|heartbeat|health.?check|dead|not.?responding/i],
  ["saturation", /cpu|saturat|high.?load|overload|load.?surge|queue|throughput|utili[sz]ation|concurrency|pool|rps/i],
  ["latency", /latenc|slow|p9\d|response.?time/i],
  ["errors", /error|5xx|fail/i],
];

/** The symptoms of a node, most specific first, from its alerts (rule names and summaries) and its metrics. */
export function symptomsOf(node: ContextNode | undefined, alerts: readonly IncidentAlert[]): Symptom[] {
  const found = new Set<Symptom>();
  for (const alert of alerts) {
    const text = `${alert.rule} ${alert.summary ?? ""}`;
    for (const [symptom, pattern] of PATTERNS) if (pattern.test(text)) found.add(symptom);
  }
  if (isDown(node)) found.add("down");
  // A leak fast enough to kill the process before a memory alert's wait ends shows as out-of-memory kills.
  if ((node?.oomKills ?? 0) > 0 || (node?.ram ?? 0) >= 0.95) found.add("memory");
  for (const sign of unhealthySigns(node)) {
    if (sign.startsWith("cpu")) found.add("saturation");
    else if (sign.startsWith("error")) found.add("errors");
    else if (sign.startsWith("latency")) found.add("latency");
  }
  return PATTERNS.map(([s]) => s).filter((s) => found.has(s));
}

/** The node that should take over from `node`: its declared standby, else a healthy peer of its redundancy group. */
export function takeoverPeer(hood: Neighbourhood, node: ContextNode): string | undefined {
  if (node.standby !== undefined && node.standby !== node.id) return node.standby;
  if (node.redundancyGroup === undefined) return undefined;
  const peers = [...hood.nodes.values()]
    .filter((n) => n.id !== node.id && n.redundancyGroup === node.redundancyGroup && unhealthySigns(n).length === 0)
    .map((n) => n.id)
    .sort();
  return peers[0];
}

/** Inputs of one playbook lookup. */
export interface PlaybookInput {
  hood: Neighbourhood;
  node: ContextNode;
  alerts: readonly IncidentAlert[];
  /** Business services the incident touches, named in expected effects. */
  services: readonly string[];
}

/** The playbook's actions for one root node, most urgent first (no duplicates). */
export function playbookActions(input: PlaybookInput): Action[] {
  const { hood, node, alerts } = input;
  const symptoms = symptomsOf(node, alerts);
  const peer = takeoverPeer(hood, node);
  // Only a primary/standby pair fails over; a pool's members share the load already.
  const standby = node.standby !== undefined && node.standby !== node.id ? node.standby : undefined;
  const restores = input.services.length > 0 ? `restores ${input.services.join(", ")}` : "restores its dependents";
  const isNetwork = NETWORK_KINDS.has(node.kind);
  const isCompute = COMPUTE_KINDS.has(node.kind);
  const actions: Action[] = [];
  const add = (action: Action) => {
    const key = actionKey(action);
    if (!actions.some((a) => actionKey(a) === key)) actions.push(action);
  };

  // A host in trouble takes down the primaries it runs: promote their standbys now, before the detection delay.
  if (isDown(node) || symptoms.includes("saturation")) for (const hosted of hostedPrimariesDown(hood, node)) add({ kind: "failover", node: hosted.id, to: hosted.standby!, rationale: `${hosted.id} runs on ${node.id} and is down with it; ${hosted.standby} is its standby`, expectedEffect: `${hosted.standby} takes over without waiting for failure detection; ${restores}` });
  for (const symptom of symptoms) {
    switch (symptom) {
      case "down":
        // A primary with a standby fails over now rather than after the detection delay; a member of a pool (its
        // peers already carry the traffic) or a lone node is brought back by a restart.
        // An application that is "down" but still busy answering (with errors) is failing, not dead: the "errors" play
        // rolls it back; restarting it would start the same bad release again.
        if (node.kind === "application" && (node.cpu ?? 0) > 0 && (node.error_rate ?? 1) < 1) break;
        if (isNetwork && peer) add({ kind: "reroute", from: node.id, to: peer, rationale: `${node.id} (${node.kind}) is down and ${peer} can carry its traffic`, expectedEffect: `traffic flows through ${peer}; ${restores}` });
        else if (standby) add({ kind: "failover", node: node.id, to: standby, rationale: `${node.id} (${node.kind}) is down and ${standby} is its standby`, expectedEffect: `${standby} takes over; ${restores} once promoted` });
        else add({ kind: "restart", node: node.id, rationale: `${node.id} (${node.kind}) is down${peer ? `; its peers carry the load meanwhile` : " and has no standby to fail over to"}`, expectedEffect: `${restores} after the restart` });
        if (!peer) add({ kind: "add_replica", node: node.id, rationale: `${node.id} is a single point of failure`, expectedEffect: "the next failure of this node fails over instead of causing an outage" });
        break;
      case "network":
        if (peer) add({ kind: "reroute", from: node.id, to: peer, rationale: `network trouble on ${node.id}; ${peer} is a healthy path`, expectedEffect: `packets avoid ${node.id}; ${restores}` });
        else add({ kind: "restart", node: node.id, rationale: `network trouble on ${node.id} and no alternative path in its redundancy group`, expectedEffect: `clears a wedged interface or routing table; ${restores}` });
        break;
      case "saturation":
        if (isCompute) add({ kind: "scale_out", node: node.id, instances: instancesFor(node), rationale: `${node.id} is saturated${node.cpu === undefined ? "" : ` (cpu ${percent(node.cpu)})`}`, expectedEffect: `utilisation falls towards ${percent(PLAYBOOK_DEFAULTS.targetCpu)} and queueing latency drops` });
        else if (node.kind === "database" || node.kind === "storage") add({ kind: "add_replica", node: node.id, rationale: `${node.id} (${node.kind}) is saturated; a replica can take read load`, expectedEffect: "read load splits across replicas and latency drops" });
        else {
          const rps = rateLimitFor(alerts);
          if (rps !== undefined) add({ kind: "rate_limit", node: node.id, rps, rationale: `${node.id} (${node.kind}) is overloaded at the edge`, expectedEffect: `load behind ${node.id} stays under capacity; excess requests are shed early` });
          else if (peer) add({ kind: "reroute", from: node.id, to: peer, rationale: `${node.id} (${node.kind}) is saturated; ${peer} has headroom`, expectedEffect: "load spreads over both paths" });
        }
        break;
      case "latency":
        if (isNetwork && peer) add({ kind: "reroute", from: node.id, to: peer, rationale: `latency through ${node.id} is high; ${peer} is a healthy path`, expectedEffect: `round trips avoid ${node.id}` });
        else if (isCompute) add({ kind: "scale_out", node: node.id, instances: instancesFor(node), rationale: `${node.id} answers slowly, a sign of queueing`, expectedEffect: "queues shorten and p95 latency drops" });
        break;
      case "bad_deployment":
        add({ kind: "rollback", node: node.id, rationale: `errors on ${node.id} follow a deployment`, expectedEffect: `the previous version serves again; ${restores}` });
        break;
      case "errors":
        // Deployments happen to applications: a rollback of a server or VM changes nothing.
        if (node.kind === "application") add({ kind: "rollback", node: node.id, rationale: `${node.id} fails on its own (nothing it depends on is unhealthy): most often a bad deployment or configuration`, expectedEffect: `error rate returns to baseline if the last change caused it; ${restores}` });
        else if (isDown(node)) break; // the "down" play already brings it back
        else if (standby) add({ kind: "failover", node: node.id, to: standby, rationale: `${node.id} (${node.kind}) returns errors and ${standby} is healthy`, expectedEffect: `${standby} serves instead; ${restores}` });
        else add({ kind: "restart", node: node.id, rationale: `${node.id} (${node.kind}) returns errors and has no standby`, expectedEffect: `clears transient faults; ${restores}` });
        break;
      case "memory":
        // A leaking primary hands over to its standby first, so that its restart costs its callers nothing.
        if (standby && !isDown(node)) add({ kind: "failover", node: node.id, to: standby, rationale: `memory grows on ${node.id} and ${standby} is its standby: hand over before restarting it`, expectedEffect: `${standby} serves while ${node.id} restarts; ${restores}` });
        add({ kind: "restart", node: node.id, rationale: `memory grows on ${node.id}: a leak`, expectedEffect: "memory returns to baseline for a while; the leak still needs a fix" });
        break;
      case "disk":
        if (peer) add({ kind: "failover", node: node.id, to: peer, rationale: `${node.id} is out of disk and ${peer} can serve`, expectedEffect: `${peer} takes writes while space is freed on ${node.id}` });
        else add({ kind: "restart", node: node.id, rationale: `${node.id} is out of disk; restart after rotating logs and freeing space`, expectedEffect: "writes succeed again" });
        break;
      case "dependency_timeout":
        if (peer) add({ kind: "failover", node: node.id, to: peer, rationale: `calls to ${node.id} time out; ${peer} is healthy`, expectedEffect: `callers reach ${peer} and stop timing out` });
        else add({ kind: "restart", node: node.id, rationale: `calls to ${node.id} time out and it has no peer`, expectedEffect: "clears hung workers and connection pools" });
        break;
    }
  }
  if (actions.length === 0) {
    add({ kind: "restart", node: node.id, rationale: `${node.id} is the most likely root and no more specific play applies`, expectedEffect: "clears transient state; watch whether the alerts resolve" });
  }
  return actions;
}

/** Primaries with a standby that run on `host` (it is among what they depend on) and are down. */
function hostedPrimariesDown(hood: Neighbourhood, host: ContextNode): ContextNode[] {
  if (!HOST_KINDS.has(host.kind)) return [];
  return [...hood.nodes.values()].filter((n) => n.standby !== undefined && n.dependsOn.includes(host.id) && isDown(n)).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A string identifying an action's kind and targets, for de-duplication. */
export function actionKey(action: Action): string {
  return action.kind === "reroute" ? `reroute:${action.from}>${action.to}` : `${action.kind}:${action.node}`;
}

function instancesFor(node: ContextNode): number {
  if (node.cpu === undefined) return 2;
  // Instances to add to one so that the load spread over all of them sits at the target utilisation.
  const needed = Math.ceil(node.cpu / PLAYBOOK_DEFAULTS.targetCpu) - 1;
  return Math.min(PLAYBOOK_DEFAULTS.maxInstances, Math.max(1, needed));
}

function rateLimitFor(alerts: readonly IncidentAlert[]): number | undefined {
  const rpsAlert = alerts.find((a) => /rps|requests|throughput|load/i.test(a.rule) && a.value !== undefined && a.value > 0);
  return rpsAlert?.value === undefined ? undefined : Math.max(1, Math.round(rpsAlert.value * PLAYBOOK_DEFAULTS.rateLimitShare));
}
