// Plain-text rendering of supervisor answers and queue annotations, for the CLI, logs and text reports.
import { clockTime } from "./neighbourhood";
import type { Annotation } from "./queue";
import type { Action, SupervisorAnswer } from "./types";

/** One line describing an action: "failover db-1 → db-2: why (expected: effect)". */
export function formatAction(action: Action): string {
  const what = (() => {
    switch (action.kind) {
      case "failover":
        return `failover ${action.node}${action.to ? ` → ${action.to}` : ""}`;
      case "scale_out":
        return `scale out ${action.node} by ${action.instances} instance${action.instances === 1 ? "" : "s"}`;
      case "add_replica":
        return `add a replica to ${action.node}`;
      case "restart":
        return `restart ${action.node}`;
      case "rollback":
        return `roll back ${action.node}${action.deployment ? ` (${action.deployment})` : ""}`;
      case "rate_limit":
        return `rate-limit ${action.node} to ${action.rps} rps`;
      case "reroute":
        return `reroute ${action.from} → ${action.to}`;
    }
  })();
  return `${what}: ${action.rationale} (expected: ${action.expectedEffect})`;
}

/** A few lines of text for any answer, headed by its kind, time and author. */
export function formatAnswer(answer: SupervisorAnswer): string {
  const lines: string[] = [];
  switch (answer.kind) {
    case "summary":
      lines.push(`Summary at ${clockTime(answer.time)} by ${answer.supervisor}`, answer.text, ...answer.highlights.map((h) => `- ${h}`));
      break;
    case "diagnosis":
      lines.push(`Diagnosis of ${answer.incidentId} at ${clockTime(answer.time)} by ${answer.supervisor}`);
      answer.candidates.forEach((c, i) => lines.push(`${i + 1}. ${c.node} (${Math.round(c.confidence * 100)}%): ${c.evidence.join("; ")}`));
      if (answer.candidates.length === 0) lines.push("no candidate");
      break;
    case "action_plan":
      lines.push(`Actions for ${answer.incidentId} at ${clockTime(answer.time)} by ${answer.supervisor}`);
      answer.actions.forEach((a, i) => lines.push(`${i + 1}. ${formatAction(a)}`));
      if (answer.actions.length === 0) lines.push("no action");
      break;
    case "what_ifs":
      lines.push(`What-ifs by ${answer.supervisor}: ${answer.scenarios.length} proposed, ${answer.rejected.length} rejected`);
      for (const s of answer.scenarios) lines.push(`- ${s.name}: ${s.description}`);
      for (const r of answer.rejected) lines.push(`- rejected #${r.index}: ${r.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
      break;
  }
  for (const w of answer.warnings) if (w.kind === "fallback") lines.push(`(fallback: ${w.reason})`);
  return lines.join("\n");
}

/** One line (or the answer's text) for a queue annotation, whatever its status. */
export function formatAnnotation(annotation: Annotation): string {
  const head = `[${annotation.id} @ ${clockTime(annotation.simTime)}] ${annotation.request}${annotation.subject ? ` ${annotation.subject}` : ""}`;
  switch (annotation.status) {
    case "pending":
      return `${head}: waiting for ${annotation.supervisor}`;
    case "failed":
      return `${head}: failed: ${annotation.error ?? "unknown error"}`;
    case "missed_deadline":
      return `${head}: no answer in time (${annotation.error ?? "deadline"})`;
    case "answered":
      return annotation.answer ? `${head}\n${formatAnswer(annotation.answer)}` : head;
  }
}
