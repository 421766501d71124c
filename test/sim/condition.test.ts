// Tests of AllOf/AnyOf and and()/or(): counting, failure, empty lists, the ConditionValue.
import { describe, expect, it } from "vitest";
import { AllOf, AnyOf, ConditionValue, Environment, type Event } from "../../lib/sim";
import { InvalidArgumentError, NotFoundError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

function waitFor<T>(env: Environment, event: Event<T>): { at: number; value: T | undefined; error: unknown } {
  const out = { at: NaN, value: undefined as T | undefined, error: undefined as unknown };
  env.process(
    (function* (): Gen {
      try {
        out.value = yield event;
      } catch (error) {
        out.error = error;
      }
      out.at = env.now;
    })(),
  );
  return out;
}

describe("Condition", () => {
  it("`env.allOf()` succeeds when every event has, with their values in list order", () => {
    const env = new Environment();
    const a = env.timeout(3, "a");
    const b = env.timeout(1, "b");
    const all = env.allOf([a, b]);
    expect(all).toBeInstanceOf(AllOf);
    const got = waitFor(env, all);
    env.run();
    expect(got.at).toBe(3);
    const value = got.value as ConditionValue;
    expect(value).toBeInstanceOf(ConditionValue);
    expect(value.events).toEqual([a, b]);
    expect(value.values()).toEqual(["a", "b"]);
    expect(value.get(b)).toBe("b");
    expect(value.size).toBe(2);
    expect([...value.toMap().entries()]).toEqual([
      [a, "a"],
      [b, "b"],
    ]);
  });

  it("`env.anyOf()` succeeds at the first event, listing only the events processed before it", () => {
    const env = new Environment();
    const a = env.timeout(3, "a");
    const b = env.timeout(1, "b");
    const any = env.anyOf([a, b]);
    expect(any).toBeInstanceOf(AnyOf);
    const got = waitFor(env, any);
    env.run();
    expect(got.at).toBe(1);
    const value = got.value as ConditionValue;
    expect(value.events).toEqual([b]);
    expect(value.has(a)).toBe(false);
    expect(() => value.get(a)).toThrow(NotFoundError);
  });

  it("the value includes events of the same time processed before the condition, in list order", () => {
    const env = new Environment();
    const a = env.timeout(1, "a");
    const b = env.timeout(1, "b"); // processed after a, before the condition itself
    const any = env.anyOf([b, a]);
    const got = waitFor(env, any);
    env.run();
    expect((got.value as ConditionValue).events).toEqual([b, a]);
  });

  it("already processed events count at once", () => {
    const env = new Environment();
    const a = env.timeout(1, "a");
    env.run();
    const b = env.timeout(2, "b");
    const all = env.allOf([a, b]);
    const any = env.anyOf([a, b]);
    const gotAny = waitFor(env, any);
    const gotAll = waitFor(env, all);
    env.run();
    expect(gotAny.at).toBe(1);
    expect((gotAny.value as ConditionValue).events).toEqual([a]);
    expect(gotAll.at).toBe(3);
    expect((gotAll.value as ConditionValue).values()).toEqual(["a", "b"]);
  });

  it("an empty allOf or anyOf succeeds at once with an empty value", () => {
    const env = new Environment({ initialTime: 4 });
    const all = env.allOf([]);
    const any = env.anyOf([]);
    expect(all.triggered).toBe(true);
    expect(any.triggered).toBe(true);
    const got = waitFor(env, all);
    env.run();
    expect(got.at).toBe(4);
    expect((got.value as ConditionValue).events).toEqual([]);
    expect((any.value as ConditionValue).size).toBe(0);
  });

  it("a condition fails as soon as one event fails, and the failure is thrown into the waiter", () => {
    const env = new Environment();
    const slow = env.timeout(10);
    const bad = env.event();
    env.timeout(2).addCallback(() => bad.fail(new Error("child failed")));
    const got = waitFor(env, env.allOf([slow, bad]));
    env.run();
    expect(got.at).toBe(2);
    expect((got.error as Error).message).toBe("child failed");
    expect(bad.defused).toBe(true);
  });

  it("anyOf also fails if its first event fails", () => {
    const env = new Environment();
    const bad = env.event();
    bad.fail(new Error("first"));
    const got = waitFor(env, env.anyOf([bad, env.timeout(5)]));
    env.run();
    expect(got.at).toBe(0);
    expect((got.error as Error).message).toBe("first");
  });

  it("a failed condition nobody waits for makes run() throw", () => {
    const env = new Environment();
    const bad = env.event();
    env.allOf([bad, env.timeout(1)]);
    bad.fail(new Error("unhandled in condition"));
    expect(() => env.run()).toThrow("unhandled in condition");
  });

  it("nested conditions are flattened into one value", () => {
    const env = new Environment();
    const a = env.timeout(1, "a");
    const b = env.timeout(2, "b");
    const c = env.timeout(3, "c");
    const got = waitFor(env, a.and(b).and(c));
    env.run();
    expect(got.at).toBe(3);
    const value = got.value as ConditionValue;
    expect(value.events).toEqual([a, b, c]);
    expect(value.values()).toEqual(["a", "b", "c"]);
  });

  it("`or()` of `and()` succeeds when either branch holds", () => {
    const env = new Environment();
    const a = env.timeout(1, "a");
    const b = env.timeout(5, "b");
    const c = env.timeout(3, "c");
    const got = waitFor(env, a.and(b).or(c));
    env.run();
    expect(got.at).toBe(3);
    expect((got.value as ConditionValue).events).toEqual([a, c]);
  });

  it("a condition accepts any iterable of events", () => {
    const env = new Environment();
    const events = new Set([env.timeout(1), env.timeout(2)]);
    const got = waitFor(env, env.allOf(events));
    env.run();
    expect(got.at).toBe(2);
  });

  it("`env.allOf()` rejects non-events and events of other environments", () => {
    const env = new Environment();
    const other = new Environment();
    expect(() => env.allOf([env.timeout(1), 3 as never])).toThrow("Environment.allOf: expected events[1] to be an Event but found 3.");
    expect(() => env.anyOf([other.timeout(1)])).toThrow('Environment.anyOf: expected events[0] to be an event of this environment but found "Timeout(1)".');
    expect(() => env.allOf(5 as never)).toThrow(InvalidArgumentError);
  });

  it("a decided condition drops its callbacks from the remaining events (no reference from them to it)", () => {
    const env = new Environment();
    const late = env.event();
    const inner = env.event();
    const any = env.anyOf([env.timeout(1), late, inner.and(late)]);
    expect((late as unknown as { _cb: unknown })._cb).not.toBeNull();
    env.run();
    expect(any.processed).toBe(true);
    expect((late as unknown as { _cb: unknown; _cbs: unknown })._cb).toBeNull();
    expect((late as unknown as { _cbs: unknown })._cbs).toBeNull();
    expect((inner as unknown as { _cb: unknown })._cb).toBeNull();
    late.succeed("late");
    env.run();
    expect((any.value as ConditionValue).has(late)).toBe(false);
  });
});
