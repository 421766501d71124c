import { describe, expect, test } from "vitest";
import { dependenciesOf, dependentsOf } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe("dependenciesOf()", () => {
  test("`dependenciesOf()` walks everything a service needs, breadth first", () => {
    const deps = dependenciesOf(paymentsEstate(), "svc-pay");
    expect(ids(deps)).toEqual(["app-pay-1", "app-pay-2", "vm-1", "db-p", "app-fraud", "vm-2", "srv-1", "srv-db", "san-1", "vm-f", "srv-2", "sw-a", "sw-b", "rtr"]);
    expect(deps[0]).toEqual({ id: "app-pay-1", kind: "application", name: "app-pay-1", depth: 1, from: "svc-pay", edge: "serves" });
    expect(deps.find((d) => d.id === "srv-db")).toMatchObject({ depth: 3, from: "db-p", edge: "hosts" });
    expect(deps.find((d) => d.id === "rtr")).toMatchObject({ depth: 5, edge: "network" });
  });

  test("`dependenciesOf()` options: maxDepth, edge kinds, critical only, replicas", () => {
    const g = paymentsEstate();
    expect(ids(dependenciesOf(g, "svc-pay", { maxDepth: 1 }))).toEqual(["app-pay-1", "app-pay-2"]);
    expect(ids(dependenciesOf(g, "svc-pay", { via: ["depends_on", "serves"] }))).toEqual(["app-pay-1", "app-pay-2", "db-p", "app-fraud", "san-1"]);
    expect(ids(dependenciesOf(g, "svc-pay", { via: ["depends_on", "serves"], criticalOnly: true }))).toEqual(["app-pay-1", "app-pay-2", "db-p", "san-1"]);
    expect(ids(dependenciesOf(g, "app-pay-1", { via: ["depends_on"], replicas: true }))).toEqual(["db-p", "db-s", "app-fraud", "san-1"]);
  });

  test("`dependenciesOf()` of several nodes reports each dependency once and not the starts", () => {
    expect(ids(dependenciesOf(paymentsEstate(), ["app-pay-1", "vm-1"], { via: ["hosts"] }))).toEqual(["srv-1"]);
  });

  test("`dependenciesOf()` names the call, the option and the bad value", () => {
    const g = paymentsEstate();
    expect(() => dependenciesOf(g, "ghost")).toThrow('dependenciesOf: node "ghost" not found.');
    expect(() => dependenciesOf(g, "svc-pay", { via: ["replicates_to" as never] })).toThrow(/dependenciesOf: expected options.via to be edge kinds among hosts, network, depends_on, serves but found "replicates_to"/);
    expect(() => dependenciesOf(g, "svc-pay", { maxDepth: -1 })).toThrow(/options.maxDepth to be an integer >= 0/);
  });
});

describe("dependentsOf()", () => {
  test("`dependentsOf()` walks everything that needs a node, up to the business services", () => {
    const deps = dependentsOf(paymentsEstate(), "san-1");
    expect(ids(deps)).toEqual(["db-p", "db-s", "app-pay-1", "app-pay-2", "svc-pay"]);
    expect(deps[4]).toMatchObject({ kind: "business_service", depth: 3, from: "app-pay-1", edge: "serves" });
  });

  test("`dependentsOf()` of a switch covers the hosts below it and what they run", () => {
    const below = ids(dependentsOf(paymentsEstate(), "sw-b"));
    expect(below.slice(0, 4)).toEqual(["srv-1", "srv-2", "srv-db2", "san-1"]);
    expect(below).toContain("svc-fraud");
  });
});
