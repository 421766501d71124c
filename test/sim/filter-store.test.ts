// Tests of FilterStore: gets with filters, and waiting gets that do not block others.
import { describe, expect, it } from "vitest";
import { Environment, FilterStore, FilterStoreGet, type Event } from "../../lib/sim";

type Gen<T = void> = Generator<Event<any>, T, any>;

interface Part {
  kind: string;
  id: number;
}

describe("FilterStore", () => {
  it("`get(filter)` receives the first item that passes the filter", () => {
    const env = new Environment();
    const store = new FilterStore<Part>(env);
    store.put({ kind: "a", id: 1 });
    store.put({ kind: "b", id: 2 });
    store.put({ kind: "b", id: 3 });
    const g = store.get((p) => p.kind === "b");
    expect(g).toBeInstanceOf(FilterStoreGet);
    env.run();
    expect(g.value).toEqual({ kind: "b", id: 2 });
    expect(store.items.map((p) => p.id)).toEqual([1, 3]);
  });

  it("`get()` without a filter takes the first item", () => {
    const env = new Environment();
    const store = new FilterStore<number>(env);
    store.put(7);
    store.put(8);
    const g = store.get();
    env.run();
    expect(g.value).toBe(7);
  });

  it("a waiting get does not block a later get whose filter matches", () => {
    const env = new Environment();
    const store = new FilterStore<Part>(env);
    const got: string[] = [];
    for (const kind of ["a", "b"]) {
      env.process(
        (function* (): Gen {
          const part: Part = yield store.get((p) => p.kind === kind);
          got.push(`${kind} got ${part.id} at ${env.now}`);
        })(),
      );
    }
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        yield store.put({ kind: "b", id: 1 });
        yield env.timeout(1);
        yield store.put({ kind: "a", id: 2 });
      })(),
    );
    env.run();
    expect(got).toEqual(["b got 1 at 1", "a got 2 at 2"]);
  });

  it("`get()` rejects a filter that is not a function", () => {
    const env = new Environment();
    expect(() => new FilterStore(env).get(3 as never)).toThrow("FilterStore.get: expected filter to be a function but found 3.");
  });
});
