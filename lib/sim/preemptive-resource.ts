// PreemptiveResource: a PriorityResource where a more important request takes the slot of the least important user.
import { describeValue } from "../errors";
import type { Process } from "./process";
import { PriorityRequest, PriorityResource, compareRequests } from "./priority-resource";
import type { Request } from "./resource";

/** The cause of the Interrupt a preempted user receives: who took the slot, and since when the user held it. */
export class Preempted {
  /** Discriminates causes. */
  readonly kind = "preempted" as const;

  constructor(
    /** The process whose request took the slot (null if made outside a process). */
    readonly by: Process<any> | null,
    /** The request that took the slot. */
    readonly request: PriorityRequest,
    /** When the preempted user was granted the slot. */
    readonly usageSince: number,
    /** The resource. */
    readonly resource: PreemptiveResource,
  ) {}

  toString(): string {
    return `preempted by ${this.by === null ? "a request made outside any process" : this.by.describe()} (priority ${describeValue(this.request.priority)}) after holding the slot since ${this.usageSince}`;
  }
}

/**
 * A PriorityResource with preemption: when all slots are taken, a request with `preempt: true`
 * takes the slot of the user whose request orders last, if that one orders after it. The
 * displaced user's process receives an `Interrupt` whose cause is a `Preempted` record.
 */
export class PreemptiveResource extends PriorityResource {
  /** @internal */
  protected override _tryGrant(request: Request): void {
    const r = request as PriorityRequest;
    const users = this.users;
    if (users.length >= this.capacity && r.preempt) {
      // The least important user; among equals the one granted last.
      let victim = 0;
      for (let i = 1; i < users.length; i++) if (compareRequests(users[i], users[victim]) >= 0) victim = i;
      const user = users[victim];
      if (compareRequests(user, r) > 0) {
        users.splice(victim, 1);
        if (user.proc !== null) user.proc.interrupt(new Preempted(r.proc, r, user.usageSince ?? this.env._now, this));
      }
    }
    super._tryGrant(request);
  }
}
