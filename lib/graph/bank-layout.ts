// The bank generator's physical estate: datacenters, pods, racks, servers and VM placement, recorded as nodes and edges in normal form (bank.ts adds the applications).
import { RandomStreams, type Rng } from "../random";
import type { EdgeInput, NodeInput } from "./check";

/**
 * The ratios the generator follows (all documented here, used nowhere else):
 * - network per datacenter: a pair of core routers, a pair of perimeter firewalls (every router linked to every
 *   firewall); per pod: a pair of distribution switches, a pair of load balancers and two storage arrays; per rack:
 *   a pair of top-of-rack switches and up to `serversPerRack` servers, each server dual-homed to both. Front-end
 *   racks (customer-facing APIs) hang off the load-balancer pair, the others off the distribution pair, so losing
 *   both load balancers cuts the front end off.
 * - compute: application instances run on VMs, `vmsPerHypervisor` to a hypervisor, instances of one application
 *   on distinct hypervisors (except the ATM switch's two, deliberately packed on one host: a real-world SPOF);
 *   databases run on dedicated servers, primary and standby in different racks, the core-banking DR replica in
 *   the second datacenter; each database depends on one storage array of its pod (primary and standby on different arrays).
 * - applications: the core catalogue (core banking, payments hub and gateway, online and mobile banking APIs, card
 *   authorisation, ATM switch, identity/LDAP, fraud scoring, notifications, data warehouse, AML batch) feeding
 *   business services with criticality tiers, then a long tail of line-of-business applications until `size` is
 *   reached: `singleInstanceRate` of them run one instance, `longTailDatabaseRate` have a database
 *   (`longTailStandbyRate` of those with a standby), `longTailQueueRate` a queue, `longTailFrontRate` are
 *   customer-facing; each depends on identity with probability `identityDependencyRate`, on core banking with
 *   `coreBankingDependencyRate`, and on 0-2 earlier long-tail applications; 1-4 of them serve each long-tail service.
 * - scale: one region below 2,000 nodes, two below 30,000, three above; two datacenters per region from 150 nodes;
 *   core applications run 1× their catalogue instances below 1,000 nodes, 2× below 10,000, 4× above.
 * - a depends_on edge to any member of a replica set is a dependency on the set: each instance gets one edge per
 *   dependency, to the members in turn (databases: to the primary).
 */
export const BANK_DEFAULTS = {
  size: 300,
  serversPerRack: 16,
  racksPerPod: 8,
  frontRacksPerPod: 2,
  vmsPerHypervisor: 12,
  singleInstanceRate: 0.15,
  longTailDatabaseRate: 0.7,
  longTailStandbyRate: 0.6,
  longTailQueueRate: 0.1,
  longTailFrontRate: 0.2,
  identityDependencyRate: 0.5,
  coreBankingDependencyRate: 0.25,
} as const;

const REGIONS = ["eu-west", "eu-central", "us-east", "ap-southeast", "uk-south", "us-west"];

export type Dc = {
  id: string;
  region: string;
  routers: string[];
  firewalls: string[];
  pods: Pod[];
  racks: number;
  openRacks: Rack[];
  openFrontRacks: Rack[];
  openHypervisors: Hypervisor[];
  openFrontHypervisors: Hypervisor[];
};
export type Pod = { id: string; dc: Dc; dist: string[]; lbs: string[]; storage: string[]; racks: number; frontRacks: number };
export type Rack = { id: string; pod: Pod; tors: string[]; servers: number; front: boolean };
export type Hypervisor = { id: string; rack: Rack; vms: number };

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}


/** Records nodes and edges and lays out the physical estate; `BankGenerator` (bank.ts) places the applications on it. */
export class BankLayout {
  // Parallel arrays of ids and attributes already in normal form, so validation adopts them without copies.
  readonly nodeIds: string[] = [];
  readonly nodeAttrs: Record<string, unknown>[] = [];
  readonly edgeSources: string[] = [];
  readonly edgeTargets: string[] = [];
  readonly edgeAttrs: Record<string, unknown>[] = [];
  readonly dcs: Dc[] = [];
  protected readonly layout: Rng;
  protected readonly hardware: Rng;
  protected readonly tail: Rng;
  protected readonly services = new Map<string, string>();
  protected readonly appIds = new Map<string, string[]>();
  protected readonly names = new Set<string>();
  protected readonly keys = new Set<string>();
  protected readonly longTail: string[] = [];
  protected openService: { id: string; slots: number } | undefined;
  readonly coreScale: number;

