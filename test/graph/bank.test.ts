import { beforeAll, describe, expect, test } from "vitest";
import {
  bankTopology,
  bankTopologySpec,
  blastRadius,
  dependenciesOf,
  hostOf,
  singlePointsOfFailure,
  toTopologyJSON,
  validateGraph,
  type InfraGraph,
} from "../../lib/graph";

const TIER1 = ["svc-atm", "svc-card-payments", "svc-core-accounts", "svc-mobile-banking", "svc-online-banking", "svc-payments"];

let bank: InfraGraph;
beforeAll(() => {
  bank = bankTopology({ seed: 42, size: 300 });
});

const ofKind = (g: InfraGraph, kind: string) => g.filterNodes((_id, a) => a.kind === kind);
const upstream = (g: InfraGraph, id: string) => g.filterInNeighbors(id, (n) => g.getEdgeAttribute(n, id, "kind") === "network");

describe("bankTopology()", () => {
  test("`bankTopology()` gives the same graph for the same seed and another for another seed", () => {
    expect(toTopologyJSON(bankTopology({ seed: 42, size: 300 }))).toEqual(toTopologyJSON(bank));
    expect(bankTopologySpec({ seed: 43, size: 300 }).nodes).not.toEqual(bankTopologySpec({ seed: 42, size: 300 }).nodes);
    expect(bankTopologySpec({ seed: "42", size: 300 }).nodes).not.toEqual(bankTopologySpec({ seed: 42, size: 300 }).nodes);
  });

  test("`bankTopology()` lands a little above the size asked, at every scale, and validates", () => {
    for (const size of [50, 300, 2500]) {
      const g = size === 300 ? bank : bankTopology({ seed: 7, size });
      expect(g.order).toBeGreaterThanOrEqual(size);
      expect(g.order).toBeLessThanOrEqual(size * 1.1 + 20);
      expect(validateGraph(g)).toEqual([]);
    }
    const big = bankTopology({ seed: 7, size: 2500 });
    expect(new Set(big.mapNodes((_id, a) => a.datacenter).filter(Boolean))).toEqual(new Set(["eu-west-dc1", "eu-west-dc2", "eu-central-dc1", "eu-central-dc2"]));
  });

  test("`bankTopology()` runs the bank's tier-1 business services and core applications", () => {
    const services = ofKind(bank, "business_service");
    expect(services.filter((s) => bank.getNodeAttribute(s, "tier") === 1).sort()).toEqual(TIER1);
    for (const app of ["core-banking", "payments-hub", "card-authorisation", "online-banking-api", "mobile-banking-api", "atm-switch", "fraud-scoring", "aml-batch", "data-warehouse", "identity"])
      expect(bank.hasNode(`app-${app}-1`)).toBe(true);
    const tiny = bankTopology({ seed: 1, size: 50 });
    expect(ofKind(tiny, "business_service")).toContain("svc-core-accounts");
    expect(ofKind(tiny, "business_service")).toContain("svc-payments");
  });

  test("`bankTopology()` wires a core-banking database crash through to the customer-facing services", () => {
    const crash = blastRadius(bank, ["db-core-banking-primary", "db-core-banking-standby", "db-core-banking-dr"]);
    const down = crash.services.filter((s) => s.status === "down").map((s) => s.id);
    for (const svc of TIER1) expect(down).toContain(svc);
    const failover = blastRadius(bank, ["db-core-banking-primary"]);
    expect(failover.services.find((s) => s.id === "svc-core-accounts")?.status).toBe("degraded");
    expect(failover.down).toEqual(["db-core-banking-primary"]);
  });

  test("`bankTopology()` puts customer-facing instances on distinct hypervisors behind a load-balancer pair", () => {
    for (const app of ["online-banking-api", "mobile-banking-api", "payments-gateway"]) {
      const instances = ofKind(bank, "application").filter((id) => bank.getNodeAttribute(id, "redundancyGroup") === `app-${app}`);
      expect(instances.length).toBeGreaterThanOrEqual(2);
      const hypervisors = instances.map((id) => hostOf(bank, hostOf(bank, id)!)!);
      expect(new Set(hypervisors).size).toBe(instances.length);
      for (const h of hypervisors) {
        const lbs = upstream(bank, h).flatMap((tor) => upstream(bank, tor));
        expect(lbs.length).toBeGreaterThanOrEqual(2);
        expect(lbs.every((lb) => bank.getNodeAttribute(lb, "kind") === "load_balancer")).toBe(true);
      }
    }
    // The load balancers in front of the online banking API: losing all of them takes the service down, one does not.
    const front = ofKind(bank, "application").filter((id) => bank.getNodeAttribute(id, "redundancyGroup") === "app-online-banking-api");
    const lbs = [...new Set(front.flatMap((id) => upstream(bank, hostOf(bank, hostOf(bank, id)!)!).flatMap((tor) => upstream(bank, tor))))];
    expect(blastRadius(bank, lbs).services.find((s) => s.id === "svc-online-banking")?.status).toBe("down");
    expect(blastRadius(bank, lbs.slice(0, 1)).services.find((s) => s.id === "svc-online-banking")?.status).not.toBe("down");
  });

  test("`bankTopology()` keeps database primaries and standbys on different racks and arrays", () => {
    for (const db of ["core-banking", "payments-hub", "card-authorisation"]) {
      const primary = `db-${db}-primary`;
      const standby = `db-${db}-standby`;
      expect(bank.getEdgeAttribute(primary, standby, "kind")).toBe("replicates_to");
      const rack = (id: string) => hostOf(bank, id)!.replace(/-\d+$/, "");
      expect(rack(primary)).not.toBe(rack(standby));
      const array = (id: string) => bank.filterOutNeighbors(id, (n) => bank.getNodeAttribute(n, "kind") === "storage");
      expect(array(primary)).not.toEqual(array(standby));
    }
  });

  test("`bankTopology()` has the deliberate ATM single point of failure and no other among tier-1 services", () => {
    const spofs = Object.fromEntries(singlePointsOfFailure(bank).map((s) => [s.service, s.spofs.map((p) => p.id)]));
    const atmHost = hostOf(bank, "vm-atm-switch-1");
    expect(hostOf(bank, "vm-atm-switch-2")).toBe(atmHost);
    expect(spofs["svc-atm"]).toEqual([atmHost]);
    for (const svc of TIER1.filter((s) => s !== "svc-atm")) expect(spofs[svc]).toEqual([]);
  });

  test("`bankTopology()` chains payments through gateway, hub, core banking, database and storage", () => {
    const needs = dependenciesOf(bank, "svc-payments", { via: ["serves", "depends_on"], criticalOnly: true }).map((d) => d.id);
    expect(needs).toContain("app-payments-gateway-1");
    expect(needs).toContain("app-payments-hub-1");
    expect(needs).toContain("app-core-banking-1");
    expect(needs).toContain("db-core-banking-primary");
    expect(needs.some((id) => id.startsWith("san-"))).toBe(true);
  });

  test("`bankTopology()` names the call and the bad option", () => {
    expect(() => bankTopology({ seed: 1, size: 10 })).toThrow("bankTopology: expected size to be an integer in [50, 200000] but found 10.");
    expect(() => bankTopology({} as never)).toThrow("bankTopology: expected seed to be a finite number or a string but found undefined.");
    expect(() => bankTopology({ seed: 1, singleInstanceRate: 2 })).toThrow(/singleInstanceRate to be a number in \[0, 1\]/);
  });
});
