// Rule durations: Prometheus-style text or seconds.
import { describe, expect, it } from "vitest";
import { formatRuleDuration, parseRuleDuration } from "../../lib/rules";

describe("parseRuleDuration()", () => {
  it("reads Prometheus durations and numbers of seconds", () => {
    expect(parseRuleDuration("30s")).toBe(30);
    expect(parseRuleDuration("5m")).toBe(300);
    expect(parseRuleDuration("1h")).toBe(3600);
    expect(parseRuleDuration("1h30m")).toBe(5400);
    expect(parseRuleDuration("2d")).toBe(172800);
    expect(parseRuleDuration("1w")).toBe(604800);
    expect(parseRuleDuration("250ms")).toBe(0.25);
    expect(parseRuleDuration("1.5h")).toBe(5400);
    expect(parseRuleDuration("0")).toBe(0);
    expect(parseRuleDuration(90)).toBe(90);
    expect(parseRuleDuration(0)).toBe(0);
  });

  it("rejects what Prometheus rejects: spaces, words, units out of order or repeated, bare numbers as text, negatives", () => {
    for (const bad of ["5 mins", "5 m", "5min", "30m1h", "5m5m", "5", "", "m", "-5m", "1h 30m", "five minutes"]) {
      expect(parseRuleDuration(bad), bad).toBeUndefined();
    }
    for (const bad of [-1, Number.NaN, Infinity, null, undefined, {}, ["5m"]]) expect(parseRuleDuration(bad)).toBeUndefined();
  });
});

describe("formatRuleDuration()", () => {
  it("writes seconds back in the shortest Prometheus form", () => {
    expect(formatRuleDuration(300)).toBe("5m");
    expect(formatRuleDuration(5400)).toBe("1h30m");
    expect(formatRuleDuration(90061)).toBe("1d1h1m1s");
    expect(formatRuleDuration(0.25)).toBe("250ms");
    expect(formatRuleDuration(0)).toBe("0s");
  });

  it("round-trips with parseRuleDuration", () => {
    for (const seconds of [1, 59, 60, 61, 3599, 86400, 604800 + 3600, 12.5]) expect(parseRuleDuration(formatRuleDuration(seconds))).toBe(seconds);
  });
});
