// Network faults in the twin: path shares over equal-cost paths, slow devices delaying the calls that cross them, down devices cutting off what lies behind.
//
// Mutations tried by hand (each made at least one test here fail, then was restored):
// - networkDelayMs: the share of the callee alone instead of the difference of both ends (the same-side test fails).
// - pathShare: paths counted once per node instead of summed over predecessors (the share test fails).
// - model.ts: network delay not added to customer requests at the service (the firewall test fails).
import { describe, expect, it } from "vitest";
import { bankTopology } from "../../lib/graph";
import { createTwin, type FaultSpec } from "../../lib/twin";
import { networkDelayMs, pathShare, pathShareByHost } from "../../lib/twin/network-paths";
import { miniBank } from "./fixtures";

describe("pathShare()", () => {
  it("splits traffic evenly over equal-cost paths and gives hosted nodes their server's share", () => {
    const twin = createTwin(miniBank(), { seed: 1 });
    const topo = twin.topology;
    const at = (id: string) => topo.indexOf.get(id)!;
    const share = pathShare(topo, twin.state, at("core-1"));
    expect(share[at("core-1")]).toBe(1);
    // sw-a hangs off both cores: half of its traffic crosses core-1; sw-c hangs off core-1 alone.
    expect(share[at("sw-a")]).toBeCloseTo(0.5, 12);
    expect(share[at("srv-1")]).toBeCloseTo(0.5, 12);
    expect(share[at("sw-c")]).toBe(1);
    expect(share[at("srv-5")]).toBe(1);
    expect(share[at("core-2")]).toBe(0);
    const byHost = pathShareByHost(topo, twin.state, at("sw-c"));
    expect(byHost[at("report-app")]).toBe(1);
    expect(byHost[at("pay-api-1")]).toBe(0);
  });

  it("delays a call by how differently its two ends sit behind the slow device", () => {
    const twin = createTwin(miniBank(), { seed: 1 });
    const topo = twin.topology;
    const at = (id: string) => topo.indexOf.get(id)!;
    twin.state.networkDelays.push({ share: pathShareByHost(topo, twin.state, at("sw-a")), addedMs: 400 });
    // pay-api-1 (srv-1 on sw-a) calling pay-db-1 (srv-2 on sw-a): both behind the switch, the call stays below it.
    expect(networkDelayMs(twin.state, at("pay-api-1"), at("pay-db-1"))).toBe(0);
    // pay-api-1 calling pay-db-2 (srv-4 on sw-b) crosses sw-a; a customer from the entry routers too.
    expect(networkDelayMs(twin.state, at("pay-api-1"), at("pay-db-2"))).toBe(400);
    expect(networkDelayMs(twin.state, -1, at("pay-api-1"))).toBe(400);
  });
});

describe("network faults on a bank", () => {
  const graph = bankTopology({ seed: 1 });
  const firewalls = graph.filterNodes((_id, a) => a.kind === "firewall").sort();
  const services = graph.filterNodes((_id, a) => a.kind === "business_service");
  const tier1 = services.filter((id) => graph.getNodeAttribute(id, "tier") === 1);
  const run = (faults: FaultSpec[]) => {
    const twin = createTwin(graph, { seed: 1, start: "2026-11-24", horizon: "11h", load: { noise: 0 }, faults });
    twin.run("10:30");
    return twin;
  };
  const base = run([]);

  it("+400 ms on a core firewall raises the latency of every service whose customers cross it", { timeout: 60_000 }, () => {
    const slow = run([{ kind: "network_latency", target: firewalls[0], at: "10:00", duration: "1h", params: { addedMs: 400 } }]);
    expect(slow.value(firewalls[0], "latency_ms")).toBeGreaterThanOrEqual(400);
    expect(tier1.length).toBeGreaterThan(0);
    // One firewall of a redundant pair carries half of the traffic: at least +200 ms on the way in.
    for (const id of tier1) expect(slow.value(id, "latency_ms") - base.value(id, "latency_ms"), id).toBeGreaterThanOrEqual(199);
  });

  it("a down firewall pair cuts off what lies behind it: the devices are down and the services fail", { timeout: 60_000 }, () => {
    const pair = firewalls.filter((id) => id.startsWith(firewalls[0].slice(0, -2)));
    expect(pair).toHaveLength(2);
    const cut = run(pair.map((target) => ({ kind: "network_outage" as const, target, at: "10:00", duration: "1h" })));
    for (const id of pair) expect(cut.status(id)).toBe("down");
    expect(Math.max(...services.map((id) => cut.value(id, "error_rate")))).toBe(1);
    // One firewall of the pair down: redundancy holds, services keep working.
    const one = run([{ kind: "network_outage", target: pair[0], at: "10:00", duration: "1h" }]);
    expect(one.status(pair[0])).toBe("down");
    for (const id of tier1) expect(one.value(id, "error_rate"), id).toBeLessThan(0.05);
  });
});
