// Tests of Resource: slots, FIFO queue, release and cancellation, and the using() helper.
import { describe, expect, it } from "vitest";
import { Environment, Interrupt, Release, Request, Resource, type Event } from "../../lib/sim";
import { InvalidArgumentError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

function* user(env: Environment, res: Resource, name: string, hold: number, log: string[]): Gen {
  const req = res.request();
  yield req;
  log.push(`${name} got ${env.now}`);
  try {
    yield env.timeout(hold);
  } finally {
    res.release(req);
    log.push(`${name} released ${env.now}`);
  }
}

describe("Resource", () => {
  it("`new Resource()` takes a capacity or options, an integer >= 1", () => {
    const env = new Environment();
    expect(new Resource(env).capacity).toBe(1);
    expect(new Resource(env, 3).capacity).toBe(3);
    expect(new Resource(env, { capacity: 2 }).capacity).toBe(2);
    expect(() => new Resource(env, 0)).toThrow("Resource: expected capacity to be an integer >= 1 but found 0.");
    expect(() => new Resource(env, 1.5)).toThrow(InvalidArgumentError);
    expect(() => new Resource({} as never)).toThrow("Resource: expected env to be an Environment but found {}.");
  });

  it("`request()` is granted at once while a slot is free, at NORMAL priority", () => {
    const env = new Environment();
    const res = new Resource(env, 2);
    const a = res.request();
    const b = res.request();
    const c = res.request();
    expect(a).toBeInstanceOf(Request);
    expect([a.triggered, b.triggered, c.triggered]).toEqual([true, true, false]);
    expect(res.count).toBe(2);
    expect(res.users).toEqual([a, b]);
    expect(res.queue).toEqual([c]);
    expect(a.usageSince).toBe(0);
    expect(c.usageSince).toBeNull();
  });

  it("waiting requests are served first come first served as slots are released", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const log: string[] = [];
    env.process(user(env, res, "a", 5, log));
    env.process(user(env, res, "b", 2, log));
    env.process(user(env, res, "c", 1, log));
    env.run();
    expect(log).toEqual(["a got 0", "a released 5", "b got 5", "b released 7", "c got 7", "c released 8"]);
  });

  it("`release()` returns a Release event that succeeds at once; the next request is granted when it is processed", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const first = res.request();
    const second = res.request();
    env.run();
    const release = res.release(first);
    expect(release).toBeInstanceOf(Release);
    expect(release.triggered).toBe(true);
    expect(res.count).toBe(0);
    expect(second.triggered).toBe(false);
    env.step(); // processes the release
    expect(second.triggered).toBe(true);
    expect(res.users).toEqual([second]);
  });

  it("`release()` of a waiting request withdraws it from the queue", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    res.request();
    const waiting = res.request();
    const next = res.request();
    res.release(waiting);
    expect(res.queue).toEqual([next]);
    expect(waiting.triggered).toBe(false);
  });

  it("`release()` twice, or of a withdrawn request, is harmless", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const a = res.request();
    const b = res.request();
    res.release(a);
    res.release(a);
    env.run();
    expect(res.users).toEqual([b]);
    b.cancel(); // granted already: no effect
    expect(res.users).toEqual([b]);
  });

  it("`release()` rejects requests of other resources", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const other = new Resource(env, 1);
    expect(() => res.release(other.request())).toThrow('Resource.release: expected request to be a request made to this resource but found "Request()".');
    expect(() => res.release({} as never)).toThrow(InvalidArgumentError);
  });

  it("`cancel()` withdraws a waiting request", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    res.request();
    const r = res.request();
    r.cancel();
    expect(res.queue).toEqual([]);
  });

  it("`request()` records the requesting process", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    let req: Request | undefined;
    const p = env.process(
      (function* (): Gen {
        req = res.request();
        yield req;
      })(),
    );
    env.run();
    expect(req!.proc).toBe(p);
    expect(res.request().proc).toBeNull();
  });

  it("`using()` holds a slot for the body and returns the body's value", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const log: string[] = [];
    function* job(name: string): Gen<string> {
      const out: string = yield* res.using(function* () {
        log.push(`${name} in ${env.now}`);
        yield env.timeout(2);
        return `${name} done`;
      });
      return out;
    }
    const a = env.process(job("a"));
    const b = env.process(job("b"));
    env.run();
    expect(log).toEqual(["a in 0", "b in 2"]);
    expect([a.value, b.value]).toEqual(["a done", "b done"]);
    expect(res.count).toBe(0);
  });

  it("`using()` releases the slot when the body throws", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const p = env.process(
      (function* (): Gen {
        yield* res.using(function* () {
          yield env.timeout(1);
          throw new Error("body failed");
        });
      })(),
    );
    p.addCallback((e) => {
      e.defused = true;
    });
    env.run();
    expect(p.ok).toBe(false);
    expect(res.count).toBe(0);
  });

  it("`using()` withdraws the request when the process is interrupted while waiting", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const holder = res.request();
    const seen: string[] = [];
    const p = env.process(
      (function* (): Gen {
        try {
          yield* res.using(function* () {
            seen.push("got it");
            yield env.timeout(1);
          });
        } catch (error) {
          seen.push(error instanceof Interrupt ? "interrupted" : "other");
        }
      })(),
    );
    env.timeout(1).addCallback(() => p.interrupt());
    env.run();
    expect(seen).toEqual(["interrupted"]);
    expect(res.queue).toEqual([]);
    res.release(holder);
    env.run();
    expect(res.count).toBe(0);
  });

  it("`using()` rejects a body that is not a function", () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    expect(() => res.using(5 as never)).toThrow("Resource.using: expected body to be a generator function but found 5.");
  });
});
