// Processes: generators that yield events to wait for them; a process is itself an event that ends with the generator.
import { UsageError, describeValue, invalidArgument } from "../errors";
import type { Environment } from "./environment";
import { Event, NORMAL, PENDING, PROCESSED, TRIGGERED, URGENT } from "./events";
import { Interrupt } from "./interrupt";

/**
 * What `env.process` runs: a generator that yields events and returns the process's value.
 * The value sent back at each `yield` is the yielded event's value.
 */
export type ProcessGenerator<T = unknown> = Generator<Event<any>, T, any>;

/** Options of `env.process`. */
export interface ProcessOptions {
  /** A name for messages and debugging; default "process". */
  name?: string;
}

/**
 * A running generator. It starts at the next step (URGENT), resumes each time the event it
 * yielded is processed (with that event's value, or with its error thrown in), and as an event
 * it succeeds with the generator's return value or fails with what it threw: `yield proc` joins it.
 */
export class Process<T = unknown> extends Event<T> {
  /** The name given in options. */
  declare readonly name: string;
  /** @internal */
  declare _generator: ProcessGenerator<T>;
  /** @internal The event the process waits for; null once ended. */
  declare _target: Event<any> | null;

  /** Prefer `env.process(generator)`. */
  constructor(env: Environment, generator: ProcessGenerator<T>, options?: ProcessOptions) {
    super(env);
    checkGenerator(generator);
    const name = options?.name;
    if (name !== undefined && typeof name !== "string") throw invalidArgument("Environment.process", "options.name", "a string", name);
    this.name = name ?? "process";
    this._generator = generator;
    // The start is an URGENT event so that it runs before anything else at this time, interrupts included.
    const start = new Event<undefined>(env);
    start._ok = true;
    start._state = TRIGGERED;
    start._cb = this;
    env._enqueue(start, env._now, URGENT);
    this._target = start;
  }

  /** The event the process is waiting for (null once it has ended). */
  get target(): Event<any> | null {
    return this._target;
  }

  /** True until the generator returns or throws. */
  get isAlive(): boolean {
    return this._state === PENDING;
  }

  /**
   * Throws an `Interrupt` carrying `cause` into the process at its current `yield`, as an URGENT
   * event at the current time. As in SimPy, interrupting a process that has already terminated throws
   * (`UsageError`; check `isAlive` first), while an interrupt already scheduled when the process ends
   * (for instance behind an earlier interrupt that ended it) is dropped at delivery.
   */
  interrupt(cause?: unknown): void {
    if (this._state !== PENDING) throw new UsageError(`Process.interrupt: ${this.describe()} has terminated and cannot be interrupted (check process.isAlive first).`);
    if (this.env._active === this) throw new UsageError("Process.interrupt: a process cannot interrupt itself.");
    const interruption = new Interruption(this.env, this, new Interrupt(cause));
    this.env._enqueue(interruption, this.env._now, URGENT);
  }

  override describe(): string {
    return `Process(${this.name})`;
  }

  /** @internal Resumes the generator with `event`'s outcome until it yields a pending event or ends. */
  _resume(event: Event<any>): void {
    const env = this.env;
    const generator = this._generator;
    env._active = this;
    let ev = event;
    for (;;) {
      let result: IteratorResult<Event<any>, T>;
      try {
        if (ev._ok) result = generator.next(ev._value);
        else {
          ev._defused = true;
          result = generator.throw(ev._value);
        }
      } catch (error) {
        this._end(false, error);
        break;
      }
      if (result.done === true) {
        this._end(true, result.value);
        break;
      }
      const next = result.value;
      if (next instanceof Event && next.env === env) {
        if (next._state !== PROCESSED) {
          next._addSlot(this);
          this._target = next;
          break;
        }
        // Already processed: resume at once with its outcome.
        ev = next;
      } else {
        ev = invalidYield(env, this, next);
      }
    }
    env._active = null;
  }

  private _end(ok: boolean, value: unknown): void {
    this._target = null;
    this._ok = ok;
    this._value = value;
    this._state = TRIGGERED;
    this.env._enqueue(this, this.env._now, NORMAL);
  }
}

/** @internal The URGENT event that delivers an Interrupt to a process. */
class Interruption extends Event<never> {
  declare readonly process: Process<any>;

  constructor(env: Environment, process: Process<any>, interrupt: Interrupt) {
    super(env);
    this.process = process;
    this._ok = false;
    this._value = interrupt;
    // The process receives the error; the interruption itself never stops the simulation.
    this._defused = true;
    this._state = TRIGGERED;
    this._cb = deliverInterrupt;
  }

  override describe(): string {
    return `Interruption(${this.process.name})`;
  }
}

function deliverInterrupt(event: Event<any>): void {
  const process = (event as Interruption).process;
  // The process may have ended since the interrupt was scheduled (for instance by an earlier interrupt).
  if (process._state !== PENDING) return;
  // The process stops waiting for its target: it must not be resumed a second time when the target happens.
  const target = process._target;
  if (target !== null) target._removeSlot(process);
  process._resume(event);
}

/** A failed, never-scheduled event whose error is thrown into a generator that yielded something that is not an event. */
function invalidYield(env: Environment, process: Process<any>, value: unknown): Event<never> {
  const ev = new Event<never>(env);
  ev._state = PROCESSED;
  ev._ok = false;
  const problem =
    value instanceof Event
      ? `Process.resume: ${process.describe()} yielded ${value.describe()}, an event of another environment.`
      : `Process.resume: expected ${process.describe()} to yield an event but found ${describeValue(value)}.`;
  ev._value = new UsageError(problem);
  return ev;
}

function checkGenerator(generator: unknown): void {
  if (typeof generator === "function")
    throw invalidArgument(
      "Environment.process",
      "generator",
      `a generator object (call the generator function: env.process(${generator.name || "fn"}(...)))`,
      generator,
    );
  const g = generator as { next?: unknown; throw?: unknown } | null;
  if (g === null || typeof g !== "object" || typeof g.next !== "function" || typeof g.throw !== "function")
    throw invalidArgument("Environment.process", "generator", "a generator object", generator);
}
