// Events, the one primitive of the kernel: something that may happen, with callbacks run when it is processed.
import { UsageError, invalidArgument } from "../errors";
import type { AllOf, AnyOf } from "./condition";
import type { Environment } from "./environment";

/** Priority of process starts, interruptions and the `run(until)` stop: processed before NORMAL events of the same time. */
export const URGENT = 0;
/** Priority of timeouts, `succeed`/`fail`/`trigger` and process ends. */
export const NORMAL = 1;

/** @internal Not yet triggered: no outcome, not in the queue. */
export const PENDING = 0;
/** @internal Outcome set and scheduled; callbacks not run yet. */
export const TRIGGERED = 1;
/** @internal Callbacks have run. */
export const PROCESSED = 2;

/** A function called with the event when the event is processed. */
export type EventCallback<T = any> = (event: Event<T>) => void;

/** @internal Something an event resumes without a closure (a Process): `step` calls `_resume(event)`. */
export interface Waiter {
  _resume(event: Event<any>): void;
}

/** @internal A callback slot holds a function or a waiter. */
export type CallbackSlot = EventCallback<any> | Waiter;

/**
 * Something that may happen: pending, then triggered (outcome set, scheduled), then processed
 * (callbacks run, in registration order). A failed event that no callback or process defuses
 * makes `Environment.run` throw its error. Create events with `env.event()`, `env.timeout()`, ...
 */
export class Event<T = unknown> {
  /** The environment the event lives in. */
  declare readonly env: Environment;
  /** @internal PENDING, TRIGGERED or PROCESSED. */
  declare _state: number;
  /** @internal true if succeeded; meaningful once triggered. */
  declare _ok: boolean;
  /** @internal The value, or the error of a failed event. */
  declare _value: any;
  /** @internal Someone handled the failure. */
  declare _defused: boolean;
  // One slot plus an overflow array: most events have exactly one waiter.
  /** @internal First callback. */
  declare _cb: CallbackSlot | null;
  /** @internal Further callbacks, in registration order. */
  declare _cbs: CallbackSlot[] | null;

  /** Prefer `env.event()`. */
  constructor(env: Environment) {
    this.env = env;
    this._state = PENDING;
    this._ok = false;
    this._value = undefined;
    this._defused = false;
    this._cb = null;
    this._cbs = null;
  }

  /** True once the event has an outcome and is scheduled (or processed). */
  get triggered(): boolean {
    return this._state !== PENDING;
  }

  /** True once the event's callbacks have run. */
  get processed(): boolean {
    return this._state === PROCESSED;
  }

  /** True if the event succeeded; throws while the event is pending. */
  get ok(): boolean {
    if (this._state === PENDING) throw new UsageError(`Event.ok: ${this.describe()} has not been triggered yet.`);
    return this._ok;
  }

  /** The value (or, for a failed event, the error); throws while the event is pending. */
  get value(): T {
    if (this._state === PENDING) throw new UsageError(`Event.value: the value of ${this.describe()} is not available until it has been triggered.`);
    return this._value;
  }

  /** True once a failure has been handled, so processing it does not stop the simulation. */
  get defused(): boolean {
    return this._defused;
  }

  /** Set to true (from a callback) to mark a failure as handled. */
  set defused(value: boolean) {
    this._defused = value === true;
  }

  /** Succeeds the event with `value` and schedules it (NORMAL, now); returns the event. */
  succeed(value?: T): this {
    if (this._state !== PENDING) throw new UsageError(`Event.succeed: ${this.describe()} has already been triggered.`);
    this._ok = true;
    this._value = value;
    this._state = TRIGGERED;
    this.env._enqueue(this, this.env._now, NORMAL);
    return this;
  }

  /** Fails the event with `error` and schedules it (NORMAL, now); returns the event. */
  fail(error: Error): this {
    if (this._state !== PENDING) throw new UsageError(`Event.fail: ${this.describe()} has already been triggered.`);
    if (!(error instanceof Error)) throw invalidArgument("Event.fail", "error", "an Error", error);
    this._ok = false;
    this._value = error;
    this._state = TRIGGERED;
    this.env._enqueue(this, this.env._now, NORMAL);
    return this;
  }

  /** Triggers the event with the outcome of `other` (which must be triggered); handy in a callback: `a.addCallback((e) => b.trigger(e))`. */
  trigger(other: Event<T>): this {
    if (this._state !== PENDING) throw new UsageError(`Event.trigger: ${this.describe()} has already been triggered.`);
    if (!(other instanceof Event)) throw invalidArgument("Event.trigger", "other", "an Event", other);
    if (other._state === PENDING) throw new UsageError(`Event.trigger: ${other.describe()} has not been triggered yet, so it has no outcome to copy.`);
    this._ok = other._ok;
    this._value = other._value;
    this._state = TRIGGERED;
    this.env._enqueue(this, this.env._now, NORMAL);
    return this;
  }

  /** Registers `callback` to run when the event is processed (after those registered before). */
  addCallback(callback: EventCallback<T>): void {
    if (typeof callback !== "function") throw invalidArgument("Event.addCallback", "callback", "a function", callback);
    if (this._state === PROCESSED) throw new UsageError(`Event.addCallback: ${this.describe()} has already been processed; check event.processed first.`);
    this._addSlot(callback);
  }

  /** Unregisters `callback`; returns false if it was not registered. */
  removeCallback(callback: EventCallback<T>): boolean {
    return this._removeSlot(callback);
  }

  /** A condition that succeeds once both this event and `other` have succeeded. */
  and(other: Event<any>): AllOf {
    return this.env.allOf([this, other]);
  }

  /** A condition that succeeds once this event or `other` has succeeded. */
  or(other: Event<any>): AnyOf {
    return this.env.anyOf([this, other]);
  }

  /** A short description for messages, such as `Timeout(5)`. */
  describe(): string {
    return `${this.constructor.name}()`;
  }

  /** Same as `describe()`. */
  toString(): string {
    return this.describe();
  }

  /** Events are not data: JSON (and error messages) show their description. */
  toJSON(): string {
    return this.describe();
  }

  /** @internal */
  _addSlot(slot: CallbackSlot): void {
    if (this._cb === null) this._cb = slot;
    else if (this._cbs === null) this._cbs = [slot];
    else this._cbs.push(slot);
  }

  /** @internal */
  _removeSlot(slot: CallbackSlot): boolean {
    if (this._cb === slot) {
      const rest = this._cbs;
      if (rest === null) this._cb = null;
      else {
        this._cb = rest.shift()!;
        if (rest.length === 0) this._cbs = null;
      }
      return true;
    }
    const rest = this._cbs;
    if (rest === null) return false;
    const i = rest.indexOf(slot);
    if (i < 0) return false;
    rest.splice(i, 1);
    if (rest.length === 0) this._cbs = null;
    return true;
  }
}

/** An event that succeeds `delay` time units after its creation; it is scheduled when created. */
export class Timeout<T = undefined> extends Event<T> {
  /** The delay it was created with. */
  declare readonly delay: number;

  /** Prefer `env.timeout(delay, value)`. */
  constructor(env: Environment, delay: number, value?: T) {
    super(env);
    if (typeof delay !== "number" || !(delay >= 0)) throw invalidArgument("Environment.timeout", "delay", "a number >= 0", delay);
    this.delay = delay;
    this._ok = true;
    this._value = value;
    this._state = TRIGGERED;
    env._enqueue(this, env._now + delay, NORMAL);
  }

  override describe(): string {
    return `Timeout(${this.delay})`;
  }
}
