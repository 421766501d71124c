// Resource: a number of usage slots that processes request, hold and release, queueing first come first served.
import { invalidArgument } from "../errors";
import type { Environment } from "./environment";
import { checkEnvironment, readCapacity } from "./base-resource";
import { Event, PENDING, type EventCallback } from "./events";
import type { Process, ProcessGenerator } from "./process";

/** Defaults of `new Resource(env, options)`. */
export const DEFAULTS = { capacity: 1 };

/** Options of `new Resource(env, options)` and its priority variants. */
export interface ResourceOptions {
  /** Number of usage slots, an integer >= 1; default 1. */
  capacity?: number;
}

/** A request for a usage slot: it succeeds when the slot is granted. Release it with `resource.release(request)`. */
export class Request extends Event<undefined> {
  /** The resource asked. */
  declare readonly resource: Resource;
  /** The process that made the request (null outside processes). */
  declare readonly proc: Process<any> | null;
  /** The time the slot was granted, null until then. */
  declare usageSince: number | null;

  /** Prefer `resource.request()`. */
  constructor(resource: Resource) {
    super(resource.env);
    this.resource = resource;
    this.proc = resource.env._active;
    this.usageSince = null;
  }

  /** Withdraws the request if it is still waiting in the queue; no effect once granted (use `release`). */
  cancel(): void {
    if (this._state === PENDING) this.resource._cancel(this);
  }

  override describe(): string {
    return "Request()";
  }
}

/** The release of a slot: it succeeds at once, and the next waiting request is served when it is processed. */
export class Release extends Event<undefined> {
  /** The request released. */
  declare readonly request: Request;

  /** Prefer `resource.release(request)`. */
  constructor(resource: Resource, request: Request) {
    super(resource.env);
    this.request = request;
  }

  override describe(): string {
    return "Release()";
  }
}

/**
 * `capacity` usage slots. `request()` returns an event that succeeds when a slot is granted;
 * `release(request)` frees the slot (or withdraws a request still waiting), so it is safe in
 * a `finally`; `using(body)` does both around a generator body.
 */
export class Resource {
  /** The environment. */
  declare readonly env: Environment;
  /** Number of slots. */
  declare readonly capacity: number;
  /** The granted requests, in the order they were granted. */
  readonly users: Request[] = [];
  /** The waiting requests, in the order they will be served. */
  readonly queue: Request[] = [];
  private readonly _onReleaseProcessed: EventCallback<any> = () => this._grant();

  /** `new Resource(env, 2)` or `new Resource(env, { capacity: 2 })`. */
  constructor(env: Environment, options: number | ResourceOptions = {}) {
    const api = this.constructor.name;
    checkEnvironment(api, env);
    this.env = env;
    this.capacity = readCapacity(api, options, DEFAULTS.capacity, false);
  }

  /** Number of slots in use. */
  get count(): number {
    return this.users.length;
  }

  /** Requests a slot; yield the request to wait until it is granted. */
  request(): Request {
    const request = new Request(this);
    this._submit(request);
    return request;
  }

  /**
   * Frees the slot held by `request`, or withdraws it if it is still waiting; a request already
   * released or preempted is ignored. The next waiting request is served when the returned event is processed.
   */
  release(request: Request): Release {
    if (!(request instanceof Request) || request.resource !== this)
      throw invalidArgument(`${this.constructor.name}.release`, "request", "a request made to this resource", request);
    const release = new Release(this, request);
    const users = this.users;
    const i = users.indexOf(request);
    if (i >= 0) users.splice(i, 1);
    else if (request._state === PENDING) this._cancel(request);
    release._addSlot(this._onReleaseProcessed);
    release.succeed(undefined);
    return release;
  }

  /**
   * Requests a slot, runs `body` once granted, and releases the slot however the body ends
   * (return, throw, interrupt while waiting): `const r = yield* resource.using(function* (req) { ... })`.
   */
  using<T>(body: (request: Request) => ProcessGenerator<T>): ProcessGenerator<T> {
    if (typeof body !== "function") throw invalidArgument(`${this.constructor.name}.using`, "body", "a generator function", body);
    return holding(this, () => this.request(), body);
  }

  /** @internal Queues a new request and serves the head of the queue. */
  _submit(request: Request): void {
    this._enqueue(request);
    this._grant();
  }

  /** @internal Where a new request goes in the queue: at the end (FIFO). */
  protected _enqueue(request: Request): void {
    this.queue.push(request);
  }

  /** @internal Serves the head of the queue if it can be served. */
  _grant(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    const head = queue[0];
    this._tryGrant(head);
    if (head._state !== PENDING) queue.shift();
  }

  /** @internal Grants `request` a slot if one is free. */
  protected _tryGrant(request: Request): void {
    if (this.users.length < this.capacity) {
      this.users.push(request);
      request.usageSince = this.env._now;
      request.succeed(undefined);
    }
  }

  /** @internal Removes a waiting request from the queue. */
  _cancel(request: Request): void {
    const i = this.queue.indexOf(request);
    if (i >= 0) this.queue.splice(i, 1);
  }
}

/** @internal The generator behind `using`: waits for the grant, runs the body, always releases. */
export function* holding<T, R extends Request>(
  resource: { release(request: R): unknown },
  makeRequest: () => R,
  body: (request: R) => ProcessGenerator<T>,
): ProcessGenerator<T> {
  // The request is made when the generator starts, from inside the process that runs it.
  const request = makeRequest();
  try {
    yield request;
    return yield* body(request);
  } finally {
    resource.release(request);
  }
}
