// A concurrency limiter: at most N tasks run at once, the rest wait in arrival order (and can be cancelled while waiting).
import { invalidArgument } from "../errors";

interface Waiter {
  start: () => void;
  cancel: (reason: unknown) => void;
}

/** Runs async tasks with at most `limit` in flight; waiting tasks start first come, first served. */
export class ConcurrencyLimiter {
  readonly limit: number;
  private running = 0;
  private readonly waiting: Waiter[] = [];

  /** `new ConcurrencyLimiter(4)` */
  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw invalidArgument("ConcurrencyLimiter", "limit", "an integer >= 1", limit);
    this.limit = limit;
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free; rejects with the signal's reason if cancelled before it starts. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.running++;
          resolve();
        },
        cancel: reject,
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at !== -1) this.waiting.splice(at, 1);
        waiter.cancel(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.running--;
    const next = this.waiting.shift();
    if (next) next.start();
  }
}
