// The concurrency limiter: never more than N at once, first come first served, cancellable while waiting.
import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter } from "../../lib/llm/limiter";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("ConcurrencyLimiter", () => {
  it("`run()` keeps at most `limit` tasks running and starts the rest in order", async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => limiter.run(async () => { started.push(i); await gate.promise; return i; }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(1);
    gates[1].resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limiter.active).toBe(0);
  });

  it("`run()` rejects a waiting task when its signal aborts, and it never starts", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => { ran = true; }, controller.signal);
    controller.abort(new Error("cancelled"));
    await expect(second).rejects.toThrow("cancelled");
    gate.resolve();
    await first;
    expect(ran).toBe(false);
    expect(limiter.queued).toBe(0);
  });

  it("`new ConcurrencyLimiter()` rejects a limit below one", () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow("ConcurrencyLimiter: expected limit to be an integer >= 1 but found 0.");
  });
});
