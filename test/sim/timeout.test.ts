// Tests of Timeout: scheduled at creation, value, delay validation, ordering.
import { describe, expect, it } from "vitest";
import { Environment, Timeout } from "../../lib/sim";
import { InvalidArgumentError } from "../../lib/errors";

describe("Timeout", () => {
  it("`env.timeout(delay, value)` is triggered at creation and processed after delay", () => {
    const env = new Environment({ initialTime: 2 });
    const t = env.timeout(3, "v");
    expect(t).toBeInstanceOf(Timeout);
    expect(t.triggered).toBe(true);
    expect(t.processed).toBe(false);
    expect(t.value).toBe("v");
    expect(t.delay).toBe(3);
    expect(env.peek()).toBe(5);
    env.run();
    expect(t.processed).toBe(true);
    expect(env.now).toBe(5);
  });

  it("`env.timeout(0)` is processed at the current time", () => {
    const env = new Environment({ initialTime: 4 });
    const t = env.timeout(0);
    env.step();
    expect(t.processed).toBe(true);
    expect(env.now).toBe(4);
  });

  it("`env.timeout()` rejects negative, NaN and non-number delays", () => {
    const env = new Environment();
    expect(() => env.timeout(-1)).toThrow("Environment.timeout: expected delay to be a number >= 0 but found -1.");
    expect(() => env.timeout(NaN)).toThrow("Environment.timeout: expected delay to be a number >= 0 but found NaN.");
    expect(() => env.timeout("1" as never)).toThrow(InvalidArgumentError);
    expect(env.peek()).toBe(Infinity);
  });

  it("`env.timeout()` of equal end times are processed in creation order", () => {
    const env = new Environment();
    const seen: string[] = [];
    env.timeout(2).addCallback(() => seen.push("first"));
    env.timeout(1).addCallback(() => seen.push("early"));
    env.timeout(2).addCallback(() => seen.push("second"));
    env.run();
    expect(seen).toEqual(["early", "first", "second"]);
  });

  it("`env.timeout()` without a value has value undefined", () => {
    const env = new Environment();
    const t = env.timeout(1);
    env.run();
    expect(t.value).toBeUndefined();
    expect(t.ok).toBe(true);
  });
});
