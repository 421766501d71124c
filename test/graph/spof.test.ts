import { describe, expect, test } from "vitest";
import { singlePointsOfFailure } from "../../lib/graph";
import { e, graphOf, n, paymentsEstate } from "./fixtures";

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe("singlePointsOfFailure()", () => {
  test("`singlePointsOfFailure()` finds the shared storage array and the single core router of a tier-1 service", () => {
    const [pay] = singlePointsOfFailure(paymentsEstate());
    expect(pay).toMatchObject({ service: "svc-pay", name: "Payments", tier: 1 });
    expect(ids(pay.spofs)).toEqual(["san-1", "rtr"]);
    expect(pay.spofs[0]).toEqual({ id: "san-1", kind: "storage", name: "san-1", depth: 3 });
  });

  test("`singlePointsOfFailure()` does not count a non-critical dependency or one replica of a pair", () => {
    const found = ids(singlePointsOfFailure(paymentsEstate())[0].spofs);
    expect(found).not.toContain("app-fraud");
    expect(found).not.toContain("db-p");
    expect(found).not.toContain("sw-a");
  });

  test("`singlePointsOfFailure()` catches two instances of a group packed on one host", () => {
    const g = graphOf(
      [n("srv", "server"), n("vm-1", "vm"), n("vm-2", "vm"), n("a-1", "application", { redundancyGroup: "a" }), n("a-2", "application", { redundancyGroup: "a" }), n("svc", "business_service", { tier: 1 })],
      [e("srv", "vm-1", "hosts"), e("srv", "vm-2", "hosts"), e("vm-1", "a-1", "hosts"), e("vm-2", "a-2", "hosts"), e("a-1", "svc", "serves"), e("a-2", "svc", "serves")],
    );
    expect(ids(singlePointsOfFailure(g)[0].spofs)).toEqual(["srv"]);
  });

  test("`singlePointsOfFailure()` checks the tier asked for, or the services named", () => {
    const g = paymentsEstate();
    const [fraud] = singlePointsOfFailure(g, { tier: 2 });
    expect(fraud.service).toBe("svc-fraud");
    expect(ids(fraud.spofs)).toEqual(["app-fraud", "vm-f", "srv-1", "rtr"]);
    expect(singlePointsOfFailure(g, { services: ["svc-fraud", "svc-pay"] }).map((s) => s.service)).toEqual(["svc-fraud", "svc-pay"]);
    expect(singlePointsOfFailure(g, { tier: 4 })).toEqual([]);
  });

  test("`singlePointsOfFailure()` names the call and the bad value", () => {
    const g = paymentsEstate();
    expect(() => singlePointsOfFailure(g, { services: ["db-p"] })).toThrow('singlePointsOfFailure: expected options.services to be business_service node ids but found "db-p (database)".');
    expect(() => singlePointsOfFailure(g, { tier: 5 as never })).toThrow(/options.tier to be 1, 2, 3 or 4 but found 5/);
    expect(() => singlePointsOfFailure(g, { services: ["nope"] })).toThrow('singlePointsOfFailure: service "nope" not found.');
  });
});
