import { describe, expect, it } from "vitest";
import type { Annotation, SupervisorAnswer } from "../../lib/llm";
import { annotationCard } from "../../lib/notebook";

const answered = (answer: SupervisorAnswer): Annotation => ({ id: "q1", simTime: 3600, request: answer.kind === "summary" ? "summarize" : answer.kind === "diagnosis" ? "diagnose" : answer.kind === "action_plan" ? "propose_actions" : "generate_what_ifs", status: "answered", answer, supervisor: answer.supervisor, latencyMs: 12.4 });

describe("annotationCard()", () => {
  it("renders a summary with its highlights and the answer's metadata", () => {
    const card = annotationCard(answered({ kind: "summary", supervisor: "openai:gpt-4o-mini", time: 3600, text: "All <good>.", highlights: ["db-1 down"], warnings: [] }));
    expect(card.html).toContain("<h4>Summary <span class=\"muted\">· answered · d1 01:00:00 · openai:gpt-4o-mini · 12 ms · q1</span></h4>");
    expect(card.html).toContain("<p>All &lt;good&gt;.</p><ul><li>db-1 down</li></ul>");
  });

  it("renders proposed actions with their targets, rationale and expected effect", () => {
    const card = annotationCard(
      answered({
        kind: "action_plan",
        supervisor: "heuristic",
        incidentId: "INC-0001",
        time: 3600,
        actions: [
          { kind: "failover", node: "db-1", to: "db-2", rationale: "primary down", expectedEffect: "service restored" },
          { kind: "scale_out", node: "app-1", instances: 2, rationale: "hot", expectedEffect: "latency down" },
        ],
        warnings: [{ kind: "fallback", request: "propose_actions", reason: "timeout" }],
      }),
    );
    expect(card.html).toContain("<b>failover</b> db-1 → db-2: primary down");
    expect(card.html).toContain("<b>scale out</b> app-1 +2: hot");
    expect(card.html).toContain("the model could not answer; the heuristic did (timeout)");
  });

  it("renders what-if proposals and counts the rejected ones", () => {
    const card = annotationCard(
      answered({ kind: "what_ifs", supervisor: "heuristic", scenarios: [{ name: "core down", description: "lose the core", faults: [{ kind: "node_crash", target: "core-1", at: 0, duration: 60 }] }], rejected: [{ index: 1, scenario: {}, errors: [] }], warnings: [] }),
    );
    expect(card.html).toContain("<b>core down</b>: lose the core");
    expect(card.html).toContain("1 proposal rejected by validation.");
  });

  it("says when a question missed its deadline", () => {
    const card = annotationCard({ id: "q2", simTime: 0, request: "diagnose", subject: "INC-0002", status: "missed_deadline", supervisor: "heuristic", error: "no answer within the 30000 ms drain deadline" });
    expect(card.html).toContain('class="card missed_deadline"');
    expect(card.html).toContain("Diagnosis of INC-0002");
    expect(card.html).toContain("No answer in time:</b> no answer within the 30000 ms drain deadline");
    expect(card.text).toContain("no answer in time");
  });
});