  constructor(
    readonly size: number,
    readonly seed: number | string,
    readonly singleInstanceRate: number,
    regions: number,
  ) {
    const streams = new RandomStreams(seed);
    this.layout = streams.stream("bank/layout");
    this.hardware = streams.stream("bank/hardware");
    this.tail = streams.stream("bank/long-tail");
    this.coreScale = size < 1000 ? 1 : size < 10000 ? 2 : 4;
    const dcsPerRegion = size < 150 ? 1 : 2;
    for (let r = 0; r < regions; r++) for (let d = 1; d <= dcsPerRegion; d++) this.dcs.push(this.newDc(REGIONS[r % REGIONS.length] + (r >= REGIONS.length ? `-${Math.floor(r / REGIONS.length) + 1}` : ""), d));
  }

  /** Records a node in normal form: schema key order, tags, capacity or baseRps, idle dynamic values. */
  node(id: string, a: NodeInput): string {
    const o: Record<string, unknown> = { kind: a.kind, name: a.name ?? id };
    if (a.region !== undefined) o.region = a.region;
    if (a.datacenter !== undefined) o.datacenter = a.datacenter;
    if (a.tier !== undefined) o.tier = a.tier;
    if (a.redundancyGroup !== undefined) o.redundancyGroup = a.redundancyGroup;
    if (a.owner !== undefined) o.owner = a.owner;
    o.tags = a.tags ?? [];
    if (a.kind === "business_service") o.baseRps = a.baseRps;
    else o.capacity = a.capacity;
    o.cpu = 0;
    o.ram = 0;
    o.latency_ms = 0;
    o.error_rate = 0;
    o.throughput = 0;
    o.status = "up";
    this.nodeIds.push(id);
    this.nodeAttrs.push(o);
    return id;
  }

  /** Records an edge; attributes in normal form (depends_on and serves carry fanout/critical explicitly, replicates_to its mode). */
  edge(source: string, target: string, attrs: EdgeInput): void {
    this.edgeSources.push(source);
    this.edgeTargets.push(target);
    this.edgeAttrs.push(attrs);
  }

  protected where(dc: Dc) {
    return { region: dc.region, datacenter: dc.id };
  }

  protected pair(prefix: string, make: (id: string, suffix: string) => void): string[] {
    return ["a", "b"].map((s) => {
      make(`${prefix}-${s}`, s.toUpperCase());
      return `${prefix}-${s}`;
    });
  }

  protected newDc(region: string, k: number): Dc {
    const id = `${region}-dc${k}`;
    const dc: Dc = { id, region, routers: [], firewalls: [], pods: [], racks: 0, openRacks: [], openFrontRacks: [], openHypervisors: [], openFrontHypervisors: [] };
    const at = this.where(dc);
    dc.routers = this.pair(`rtr-core-${id}`, (nid, s) =>
      this.node(nid, { kind: "router", name: `Core router ${s} (${id})`, ...at, redundancyGroup: `rtr-core-${id}`, owner: "network-ops", capacity: { bandwidthMbps: 100000 }, tags: ["core"] }),
    );
    dc.firewalls = this.pair(`fw-${id}`, (nid, s) =>
      this.node(nid, { kind: "firewall", name: `Perimeter firewall ${s} (${id})`, ...at, redundancyGroup: `fw-${id}`, owner: "network-security", capacity: { bandwidthMbps: 40000, maxConnections: 4000000 }, tags: ["perimeter"] }),
    );
    for (const r of dc.routers) for (const f of dc.firewalls) this.edge(r, f, { kind: "network", bandwidthMbps: 40000 });
    return dc;
  }

  protected newPod(dc: Dc): Pod {
    const id = `${dc.id}-p${dc.pods.length + 1}`;
    const at = this.where(dc);
    const pod: Pod = { id, dc, dist: [], lbs: [], storage: [], racks: 0, frontRacks: 0 };
    pod.dist = this.pair(`sw-dist-${id}`, (nid, s) =>
      this.node(nid, { kind: "switch", name: `Distribution switch ${s} (${id})`, ...at, redundancyGroup: `sw-dist-${id}`, owner: "network-ops", capacity: { bandwidthMbps: 100000 }, tags: ["distribution"] }),
    );
    pod.lbs = this.pair(`lb-${id}`, (nid, s) =>
      this.node(nid, { kind: "load_balancer", name: `Load balancer ${s} (${id})`, ...at, redundancyGroup: `lb-${id}`, owner: "network-ops", capacity: { bandwidthMbps: 20000, maxConnections: 2000000 }, tags: [] }),
    );
    pod.storage = this.pair(`san-${id}`, (nid, s) =>
      this.node(nid, { kind: "storage", name: `Storage array ${s} (${id})`, ...at, owner: "storage-team", capacity: { iops: 400000, capacityGb: 500000, bandwidthMbps: 32000 }, tags: [] }),
    );
    for (const f of dc.firewalls) for (const d of pod.dist) this.edge(f, d, { kind: "network", bandwidthMbps: 40000 });
    for (const d of pod.dist) for (const l of pod.lbs) this.edge(d, l, { kind: "network", bandwidthMbps: 20000 });
    for (const d of pod.dist) for (const s of pod.storage) this.edge(d, s, { kind: "network", bandwidthMbps: 32000 });
    dc.pods.push(pod);
    return pod;
  }

