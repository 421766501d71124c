// Tests of PreemptiveResource: more important requests displace users, who get an Interrupt with a Preempted cause.
import { describe, expect, it } from "vitest";
import { Environment, Interrupt, Preempted, PreemptiveResource, type Event, type Process } from "../../lib/sim";

type Gen<T = void> = Generator<Event<any>, T, any>;

interface Outcome {
  got?: number;
  preempted?: Preempted;
  done?: number;
}

function job(env: Environment, res: PreemptiveResource, at: number, priority: number, hold: number, preempt = true): { outcome: Outcome; proc: Process<void> } {
  const outcome: Outcome = {};
  const proc = env.process(
    (function* (): Gen {
      yield env.timeout(at);
      try {
        yield* res.using(
          function* () {
            outcome.got = env.now;
            yield env.timeout(hold);
            outcome.done = env.now;
          },
          { priority, preempt },
        );
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        outcome.preempted = error.cause as Preempted;
      }
    })(),
  );
  return { outcome, proc };
}

describe("PreemptiveResource", () => {
  it("a more important request preempts the user, whose Interrupt cause says who and since when", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 1);
    const low = job(env, res, 0, 5, 10);
    const high = job(env, res, 2, 1, 3);
    env.run();
    expect(low.outcome.got).toBe(0);
    expect(low.outcome.done).toBeUndefined();
    const cause = low.outcome.preempted!;
    expect(cause).toBeInstanceOf(Preempted);
    expect(cause.kind).toBe("preempted");
    expect(cause.by).toBe(high.proc);
    expect(cause.usageSince).toBe(0);
    expect(cause.resource).toBe(res);
    expect(cause.request.priority).toBe(1);
    expect(high.outcome).toEqual({ got: 2, done: 5 });
    expect(res.count).toBe(0);
  });

  it("the Interrupt's message describes the preemption", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 1);
    let message = "";
    env.process(
      (function* (): Gen {
        try {
          yield* res.using(function* () {
            yield env.timeout(10);
          }, { priority: 3 });
        } catch (error) {
          message = (error as Error).message;
        }
      })(),
      { name: "batch" },
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        yield* res.using(function* () {
          yield env.timeout(1);
        }, { priority: 0 });
      })(),
      { name: "urgent-job" },
    );
    env.run();
    expect(message).toBe("Interrupt: the process was interrupted (cause: preempted by Process(urgent-job) (priority 0) after holding the slot since 0).");
  });

  it("`preempt: false` waits instead of preempting", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 1);
    const low = job(env, res, 0, 5, 10);
    const polite = job(env, res, 2, 1, 3, false);
    env.run();
    expect(low.outcome).toEqual({ got: 0, done: 10 });
    expect(polite.outcome).toEqual({ got: 10, done: 13 });
  });

  it("equal or lower priority requests do not preempt", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 1);
    const first = job(env, res, 0, 1, 4);
    const same = job(env, res, 1, 1, 1);
    const lower = job(env, res, 2, 2, 1);
    env.run();
    expect(first.outcome).toEqual({ got: 0, done: 4 });
    expect(same.outcome).toEqual({ got: 4, done: 5 });
    expect(lower.outcome).toEqual({ got: 5, done: 6 });
  });

  it("the least important user is the one preempted (the latest among equals)", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 3);
    const a = job(env, res, 0, 2, 10);
    const b = job(env, res, 0, 4, 10);
    const c = job(env, res, 1, 4, 10);
    job(env, res, 2, 0, 1);
    env.run();
    expect(a.outcome.preempted).toBeUndefined();
    expect(b.outcome.preempted).toBeUndefined();
    expect(c.outcome.preempted?.usageSince).toBe(1);
  });

  it("the preempted user's release afterwards is harmless", () => {
    const env = new Environment();
    const res = new PreemptiveResource(env, 1);
    const victim = res.request({ priority: 3 });
    env.run();
    const winner = res.request({ priority: 1 });
    expect(res.users).toEqual([winner]);
    res.release(victim);
    env.run();
    expect(res.users).toEqual([winner]);
  });
});
