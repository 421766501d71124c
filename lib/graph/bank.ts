// bankTopology: a seeded generator of a realistic bank estate, ~50 to 100,000+ nodes; same seed and options, same graph.
import { invalidArgument } from "../errors";
import { RandomStreams, type Rng } from "../random";
import { BANK_CORE_APPS, BANK_SERVICES, LONG_TAIL_DOMAINS, LONG_TAIL_OWNERS, LONG_TAIL_ROLES, type CoreAppDef } from "./bank-catalogue";
import type { EdgeInput, NodeInput } from "./check";
import type { GraphAttributes, InfraGraph, Tier } from "./schema";
import { assembleGraph } from "./assemble";
import { toTopologyJSON } from "./json";
import type { EdgeSpec, NodeSpec, TopologyDocument } from "./spec";

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

/** Options of `bankTopology`. */
export type BankTopologyOptions = {
  /** Seed of every random choice: same seed and options, same graph. */
  seed: number | string;
  /** Approximate number of nodes, 50 to 200,000 (default 300); the result lands within a few percent above. */
  size?: number;
  /** Graph name (default "bank-<size>-seed-<seed>"). */
  name?: string;
  /** Number of regions (default by size, see BANK_DEFAULTS). */
  regions?: number;
  /** Share of long-tail applications running a single instance (default 0.15). */
  singleInstanceRate?: number;
};

const REGIONS = ["eu-west", "eu-central", "us-east", "ap-southeast", "uk-south", "us-west"];

