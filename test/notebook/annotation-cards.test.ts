import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SupervisorQueue, type Diagnosis, type Supervisor } from "../../lib/llm";
import { annotationCards } from "../../lib/notebook";
import { databaseOutage } from "../llm/fixtures";
import { captureDisplays } from "./helpers";

let capture: ReturnType<typeof captureDisplays>;
beforeEach(() => {
  capture = captureDisplays();
});
afterEach(() => capture.restore());

/** A supervisor whose answers the test releases by hand. */
function manualSupervisor() {
  const waiting: { resolve: (d: Diagnosis) => void; reject: (e: Error) => void }[] = [];
  const supervisor = {
    name: "heuristic",
    diagnose: () => new Promise<Diagnosis>((resolve, reject) => waiting.push({ resolve, reject })),
    summarize: () => Promise.reject(new Error("not used")),
    proposeActions: () => Promise.reject(new Error("not used")),
    generateWhatIfs: () => Promise.reject(new Error("not used")),
    usage: () => ({}),
    warnings: () => [],
  } as unknown as Supervisor;
  return { supervisor, waiting };
}

const diagnosis = (id: string): Diagnosis => ({
  kind: "diagnosis",
  supervisor: "heuristic",
  incidentId: id,
  time: 3700,
  candidates: [{ node: "db-core-1", confidence: 0.86, evidence: ["status down", "<script>x</script>"] }],
  warnings: [],
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("annotationCards()", () => {
  it("shows a pending card when a question is posted and fills the same card in when the answer arrives", async () => {
    const { supervisor, waiting } = manualSupervisor();
    const queue = new SupervisorQueue(supervisor);
    const cards = annotationCards(queue, { epochMs: Date.parse("2026-11-25T00:00:00Z") });
    queue.post({ kind: "diagnose", incident: databaseOutage() }, 3700);
    expect(capture.messages).toHaveLength(1);
    expect(capture.messages[0].update).toBe(false);
    expect(capture.html(0)).toContain("Waiting for heuristic");
    expect(capture.html(0)).toContain("2026-11-25 01:01:40");
    await flush();
    waiting[0].resolve(diagnosis("inc-db"));
    await flush();
    expect(capture.messages).toHaveLength(2);
    expect(capture.messages[1].update).toBe(true);
    expect(capture.messages[1].message.transient.display_id).toBe(capture.messages[0].message.transient.display_id);
    expect(capture.html(1)).toContain("<b>db-core-1</b>");
    expect(capture.html(1)).toContain("(86%)");
    expect(capture.html(1)).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(capture.text(1)).toContain("1. db-core-1 (86%)");
    expect(cards.count).toBe(1);
    cards.stop();
  });

  it("gives each question its own card and shows failures in place", async () => {
    const { supervisor, waiting } = manualSupervisor();
    const queue = new SupervisorQueue(supervisor);
    annotationCards(queue);
    queue.post({ kind: "diagnose", incident: databaseOutage() }, 100);
    queue.post({ kind: "diagnose", incident: databaseOutage() }, 200);
    await flush();
    waiting[1].reject(new Error("model unreachable"));
    await flush();
    const ids = capture.messages.map((m) => m.message.transient.display_id);
    expect(new Set(ids).size).toBe(2);
    expect(ids[2]).toBe(ids[1]);
    expect(capture.html(2)).toContain("<b>Failed:</b> model unreachable");
    expect(capture.html(2)).toContain('class="card failed"');
  });

  it("shows questions posted before it started, and stops following after stop()", async () => {
    const { supervisor, waiting } = manualSupervisor();
    const queue = new SupervisorQueue(supervisor);
    queue.post({ kind: "diagnose", incident: databaseOutage() }, 100);
    const cards = annotationCards(queue);
    expect(capture.messages).toHaveLength(1);
    cards.stop();
    await flush();
    waiting[0].resolve(diagnosis("inc-db"));
    await flush();
    expect(capture.messages).toHaveLength(1);
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => annotationCards({} as never)).toThrow("annotationCards: expected queue to be a SupervisorQueue (with onPosted, onAnswered, annotations) but found {}.");
  });
});
