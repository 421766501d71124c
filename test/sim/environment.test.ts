// Tests of Environment: time, the (time, priority, insertion) queue, step, peek, schedule and run.
import { describe, expect, it } from "vitest";
import { EmptySchedule, Environment, NORMAL, URGENT, type Event } from "../../lib/sim";
import { InvalidArgumentError, TwinError, UsageError } from "../../lib/errors";

describe("Environment", () => {
  it("`new Environment()` starts at 0, or at options.initialTime", () => {
    expect(new Environment().now).toBe(0);
    expect(new Environment({ initialTime: 10 }).now).toBe(10);
    expect(() => new Environment({ initialTime: NaN })).toThrow("Environment: expected options.initialTime to be a finite number but found NaN.");
  });

  it("`peek()` gives the time of the next event, Infinity when none", () => {
    const env = new Environment();
    expect(env.peek()).toBe(Infinity);
    env.timeout(5);
    env.timeout(2);
    expect(env.peek()).toBe(2);
  });

  it("`step()` processes one event and advances now to its time", () => {
    const env = new Environment();
    const seen: number[] = [];
    env.timeout(2).addCallback(() => seen.push(2));
    env.timeout(5).addCallback(() => seen.push(5));
    env.step();
    expect(env.now).toBe(2);
    expect(seen).toEqual([2]);
    env.step();
    expect(env.now).toBe(5);
    expect(seen).toEqual([2, 5]);
  });

  it("`step()` throws EmptySchedule, a TwinError, when no event is left", () => {
    const env = new Environment();
    expect(() => env.step()).toThrow(EmptySchedule);
    expect(() => env.step()).toThrow(TwinError);
    expect(() => env.step()).toThrow("Environment.step: no scheduled events left.");
  });

  it("`run()` runs until no event is left and returns undefined", () => {
    const env = new Environment();
    env.timeout(3);
    env.timeout(7);
    expect(env.run()).toBeUndefined();
    expect(env.now).toBe(7);
    expect(env.peek()).toBe(Infinity);
  });

  it("`run(t)` stops at t before the NORMAL events of time t, and a later run goes on", () => {
    const env = new Environment();
    const seen: number[] = [];
    for (const d of [1, 5, 9]) env.timeout(d).addCallback(() => seen.push(d));
    expect(env.run(5)).toBeUndefined();
    expect(env.now).toBe(5);
    expect(seen).toEqual([1]);
    env.run(6);
    expect(seen).toEqual([1, 5]);
    expect(env.now).toBe(6);
    env.run();
    expect(seen).toEqual([1, 5, 9]);
  });

  it("`run(t)` moves now to t even when the last event is earlier", () => {
    const env = new Environment();
    env.timeout(1);
    env.run(10);
    expect(env.now).toBe(10);
  });

  it("`run(t)` processes URGENT events of time t scheduled before the run", () => {
    const env = new Environment();
    const seen: string[] = [];
    const urgent = env.event();
    urgent.addCallback(() => seen.push("urgent"));
    env.schedule(urgent, URGENT, 5);
    env.timeout(5).addCallback(() => seen.push("normal"));
    env.run(5);
    expect(seen).toEqual(["urgent"]);
  });

  it("`run(until)` rejects an until that is not after now", () => {
    const env = new Environment({ initialTime: 10 });
    expect(() => env.run(5)).toThrow("Environment.run: expected until to be after now (10) but found 5.");
    expect(() => env.run(10)).toThrow(InvalidArgumentError);
    expect(() => env.run(NaN)).toThrow("Environment.run: expected until to be a number or an event but found NaN.");
    expect(() => env.run("20" as unknown as number)).toThrow('Environment.run: expected until to be a number or an event but found "20".');
  });

  it("`run(event)` returns the event's value once it is processed", () => {
    const env = new Environment();
    const t = env.timeout(4, "done");
    env.timeout(10);
    expect(env.run(t)).toBe("done");
    expect(env.now).toBe(4);
    expect(env.peek()).toBe(10);
  });

  it("`run(event)` returns at once for an already processed event", () => {
    const env = new Environment();
    const t = env.timeout(1, 42);
    env.run();
    env.timeout(3);
    expect(env.run(t)).toBe(42);
    expect(env.now).toBe(1);
  });

  it("`run(event)` throws the error of a failed until event", () => {
    const env = new Environment();
    const e = env.event();
    const boom = new Error("boom");
    env.timeout(2).addCallback(() => e.fail(boom));
    let caught: unknown;
    try {
      env.run(e);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
  });

  it("`run(event)` throws EmptySchedule if the events run out before the until event is triggered", () => {
    const env = new Environment();
    env.timeout(3);
    const never = env.event();
    expect(() => env.run(never)).toThrow(EmptySchedule);
    expect(() => env.run(never)).toThrow("Environment.run: no scheduled events left at now (3) but the until event Event() was not triggered.");
  });

  it("`run(event)` rejects an event of another environment", () => {
    const env = new Environment();
    const other = new Environment();
    expect(() => env.run(other.timeout(1))).toThrow('Environment.run: expected until to be an event of this environment but found "Timeout(1)".');
  });

  it("`run()` cannot be called from inside the simulation", () => {
    const env = new Environment();
    env.timeout(1).addCallback(() => env.run());
    expect(() => env.run()).toThrow(UsageError);
  });

  it("`run(t)` that ended with an error does not leave its stop behind", () => {
    const env = new Environment();
    env.timeout(2).addCallback(() => {
      throw new Error("callback failed");
    });
    env.timeout(20);
    expect(() => env.run(10)).toThrow("callback failed");
    expect(env.now).toBe(2);
    env.run();
    expect(env.now).toBe(20);
  });

  it("events of equal time and priority run in the order they were scheduled (FIFO)", () => {
    const env = new Environment();
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) env.timeout(1).addCallback(() => seen.push(i));
    env.run();
    expect(seen).toEqual([...Array(50).keys()]);
  });

  it("URGENT events run before NORMAL events of the same time whatever the scheduling order", () => {
    const env = new Environment();
    const seen: string[] = [];
    env.timeout(3).addCallback(() => seen.push("normal"));
    const e = env.event();
    e.addCallback(() => seen.push("urgent"));
    env.schedule(e, URGENT, 3);
    env.run();
    expect(seen).toEqual(["urgent", "normal"]);
  });

  it("`schedule()` makes a pending event succeed later with the given priority", () => {
    const env = new Environment();
    const e = env.event();
    env.schedule(e, NORMAL, 4);
    expect(e.triggered).toBe(true);
    expect(env.peek()).toBe(4);
    env.run();
    expect(e.processed).toBe(true);
    expect(e.ok).toBe(true);
    expect(e.value).toBeUndefined();
  });

  it("`schedule()` rejects bad events, priorities and delays", () => {
    const env = new Environment();
    expect(() => env.schedule(env.timeout(1))).toThrow("Environment.schedule: Timeout(1) has already been triggered.");
    expect(() => env.schedule(env.event(), 1.5)).toThrow("Environment.schedule: expected priority to be an integer in [0, 31] but found 1.5.");
    expect(() => env.schedule(env.event(), NORMAL, -1)).toThrow("Environment.schedule: expected delay to be a number >= 0 but found -1.");
    expect(() => env.schedule(new Environment().event())).toThrow(InvalidArgumentError);
  });

  it("`activeProcess` is the running process inside a generator and null outside", () => {
    const env = new Environment();
    let inside: unknown;
    const p = env.process(
      (function* (): Generator<Event<any>, void, any> {
        inside = env.activeProcess;
        yield env.timeout(1);
      })(),
    );
    expect(env.activeProcess).toBeNull();
    env.run();
    expect(inside).toBe(p);
    expect(env.activeProcess).toBeNull();
  });
});
