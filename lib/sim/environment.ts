// The environment: simulated time, the event queue keyed on (time, priority, insertion order), and the run loop.
import { UsageError, invalidArgument } from "../errors";
import { AllOf, AnyOf } from "./condition";
import { Event, NORMAL, PENDING, PROCESSED, TRIGGERED, Timeout, URGENT, type CallbackSlot } from "./events";
import { EventQueue } from "./heap";
import { EmptySchedule } from "./interrupt";
import { Process, type ProcessGenerator, type ProcessOptions } from "./process";

/** Defaults of `new Environment(options)`. */
export const DEFAULTS = { initialTime: 0 };

/** Options of `new Environment(options)`. */
export interface EnvironmentOptions {
  /** The time `now` starts at; default 0. */
  initialTime?: number;
}

/** Largest priority `schedule` accepts; priority and insertion counter share one float key. */
export const MAX_PRIORITY = 31;
// key = priority * 2^48 + counter: exact in a double for priorities up to 31 and 2.8e14 events.
const PRIORITY_STRIDE = 2 ** 48;

/**
 * The simulation: current time, the queue of triggered events, and the loop that processes them.
 * Events at equal times run by priority (URGENT before NORMAL), then in the order they were scheduled.
 */
export class Environment {
  /** @internal */
  declare _now: number;
  /** @internal The process whose generator is running, if any. */
  _active: Process<any> | null = null;
  /** @internal */
  readonly _queue = new EventQueue<Event<any>>();
  private _counter = 0;
  private _running = false;
  private _stopped = false;

  constructor(options: EnvironmentOptions = {}) {
    if (options === null || typeof options !== "object") throw invalidArgument("Environment", "options", "an object", options);
    const initialTime = options.initialTime ?? DEFAULTS.initialTime;
    if (typeof initialTime !== "number" || !Number.isFinite(initialTime))
      throw invalidArgument("Environment", "options.initialTime", "a finite number", initialTime);
    this._now = initialTime;
  }

  /** The current simulation time. */
  get now(): number {
    return this._now;
  }

  /** The process whose generator is running right now, or null (outside processes). */
  get activeProcess(): Process<any> | null {
    return this._active;
  }

  /** A new pending event; trigger it with `succeed(value)`, `fail(error)` or `trigger(other)`. */
  event<T = unknown>(): Event<T> {
    return new Event<T>(this);
  }

  /** An event that succeeds with `value` after `delay` (NORMAL priority). */
  timeout<T = undefined>(delay: number, value?: T): Timeout<T> {
    return new Timeout<T>(this, delay, value);
  }

  /** Starts a process from a generator object (`env.process(customer(env))`); it runs from the next step on. */
  process<T>(generator: ProcessGenerator<T>, options?: ProcessOptions): Process<T> {
    return new Process<T>(this, generator, options);
  }

  /** A condition that succeeds once all `events` have succeeded; its value lists them with their values. */
  allOf(events: Iterable<Event<any>>): AllOf {
    return new AllOf(this, events);
  }

  /** A condition that succeeds once any of `events` has succeeded. */
  anyOf(events: Iterable<Event<any>>): AnyOf {
    return new AnyOf(this, events);
  }

