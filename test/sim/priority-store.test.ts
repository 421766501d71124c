// Tests of PriorityStore: lowest priority first, FIFO among equals, priority functions and PriorityItem.
import { describe, expect, it } from "vitest";
import { Environment, PriorityItem, PriorityStore } from "../../lib/sim";

describe("PriorityStore", () => {
  it("`get()` receives the lowest number first", () => {
    const env = new Environment();
    const store = new PriorityStore<number>(env);
    for (const n of [5, 1, 4, 2, 3]) store.put(n);
    env.run();
    expect(store.items).toEqual([1, 2, 3, 4, 5]);
    const gets = [store.get(), store.get(), store.get()];
    env.run();
    expect(gets.map((g) => g.value)).toEqual([1, 2, 3]);
    expect(store.items).toEqual([4, 5]);
  });

  it("`PriorityItem`s are ordered by priority, first in first out among equals", () => {
    const env = new Environment();
    const store = new PriorityStore<PriorityItem<string>>(env);
    store.put(new PriorityItem(2, "late-2"));
    store.put(new PriorityItem(1, "first-1"));
    store.put(new PriorityItem(2, "later-2"));
    store.put(new PriorityItem(1, "second-1"));
    const gets = [store.get(), store.get(), store.get(), store.get()];
    env.run();
    expect(gets.map((g) => g.value!.item)).toEqual(["first-1", "second-1", "late-2", "later-2"]);
  });

  it("`options.priority` orders arbitrary items", () => {
    const env = new Environment();
    const store = new PriorityStore<{ name: string; severity: number }>(env, { priority: (x) => -x.severity });
    store.put({ name: "minor", severity: 1 });
    store.put({ name: "critical", severity: 5 });
    const g = store.get();
    env.run();
    expect(g.value!.name).toBe("critical");
  });

  it("`put()` rejects items without a numeric priority", () => {
    const env = new Environment();
    const store = new PriorityStore<unknown>(env);
    expect(() => store.put("text")).toThrow(
      "PriorityStore.put: expected the item's priority to be a number (give options.priority for other items) but found undefined.",
    );
  });

  it("`put()` waits while the store is full, and stays ordered", () => {
    const env = new Environment();
    const store = new PriorityStore<number>(env, 2);
    store.put(3);
    store.put(1);
    const waiting = store.put(2);
    expect(waiting.triggered).toBe(false);
    const g = store.get();
    env.run();
    expect(g.value).toBe(1);
    expect(waiting.processed).toBe(true);
    expect(store.items).toEqual([2, 3]);
  });

  it("many random puts come out sorted", () => {
    const env = new Environment();
    const store = new PriorityStore<number>(env);
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    for (const v of values) store.put(v);
    const gets = values.map(() => store.get());
    env.run();
    expect(gets.map((g) => g.value)).toEqual([...values].sort((a, b) => a - b));
  });
});
