// Tests of Process.interrupt: URGENT delivery, the Interrupt and its cause, dead processes, self-interrupts.
import { describe, expect, it } from "vitest";
import { Environment, Interrupt, type Event, type Process } from "../../lib/sim";
import { TwinError, UsageError } from "../../lib/errors";

type Gen<T = void> = Generator<Event<any>, T, any>;

describe("Process.interrupt", () => {
  it("`interrupt(cause)` throws an Interrupt carrying the cause at the process's yield", () => {
    const env = new Environment();
    const seen: unknown[] = [];
    const p = env.process(
      (function* (): Gen {
        try {
          yield env.timeout(10);
        } catch (error) {
          seen.push(error instanceof Interrupt, (error as Interrupt).cause, env.now);
        }
      })(),
    );
    env.timeout(3).addCallback(() => p.interrupt("maintenance"));
    env.run();
    expect(seen).toEqual([true, "maintenance", 3]);
    expect(env.now).toBe(10); // the timeout still happens, it just no longer resumes the process
  });

  it("`Interrupt` is a TwinError whose message shows the cause", () => {
    const i = new Interrupt({ reason: "x" });
    expect(i).toBeInstanceOf(TwinError);
    expect(i.name).toBe("Interrupt");
    expect(i.message).toBe('Interrupt: the process was interrupted (cause: {"reason":"x"}).');
    expect(new Interrupt().message).toBe("Interrupt: the process was interrupted.");
  });

  it("`interrupt()` is delivered URGENT, before NORMAL events of the same time", () => {
    const env = new Environment();
    const seen: string[] = [];
    const p = env.process(
      (function* (): Gen {
        try {
          yield env.timeout(10);
        } catch {
          seen.push(`interrupted at ${env.now}`);
        }
      })(),
    );
    env.timeout(3).addCallback(() => {
      env.timeout(0).addCallback(() => seen.push("normal at 3"));
      p.interrupt();
    });
    env.run();
    expect(seen).toEqual(["interrupted at 3", "normal at 3"]);
  });

  it("after an interrupt the old target no longer resumes the process", () => {
    const env = new Environment();
    const resumes: string[] = [];
    const longWait = env.timeout(5, "long");
    const p = env.process(
      (function* (): Gen {
        try {
          resumes.push(yield longWait);
        } catch {
          resumes.push("interrupt");
        }
        resumes.push(yield env.timeout(10, "after"));
      })(),
    );
    env.timeout(1).addCallback(() => p.interrupt());
    env.run();
    expect(resumes).toEqual(["interrupt", "after"]);
    expect(env.now).toBe(11);
  });

  it("an interrupted process can keep running and be interrupted again", () => {
    const env = new Environment();
    let interrupts = 0;
    const p = env.process(
      (function* (): Gen<number> {
        let remaining = 10;
        while (remaining > 0) {
          const start = env.now;
          try {
            yield env.timeout(remaining);
            remaining = 0;
          } catch (error) {
            if (!(error instanceof Interrupt)) throw error;
            interrupts++;
            remaining -= env.now - start;
          }
        }
        return env.now;
      })(),
    );
    env.timeout(2).addCallback(() => p.interrupt());
    env.timeout(6).addCallback(() => p.interrupt());
    expect(env.run(p)).toBe(10);
    expect(interrupts).toBe(2);
  });

  it("`interrupt()` of a terminated process throws, as in SimPy", () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield env.timeout(1);
      })(),
    );
    env.run();
    expect(p.isAlive).toBe(false);
    expect(() => p.interrupt("late")).toThrow(UsageError);
    expect(() => p.interrupt("late")).toThrow(/^Process.interrupt: Process\(.*\) has terminated and cannot be interrupted \(check process.isAlive first\)\.$/);
    expect(env.peek()).toBe(Infinity);
  });

  it("an interrupt pending when the process dies is ignored", () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        try {
          yield env.timeout(10);
        } catch {
          return; // ends on the first interrupt
        }
      })(),
    );
    env.timeout(1).addCallback(() => {
      p.interrupt(1);
      p.interrupt(2);
    });
    expect(() => env.run()).not.toThrow();
    expect(p.isAlive).toBe(false);
  });

  it("a process cannot interrupt itself", () => {
    const env = new Environment();
    let self: Process<any> | undefined;
    let message = "";
    self = env.process(
      (function* (): Gen {
        yield env.timeout(1);
        try {
          self!.interrupt();
        } catch (error) {
          message = (error as Error).message;
        }
      })(),
    );
    env.run();
    expect(message).toBe("Process.interrupt: a process cannot interrupt itself.");
  });

  it("an unhandled Interrupt fails the process and makes run() throw it", () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield env.timeout(5);
      })(),
    );
    env.timeout(1).addCallback(() => p.interrupt("stop"));
    expect(() => env.run()).toThrow(Interrupt);
    expect(p.ok).toBe(false);
    expect((p.value as unknown as Interrupt).cause).toBe("stop");
  });

  it("a process interrupted right after creation starts first, then gets the interrupt at its first yield", () => {
    const env = new Environment();
    const seen: string[] = [];
    const p = env.process(
      (function* (): Gen {
        seen.push("started");
        try {
          yield env.timeout(5);
        } catch {
          seen.push(`interrupted at ${env.now}`);
        }
      })(),
    );
    p.interrupt();
    env.run();
    expect(seen).toEqual(["started", "interrupted at 0"]);
  });

  it("an interrupt removes the process from a condition it waits on", () => {
    const env = new Environment();
    const seen: string[] = [];
    const a = env.timeout(5);
    const b = env.timeout(6);
    const p = env.process(
      (function* (): Gen {
        try {
          yield a.and(b);
          seen.push("condition");
        } catch {
          seen.push("interrupted");
        }
      })(),
    );
    env.timeout(1).addCallback(() => p.interrupt());
    env.run();
    expect(seen).toEqual(["interrupted"]);
  });
});
