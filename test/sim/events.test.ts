// Tests of Event: the pending → triggered → processed lifecycle, callbacks, succeed/fail/trigger, unhandled failures.
import { describe, expect, it } from "vitest";
import { Environment, type Event } from "../../lib/sim";
import { InvalidArgumentError, UsageError } from "../../lib/errors";

describe("Event", () => {
  it("`env.event()` goes pending → triggered → processed", () => {
    const env = new Environment();
    const e = env.event<string>();
    expect([e.triggered, e.processed]).toEqual([false, false]);
    e.succeed("v");
    expect([e.triggered, e.processed]).toEqual([true, false]);
    expect(e.ok).toBe(true);
    expect(e.value).toBe("v");
    env.run();
    expect([e.triggered, e.processed]).toEqual([true, true]);
  });

  it("`ok` and `value` throw while the event is pending", () => {
    const env = new Environment();
    const e = env.event();
    expect(() => e.ok).toThrow("Event.ok: Event() has not been triggered yet.");
    expect(() => e.value).toThrow(UsageError);
  });

  it("`addCallback()` callbacks run in registration order with the event, when processed", () => {
    const env = new Environment();
    const e = env.event<number>();
    const seen: string[] = [];
    for (const name of ["a", "b", "c", "d"]) e.addCallback((ev) => seen.push(`${name}${ev.value}`));
    e.succeed(1);
    expect(seen).toEqual([]);
    env.run();
    expect(seen).toEqual(["a1", "b1", "c1", "d1"]);
  });

  it("`removeCallback()` unregisters a callback, keeping the others in order", () => {
    const env = new Environment();
    const e = env.event();
    const seen: string[] = [];
    const a = () => seen.push("a");
    const b = () => seen.push("b");
    const c = () => seen.push("c");
    e.addCallback(a);
    e.addCallback(b);
    e.addCallback(c);
    expect(e.removeCallback(a)).toBe(true);
    expect(e.removeCallback(a)).toBe(false);
    e.succeed();
    env.run();
    expect(seen).toEqual(["b", "c"]);
  });

  it("`addCallback()` rejects non-functions and processed events", () => {
    const env = new Environment();
    const e = env.timeout(1);
    expect(() => e.addCallback(42 as never)).toThrow("Event.addCallback: expected callback to be a function but found 42.");
    env.run();
    expect(() => e.addCallback(() => {})).toThrow("Event.addCallback: Timeout(1) has already been processed; check event.processed first.");
  });

  it("`succeed()` schedules the event at the current time with NORMAL priority and returns it", () => {
    const env = new Environment({ initialTime: 3 });
    const e = env.event();
    expect(e.succeed(7)).toBe(e);
    expect(env.peek()).toBe(3);
  });

  it("`succeed()` and `fail()` throw once the event is triggered", () => {
    const env = new Environment();
    const e = env.event().succeed(1);
    expect(() => e.succeed(2)).toThrow("Event.succeed: Event() has already been triggered.");
    expect(() => e.fail(new Error("x"))).toThrow("Event.fail: Event() has already been triggered.");
    expect(e.value).toBe(1);
  });

  it("`fail()` needs an Error", () => {
    const env = new Environment();
    expect(() => env.event().fail("oops" as never)).toThrow('Event.fail: expected error to be an Error but found "oops".');
    expect(() => env.event().fail("oops" as never)).toThrow(InvalidArgumentError);
  });

  it("`fail()` of an event nobody handles makes run() throw the original error", () => {
    const env = new Environment();
    const boom = new RangeError("boom");
    env.event().fail(boom);
    let caught: unknown;
    try {
      env.run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
  });

  it("`defused` set by a callback keeps a failed event from stopping the run", () => {
    const env = new Environment();
    const e = env.event();
    e.addCallback((ev) => {
      ev.defused = true;
    });
    e.fail(new Error("handled"));
    env.timeout(5);
    expect(() => env.run()).not.toThrow();
    expect(env.now).toBe(5);
    expect(e.ok).toBe(false);
    expect(e.defused).toBe(true);
  });

  it("`run()` can go on after throwing an unhandled failure", () => {
    const env = new Environment();
    env.timeout(1).addCallback(() => env.event().fail(new Error("first")));
    env.timeout(2);
    expect(() => env.run()).toThrow("first");
    expect(env.now).toBe(1);
    env.run();
    expect(env.now).toBe(2);
  });

  it("`trigger()` copies the outcome of another event", () => {
    const env = new Environment();
    const source = env.timeout(2, "payload");
    const copy = env.event<string>();
    source.addCallback((ev) => copy.trigger(ev));
    env.run();
    expect(copy.processed).toBe(true);
    expect(copy.value).toBe("payload");

    const failed = env.event();
    const mirror = env.event();
    failed.addCallback((ev) => {
      ev.defused = true;
      mirror.trigger(ev);
    });
    mirror.addCallback((ev) => {
      ev.defused = true;
    });
    failed.fail(new Error("bad"));
    env.run();
    expect(mirror.ok).toBe(false);
    expect((mirror.value as unknown as Error).message).toBe("bad");
  });

  it("`trigger()` rejects pending sources and triggered targets", () => {
    const env = new Environment();
    expect(() => env.event().trigger(env.event())).toThrow("Event.trigger: Event() has not been triggered yet, so it has no outcome to copy.");
    expect(() => env.timeout(1).trigger(env.timeout(2))).toThrow("Event.trigger: Timeout(1) has already been triggered.");
  });

  it("`and()` / `or()` build conditions on two events", () => {
    const env = new Environment();
    const a = env.timeout(1, "a");
    const b = env.timeout(2, "b");
    const both: Event<any> = a.and(b);
    const either: Event<any> = a.or(b);
    env.run(either);
    expect(env.now).toBe(1);
    env.run(both);
    expect(env.now).toBe(2);
  });
});
