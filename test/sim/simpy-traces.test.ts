// Trace comparison with SimPy: canonical models (mostly SimPy's documentation examples) run on our kernel must print SimPy's trace (fixtures/simpy-*.json; see each fixture's "how").
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../lib/errors";
import { Environment, Interrupt, PreemptiveResource, Resource, type Event, type Process } from "../../lib/sim";

type Gen<T = void> = Generator<Event<any>, T, any>;
type Trace = [number, string][];

interface Fixture {
  model: string;
  how: string;
  trace: Trace;
}

/** Each model as the fixture's Python states it, written with our kernel; returns the trace. */
const MODELS: Record<string, () => Trace> = {
  car() {
    const env = new Environment();
    const trace: Trace = [];
    env.process(
      (function* (): Gen {
        for (;;) {
          trace.push([env.now, "Start parking"]);
          yield env.timeout(5);
          trace.push([env.now, "Start driving"]);
          yield env.timeout(2);
        }
      })(),
    );
    env.run(15);
    return trace;
  },

  "car-interrupt"() {
    const env = new Environment();
    const trace: Trace = [];
    function* charge(duration: number): Gen {
      yield env.timeout(duration);
    }
    const action = env.process(
      (function* (): Gen {
        for (;;) {
          trace.push([env.now, "Start parking and charging"]);
          try {
            yield env.process(charge(5));
          } catch (error) {
            if (!(error instanceof Interrupt)) throw error;
            trace.push([env.now, "Was interrupted. Hope, the battery is full enough ..."]);
          }
          trace.push([env.now, "Start driving"]);
          yield env.timeout(2);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(3);
        action.interrupt();
      })(),
    );
    env.run(15);
    return trace;
  },

  bcs() {
    const env = new Environment();
    const trace: Trace = [];
    const bcs = new Resource(env, 2);
    function* car(name: string, drivingTime: number, chargeDuration: number): Gen {
      yield env.timeout(drivingTime);
      trace.push([env.now, `${name} arriving`]);
      const req = bcs.request(); // `with bcs.request() as req:` → release in finally
      try {
        yield req;
        trace.push([env.now, `${name} starting to charge`]);
        yield env.timeout(chargeDuration);
        trace.push([env.now, `${name} leaving the bcs`]);
      } finally {
        bcs.release(req);
      }
    }
    for (let i = 0; i < 4; i++) env.process(car(`Car ${i}`, i * 2, 5));
    env.run();
    return trace;
  },

  preemption() {
    const env = new Environment();
    const trace: Trace = [];
    const res = new PreemptiveResource(env, 1);
    function* user(name: string, priority: number, preempt: boolean): Gen {
      const req = res.request({ priority, preempt });
      try {
        trace.push([env.now, `${name} requesting`]);
        yield req;
        trace.push([env.now, `${name} got resource`]);
        yield env.timeout(3);
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        trace.push([env.now, `${name} got preempted`]);
      } finally {
        res.release(req);
      }
    }
    env.process(user("A", 0, true));
    env.run(1);
    env.process(user("B", -2, false));
    env.process(user("C", -1, true));
    env.run();
    return trace;
  },

  "ordering-and-conditions"() {
    const env = new Environment();
    const trace: Trace = [];
    for (const [name, delay] of [["A", 1], ["B", 0], ["C", 1]] as const)
      env.process(
        (function* (): Gen {
          yield env.timeout(delay);
          trace.push([env.now, name]);
        })(),
      );
    env.process(
      (function* (): Gen {
        const t1 = env.timeout(1, "spam");
        const t2 = env.timeout(2, "eggs");
        let r = yield env.anyOf([t1, t2]);
        trace.push([env.now, `any: ${r.events.map((e: Event<string>) => r.get(e)).join(",")}`]);
        r = yield env.allOf([t1, t2]);
        trace.push([env.now, `all: ${r.events.map((e: Event<string>) => r.get(e)).join(",")}`]);
      })(),
    );
    env.run();
    return trace;
  },

  "interrupt-races"() {
    const env = new Environment();
    const trace: Trace = [];
    function* victim(name: string, wait: number): Gen {
      try {
        yield env.timeout(wait);
        trace.push([env.now, `${name} done`]);
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        trace.push([env.now, `${name} interrupted (${String(error.cause)})`]);
      }
    }
    function* interrupter(target: () => Process<void>, cause: string): Gen {
      yield env.timeout(5);
      try {
        target().interrupt(cause);
      } catch (error) {
        // SimPy raises RuntimeError; our kernel raises UsageError (a TwinError) with the same meaning.
        if (!(error instanceof UsageError)) throw error;
        trace.push([env.now, `interrupt refused: ${cause}`]);
      }
    }
    let v1: Process<void> | undefined;
    env.process(interrupter(() => v1!, "early"));
    v1 = env.process(victim("v1", 5));
    const v2 = env.process(victim("v2", 5));
    env.process(interrupter(() => v2, "late"));
    const v3 = env.process(victim("v3", 20));
    env.process(
      (function* (): Gen {
        yield env.timeout(10);
        v3.interrupt("first");
        v3.interrupt("second");
      })(),
    );
    env.run();
    return trace;
  },
};

const dir = join(__dirname, "fixtures");
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => /^simpy-.*\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Fixture);

describe("traces against SimPy", () => {
  it("every fixture has a model here and every model a fixture", () => {
    expect(fixtures.map((f) => f.model).sort()).toEqual(Object.keys(MODELS).sort());
    for (const f of fixtures) expect(f.trace.length, f.model).toBeGreaterThan(0);
  });

  it.each(fixtures.map((f) => [f.model, f] as const))("%s prints SimPy's trace", (model, fixture) => {
    expect(MODELS[model]()).toEqual(fixture.trace);
  });
});
