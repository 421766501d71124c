// bankTopology: a seeded generator of a realistic bank estate, ~50 to 100,000+ nodes; same seed and options, same graph.
import { invalidArgument } from "../errors";
import { BANK_CORE_APPS, BANK_SERVICES, LONG_TAIL_DOMAINS, LONG_TAIL_OWNERS, LONG_TAIL_ROLES, type CoreAppDef } from "./bank-catalogue";
import type { EdgeInput, NodeInput } from "./check";
import type { GraphAttributes, InfraGraph, Tier } from "./schema";
import { assembleGraph } from "./assemble";
import { BANK_DEFAULTS, BankLayout, type Dc, type Hypervisor, type Rack } from "./bank-layout";
import { toTopologyJSON } from "./json";
import type { EdgeSpec, NodeSpec, TopologyDocument } from "./spec";

export { BANK_DEFAULTS };

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

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

class BankGenerator extends BankLayout {
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