  /**
   * Low level: schedules a pending `event` to succeed (value undefined) at `now + delay` with
   * `priority` (URGENT, NORMAL or any integer up to MAX_PRIORITY; lower runs first).
   * `succeed`, `fail`, `trigger` and `timeout` schedule their events themselves.
   */
  schedule(event: Event<any>, priority: number = NORMAL, delay = 0): void {
    if (!(event instanceof Event) || event.env !== this) throw invalidArgument("Environment.schedule", "event", "an event of this environment", event);
    if (event._state !== PENDING) throw new UsageError(`Environment.schedule: ${event.describe()} has already been triggered.`);
    if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY)
      throw invalidArgument("Environment.schedule", "priority", `an integer in [0, ${MAX_PRIORITY}]`, priority);
    if (typeof delay !== "number" || !(delay >= 0)) throw invalidArgument("Environment.schedule", "delay", "a number >= 0", delay);
    event._ok = true;
    event._state = TRIGGERED;
    this._enqueue(event, this._now + delay, priority);
  }

  /** @internal Puts a triggered event in the queue. */
  _enqueue(event: Event<any>, time: number, priority: number): void {
    this._queue.push(time, priority * PRIORITY_STRIDE + this._counter++, event);
  }

  /** The time of the next event, or Infinity if none is scheduled. */
  peek(): number {
    return this._queue.peekTime();
  }

  /** Processes the next event; throws EmptySchedule if there is none, or the error of a failed event nobody handled. */
  step(): void {
    if (this._queue.size === 0) throw new EmptySchedule("Environment.step: no scheduled events left.");
    this._processNext();
  }

  /**
   * Runs until `until`: with no argument, until no events are left; with a number, until that
   * time (stopping before the NORMAL events at exactly that time; `now` is then `until`); with an
   * event, until it is processed, returning its value (or throwing its error).
   * Throws the error of any failed event that nobody handled.
   */
  run(): undefined;
  run(until: number): undefined;
  run<T>(until: Event<T>): T;
  run(until?: number | Event<any>): unknown;
  run(until?: number | Event<any>): unknown {
    if (this._running) throw new UsageError("Environment.run: the environment is already running (run was called from inside the simulation).");
    if (until === undefined) {
      this._loop();
      return undefined;
    }
    let stop: Event<any>;
    if (typeof until === "number") {
      if (Number.isNaN(until)) throw invalidArgument("Environment.run", "until", "a number or an event", until);
      if (!(until > this._now)) throw invalidArgument("Environment.run", "until", `after now (${this._now})`, until);
      stop = new Event<undefined>(this);
      stop._ok = true;
      stop._state = TRIGGERED;
      // URGENT, so that the run ends before the NORMAL events at exactly `until`.
      this._enqueue(stop, until, URGENT);
    } else if (until instanceof Event) {
      if (until.env !== this) throw invalidArgument("Environment.run", "until", "an event of this environment", until.describe());
      stop = until;
      if (stop._state === PROCESSED) return outcome(stop);
    } else {
      throw invalidArgument("Environment.run", "until", "a number or an event", until);
    }
    const callback: CallbackSlot = this._stopCallback;
    stop._addSlot(callback);
    this._stopped = false;
    try {
      this._loop();
    } finally {
      // A stop that was not reached (an error ended the run) must not end a later run.
      if (!this._stopped && stop._state !== PROCESSED) stop._removeSlot(callback);
    }
    if (!this._stopped)
      throw new EmptySchedule(
        `Environment.run: no scheduled events left at now (${this._now}) but the until event ${stop.describe()} was not triggered.`,
      );
    this._stopped = false;
    return outcome(stop);
  }

  private readonly _stopCallback = (event: Event<any>): void => {
    this._stopped = true;
    // run() rethrows the failure itself, so step must not throw it first.
    if (!event._ok) event._defused = true;
  };

  private _loop(): void {
    this._running = true;
    this._stopped = false;
    const queue = this._queue;
    try {
      while (queue.size > 0 && !this._stopped) this._processNext();
    } finally {
      this._running = false;
    }
  }

  /** @internal Pops the next event, advances time and runs its callbacks. */
  _processNext(): void {
    const queue = this._queue;
    this._now = queue.times[0];
    const event = queue.pop()!;
    event._state = PROCESSED;
    const first = event._cb;
    if (first !== null) {
      event._cb = null;
      const rest = event._cbs;
      if (rest !== null) event._cbs = null;
      if (typeof first === "function") first(event);
      else first._resume(event);
      if (rest !== null) {
        for (let i = 0; i < rest.length; i++) {
          const cb = rest[i];
          if (typeof cb === "function") cb(event);
          else cb._resume(event);
        }
      }
    }
    if (!event._ok && !event._defused) throw event._value;
  }
}

function outcome(event: Event<any>): unknown {
  if (!event._ok) throw event._value;
  return event._value;
}
