// Tests of Store: FIFO items, capacity, waiting puts and gets, cancellation.
import { describe, expect, it } from "vitest";
import { Environment, Store, StoreGet, StorePut, type Event } from "../../lib/sim";
import { InvalidArgumentError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

describe("Store", () => {
  it("`new Store()` is unbounded by default and validates its capacity", () => {
    const env = new Environment();
    expect(new Store(env).capacity).toBe(Infinity);
    expect(new Store(env, 3).capacity).toBe(3);
    expect(new Store(env, { capacity: 2 }).capacity).toBe(2);
    expect(() => new Store(env, 0)).toThrow("Store: expected capacity to be an integer >= 1 or Infinity but found 0.");
    expect(() => new Store(env, "x" as never)).toThrow(InvalidArgumentError);
  });

  it("`get()` receives items first in, first out", () => {
    const env = new Environment();
    const store = new Store<string>(env);
    store.put("a");
    store.put("b");
    const g1 = store.get();
    const g2 = store.get();
    expect(g1).toBeInstanceOf(StoreGet);
    env.run();
    expect([g1.value, g2.value]).toEqual(["a", "b"]);
    expect(store.items).toEqual([]);
  });

  it("`get()` waits for an item, and gets are served in request order", () => {
    const env = new Environment();
    const store = new Store<number>(env);
    const got: string[] = [];
    for (const name of ["x", "y"]) {
      env.process(
        (function* (): Gen {
          const item = yield store.get();
          got.push(`${name}:${item}@${env.now}`);
        })(),
      );
    }
    env.process(
      (function* (): Gen {
        yield env.timeout(3);
        yield store.put(1);
        yield env.timeout(2);
        yield store.put(2);
      })(),
    );
    env.run();
    expect(got).toEqual(["x:1@3", "y:2@5"]);
  });

  it("`put()` waits while the store is full", () => {
    const env = new Environment();
    const store = new Store<string>(env, 1);
    const p1 = store.put("a");
    const p2 = store.put("b");
    expect(p1).toBeInstanceOf(StorePut);
    expect(p1.triggered).toBe(true);
    expect(p2.triggered).toBe(false);
    expect(store.putQueue).toEqual([p2]);
    env.timeout(4).addCallback(() => store.get());
    let putAt = NaN;
    p2.addCallback(() => (putAt = env.now));
    env.run();
    expect(putAt).toBe(4);
    expect(store.items).toEqual(["b"]);
  });

  it("`cancel()` withdraws a waiting get", () => {
    const env = new Environment();
    const store = new Store<string>(env);
    const g1 = store.get();
    const g2 = store.get();
    g1.cancel();
    store.put("only");
    env.run();
    expect(g1.triggered).toBe(false);
    expect(g2.value).toBe("only");
  });

  it("a producer and a consumer exchange every item in order", () => {
    const env = new Environment();
    const store = new Store<number>(env, 2);
    const received: number[] = [];
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 20; i++) {
          yield store.put(i);
          yield env.timeout(1);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 20; i++) {
          received.push(yield store.get());
          yield env.timeout(3);
        }
      })(),
    );
    env.run();
    expect(received).toEqual([...Array(20).keys()]);
  });
});
