// Tests of the event queue: order by (time, key), growth, empty behaviour.
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../lib/sim";
import { rng } from "../../lib/random";

describe("EventQueue", () => {
  it("`pop()` returns items by time, then by key", () => {
    const q = new EventQueue<string>(4);
    q.push(3, 1, "c");
    q.push(1, 5, "b");
    q.push(1, 2, "a");
    q.push(2, 0, "x");
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual(["a", "b", "x", "c"]);
  });

  it("`pop()` agrees with a sort on thousands of random entries (growing past the initial capacity)", () => {
    const r = rng(7, "heap");
    const q = new EventQueue<number>(2);
    const entries: { t: number; k: number }[] = [];
    for (let k = 0; k < 5000; k++) {
      const t = r.int(0, 50); // many equal times, so keys decide often
      entries.push({ t, k });
      q.push(t, k, k);
      // Interleave pops so the heap shrinks and grows.
      if (k % 7 === 0) {
        const popped = q.pop()!;
        const i = entries.findIndex((e) => e.k === popped);
        const min = entries.reduce((m, e) => (e.t < m.t || (e.t === m.t && e.k < m.k) ? e : m));
        expect(popped).toBe(min.k);
        entries.splice(i, 1);
      }
    }
    entries.sort((a, b) => a.t - b.t || a.k - b.k);
    const out: number[] = [];
    while (q.size > 0) out.push(q.pop()!);
    expect(out).toEqual(entries.map((e) => e.k));
  });

  it("`peekTime()` is Infinity and `pop()` undefined when empty", () => {
    const q = new EventQueue<string>();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBeUndefined();
    q.push(4, 0, "a");
    expect(q.peekTime()).toBe(4);
    expect(q.peek()).toBe("a");
    q.clear();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
  });
});