  protected newRack(dc: Dc, front: boolean): Rack {
    let pod = dc.pods[dc.pods.length - 1];
    if (pod === undefined || (front ? pod.frontRacks >= BANK_DEFAULTS.frontRacksPerPod : pod.racks >= BANK_DEFAULTS.racksPerPod)) pod = this.newPod(dc);
    if (front) pod.frontRacks++;
    else pod.racks++;
    dc.racks++;
    const id = `${dc.id}-r${pad(dc.racks, 3)}`;
    const rack: Rack = { id, pod, tors: [], servers: 0, front };
    rack.tors = this.pair(`sw-tor-${id}`, (nid, s) =>
      this.node(nid, { kind: "switch", name: `Top-of-rack switch ${s} (${id})`, ...this.where(dc), redundancyGroup: `sw-tor-${id}`, owner: "network-ops", capacity: { bandwidthMbps: 25000 }, tags: front ? ["top-of-rack", "front-end"] : ["top-of-rack"] }),
    );
    for (const up of front ? pod.lbs : pod.dist) for (const t of rack.tors) this.edge(up, t, { kind: "network", bandwidthMbps: 25000 });
    (front ? dc.openFrontRacks : dc.openRacks).push(rack);
    return rack;
  }

  protected newServer(dc: Dc, front: boolean, role: "hypervisor" | "database", avoid: ReadonlySet<Rack>): { id: string; rack: Rack } {
    const open = front ? dc.openFrontRacks : dc.openRacks;
    while (open.length > 0 && open[0].servers >= BANK_DEFAULTS.serversPerRack) open.shift();
    let rack = open.find((r) => r.servers < BANK_DEFAULTS.serversPerRack && !avoid.has(r));
    if (rack === undefined) rack = this.newRack(dc, front);
    rack.servers++;
    const id = `srv-${rack.id}-${pad(rack.servers, 2)}`;
    const h = this.hardware;
    const capacity: Record<string, number> =
      role === "database"
        ? { cores: h.choice([48, 64, 96]), ramGb: h.choice([512, 768, 1024]), iops: h.choice([200000, 400000]), bandwidthMbps: 25000 }
        : { cores: h.choice([32, 48, 64]), ramGb: h.choice([256, 384, 512]), bandwidthMbps: 25000 };
    this.node(id, {
      kind: "server",
      name: `${role === "database" ? "Database server" : "Hypervisor"} ${rack.id}-${pad(rack.servers, 2)}`,
      ...this.where(dc),
      owner: "infra-ops",
      capacity,
      tags: [role],
    });
    for (const t of rack.tors) this.edge(t, id, { kind: "network", bandwidthMbps: 25000 });
    return { id, rack };
  }

  protected placeVm(dc: Dc, front: boolean, avoid: ReadonlySet<Hypervisor>, sameAs?: Hypervisor): Hypervisor {
    if (sameAs && sameAs.vms < BANK_DEFAULTS.vmsPerHypervisor) {
      sameAs.vms++;
      return sameAs;
    }
    const open = front ? dc.openFrontHypervisors : dc.openHypervisors;
    while (open.length > 0 && open[0].vms >= BANK_DEFAULTS.vmsPerHypervisor) open.shift();
    let hyp = open.find((x) => x.vms < BANK_DEFAULTS.vmsPerHypervisor && !avoid.has(x));
    if (hyp === undefined) {
      const racks = new Set<Rack>();
      for (const a of avoid) racks.add(a.rack);
      const server = this.newServer(dc, front, "hypervisor", racks);
      hyp = { id: server.id, rack: server.rack, vms: 0 };
      open.push(hyp);
    }
    hyp.vms++;
    return hyp;
  }
}
