// Deterministic plain-language summary of the estate: unhealthy services, firing alerts, open incidents and their likely roots.
import { rankRootCauses } from "./heuristic-diagnosis";
import { clockTime } from "./neighbourhood";
import type { StateInput } from "./types";

/** Highlights listed at most. */
export const SUMMARY_DEFAULTS = { maxHighlights: 10 };

const HEALTHY = new Set(["up", "ok", "healthy", "normal", "operational"]);
const SEVERITY_RANK: Record<string, number> = { critical: 0, page: 0, error: 1, warning: 2, warn: 2, info: 3 };

/** The summary's text and highlights for one state. */
export function summarizeState(state: StateInput): { text: string; highlights: string[] } {
  const when = `At ${clockTime(state.time)} (simulated)`;
  const unhealthy = state.services
    .filter((s) => !HEALTHY.has(s.status.toLowerCase()))
    .sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || (a.availability ?? 1) - (b.availability ?? 1) || compare(a.id, b.id));
  const firing = [...state.firing].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.since - b.since || compare(a.node, b.node) || compare(a.rule, b.rule));
  const incidents = [...state.incidents].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.time - b.time || compare(a.id, b.id));

  const sentences: string[] = [];
  if (unhealthy.length === 0) sentences.push(`${when}, ${state.services.length} of ${state.services.length} business services are healthy.`);
  else {
    const named = unhealthy.slice(0, 4).map((s) => `${s.name} (${s.status})`).join(", ");
    sentences.push(`${when}, ${unhealthy.length} of ${state.services.length} business services are not healthy: ${named}${unhealthy.length > 4 ? ", ..." : ""}.`);
  }
  if (firing.length === 0) sentences.push("No alerts are firing.");
  else {
    const bySeverity = countBy(firing.map((f) => f.severity.toLowerCase()));
    const counts = [...bySeverity.entries()].sort((a, b) => severityRank(a[0]) - severityRank(b[0])).map(([sev, n]) => `${n} ${sev}`).join(", ");
    const nodes = new Set(firing.map((f) => f.node)).size;
    sentences.push(`${firing.length} alert${firing.length === 1 ? " is" : "s are"} firing (${counts}) on ${nodes} node${nodes === 1 ? "" : "s"}.`);
  }
  const roots = incidents.map((incident) => ({ incident, root: rankRootCauses(incident, { limit: 1 })[0] }));
  if (incidents.length > 0) {
    const worst = roots[0];
    const root = worst.root ? `, most likely rooted at ${worst.root.node}` : "";
    sentences.push(`${incidents.length} open incident${incidents.length === 1 ? "" : "s"}; the most severe is ${worst.incident.id} (${worst.incident.severity})${root}.`);
  }

  // A risk model's forecast is context, not evidence: it is named after what is observed.
  const atRisk = state.atRisk ?? [];
  if (atRisk.length > 0) sentences.push(`Highest predicted failure risk: ${atRisk.slice(0, 3).map((r) => `${r.id} (${r.risk.toFixed(2)})`).join(", ")}.`);

  const highlights: string[] = [];
  for (const s of unhealthy) {
    const parts = [`${s.name} (tier ${s.tier}): ${s.status}`];
    if (s.availability !== undefined) parts.push(`availability ${percent2(s.availability)}`);
    if (s.p95LatencyMs !== undefined) parts.push(`p95 ${Math.round(s.p95LatencyMs)} ms`);
    highlights.push(parts.join(", "));
  }
  for (const { incident, root } of roots) {
    const services = incident.services.length > 0 ? `, services ${incident.services.join(", ")}` : "";
    highlights.push(`incident ${incident.id} (${incident.severity}): ${incident.alerts.length} alert${incident.alerts.length === 1 ? "" : "s"}${services}${root ? `; likely root ${root.node}` : ""}`);
  }
  for (const f of firing.filter((f) => severityRank(f.severity) === 0)) highlights.push(`${f.severity}: ${f.rule} on ${f.node} since ${clockTime(f.since)}`);
  for (const r of atRisk) highlights.push(`at risk: ${r.id} (${r.kind}, ${r.status}), predicted failure risk ${r.risk.toFixed(2)}`);
  return { text: sentences.join(" "), highlights: highlights.slice(0, SUMMARY_DEFAULTS.maxHighlights) };
}

function tierRank(tier: string | number): number {
  const n = typeof tier === "number" ? tier : Number(String(tier).replace(/\D+/g, ""));
  return Number.isFinite(n) && String(tier).trim() !== "" ? n : 99;
}

function severityRank(severity: string): number {
  return SEVERITY_RANK[severity.toLowerCase()] ?? 4;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function percent2(fraction: number): string {
  return `${(Math.round(fraction * 10000) / 100).toFixed(2)}%`;
}
