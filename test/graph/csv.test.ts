import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../lib/errors";
import { blastRadius, topologyFromCsv, loadCsvTopology, packageRoot, singlePointsOfFailure } from "../../lib/graph";

const NODES = [
  "id,kind,name,tier,Redundancy Group,capacity.cores,capacity.ramGb,tags,serial_number",
  "srv-1,Server,Hypervisor 1,,,32,256,hypervisor;rack-1,SN-001",
  'vm-1,Virtual Machine,"VM one, first",2,,4,16,,SN-002',
  "app-1,application,Teller,1,teller,,,customer-facing,",
  "svc,Business Service,Branch teller,1,,,,,",
].join("\n");

const EDGES = ["source,target,kind,critical,change_ticket", "srv-1,vm-1,hosts,,CHG1", "vm-1,app-1,hosts,,", "app-1,svc,serves,yes,CHG2"].join("\r\n");

function problemsOf(nodes: string, edges = ""): string[] {
  try {
    topologyFromCsv(nodes, edges);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("topologyFromCsv accepted the export");
}

describe("topologyFromCsv()", () => {
  test("`topologyFromCsv()` reads a CMDB export: class names, header spellings, quoted cells, tags, CRLF", () => {
    const g = topologyFromCsv(NODES, EDGES);
    expect(g.order).toBe(4);
    expect(g.getNodeAttributes("vm-1")).toMatchObject({ kind: "vm", name: "VM one, first", tier: 2, capacity: { cores: 4, ramGb: 16 } });
    expect(g.getNodeAttributes("srv-1")).toMatchObject({ kind: "server", tags: ["hypervisor", "rack-1"], capacity: { cores: 32, ramGb: 256 } });
    expect(g.getNodeAttribute("app-1", "redundancyGroup")).toBe("teller");
    expect(g.getNodeAttribute("svc", "kind")).toBe("business_service");
    expect(g.getEdgeAttributes("app-1->svc")).toEqual({ kind: "serves", critical: true, extra: { change_ticket: "CHG2" } });
  });

  test("`topologyFromCsv()` keeps unknown columns as extra attributes, as written", () => {
    const g = topologyFromCsv(NODES, EDGES);
    expect(g.getNodeAttribute("srv-1", "extra")).toEqual({ serial_number: "SN-001" });
    expect(g.getNodeAttribute("app-1", "extra")).toBeUndefined();
    expect(g.getEdgeAttribute("srv-1->vm-1", "extra")).toEqual({ change_ticket: "CHG1" });
  });

  test("`topologyFromCsv()` reports row errors with file and line, showing the cell as written", () => {
    const nodes = ["id,kind,capacity.cores", "srv-1,server,8", "srv-2,server,-4", "srv-3,sever,4", "srv-4,server,four", ",server,1", "srv-1,vm,", "vm-9,vm,"].join("\n");
    const edges = ["source,target,kind,fanout", "srv-1,ghost,hosts,", "srv-1,vm-9,depends_on,", "srv-1,srv-2"].join("\n");
    expect(problemsOf(nodes, edges)).toEqual([
      'nodes.csv line 3: capacity.cores must be an integer >= 0 but found "-4"',
      'nodes.csv line 4: unknown kind "sever"; expected one of router, switch, firewall, load_balancer, server, vm, database, application, queue, storage, business_service',
      'nodes.csv line 5: capacity.cores must be an integer >= 0 but found "four"',
      'nodes.csv line 6: id must be a non-empty string but found ""',
      'nodes.csv line 7: duplicate node id "srv-1" (first at nodes.csv line 2)',
      'edges.csv line 2: target node "ghost" of hosts edge "srv-1" → "ghost" not found',
      'edges.csv line 3: depends_on edge "srv-1" → "vm-9" must start at an application, a database or a queue but "srv-1" is a server',
      "edges.csv line 4: the row has 2 cells but the header has 4",
    ]);
  });

  test("`topologyFromCsv()` counts lines of quoted cells spanning lines", () => {
    const nodes = ['id,kind,name', 'a,vm,"two', 'lines"', "b,vm,x", "c,sever,y"].join("\n");
    expect(problemsOf(nodes)).toEqual([expect.stringMatching(/^nodes.csv line 5: unknown kind "sever"/)]);
  });

  test("`topologyFromCsv()` asks for the required columns and names the files given", () => {
    expect(() => topologyFromCsv("name,kind\nx,vm", "", { nodesName: "cmdb-nodes.csv" })).toThrow(/cmdb-nodes.csv line 1: missing column "id" \(found "name", "kind"\)/);
    expect(() => topologyFromCsv("", "")).toThrow(/nodes.csv line 1: the file is empty/);
    expect(() => topologyFromCsv(42 as never)).toThrow('topologyFromCsv: expected nodesCsv to be the nodes CSV text (a string) but found 42.');
  });

  test("`topologyFromCsv()` given telemetry points to readTelemetry", () => {
    expect(() => topologyFromCsv("timestamp,host,cpu,latency\n2026-11-25T10:00:00Z,web-01,0.4,120")).toThrow(/missing columns "id", "kind" .*column "timestamp" says this is telemetry.*readTelemetry\(/);
    expect(() => topologyFromCsv("time,node,metric,value\n0,a,cpu,0.5")).toThrow(/readTelemetry/);
    expect(() => topologyFromCsv("name,kind\nx,vm")).not.toThrow(/readTelemetry/);
  });

  test("`loadCsvTopology()` loads the bundled CMDB example, whose weak spots the queries find", () => {
    const dir = join(packageRoot(), "datasets", "cmdb");
    const g = loadCsvTopology(join(dir, "nodes.csv"), join(dir, "edges.csv"));
    expect(g.order).toBe(26);
    expect(g.size).toBe(45);
    expect(g.getNodeAttribute("srv-lon-01", "extra")).toEqual({ serial_number: "DL380-G10-88213", cost_centre: "CC-INF-01", install_date: "2022-01-10" });
    expect(g.getNodeAttribute("app-teller-1", "name")).toBe("Teller app, instance 1");
    const [teller] = singlePointsOfFailure(g, { tier: 1 });
    expect(teller.service).toBe("svc-branch-teller");
    expect(teller.spofs.map((s) => s.id).sort()).toEqual(["lb-lon-1", "mq-branch-1", "san-lon-1", "vm-mq-1", "srv-lon-02"].sort());
    expect(blastRadius(g, ["lb-lon-1"]).services.map((s) => [s.id, s.status])).toEqual([
      ["svc-branch-teller", "down"],
      ["svc-branch-crm", "down"],
    ]);
  });
});
