// Tests of Process: start on the next step, resume with event values, return values, failures, joins.
import { describe, expect, it } from "vitest";
import { Environment, Process, Resource, type Event } from "../../lib/sim";
import { InvalidArgumentError, UsageError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

describe("Process", () => {
  it("`env.process()` starts the generator at the next step, not synchronously", () => {
    const env = new Environment();
    const seen: string[] = [];
    function* body(): Gen {
      seen.push("started");
      yield env.timeout(1);
    }
    const p = env.process(body());
    expect(seen).toEqual([]);
    expect(p.isAlive).toBe(true);
    env.step();
    expect(seen).toEqual(["started"]);
    expect(env.now).toBe(0);
  });

  it("`env.process()` starts processes before NORMAL events of the same time (URGENT)", () => {
    const env = new Environment();
    const seen: string[] = [];
    env.timeout(0).addCallback(() => seen.push("timeout"));
    env.process(
      (function* (): Gen {
        seen.push("process");
        yield env.timeout(0);
      })(),
    );
    env.run();
    expect(seen).toEqual(["process", "timeout"]);
  });

  it("`yield event` resumes the generator with the event's value at the event's time", () => {
    const env = new Environment();
    const seen: [number, unknown][] = [];
    function* body(): Gen {
      const a = yield env.timeout(2, "two");
      seen.push([env.now, a]);
      const b = yield env.timeout(3, { n: 5 });
      seen.push([env.now, b]);
    }
    env.process(body());
    env.run();
    expect(seen).toEqual([
      [2, "two"],
      [5, { n: 5 }],
    ]);
  });

  it("a process succeeds with the generator's return value and ends NORMAL at that time", () => {
    const env = new Environment();
    function* body(): Gen<string> {
      yield env.timeout(4);
      return "result";
    }
    const p = env.process(body());
    expect(env.run(p)).toBe("result");
    expect(p.isAlive).toBe(false);
    expect(p.ok).toBe(true);
    expect(p.value).toBe("result");
    expect(p.target).toBeNull();
    expect(env.now).toBe(4);
  });

  it("`yield otherProcess` joins it and receives its return value", () => {
    const env = new Environment();
    function* child(): Gen<number> {
      yield env.timeout(3);
      return 99;
    }
    function* parent(): Gen<[number, number]> {
      const value = yield env.process(child());
      return [env.now, value];
    }
    expect(env.run(env.process(parent()))).toEqual([3, 99]);
  });

  it("an error thrown by a generator fails the process and is thrown into the joiner", () => {
    const env = new Environment();
    const boom = new Error("child failed");
    function* child(): Gen {
      yield env.timeout(1);
      throw boom;
    }
    let caught: unknown;
    function* parent(): Gen<string> {
      try {
        yield env.process(child());
      } catch (error) {
        caught = error;
        return "recovered";
      }
      return "unexpected";
    }
    const p = env.process(parent());
    expect(env.run(p)).toBe("recovered");
    expect(caught).toBe(boom);
  });

  it("a failed process nobody waits for makes run() throw the original error", () => {
    const env = new Environment();
    const boom = new TypeError("unhandled");
    env.process(
      (function* (): Gen {
        yield env.timeout(2);
        throw boom;
      })(),
    );
    let caught: unknown;
    try {
      env.run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
    expect(env.now).toBe(2);
  });

  it("a failed event is thrown into the waiting process, which may handle it", () => {
    const env = new Environment();
    const e = env.event();
    const seen: string[] = [];
    env.process(
      (function* (): Gen {
        try {
          yield e;
        } catch (error) {
          seen.push((error as Error).message);
        }
        yield env.timeout(1);
        seen.push("went on");
      })(),
    );
    env.timeout(5).addCallback(() => e.fail(new Error("bad news")));
    env.run();
    expect(seen).toEqual(["bad news", "went on"]);
    expect(e.defused).toBe(true);
  });

  it("yielding an already processed event resumes at once, without a step", () => {
    const env = new Environment();
    const done = env.timeout(1, "old");
    const seen: unknown[] = [];
    env.timeout(2).addCallback(() => seen.push("other event"));
    env.process(
      (function* (): Gen {
        yield env.timeout(2); // created after the callback above, so processed after it
        const v = yield done;
        seen.push([env.now, v]);
      })(),
    );
    env.run(2.5);
    expect(seen).toEqual(["other event", [2, "old"]]);
  });

  it("yielding an already processed failed event throws its error again", () => {
    const env = new Environment();
    const failed = env.event();
    failed.addCallback((e) => {
      e.defused = true;
    });
    failed.fail(new Error("old failure"));
    env.run();
    const p = env.process(
      (function* (): Gen<string> {
        try {
          yield failed;
        } catch (error) {
          return (error as Error).message;
        }
        return "no error";
      })(),
    );
    expect(env.run(p)).toBe("old failure");
  });

  it("yielding something that is not an event throws a UsageError into the generator", () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Generator<any, string, any> {
        try {
          yield 5;
        } catch (error) {
          return `${(error as Error).constructor.name}: ${(error as Error).message}`;
        }
        return "no error";
      })(),
    );
    expect(env.run(p)).toBe("UsageError: Process.resume: expected Process(process) to yield an event but found 5.");
  });

  it("yielding an event of another environment throws into the generator", () => {
    const env = new Environment();
    const other = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield other.timeout(1);
      })(),
    );
    expect(() => env.run(p)).toThrow(UsageError);
  });

  it("`env.process()` rejects generator functions and non-generators with a hint", () => {
    const env = new Environment();
    function* customer(): Gen {
      yield env.timeout(1);
    }
    expect(() => env.process(customer as never)).toThrow(
      "Environment.process: expected generator to be a generator object (call the generator function: env.process(customer(...))) but found function customer.",
    );
    expect(() => env.process({} as never)).toThrow(InvalidArgumentError);
    expect(() => env.process(null as never)).toThrow("Environment.process: expected generator to be a generator object but found null.");
  });

  it("`target` is the awaited event and `name` comes from options", () => {
    const env = new Environment();
    let t: Event<any> | undefined;
    const p = env.process(
      (function* (): Gen {
        t = env.timeout(5);
        yield t;
      })(),
      { name: "worker" },
    );
    expect(p).toBeInstanceOf(Process);
    expect(p.name).toBe("worker");
    expect(String(p)).toBe("Process(worker)");
    env.step();
    expect(p.target).toBe(t);
  });

  it("a process whose generator returns at once ends at its start time", () => {
    const env = new Environment({ initialTime: 7 });
    // eslint-disable-next-line require-yield
    const p = env.process((function* (): Gen<number> {
      return 1;
    })());
    expect(env.run(p)).toBe(1);
    expect(env.now).toBe(7);
  });

  it("processes at the same time resume in the order their events were scheduled", () => {
    const env = new Environment();
    const seen: string[] = [];
    for (const name of ["a", "b", "c"]) {
      env.process(
        (function* (): Gen {
          for (let i = 0; i < 3; i++) {
            yield env.timeout(1);
            seen.push(`${name}${i}`);
          }
        })(),
      );
    }
    env.run();
    expect(seen).toEqual(["a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"]);
  });
});

describe("Process typing", () => {
  it("`env.process()` accepts an unannotated generator and types the run's result", () => {
    const env = new Environment();
    const counter = new Resource(env, 1);
    function* customer(env: Environment, counter: Resource) {
      const req = counter.request();
      yield req;
      try {
        yield env.timeout(5);
      } finally {
        counter.release(req);
      }
      return "done";
    }
    const p: Process<string> = env.process(customer(env, counter));
    const result: string = env.run(p);
    expect(result).toBe("done");
    expect(env.now).toBe(5);
    expect(counter.count).toBe(0);
  });
});
