// The errors the kernel throws into processes or out of `step`: Interrupt (with its cause) and EmptySchedule.
import { TwinError, describeValue } from "../errors";

/**
 * Thrown into a process by `process.interrupt(cause)` at the `yield` where it waits.
 * `cause` is whatever the interrupter passed (a `Preempted` record for preemptions).
 */
export class Interrupt extends TwinError {
  constructor(cause?: unknown) {
    super(`Interrupt: the process was interrupted${cause === undefined ? "" : ` (cause: ${describeCause(cause)})`}.`, { cause });
  }
}

/** `env.step()` was called with no event left to process. */
export class EmptySchedule extends TwinError {}

function describeCause(cause: unknown): string {
  if (cause !== null && typeof cause === "object" && typeof (cause as { toString?: unknown }).toString === "function") {
    const text = String(cause);
    if (text !== "[object Object]") return text;
  }
  return describeValue(cause);
}
