// Tests of PriorityResource: the queue is ordered by priority, then by request time, then FIFO.
import { describe, expect, it } from "vitest";
import { Environment, PriorityRequest, PriorityResource, type Event } from "../../lib/sim";
import { InvalidArgumentError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

describe("PriorityResource", () => {
  it("`request({ priority })` serves lower priorities first, FIFO among equals", () => {
    const env = new Environment();
    const res = new PriorityResource(env, 1);
    const order: string[] = [];
    function* job(name: string, priority: number, at: number): Gen {
      yield env.timeout(at);
      yield* res.using(
        function* () {
          order.push(name);
          yield env.timeout(10);
        },
        { priority },
      );
    }
    env.process(job("holder", 5, 0));
    env.process(job("low", 3, 1));
    env.process(job("high-1", 1, 2));
    env.process(job("mid", 2, 3));
    env.process(job("high-2", 1, 4));
    env.run();
    expect(order).toEqual(["holder", "high-1", "high-2", "mid", "low"]);
  });

  it("`request()` orders equal priorities by request time, not preempting users", () => {
    const env = new Environment();
    const res = new PriorityResource(env, 1);
    const holder = res.request({ priority: 10 });
    const a = res.request();
    const b = res.request({ priority: 0 });
    env.run();
    expect(res.users).toEqual([holder]); // PriorityResource never preempts
    expect(res.queue).toEqual([a, b]);
    expect(a).toBeInstanceOf(PriorityRequest);
    expect([a.priority, a.preempt, a.time]).toEqual([0, true, 0]);
  });

  it("`request()` validates its options", () => {
    const env = new Environment();
    const res = new PriorityResource(env, 1);
    expect(() => res.request({ priority: NaN })).toThrow("PriorityResource.request: expected priority to be a finite number but found NaN.");
    expect(() => res.request({ preempt: "yes" as never })).toThrow(InvalidArgumentError);
  });

  it("`release()` hands the slot to the most important waiting request", () => {
    const env = new Environment();
    const res = new PriorityResource(env, 1);
    const holder = res.request();
    const low = res.request({ priority: 2 });
    const high = res.request({ priority: 1 });
    env.run();
    res.release(holder);
    env.run();
    expect(res.users).toEqual([high]);
    expect(res.queue).toEqual([low]);
  });
});
