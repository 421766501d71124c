// Benchmarks of the supervisor's offline paths: heuristic answers on large incidents, reply parsing and validation, the queue.
import type { ContextNode, IncidentInput } from "../llm";
import { checkSchema, diagnosisReplySchema, extractJsonObject, HeuristicSupervisor, SupervisorQueue } from "../llm";
import type { Bench } from "./types";
import { peakRssMb, secondsSince } from "./types";

/** An incident over a layered estate of about `size` nodes: routers, servers, databases, apps; one database down. */
function syntheticIncident(size: number): IncidentInput {
  const per = Math.max(1, Math.floor(size / 4));
  const nodes: ContextNode[] = [];
  const add = (id: string, kind: string, dependsOn: string[], extra: Partial<ContextNode> = {}) => nodes.push({ id, kind, status: "up", dependsOn, dependents: [], ...extra });
  for (let i = 0; i < per; i++) add(`rt-${i}`, "router", [], { redundancyGroup: `rg-${i >> 1}` });
  for (let i = 0; i < per; i++) add(`srv-${i}`, "server", [`rt-${i % per}`]);
  for (let i = 0; i < per; i++) add(`db-${i}`, "database", [`srv-${i}`], { standby: `db-${(i + 1) % per}` });
  for (let i = 0; i < per; i++) add(`app-${i}`, "application", [`db-${i % 8}`, `srv-${i}`]);
  nodes[2 * per].status = "down";
  const alerts = nodes
    .filter((n) => n.kind === "application" && n.dependsOn[0] === "db-0")
    .map((n) => ({ rule: "HighErrorRate", node: n.id, nodeKind: n.kind, severity: "critical", value: 0.4, since: 100 }));
  alerts.push({ rule: "DatabaseDown", node: "db-0", nodeKind: "database", severity: "critical", value: 1, since: 90 });
  return { id: "bench", time: 120, severity: "critical", alerts, services: ["payments"], context: { nodes } };
}

async function perSecond(iterations: number, run: () => Promise<unknown>): Promise<{ perSecond: number; seconds: number }> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  const seconds = secondsSince(start);
  return { perSecond: Math.round(iterations / seconds), seconds: Math.round(seconds * 1000) / 1000 };
}

/** Benchmarks of lib/llm. */
export const benches: Bench[] = [
  {
    name: "llm-heuristic",
    async run() {
      const supervisor = new HeuristicSupervisor();
      const records: Record<string, unknown>[] = [];
      for (const size of [20, 200, 2000]) {
        const incident = syntheticIncident(size);
        const iterations = size >= 2000 ? 20 : size >= 200 ? 200 : 2000;
        const diagnose = await perSecond(iterations, () => supervisor.diagnose(incident));
        const act = await perSecond(iterations, () => supervisor.proposeActions(incident));
        // An incident can open every simulated minute; the offline supervisor must keep up with a fast run.
        records.push({ nodes: incident.context.nodes.length, alerts: incident.alerts.length, diagnosesPerSecond: diagnose.perSecond, actionPlansPerSecond: act.perSecond, peakRssMb: peakRssMb(), target: "≥ 10 diagnoses/s and action plans/s", meets: diagnose.perSecond >= 10 && act.perSecond >= 10 });
      }
      return records;
    },
  },
  {
    name: "llm-parse",
    async run() {
      const ids = Array.from({ length: 50 }, (_, i) => `node-${i}`);
      const schema = diagnosisReplySchema(ids);
      const reply = "```json\n" + JSON.stringify({ candidates: ids.slice(0, 5).map((node, i) => ({ node, confidence: 0.9 - i * 0.1, evidence: ["alert x firing", "3 of 4 alerting nodes depend on it"] })) }) + "\n```";
      const iterations = 20_000;
      const result = await perSecond(iterations, async () => {
        const extracted = extractJsonObject(reply);
        if (!extracted.ok || !checkSchema(schema, extracted.value).ok) throw new Error("bench reply did not validate");
      });
      return { replyBytes: reply.length, repliesPerSecond: result.perSecond, target: "≥ 10,000 replies/s", meets: result.perSecond >= 10_000 };
    },
  },
  {
    name: "llm-queue",
    async run() {
      const queue = new SupervisorQueue(new HeuristicSupervisor(), { concurrency: 4 });
      const incident = syntheticIncident(20);
      const count = 5_000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) queue.post({ kind: "diagnose", incident: { ...incident, time: i } }, i);
      const postSeconds = secondsSince(start);
      const report = await queue.drain({ deadlineMs: 60_000 });
      const seconds = secondsSince(start);
      const answered = report.answered / seconds;
      // Posting never blocks the simulation: it must cost microseconds; answers must all arrive.
      const post = (postSeconds / count) * 1e6;
      return { questions: count, postMicroseconds: Math.round(post * 100) / 100, answeredPerSecond: Math.round(answered), missed: report.missed.length, target: "post ≤ 50 µs; ≥ 1,000 answers/s; none missed", meets: post <= 50 && answered >= 1000 && report.missed.length === 0 };
    },
  },
];
