// Reading an incident's neighbourhood (plain context nodes): lookups, health, and what lies upstream of a node.
import type { ContextNode, IncidentInput } from "./types";

/** Thresholds that make a node look unhealthy when its status does not say so. */
export const HEALTH_THRESHOLDS = { cpu: 0.85, errorRate: 0.05, latencyMs: 1_000 };

const HEALTHY_STATUSES = new Set(["up", "ok", "healthy", "running", "active", "standby", "normal", "online"]);
const DOWN_STATUSES = new Set(["down", "failed", "crashed", "offline", "unreachable", "dead", "stopped"]);

/** The incident's context nodes by id, plus the alerts per node. */
export interface Neighbourhood {
  nodes: Map<string, ContextNode>;
  alertsByNode: Map<string, IncidentInput["alerts"]>;
}

/** Indexes an incident's context nodes and alerts. */
export function neighbourhood(incident: IncidentInput): Neighbourhood {
  const nodes = new Map<string, ContextNode>();
  for (const node of incident.context.nodes) nodes.set(node.id, node);
  const alertsByNode = new Map<string, IncidentInput["alerts"]>();
  for (const alert of incident.alerts) {
    const list = alertsByNode.get(alert.node);
    if (list) list.push(alert);
    else alertsByNode.set(alert.node, [alert]);
  }
  return { nodes, alertsByNode };
}

/** True when the status word means the node is not serving at all. */
export function isDown(node: ContextNode | undefined): boolean {
  return node !== undefined && DOWN_STATUSES.has(node.status.toLowerCase());
}

/** The reasons a node looks unhealthy (status, saturation, errors, latency); empty when it looks fine. */
export function unhealthySigns(node: ContextNode | undefined): string[] {
  if (node === undefined) return [];
  const signs: string[] = [];
  const status = node.status.toLowerCase();
  if (!HEALTHY_STATUSES.has(status) && status !== "" && status !== "unknown") signs.push(`status ${node.status}`);
  if (node.cpu !== undefined && node.cpu >= HEALTH_THRESHOLDS.cpu) signs.push(`cpu ${percent(node.cpu)}`);
  if (node.error_rate !== undefined && node.error_rate >= HEALTH_THRESHOLDS.errorRate) signs.push(`error rate ${percent(node.error_rate)}`);
  if (node.latency_ms !== undefined && node.latency_ms >= HEALTH_THRESHOLDS.latencyMs) signs.push(`latency ${Math.round(node.latency_ms)} ms`);
  return signs;
}

/** `node` and every node it depends on, transitively, within the neighbourhood (cycles are safe). */
export function upstreamClosure(hood: Neighbourhood, node: string): Set<string> {
  const seen = new Set<string>([node]);
  const stack = [node];
  while (stack.length > 0) {
    const current = hood.nodes.get(stack.pop() as string);
    if (!current) continue;
    for (const next of current.dependsOn) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** A fraction as a whole percentage ("87%"). */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** Simulated seconds as "HH:MM:SS", with "dN " in front past the first day (the form `parseSimTime` reads). */
export function clockTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const days = Math.floor(whole / 86_400);
  const rest = whole % 86_400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, "0");
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, "0");
  const ss = String(rest % 60).padStart(2, "0");
  return `${days > 0 ? `d${days + 1} ` : ""}${hh}:${mm}:${ss}`;
}
