// Tests of Container: level, capacity, waiting puts and gets, FIFO blocking, validation.
import { describe, expect, it } from "vitest";
import { Container, ContainerGet, ContainerPut, Environment, type Event } from "../../lib/sim";
import { InvalidArgumentError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

describe("Container", () => {
  it("`new Container()` takes capacity and init, validated", () => {
    const env = new Environment();
    const c = new Container(env, { capacity: 100, init: 40 });
    expect([c.capacity, c.level]).toEqual([100, 40]);
    expect(new Container(env).capacity).toBe(Infinity);
    expect(new Container(env, 5).level).toBe(0);
    expect(() => new Container(env, { capacity: 0 })).toThrow("Container: expected capacity to be a number > 0 but found 0.");
    expect(() => new Container(env, { capacity: 10, init: 11 })).toThrow("Container: expected init to be a number in [0, capacity (10)] but found 11.");
  });

  it("`put()` and `get()` move the level at once when they can", () => {
    const env = new Environment();
    const c = new Container(env, { capacity: 10, init: 5 });
    const p = c.put(3);
    const g = c.get(6);
    expect(p).toBeInstanceOf(ContainerPut);
    expect(g).toBeInstanceOf(ContainerGet);
    expect(c.level).toBe(2);
    expect([p.triggered, g.triggered]).toEqual([true, true]);
  });

  it("`get()` waits until the level allows it", () => {
    const env = new Environment();
    const tank = new Container(env, { capacity: 100 });
    let servedAt = NaN;
    env.process(
      (function* (): Gen {
        yield tank.get(30);
        servedAt = env.now;
      })(),
    );
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 4; i++) {
          yield env.timeout(1);
          yield tank.put(10);
        }
      })(),
    );
    env.run();
    expect(servedAt).toBe(3);
    expect(tank.level).toBe(10);
  });

  it("`put()` waits for room", () => {
    const env = new Environment();
    const tank = new Container(env, { capacity: 10, init: 8 });
    const p = tank.put(5);
    expect(p.triggered).toBe(false);
    env.timeout(2).addCallback(() => tank.get(4));
    env.run();
    expect(p.processed).toBe(true);
    expect(tank.level).toBe(9);
  });

  it("a waiting get blocks smaller gets behind it until it is served or cancelled", () => {
    const env = new Environment();
    const tank = new Container(env, { capacity: 100, init: 5 });
    const big = tank.get(50);
    const small = tank.get(2);
    expect([big.triggered, small.triggered]).toEqual([false, false]);
    big.cancel();
    expect(small.triggered).toBe(true);
    expect(tank.level).toBe(3);
  });

  it("one put can serve several waiting gets", () => {
    const env = new Environment();
    const tank = new Container(env, { capacity: 100 });
    const gets = [tank.get(10), tank.get(20), tank.get(30)];
    tank.put(35);
    env.run();
    expect(gets.map((g) => g.triggered)).toEqual([true, true, false]);
    expect(tank.level).toBe(5);
  });

  it("`put()` and `get()` reject amounts that are not positive or exceed the capacity", () => {
    const env = new Environment();
    const tank = new Container(env, { capacity: 10 });
    expect(() => tank.put(0)).toThrow("Container.put: expected amount to be a number in (0, capacity (10)] but found 0.");
    expect(() => tank.get(11)).toThrow("Container.get: expected amount to be a number in (0, capacity (10)] but found 11.");
    expect(() => tank.put(NaN)).toThrow(InvalidArgumentError);
  });
});
