// Conditions: events that wait for all (AllOf) or any (AnyOf) of several events, and their value.
import { NotFoundError, invalidArgument } from "../errors";
import type { Environment } from "./environment";
import { Event, type EventCallback, PENDING, PROCESSED, TRIGGERED, NORMAL } from "./events";

/**
 * The value of a condition: the events that were processed before the condition was, in the
 * order they were given (nested conditions flattened), with their values.
 */
export class ConditionValue {
  /** The processed events, in the order of the condition's list. */
  readonly events: Event<any>[] = [];

  /** Number of events. */
  get size(): number {
    return this.events.length;
  }

  /** True if `event` is among the events. */
  has(event: Event<any>): boolean {
    return this.events.includes(event);
  }

  /** The value of `event`; throws if it is not among the events. */
  get<T>(event: Event<T>): T {
    if (!this.events.includes(event)) throw new NotFoundError(`ConditionValue.get: ${String(event)} is not among the condition's processed events.`);
    return event._value;
  }

  /** The values, in order. */
  values(): unknown[] {
    return this.events.map((e) => e._value);
  }

  /** A Map from each event to its value. */
  toMap(): Map<Event<any>, unknown> {
    return new Map(this.events.map((e) => [e, e._value] as [Event<any>, unknown]));
  }
}

/** Decides from the events and how many of them have succeeded whether a condition holds. */
export type ConditionEvaluator = (events: readonly Event<any>[], count: number) => boolean;

/**
 * An event that succeeds once `evaluate(events, count)` holds, counting events as they are
 * processed (events already processed count at once), and fails as soon as one of them fails.
 */
export class Condition extends Event<ConditionValue> {
  /** The events the condition waits on. */
  declare readonly events: readonly Event<any>[];
  declare private readonly _evaluate: ConditionEvaluator;
  declare private _count: number;
  declare private readonly _checkCallback: EventCallback<any>;

  /** Prefer `env.allOf(events)` / `env.anyOf(events)` or `a.and(b)` / `a.or(b)`. */
  constructor(env: Environment, evaluate: ConditionEvaluator, events: Iterable<Event<any>>, api = "Condition") {
    super(env);
    if (events === null || typeof events !== "object" || typeof (events as Iterable<unknown>)[Symbol.iterator] !== "function")
      throw invalidArgument(api, "events", "an array of events", events);
    const list = Array.from(events);
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (!(e instanceof Event)) throw invalidArgument(api, `events[${i}]`, "an Event", e);
      if (e.env !== env) throw invalidArgument(api, `events[${i}]`, "an event of this environment", e.describe());
    }
    this.events = list;
    this._evaluate = evaluate;
    this._count = 0;
    this._checkCallback = (e) => this._check(e);
    if (list.length === 0) {
      this._succeedWith(new ConditionValue());
      return;
    }
    for (const e of list) {
      if (e._state === PROCESSED) this._check(e);
      else e._addSlot(this._checkCallback);
    }
    // Registered after the checks so it runs first among this condition's own callbacks.
    this._addSlot(buildValue);
  }

  override describe(): string {
    return `${this.constructor.name}(${this.events.length} events)`;
  }

  private _check(event: Event<any>): void {
    if (this._state !== PENDING) return;
    this._count++;
    if (!event._ok) {
      // The condition takes over the failure: it fails in turn and the child is handled.
      event._defused = true;
      this._ok = false;
      this._value = event._value;
      this._state = TRIGGERED;
      this.env._enqueue(this, this.env._now, NORMAL);
    } else if (this._evaluate(this.events, this._count)) {
      // The value is built when the condition is processed (see buildValue).
      this._succeedWith(undefined);
    }
  }

  private _succeedWith(value: ConditionValue | undefined): void {
    this._ok = true;
    this._value = value;
    this._state = TRIGGERED;
    this.env._enqueue(this, this.env._now, NORMAL);
  }

  /** @internal Drops the check callbacks from the events (and nested conditions' events) once decided. */
  _removeChecks(): void {
    for (const e of this.events) {
      if (e._state !== PROCESSED) e._removeSlot(this._checkCallback);
      if (e instanceof Condition) e._removeChecks();
    }
  }

  /** @internal Appends the processed events to `value`, flattening nested conditions. */
  _populate(value: ConditionValue): void {
    for (const e of this.events) {
      if (e instanceof Condition) e._populate(value);
      else if (e._state === PROCESSED) value.events.push(e);
    }
  }
}

function buildValue(event: Event<any>): void {
  const condition = event as Condition;
  condition._removeChecks();
  if (condition._ok) {
    const value = new ConditionValue();
    condition._populate(value);
    condition._value = value;
  }
}

/** Holds once every event has succeeded (at once for an empty list). */
export function allEvents(events: readonly Event<any>[], count: number): boolean {
  return count === events.length;
}

/** Holds once any event has succeeded (at once for an empty list). */
export function anyEvent(events: readonly Event<any>[], count: number): boolean {
  return count > 0 || events.length === 0;
}

/** Succeeds when all the events have succeeded; fails as soon as one fails. */
export class AllOf extends Condition {
  /** Prefer `env.allOf(events)`. */
  constructor(env: Environment, events: Iterable<Event<any>>) {
    super(env, allEvents, events, "Environment.allOf");
  }
}

/** Succeeds when any of the events has succeeded; fails as soon as one fails. */
export class AnyOf extends Condition {
  /** Prefer `env.anyOf(events)`. */
  constructor(env: Environment, events: Iterable<Event<any>>) {
    super(env, anyEvent, events, "Environment.anyOf");
  }
}
