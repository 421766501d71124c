// The put/get machinery shared by stores and containers: queues of waiting requests served as the other side moves.
import { invalidArgument } from "../errors";
import { Environment } from "./environment";
import { Event, PENDING, type EventCallback } from "./events";
import type { Process } from "./process";

/** A request to put something in: succeeds once it is in. */
export class PutEvent<T = undefined> extends Event<T> {
  /** The resource asked. */
  declare readonly resource: BaseResource<any, any>;
  /** The process that made the request (null outside processes). */
  declare readonly proc: Process<any> | null;

  constructor(resource: BaseResource<any, any>) {
    super(resource.env);
    this.resource = resource;
    this.proc = resource.env._active;
  }

  /** Withdraws the request if it is still waiting; no effect once it succeeded. */
  cancel(): void {
    if (this._state === PENDING) this.resource._cancelPut(this);
  }
}

/** A request to take something out: succeeds with what it got. */
export class GetEvent<T = unknown> extends Event<T> {
  /** The resource asked. */
  declare readonly resource: BaseResource<any, any>;
  /** The process that made the request (null outside processes). */
  declare readonly proc: Process<any> | null;

  constructor(resource: BaseResource<any, any>) {
    super(resource.env);
    this.resource = resource;
    this.proc = resource.env._active;
  }

  /** Withdraws the request if it is still waiting; no effect once it succeeded. */
  cancel(): void {
    if (this._state === PENDING) this.resource._cancelGet(this);
  }
}

/**
 * Queues of put and get requests. A new request is queued and the queue is served at once;
 * when a put is processed the get queue is served again, and the other way round.
 * Subclasses say in `_doPut`/`_doGet` whether a request can be served (and serve it), and
 * whether serving should go on to the next request in the queue.
 */
export abstract class BaseResource<P extends PutEvent<any>, G extends GetEvent<any>> {
  /** The environment. */
  declare readonly env: Environment;
  /** Waiting put requests. */
  readonly putQueue: P[] = [];
  /** Waiting get requests. */
  readonly getQueue: G[] = [];
  private readonly _onPutProcessed: EventCallback<any> = () => this._serveGets();
  private readonly _onGetProcessed: EventCallback<any> = () => this._servePuts();

  constructor(env: Environment) {
    checkEnvironment(this.constructor.name, env);
    this.env = env;
  }

  /** Serves `event` if possible (by triggering it); returns true to go on with the next request in the queue. */
  protected abstract _doPut(event: P): boolean;
  /** Serves `event` if possible (by triggering it); returns true to go on with the next request in the queue. */
  protected abstract _doGet(event: G): boolean;

  /** @internal Queues a new put request and serves the put queue. */
  protected _submitPut(event: P): P {
    this.putQueue.push(event);
    event._addSlot(this._onPutProcessed);
    this._servePuts();
    return event;
  }

  /** @internal Queues a new get request and serves the get queue. */
  protected _submitGet(event: G): G {
    this.getQueue.push(event);
    event._addSlot(this._onGetProcessed);
    this._serveGets();
    return event;
  }

  /** @internal */
  _servePuts(): void {
    const queue = this.putQueue;
    let i = 0;
    while (i < queue.length) {
      const event = queue[i];
      const proceed = this._doPut(event);
      if (event._state === PENDING) i++;
      else queue.splice(i, 1);
      if (!proceed) break;
    }
  }

  /** @internal */
  _serveGets(): void {
    const queue = this.getQueue;
    let i = 0;
    while (i < queue.length) {
      const event = queue[i];
      const proceed = this._doGet(event);
      if (event._state === PENDING) i++;
      else queue.splice(i, 1);
      if (!proceed) break;
    }
  }

  /** @internal A withdrawn request may have blocked the ones behind it, so the queue is served again. */
  _cancelPut(event: PutEvent<any>): void {
    const i = this.putQueue.indexOf(event as P);
    if (i >= 0) {
      this.putQueue.splice(i, 1);
      this._servePuts();
    }
  }

  /** @internal */
  _cancelGet(event: GetEvent<any>): void {
    const i = this.getQueue.indexOf(event as G);
    if (i >= 0) {
      this.getQueue.splice(i, 1);
      this._serveGets();
    }
  }
}

/** @internal Throws unless `env` is an Environment. */
export function checkEnvironment(api: string, env: unknown): asserts env is Environment {
  if (!(env instanceof Environment)) throw invalidArgument(api, "env", "an Environment", env);
}

/** @internal Reads `capacity` from a number or `{ capacity }`: an integer >= 1 (or Infinity when allowed). */
export function readCapacity(api: string, options: unknown, fallback: number, allowInfinity: boolean): number {
  let capacity: unknown;
  if (typeof options === "number") capacity = options;
  else if (options !== null && typeof options === "object") capacity = (options as { capacity?: unknown }).capacity ?? fallback;
  else throw invalidArgument(api, "options", "a capacity or an options object", options);
  const ok = typeof capacity === "number" && capacity >= 1 && (Number.isInteger(capacity) || (allowInfinity && capacity === Infinity));
  if (!ok) throw invalidArgument(api, "capacity", allowInfinity ? "an integer >= 1 or Infinity" : "an integer >= 1", capacity);
  return capacity as number;
}
