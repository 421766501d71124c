// A supervisor annotation as a card: pending while the question is out, filled in with the answer (or the failure) once settled.
import { formatAnnotation } from "../llm/format-answer";
import type { Annotation } from "../llm/queue";
import type { Action, SupervisorAnswer, SupervisorWarning } from "../llm/types";
import { escapeHtml } from "./html";
import type { View } from "./records-view";
import { simTimeText } from "./sim-time";

const REQUEST_TITLES: Readonly<Record<string, string>> = {
  summarize: "Summary",
  diagnose: "Diagnosis",
  propose_actions: "Proposed actions",
  generate_what_ifs: "What-if scenarios",
};

/** Options of `annotationCard`. */
export interface AnnotationCardOptions {
  /** Wall-clock ms of simulated time 0, to show dates instead of "d1 10:00". */
  epochMs?: number;
}

/** The card of one annotation: its question, status, and the answer rendered by kind. */
export function annotationCard(annotation: Annotation, options: AnnotationCardOptions = {}): View {
  const title = REQUEST_TITLES[annotation.request] ?? annotation.request;
  const subject = annotation.subject ? ` of ${escapeHtml(annotation.subject)}` : "";
  const meta = [
    escapeHtml(simTimeText(annotation.simTime, options.epochMs)),
    escapeHtml(annotation.answer?.supervisor ?? annotation.supervisor),
    annotation.latencyMs !== undefined ? `${Math.round(annotation.latencyMs)} ms` : "",
    escapeHtml(annotation.id),
  ].filter((s) => s !== "");
  let body: string;
  switch (annotation.status) {
    case "pending":
      body = `<p class="muted">Waiting for ${escapeHtml(annotation.supervisor)}…</p>`;
      break;
    case "failed":
      body = `<p><b>Failed:</b> ${escapeHtml(annotation.error ?? "unknown error")}</p>`;
      break;
    case "missed_deadline":
      body = `<p><b>No answer in time:</b> ${escapeHtml(annotation.error ?? "deadline passed")}</p>`;
      break;
    case "answered":
      body = annotation.answer ? answerHtml(annotation.answer) : `<p class="muted">Answered, with no content.</p>`;
      break;
    default:
      body = `<p class="muted">Status ${escapeHtml(String((annotation as { status?: unknown }).status))}.</p>`;
  }
  const html = `<div class="card ${escapeHtml(annotation.status)}" data-annotation="${escapeHtml(annotation.id)}"><h4>${escapeHtml(title)}${subject} <span class="muted">· ${annotation.status.replace("_", " ")} · ${meta.join(" · ")}</span></h4>${body}</div>`;
  return { html, text: formatAnnotation(annotation) };
}

/** The body of an answer, by kind. */
export function answerHtml(answer: SupervisorAnswer): string {
  let html: string;
  switch (answer.kind) {
    case "summary":
      html = `<p>${escapeHtml(answer.text)}</p>${list(answer.highlights.map(escapeHtml))}`;
      break;
    case "diagnosis":
      html =
        answer.candidates.length === 0
          ? `<p class="muted">No root-cause candidate.</p>`
          : `<ol>${answer.candidates
              .map((c) => `<li><b>${escapeHtml(c.node)}</b> <span class="muted">(${Math.round(c.confidence * 100)}%)</span>${list(c.evidence.map(escapeHtml))}</li>`)
              .join("")}</ol>`;
      break;
    case "action_plan":
      html =
        answer.actions.length === 0
          ? `<p class="muted">No action proposed.</p>`
          : `<ol>${answer.actions.map((a) => `<li>${actionHtml(a)}</li>`).join("")}</ol>`;
      break;
    case "what_ifs":
      html =
        (answer.scenarios.length === 0
          ? `<p class="muted">No scenario proposed.</p>`
          : `<ul>${answer.scenarios
              .map((s) => `<li><b>${escapeHtml(s.name)}</b>: ${escapeHtml(s.description)} <span class="muted">(${s.faults.length} fault${s.faults.length === 1 ? "" : "s"}: ${escapeHtml(s.faults.map((f) => `${f.kind} on ${f.target}`).join(", "))})</span></li>`)
              .join("")}</ul>`) +
        (answer.rejected.length > 0 ? `<p class="muted">${answer.rejected.length} proposal${answer.rejected.length === 1 ? "" : "s"} rejected by validation.</p>` : "");
      break;
    default:
      html = `<pre>${escapeHtml(JSON.stringify(answer, null, 2))}</pre>`;
  }
  return html + warningsHtml(answer.warnings ?? []);
}

function actionHtml(a: Action): string {
  const target = a.kind === "reroute" ? `${a.from} → ${a.to}` : a.kind === "failover" && a.to ? `${a.node} → ${a.to}` : a.node;
  const extra = a.kind === "scale_out" ? ` +${a.instances}` : a.kind === "rate_limit" ? ` to ${a.rps} req/s` : a.kind === "rollback" && a.deployment ? ` (${a.deployment})` : "";
  return `<b>${escapeHtml(a.kind.replace("_", " "))}</b> ${escapeHtml(target)}${escapeHtml(extra)}: ${escapeHtml(a.rationale)} <span class="muted">Expected: ${escapeHtml(a.expectedEffect)}</span>`;
}

function warningsHtml(warnings: readonly SupervisorWarning[]): string {
  if (warnings.length === 0) return "";
  const text = warnings.map((w) => {
    switch (w.kind) {
      case "fallback":
        return `the model could not answer; the heuristic did (${w.reason})`;
      case "repaired":
        return `the first reply failed its schema and was repaired (${w.problems.join("; ")})`;
      case "format_downgrade":
        return `response format downgraded from ${w.from} to ${w.to} (${w.reason})`;
      case "cache_ignored":
        return `a cached reply was ignored (${w.reason})`;
      default:
        return JSON.stringify(w);
    }
  });
  return `<p class="muted">Note: ${text.map(escapeHtml).join("; ")}.</p>`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? "" : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}
