// The supervisor queue: posting never waits, answers attach to their simulated time, drain honours its deadline.
import { describe, expect, it } from "vitest";
import { HeuristicSupervisor, SupervisorQueue } from "../../lib/llm";
import type { Annotation, CallOptions, Diagnosis, IncidentInput, Supervisor } from "../../lib/llm";
import { databaseOutage } from "./fixtures";

/** A supervisor whose diagnoses resolve only when the test says so. */
class GatedSupervisor extends HeuristicSupervisor {
  readonly started: string[] = [];
  readonly signals: AbortSignal[] = [];
  private readonly gates = new Map<string, () => void>();

  override async diagnose(incident: IncidentInput, options: CallOptions = {}): Promise<Diagnosis> {
    this.started.push(incident.id);
    if (options.signal) this.signals.push(options.signal);
    await new Promise<void>((resolve) => this.gates.set(incident.id, resolve));
    if (incident.id.startsWith("fail")) throw new Error(`cannot diagnose ${incident.id}`);
    return super.diagnose(incident, options);
  }

  open(id: string): void {
    this.gates.get(id)?.();
  }
}

const incident = (id: string, time: number): IncidentInput => ({ ...databaseOutage(), id, time });
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("SupervisorQueue", () => {
  it("`post()` returns an id at once and does not call the supervisor before returning", () => {
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor);
    const id = queue.post({ kind: "diagnose", incident: incident("inc-1", 100) }, 100);
    expect(id).toBe("q1");
    expect(supervisor.started).toEqual([]);
    expect(queue.annotations()).toEqual([{ id: "q1", simTime: 100, request: "diagnose", subject: "inc-1", status: "pending", supervisor: "heuristic" }]);
  });

  it("`annotations()` fill in with the answer at the simulated time they concern", async () => {
    let now = 0;
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor, { clock: () => now });
    queue.post({ kind: "diagnose", incident: incident("inc-1", 100) }, 100);
    queue.post({ kind: "diagnose", incident: incident("inc-2", 250) }, 250);
    await flush();
    now = 40;
    supervisor.open("inc-2");
    await flush();
    const [first, second] = queue.annotations();
    expect(first.status).toBe("pending");
    expect(second).toMatchObject({ id: "q2", simTime: 250, status: "answered", supervisor: "heuristic", latencyMs: 40 });
    expect(second.answer).toMatchObject({ kind: "diagnosis", incidentId: "inc-2", time: 250 });
    expect(queue.pending).toBe(1);
  });

  it("`post()` runs at most `concurrency` questions at once, in posting order", async () => {
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor, { concurrency: 2 });
    for (const [i, t] of [10, 20, 30].entries()) queue.post({ kind: "diagnose", incident: incident(`inc-${i}`, t) }, t);
    await flush();
    expect(supervisor.started).toEqual(["inc-0", "inc-1"]);
    supervisor.open("inc-0");
    await flush();
    expect(supervisor.started).toEqual(["inc-0", "inc-1", "inc-2"]);
  });

  it("`drain()` waits for outstanding answers up to the deadline, then records and cancels those that missed it", async () => {
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor, { concurrency: 1 });
    queue.post({ kind: "diagnose", incident: incident("inc-fast", 10) }, 10);
    queue.post({ kind: "diagnose", incident: incident("inc-slow", 20) }, 20);
    await flush();
    supervisor.open("inc-fast");
    const report = await queue.drain({ deadlineMs: 30 });
    expect(report.kind).toBe("drain_report");
    expect(report.answered).toBe(1);
    expect(report.failed).toBe(0);
    expect(report.missed.map((a) => [a.id, a.simTime, a.status, a.error])).toEqual([["q2", 20, "missed_deadline", "no answer within the 30 ms drain deadline"]]);
    expect(supervisor.signals.at(-1)?.aborted).toBe(true);
    // An answer arriving after the deadline does not overwrite the record.
    supervisor.open("inc-slow");
    await flush();
    expect(queue.annotation("q2")?.status).toBe("missed_deadline");
    expect(report.usage.calls).toBeGreaterThanOrEqual(1);
  });

  it("`drain()` never starts questions still waiting for a slot when the deadline passes", async () => {
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor, { concurrency: 1 });
    queue.post({ kind: "diagnose", incident: incident("inc-a", 1) }, 1);
    queue.post({ kind: "diagnose", incident: incident("inc-b", 2) }, 2);
    const report = await queue.drain({ deadlineMs: 10 });
    expect(report.missed.map((a) => a.id)).toEqual(["q1", "q2"]);
    supervisor.open("inc-a");
    await flush();
    expect(supervisor.started).toEqual(["inc-a"]);
  });

  it("`post()` records a supervisor error as failed, with its message", async () => {
    const supervisor = new GatedSupervisor();
    const queue = new SupervisorQueue(supervisor);
    queue.post({ kind: "diagnose", incident: incident("fail-1", 5) }, 5);
    await flush();
    supervisor.open("fail-1");
    const report = await queue.drain({ deadlineMs: 1000 });
    expect(report.failed).toBe(1);
    expect(queue.annotation("q1")).toMatchObject({ status: "failed", error: "cannot diagnose fail-1" });
  });

  it("`onPosted()` and `onAnswered()` tell the display layer when cards appear and fill in", async () => {
    const queue = new SupervisorQueue(new HeuristicSupervisor());
    const events: string[] = [];
    queue.onPosted((a: Annotation) => events.push(`posted ${a.id} ${a.status}`));
    const unsubscribe = queue.onAnswered((a: Annotation) => events.push(`answered ${a.id} ${a.status} ${a.answer?.kind}`));
    queue.post({ kind: "propose_actions", incident: incident("inc-1", 1) }, 1);
    queue.post({ kind: "summarize", state: { time: 2, services: [], firing: [], incidents: [] } }, 2);
    await queue.drain();
    unsubscribe();
    queue.post({ kind: "generate_what_ifs", context: { topologyNodes: [], criticalNodes: [], horizonSeconds: 10 }, n: 0 }, 3);
    await queue.drain();
    expect(events).toEqual(["posted q1 pending", "posted q2 pending", "answered q1 answered action_plan", "answered q2 answered summary", "posted q3 pending"]);
  });

  it("`post()` rejects an unknown request kind or a bad simulated time", () => {
    const queue = new SupervisorQueue(new HeuristicSupervisor() as Supervisor);
    expect(() => queue.post({ kind: "guess" } as never, 1)).toThrow('SupervisorQueue.post: expected request.kind to be "summarize", "diagnose", "propose_actions" or "generate_what_ifs" but found "guess".');
    expect(() => queue.post({ kind: "diagnose", incident: incident("x", 1) }, -1)).toThrow("SupervisorQueue.post: expected simTime to be a finite number >= 0 but found -1.");
  });
});
