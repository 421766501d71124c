// PriorityResource: a Resource whose waiting requests are served by priority (lower first), then by request time.
import { invalidArgument } from "../errors";
import { Request, Resource, holding } from "./resource";
import type { ProcessGenerator } from "./process";

/** Options of `priorityResource.request(options)`. */
export interface PriorityRequestOptions {
  /** Lower is more important; default 0. */
  priority?: number;
  /** Whether the request may preempt a user of a PreemptiveResource; default true. Ignored by PriorityResource. */
  preempt?: boolean;
}

/** Defaults of `request(options)`. */
export const DEFAULTS = { priority: 0, preempt: true };

/** A request with a priority; requests are ordered by (priority, time of request, preempting first). */
export class PriorityRequest extends Request {
  /** Lower is more important. */
  declare readonly priority: number;
  /** Whether the request may preempt a user (PreemptiveResource only). */
  declare readonly preempt: boolean;
  /** The time the request was made. */
  declare readonly time: number;

  /** Prefer `resource.request({ priority })`. */
  constructor(resource: PriorityResource, priority: number, preempt: boolean) {
    super(resource);
    this.priority = priority;
    this.preempt = preempt;
    this.time = resource.env._now;
  }

  override describe(): string {
    return `PriorityRequest(${this.priority})`;
  }
}

/** Orders requests by (priority, time, preempting before not preempting); 0 for equal keys. */
export function compareRequests(a: PriorityRequest, b: PriorityRequest): number {
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.preempt !== b.preempt) return a.preempt ? -1 : 1;
  return 0;
}

/**
 * A Resource whose queue is sorted by priority (lower first), then by the time of the request,
 * then first come first served. Users are never displaced (see PreemptiveResource for that).
 */
export class PriorityResource extends Resource {
  declare readonly users: PriorityRequest[];
  declare readonly queue: PriorityRequest[];

  /** Requests a slot with a priority (lower is more important). */
  override request(options: PriorityRequestOptions = {}): PriorityRequest {
    const api = `${this.constructor.name}.request`;
    if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an options object", options);
    const priority = options.priority ?? DEFAULTS.priority;
    const preempt = options.preempt ?? DEFAULTS.preempt;
    if (typeof priority !== "number" || !Number.isFinite(priority)) throw invalidArgument(api, "priority", "a finite number", priority);
    if (typeof preempt !== "boolean") throw invalidArgument(api, "preempt", "a boolean", preempt);
    const request = new PriorityRequest(this, priority, preempt);
    this._submit(request);
    return request;
  }

  /** Like `Resource.using`, with the request's priority options. */
  override using<T>(body: (request: PriorityRequest) => ProcessGenerator<T>, options: PriorityRequestOptions = {}): ProcessGenerator<T> {
    if (typeof body !== "function") throw invalidArgument(`${this.constructor.name}.using`, "body", "a generator function", body);
    return holding(this, () => this.request(options), body);
  }

  /** @internal Inserts after every request that orders before or equal to it, so equal keys stay FIFO. */
  protected override _enqueue(request: Request): void {
    const queue = this.queue;
    const r = request as PriorityRequest;
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRequests(queue[mid], r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === queue.length) queue.push(r);
    else queue.splice(lo, 0, r);
  }
}
