import { describe, expect, test } from "vitest";
import { rootCauseCandidates } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

describe("rootCauseCandidates()", () => {
  test("`rootCauseCandidates()` ranks the shared database above its host, its array and the network", () => {
    const ranked = rootCauseCandidates(paymentsEstate(), ["app-pay-1", "app-pay-2", "svc-pay", "db-p"], { limit: 20 });
    expect(ranked.slice(0, 3).map((c) => c.id)).toEqual(["db-p", "srv-db", "san-1"]);
    expect(ranked[0]).toMatchObject({ kind: "database", coverage: 1, precision: 1, score: 1, alerting: true, explains: ["app-pay-1", "app-pay-2", "svc-pay", "db-p"] });
    const router = ranked.find((c) => c.id === "rtr");
    expect(router?.coverage).toBe(1);
    expect(router!.score).toBeLessThan(ranked[2].score);
  });

  test("`rootCauseCandidates()` is not pulled to the core by an unrelated alert", () => {
    const ranked = rootCauseCandidates(paymentsEstate(), ["app-pay-1", "app-pay-2", "svc-pay", "srv-db2"]);
    expect(ranked[0].id).toBe("db-p");
    expect(ranked[0].coverage).toBe(0.75);
    expect(ranked[0].alerting).toBe(false);
  });

  test("`rootCauseCandidates()` prefers the nearer of two equally good explanations", () => {
    const ranked = rootCauseCandidates(paymentsEstate(), ["app-pay-1"], { limit: 3 });
    expect(ranked.map((c) => c.id)).toEqual(["app-pay-1", "vm-1", "db-p"]);
    expect(ranked.length).toBe(3);
  });

  test("`rootCauseCandidates()` names the call and the bad argument", () => {
    const g = paymentsEstate();
    expect(() => rootCauseCandidates(g, [])).toThrow("rootCauseCandidates: expected alerting to be a non-empty array of node ids but found [].");
    expect(() => rootCauseCandidates(g, ["x"])).toThrow('rootCauseCandidates: alerting node "x" not found.');
    expect(() => rootCauseCandidates(g, ["db-p"], { limit: 0 })).toThrow(/options.limit to be an integer > 0/);
  });
});
