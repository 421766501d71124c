import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { EDGE_KINDS, NODE_KINDS, toTigerGraph, writeTigerGraph } from "../../lib/graph";
import { e, graphOf, n } from "./fixtures";

const GOLDEN = join(__dirname, "golden");

/**
 * Compares with test/graph/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. A missing golden file
 * is written only outside CI (so a new test can create it once); under CI=true it is a failure.
 */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  const inCi = process.env.CI === "true" || process.env.CI === "1";
  if (!existsSync(path) && process.env.UPDATE_GOLDEN !== "1" && inCi) throw new Error(`golden file test/graph/golden/${name} is missing; create it outside CI (or with UPDATE_GOLDEN=1), review it and commit it.`);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

function estate() {
  return graphOf(
    [
      n("rtr", "router", { tags: ["core", "a|b"] }),
      n("lb", "load_balancer"),
      n("srv", "server", { name: 'Server "one", rack 2', extra: { "Serial Number": "SN-1", "cost-centre": "CC 7" } }),
      n("vm", "vm"),
      n("app", "application", { tier: 1 }),
      n("mq", "queue"),
      n("db", "database"),
      n("db2", "database"),
      n("svc", "business_service", { tier: 1, baseRps: 42 }),
    ],
    [
      e("rtr", "lb", "network", { bandwidthMbps: 1000 }),
      e("lb", "srv", "network"),
      e("srv", "vm", "hosts", { extra: { ticket: "CHG-1" } }),
      e("vm", "app", "hosts"),
      e("vm", "mq", "hosts"),
      e("app", "db", "depends_on", { fanout: 2 }),
      e("app", "mq", "depends_on", { critical: false }),
      e("db", "db2", "replicates_to"),
      e("app", "svc", "serves"),
    ],
  );
}

describe("toTigerGraph()", () => {
  test("`toTigerGraph()` GSQL schema matches the golden file", () => {
    golden("tigergraph-schema.gsql", toTigerGraph(estate(), { dataDir: "/home/tigergraph/data/infratwin" }).schema);
  });

  test("`toTigerGraph()` loading job matches the golden file", () => {
    golden("tigergraph-load.gsql", toTigerGraph(estate(), { dataDir: "/home/tigergraph/data/infratwin/" }).loadingJob);
  });

  test("`toTigerGraph()` writes one CSV per vertex and edge type, typed endpoints, loader-safe strings", () => {
    const { files, graphName, jobName } = toTigerGraph(estate(), { graphName: "bank" });
    expect(graphName).toBe("bank");
    expect(jobName).toBe("load_bank");
    expect(Object.keys(files).sort()).toEqual([...NODE_KINDS.map((k) => `vertex_${k}.csv`), ...EDGE_KINDS.map((k) => `edge_${k}.csv`)].sort());
    expect(files["vertex_server.csv"].split("\n")).toEqual([
      "id,name,region,datacenter,tier,redundancy_group,owner,tag_list,cores,ram_gb,iops,bandwidth_mbps,cpu,ram,latency_ms,error_rate,throughput,status,extra_cost_centre,extra_serial_number",
      `"srv","Server 'one', rack 2","","",0,"","","",32,256,0,0,0,0,0,0,0,"up","CC 7","SN-1"`,
      "",
    ]);
    expect(files["vertex_router.csv"]).toContain('"core|a/b"');
    expect(files["edge_depends_on.csv"].split("\n").slice(0, 3)).toEqual([
      "source,source_type,target,target_type,fanout,critical",
      '"app",Application,"db",Database,2,true',
      '"app",Application,"mq",MessageQueue,1,false',
    ]);
    expect(files["vertex_switch.csv"]).toBe(
      "id,name,region,datacenter,tier,redundancy_group,owner,tag_list,bandwidth_mbps,max_connections,cpu,ram,latency_ms,error_rate,throughput,status\n",
    );
  });

  test("`writeTigerGraph()` writes the scripts, the CSV files and a README pointing at the data folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "infratwin-tg-"));
    const written = writeTigerGraph(estate(), dir);
    expect(written.length).toBe(2 + NODE_KINDS.length + EDGE_KINDS.length + 1);
    expect(readdirSync(dir)).toContain("schema.gsql");
    expect(readFileSync(join(dir, "load.gsql"), "utf8")).toContain(`DEFINE FILENAME f_router = "${dir}/vertex_router.csv";`);
  });

  test("`toTigerGraph()` refuses graph names that are not identifiers", () => {
    expect(() => toTigerGraph(estate(), { graphName: "my graph" })).toThrow('toTigerGraph: expected options.graphName to be an identifier (letters, digits, _) but found "my graph".');
  });
});
