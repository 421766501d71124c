// The alert lifecycle as pure transitions: Prometheus' for / keep_firing_for decided from state, condition and time.
import { describe, expect, it } from "vitest";
import { lifecycleStep, type LifecycleState } from "../../lib/rules";

const timing = { forSeconds: 120, keepFiringForSeconds: 300 };

describe("lifecycleStep()", () => {
  it("activates an inactive alert when the condition holds, firing at once only when for is 0", () => {
    expect(lifecycleStep(undefined, false, 0, timing)).toEqual({ kind: "none" });
    expect(lifecycleStep(undefined, true, 0, timing)).toEqual({ kind: "activate", fires: false });
    expect(lifecycleStep(undefined, true, 0, { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual({ kind: "activate", fires: true });
  });

  it("fires a pending alert once now - activeAt reaches for, and drops it when the condition stops first", () => {
    const pending: LifecycleState = { kind: "pending", activeAt: 60 };
    expect(lifecycleStep(pending, true, 179, timing)).toEqual({ kind: "hold", clearKeep: false });
    expect(lifecycleStep(pending, true, 180, timing)).toEqual({ kind: "fire" });
    expect(lifecycleStep(pending, false, 120, timing)).toEqual({ kind: "drop" });
  });

  it("keeps a firing alert for keep_firing_for from the first evaluation the condition stopped, then resolves it", () => {
    const firing: LifecycleState = { kind: "firing", activeAt: 0, firedAt: 120 };
    expect(lifecycleStep(firing, false, 600, timing)).toEqual({ kind: "keep", since: 600 });
    const kept: LifecycleState = { ...firing, keepFiringSince: 600 };
    expect(lifecycleStep(kept, false, 899, timing)).toEqual({ kind: "keep", since: 600 });
    expect(lifecycleStep(kept, false, 900, timing)).toEqual({ kind: "resolve" });
    expect(lifecycleStep(kept, true, 700, timing)).toEqual({ kind: "hold", clearKeep: true });
    expect(lifecycleStep(firing, false, 600, { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual({ kind: "resolve" });
  });
});