type Dc = {
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
type Pod = { id: string; dc: Dc; dist: string[]; lbs: string[]; storage: string[]; racks: number; frontRacks: number };
type Rack = { id: string; pod: Pod; tors: string[]; servers: number; front: boolean };
type Hypervisor = { id: string; rack: Rack; vms: number };

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

class BankGenerator {
  // Parallel arrays of ids and attributes already in normal form, so validation adopts them without copies.
  readonly nodeIds: string[] = [];
  readonly nodeAttrs: Record<string, unknown>[] = [];
  readonly edgeSources: string[] = [];
  readonly edgeTargets: string[] = [];
  readonly edgeAttrs: Record<string, unknown>[] = [];
  readonly dcs: Dc[] = [];
  private readonly layout: Rng;
  private readonly hardware: Rng;
  private readonly tail: Rng;
  private readonly services = new Map<string, string>();
  private readonly appIds = new Map<string, string[]>();
  private readonly names = new Set<string>();
  private readonly keys = new Set<string>();
  private readonly longTail: string[] = [];
  private openService: { id: string; slots: number } | undefined;
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

  private where(dc: Dc) {
    return { region: dc.region, datacenter: dc.id };
  }

  private pair(prefix: string, make: (id: string, suffix: string) => void): string[] {
    return ["a", "b"].map((s) => {
      make(`${prefix}-${s}`, s.toUpperCase());
      return `${prefix}-${s}`;
    });
  }

  private newDc(region: string, k: number): Dc {
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

  private newPod(dc: Dc): Pod {
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

  private newRack(dc: Dc, front: boolean): Rack {
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

  private newServer(dc: Dc, front: boolean, role: "hypervisor" | "database", avoid: ReadonlySet<Rack>): { id: string; rack: Rack } {
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

  private placeVm(dc: Dc, front: boolean, avoid: ReadonlySet<Hypervisor>, sameAs?: Hypervisor): Hypervisor {
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

  /** Instances of one application, each on its own VM; returns the application node ids. */
  appGroup(def: { key: string; name: string; tier: Tier; owner: string; instances: number; front: boolean; dc: Dc; maxRps: number; vm: { cores: number; ramGb: number }; tags: string[]; sameHost?: boolean }): string[] {
    const group = def.instances > 1 ? `app-${def.key}` : undefined;
    const avoid = new Set<Hypervisor>();
    let first: Hypervisor | undefined;
    const ids: string[] = [];
    for (let i = 1; i <= def.instances; i++) {
      const hyp = this.placeVm(def.dc, def.front, def.sameHost ? new Set() : avoid, def.sameHost ? first : undefined);
      first ??= hyp;
      avoid.add(hyp);
      const vm = this.node(`vm-${def.key}-${i}`, {
        kind: "vm",
        name: `${def.name} VM ${i}`,
        ...this.where(def.dc),
        tier: def.tier,
        owner: "infra-ops",
        capacity: { cores: def.vm.cores, ramGb: def.vm.ramGb },
        tags: [],
      });
      this.edge(hyp.id, vm, { kind: "hosts" });
      const app: NodeInput = {
        kind: "application",
        name: def.instances > 1 ? `${def.name} ${i}` : def.name,
        ...this.where(def.dc),
        tier: def.tier,
        owner: def.owner,
        capacity: { instances: 1, maxRps: def.maxRps, cores: def.vm.cores, ramGb: def.vm.ramGb },
        tags: def.front ? [...def.tags, "front-end"] : def.tags.slice(),
      };
      if (group) app.redundancyGroup = group;
      ids.push(this.node(`app-${def.key}-${i}`, app));
      this.edge(vm, `app-${def.key}-${i}`, { kind: "hosts" });
    }
    return ids;
  }

  /** A database with 1-3 members (primary, standby, DR replica), each on its own server; returns the primary. */
  database(key: string, name: string, tier: Tier, members: number, dc: Dc, spec: { cores: number; ramGb: number; iops: number; engine: string }): string {
    const roles = ["primary", "standby", "dr"].slice(0, members);
    const racks = new Set<Rack>();
    const ids: string[] = [];
    roles.forEach((role, i) => {
      const home = role === "dr" && this.dcs.length > 1 ? this.dcs[(this.dcs.indexOf(dc) + 1) % this.dcs.length] : dc;
      const server = this.newServer(home, false, "database", racks);
      racks.add(server.rack);
      const id = `db-${key}-${role}`;
      const db: NodeInput = {
        kind: "database",
        name: `${name} database (${role})`,
        ...this.where(home),
        tier,
        owner: "dba-team",
        capacity: { cores: spec.cores, ramGb: spec.ramGb, iops: spec.iops, maxConnections: 2000 },
        tags: [spec.engine],
      };
      if (members > 1) db.redundancyGroup = `db-${key}`;
      this.node(id, db);
      this.edge(server.id, id, { kind: "hosts" });
      this.edge(id, server.rack.pod.storage[i % 2], { kind: "depends_on", fanout: 1, critical: true });
      ids.push(id);
    });
    if (ids[1]) this.edge(ids[0], ids[1], { kind: "replicates_to", mode: "sync" });
    if (ids[2]) this.edge(ids[0], ids[2], { kind: "replicates_to", mode: "async" });
    return ids[0];
  }

  /** A message queue (a replicated pair on VMs from 120 nodes); returns the primary. */
  queue(key: string, name: string, tier: Tier, dc: Dc): string {
    const members = this.size < 120 ? 1 : 2;
    const avoid = new Set<Hypervisor>();
    const ids: string[] = [];
    for (let i = 1; i <= members; i++) {
      const hyp = this.placeVm(dc, false, avoid);
      avoid.add(hyp);
      const vm = this.node(`vm-mq-${key}-${i}`, { kind: "vm", name: `${name} broker VM ${i}`, ...this.where(dc), tier, owner: "infra-ops", capacity: { cores: 4, ramGb: 16 }, tags: [] });
      this.edge(hyp.id, vm, { kind: "hosts" });
      const q: NodeInput = { kind: "queue", name: `${name} queue ${i}`, ...this.where(dc), tier, owner: "middleware-team", capacity: { throughputRps: 20000, maxDepth: 1000000 }, tags: ["kafka"] };
      if (members > 1) q.redundancyGroup = `mq-${key}`;
      ids.push(this.node(`mq-${key}-${i}`, q));
      this.edge(vm, `mq-${key}-${i}`, { kind: "hosts" });
    }
    if (ids[1]) this.edge(ids[0], ids[1], { kind: "replicates_to", mode: "sync" });
    return ids[0];
  }

  service(key: string, name: string, tier: Tier, baseRps: number): string {
    const id = `svc-${key}`;
    if (!this.services.has(id)) {
      this.services.set(id, id);
      this.node(id, { kind: "business_service", name, tier, baseRps, owner: "business", tags: [] });
    }
    return id;
  }

  /** Connects each instance to the targets in turn (one edge per instance per dependency). */
  depend(from: readonly string[], to: readonly string[], critical: boolean, fanout: number): void {
    from.forEach((a, i) => this.edge(a, to[i % to.length], { kind: "depends_on", fanout, critical }));
  }

  serve(from: readonly string[], service: string, critical = true): void {
    for (const a of from) this.edge(a, service, { kind: "serves", critical });
  }

  core(): void {
    const dc = this.dcs[0];
    const included: Array<{ def: CoreAppDef; ids: string[]; db?: string; queue?: string }> = [];
    for (const def of BANK_CORE_APPS) {
      const instances = def.instances === 1 ? 1 : this.size < 120 ? 2 : def.instances * this.coreScale;
      const members = def.db ? (this.size < 120 ? Math.min(def.db.members, 2) : def.db.members) : 0;
      const estimate = instances * 2 + members * 2 + (def.queue ? 4 : 0) + 3;
      if (included.length >= 3 && this.nodeIds.length + estimate > this.size) continue;
      for (const s of def.serves) {
        const svc = BANK_SERVICES.find((x) => x.key === s.service)!;
        this.service(svc.key, svc.name, svc.tier, svc.baseRps);
      }
      const ids = this.appGroup({ key: def.key, name: def.name, tier: def.tier, owner: def.owner, instances, front: def.front ?? false, dc, maxRps: def.maxRps, vm: def.vm, tags: def.tags, sameHost: def.sameHost });
      const entry: (typeof included)[number] = { def, ids };
      if (def.db) entry.db = this.database(def.key, def.name, def.tier, members, dc, def.db);
      if (def.queue) entry.queue = this.queue(def.key, def.name, def.tier, dc);
      this.appIds.set(def.key, ids);
      included.push(entry);
    }
    for (const { def, ids, db, queue } of included) {
      for (const dep of def.deps) {
        const targets = dep.to === "db" ? (db ? [db] : []) : dep.to === "queue" ? (queue ? [queue] : []) : this.appIds.get(dep.to) ?? [];
        if (targets.length > 0) this.depend(ids, targets, dep.critical ?? true, dep.fanout ?? 1);
      }
      for (const s of def.serves) this.serve(ids, `svc-${s.service}`, s.critical ?? true);
    }
  }

  private readonly suffix = new Map<string, number>();

  private uniqueName(base: string, used: Set<string>): string {
    if (!used.has(base)) {
      used.add(base);
      return base;
    }
    // Remember the last suffix per base: a linear scan would make 100,000-node estates quadratic.
    const memo = (used === this.names ? "name:" : "key:") + base;
    for (let k = this.suffix.get(memo) ?? 2; ; k++) {
      const candidate = `${base} ${k}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        this.suffix.set(memo, k + 1);
        return candidate;
      }
    }
  }

  longTailApp(k: number): void {
    const r = this.tail;
    const domain = r.choice(LONG_TAIL_DOMAINS);
    const name = this.uniqueName(`${domain} ${r.choice(LONG_TAIL_ROLES)}`, this.names);
    const key = this.uniqueName(slug(name), this.keys);
    const dc = this.dcs[k % this.dcs.length];
    const tier = r.empirical<Tier>([2, 3, 4], [0.15, 0.6, 0.25]);
    const instances = r.bernoulli(this.singleInstanceRate) ? 1 : r.int(2, 3);
    const front = r.bernoulli(BANK_DEFAULTS.longTailFrontRate);
    const owner = r.choice(LONG_TAIL_OWNERS);
    const vm = { cores: r.choice([2, 4, 8]), ramGb: r.choice([8, 16, 32]) };
    const ids = this.appGroup({ key, name, tier, owner, instances, front, dc, maxRps: r.choice([100, 200, 400]), vm, tags: front ? ["customer-facing"] : [] });
    if (r.bernoulli(BANK_DEFAULTS.longTailDatabaseRate)) {
      const members = r.bernoulli(BANK_DEFAULTS.longTailStandbyRate) ? 2 : 1;
      const db = this.database(key, name, tier, members, dc, { cores: r.choice([8, 16, 32]), ramGb: r.choice([64, 128, 256]), iops: r.choice([10000, 20000, 40000]), engine: r.choice(["postgres", "oracle", "sqlserver"]) });
      this.depend(ids, [db], true, r.int(1, 4));
    }
    if (r.bernoulli(BANK_DEFAULTS.longTailQueueRate)) this.depend(ids, [this.queue(key, name, tier, dc)], true, 1);
    const identity = this.appIds.get("identity");
    if (identity && r.bernoulli(BANK_DEFAULTS.identityDependencyRate)) this.depend(ids, identity, r.bernoulli(0.5), 1);
    const core = this.appIds.get("core-banking");
    if (core && r.bernoulli(BANK_DEFAULTS.coreBankingDependencyRate)) this.depend(ids, core, true, r.int(1, 3));
    const peers = Math.min(r.int(0, 2), this.longTail.length);
    const chosen = new Set<string>();
    for (let p = 0; p < peers; p++) {
      // Recent applications: estates grow in clusters of related systems.
      const peer = this.longTail[this.longTail.length - 1 - r.int(0, Math.min(49, this.longTail.length - 1))];
      if (chosen.has(peer)) continue;
      chosen.add(peer);
      this.depend(ids, this.appIds.get(peer)!, r.bernoulli(0.6), 1);
    }
    this.appIds.set(key, ids);
    this.longTail.push(key);
    if (this.openService === undefined || this.openService.slots === 0) {
      const svcName = this.uniqueName(domain, this.names);
      const id = this.service(slug(svcName), svcName, r.empirical<Tier>([2, 3, 4], [0.1, 0.6, 0.3]), Math.max(1, Math.round(r.lognormal(3, 1))));
      this.openService = { id, slots: r.int(1, 4) };
    }
    this.serve(ids, this.openService.id);
    this.openService.slots--;
  }
}

function checkOptions(options: BankTopologyOptions): Required<Omit<BankTopologyOptions, "name">> & { name: string } {
  const api = "bankTopology";
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object with a seed", options);
  const { seed } = options;
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") throw invalidArgument(api, "seed", "a finite number or a string", seed);
  const size = options.size ?? BANK_DEFAULTS.size;
  if (!(Number.isInteger(size) && size >= 50 && size <= 200000)) throw invalidArgument(api, "size", "an integer in [50, 200000]", size);
  const regions = options.regions ?? (size < 2000 ? 1 : size < 30000 ? 2 : 3);
  if (!(Number.isInteger(regions) && regions >= 1 && regions <= 24)) throw invalidArgument(api, "regions", "an integer in [1, 24]", regions);
  const singleInstanceRate = options.singleInstanceRate ?? BANK_DEFAULTS.singleInstanceRate;
  if (!(singleInstanceRate >= 0 && singleInstanceRate <= 1)) throw invalidArgument(api, "singleInstanceRate", "a number in [0, 1]", singleInstanceRate);
  return { seed, size, regions, singleInstanceRate, name: options.name ?? `bank-${size}-seed-${seed}` };
}

function generate(options: BankTopologyOptions): InfraGraph {
  const o = checkOptions(options);
  const gen = new BankGenerator(o.size, o.seed, o.singleInstanceRate, o.regions);
  gen.core();
  for (let k = 0; gen.nodeIds.length < o.size; k++) gen.longTailApp(k);
  const attributes: GraphAttributes = {
    name: o.name,
    description: `A generated bank estate: ${gen.dcs.length} datacenter${gen.dcs.length > 1 ? "s" : ""} in ${o.regions} region${o.regions > 1 ? "s" : ""}, ${gen.nodeIds.length} nodes.`,
    generator: { name: "bankTopology", seed: o.seed, size: o.size, regions: o.regions, singleInstanceRate: o.singleInstanceRate },
  };
  // The same checks as fromSpec; the generator's objects are in normal form, so they are adopted, not copied.
  return assembleGraph(
    "bankTopology",
    "generated topology",
    {
      count: gen.nodeIds.length,
      id: (i) => gen.nodeIds[i],
      attributes: (i) => gen.nodeAttrs[i],
      at: (i, field) => `node ${JSON.stringify(gen.nodeIds[i])}${field ? "." + field : ""}`,
      nameInMessages: true,
      adopt: true,
    },
    {
      count: gen.edgeSources.length,
      source: (i) => gen.edgeSources[i],
      target: (i) => gen.edgeTargets[i],
      attributes: (i) => gen.edgeAttrs[i],
      at: (i, field) => `edge ${JSON.stringify(gen.edgeSources[i])} → ${JSON.stringify(gen.edgeTargets[i])}${field ? "." + field : ""}`,
      adopt: true,
    },
    attributes,
  );
}

/** The generated bank as a topology document (what `toTopologyJSON(bankTopology(options))` gives; save it with formatTopologyJSON). */
export function bankTopologySpec(options: BankTopologyOptions): TopologyDocument & { nodes: NodeSpec[]; edges: EdgeSpec[] } {
  return toTopologyJSON(generate(options));
}

/**
 * A seeded, realistic bank estate (see BANK_DEFAULTS for the ratios): regions and datacenters, core and
 * distribution network with firewalls and load balancers, racks of servers with VMs, databases with standby
 * replicas, queues, the core banking applications and a long tail, feeding tiered business services.
 * Every node and edge is validated as fromSpec does. Same seed and options, same graph.
 *
 * @example const graph = bankTopology({ seed: 42, size: 300 })
 */
export function bankTopology(options: BankTopologyOptions): InfraGraph {
  return generate(options);
}
