import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../lib/errors";
import { progress, progressHook, runWithProgress, withProgress } from "../../lib/notebook";
import type { RunScenarioOptions } from "../../lib/scenarios";
import type { SweepItem, SweepOptions } from "../../lib/scenarios/sweep";
import { createTwin } from "../../lib/twin";
import { miniBank } from "../twin/fixtures";
import { captureDisplays } from "./helpers";

let capture: ReturnType<typeof captureDisplays>;
let now = 0;
const clock = () => now;
beforeEach(() => {
  capture = captureDisplays();
  now = 0;
});
afterEach(() => capture.restore());

const texts = () => capture.messages.map((m) => String(m.message.data["text/plain"]));

describe("progress()", () => {
  it("updates one display in place, at most once per throttle period, and always at done()", () => {
    const p = progress({ total: 1000, label: "sweep", clock, throttleMs: 200 });
    for (let i = 0; i < 1000; i++) {
      if (i === 500) now = 250;
      p.tick();
    }
    p.done();
    expect(capture.messages.map((m) => m.update)).toEqual([false, true, true]);
    expect(new Set(capture.messages.map((m) => m.message.transient.display_id)).size).toBe(1);
    expect(texts()[0]).toBe("sweep [....................] 0 / 1,000 (0.0%) · 0.0 s");
    expect(texts()[1]).toBe("sweep [##########..........] 501 / 1,000 (50%) · 0.3 s · under 1s left");
    expect(texts()[2]).toBe("sweep [####################] 1,000 / 1,000 (100%) · 0.3 s done");
    expect(String(capture.messages[2].message.data["text/html"])).toContain('class="progress done"');
  });

  it("estimates the time left from the pace so far", () => {
    const p = progress({ total: 10, unit: "scenarios", clock, throttleMs: 0 });
    now = 2000;
    p.set(4);
    expect(texts()[1]).toContain("4 / 10 scenarios (40%) · 2.0 s · about 3s left");
  });

  it("ignores a second done() and refuses ticks after it", () => {
    const p = progress({ total: 2, clock });
    p.done("cancelled");
    p.done();
    expect(capture.messages).toHaveLength(2);
    expect(texts()[1]).toContain("cancelled");
    expect(p.finished).toBe(true);
    expect(() => p.tick()).toThrow(UsageError);
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => progress({ total: 0 })).toThrow("progress: expected options.total to be a finite number > 0 but found 0.");
    expect(() => progress({ total: 3, clock }).tick(-1)).toThrow(/Progress\.tick: expected n/);
  });
});

describe("withProgress()", () => {
  it("ticks once per item and finishes, noting a loop that stopped early", () => {
    expect([...withProgress([1, 2, 3], { label: "items", clock, throttleMs: 0 })]).toEqual([1, 2, 3]);
    expect(texts().at(-1)).toContain("3 / 3 (100%)");
    for (const item of withProgress(new Set(["a", "b", "c"]), { clock })) if (item === "b") break;
    expect(texts().at(-1)).toContain("1 / 3 (33%)");
    expect(texts().at(-1)).toContain("stopped early");
  });
});

describe("runWithProgress()", () => {
  it("runs a twin with one progress display that ends at every step done", () => {
    const twin = createTwin(miniBank(), { seed: 1, horizon: "2h" });
    const result = runWithProgress(twin, { label: "two hours", clock, throttleMs: 0 });
    expect(result.metrics.recordedSteps).toBe(120);
    expect(texts().at(-1)).toContain("120 / 120 steps (100%)");
    expect(new Set(capture.messages.map((m) => m.message.transient.display_id)).size).toBe(1);
  });
});

describe("progressHook()", () => {
  it("follows a scenario run's fractions as percentages and finishes at 1", () => {
    const hook: NonNullable<RunScenarioOptions["onProgress"]> = progressHook({ label: "scenario", clock, throttleMs: 0 });
    hook({ fraction: 0.25, time: 21600, steps: 360 });
    hook({ fraction: 1, time: 86400, steps: 1440 });
    hook({ fraction: 1, time: 86400, steps: 1440 });
    expect(texts()[1]).toBe("scenario [#####...............] 25% · 0.0 s · under 1s left");
    expect(texts().at(-1)).toBe("scenario [####################] 100% · 0.0 s done");
    expect(texts().filter((t) => t.endsWith("done"))).toHaveLength(1);
  });

  it("follows a sweep's done/total counts", () => {
    const hook: NonNullable<SweepOptions["onProgress"]> = progressHook({ clock, throttleMs: 0 });
    const item = {} as SweepItem;
    hook({ done: 1, total: 4, item });
    hook({ done: 4, total: 4, item });
    expect(texts().at(-1)).toContain("4 / 4 (100%)");
    expect(() => progressHook()({} as never)).toThrow(/progressHook: expected update/);
  });
});
