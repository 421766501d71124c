// checkTigerGraph: the export passes TigerGraph's documented grammar and rules, and real mistakes in a bundle are caught with their place.
import { describe, expect, test } from "vitest";
import { bankTopology, checkTigerGraph, EDGE_KINDS, NODE_KINDS, parseGsql, toTigerGraph, TIGERGRAPH_VERTEX_TYPES, type TigerGraphExport } from "../../lib/graph";
import { paymentsEstate } from "./fixtures";

const bundle = (): TigerGraphExport => toTigerGraph(paymentsEstate(), { dataDir: "/data/tg" });

/** The messages of a check, one string each ("file:line: message"). */
function problemsOf(b: { schema: string; loadingJob: string; files: Record<string, string> }): string[] {
  return checkTigerGraph(b).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`test setup: ${String(from)} not found`);
  return out;
}

describe("checkTigerGraph()", () => {
  test("`checkTigerGraph()` finds no problem in the export of a hand-built estate and of a generated bank", () => {
    expect(problemsOf(bundle())).toEqual([]);
    const bank = bankTopology({ seed: 3, size: 800 });
    const check = checkTigerGraph(toTigerGraph(bank));
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    // Every node and edge of the graph is one loaded row, per type.
    for (const kind of NODE_KINDS) {
      const rows = check.loads.filter((l) => l.target === "vertex" && l.type === TIGERGRAPH_VERTEX_TYPES[kind]).flatMap((l) => l.rows);
      expect(rows.length).toBe(bank.filterNodes((_id, a) => a.kind === kind).length);
    }
    for (const kind of EDGE_KINDS) {
      const rows = check.loads.filter((l) => l.target === "edge" && l.type === kind).flatMap((l) => l.rows);
      expect(rows.length).toBe(bank.filterEdges((_e, a) => a.kind === kind).length);
    }
  });

  test("`checkTigerGraph()` reads the vertex types, edge pairs and reverse edges the schema declares", () => {
    const check = checkTigerGraph(bundle());
    expect([...check.vertexTypes.keys()].sort()).toEqual(Object.values(TIGERGRAPH_VERTEX_TYPES).sort());
    expect(check.vertexTypes.get("Database")!.primaryId).toMatchObject({ name: "id", type: "STRING" });
    const dependsOn = check.edgeTypes.get("depends_on")!;
    expect(dependsOn.directed).toBe(true);
    expect(dependsOn.reverse).toBe("reverse_depends_on");
    expect(dependsOn.pairs).toContainEqual({ from: "Application", to: "Database" });
    expect(dependsOn.attributes.map((a) => `${a.name} ${a.type}`)).toEqual(["fanout DOUBLE", "critical BOOL"]);
  });

  test("`checkTigerGraph()` reports a vertex type without PRIMARY_ID", () => {
    const b = bundle();
    b.schema = replaceOnce(b.schema, "CREATE VERTEX Router (PRIMARY_ID id STRING, ", "CREATE VERTEX Router (id STRING, ");
    expect(problemsOf(b)).toContainEqual(expect.stringMatching(/^schema\.gsql:4: CREATE VERTEX Router: PRIMARY_ID is required/));
  });

  test("`checkTigerGraph()` reports an edge type whose endpoint is not a declared vertex type", () => {
    const b = bundle();
    b.schema = replaceOnce(b.schema, "FROM Application, TO Database |", "FROM Application, TO Databse |");
    expect(problemsOf(b)).toContainEqual(expect.stringMatching(/CREATE DIRECTED EDGE depends_on: vertex type Databse is not declared/));
  });

  test("`checkTigerGraph()` reports a VALUES list whose arity differs from the type's attributes", () => {
    const b = bundle();
    b.loadingJob = replaceOnce(b.loadingJob, 'VALUES ($"id", $"name", ', 'VALUES ($"id", ');
    expect(problemsOf(b)).toContainEqual(expect.stringMatching(/LOAD f_router TO VERTEX Router: VALUES has 15 values but Router needs 16 \(the primary id \+ 15 attributes\)/));
    const e = bundle();
    e.loadingJob = replaceOnce(e.loadingJob, '$"target" $"target_type", $"fanout", $"critical")', '$"target" $"target_type", $"fanout")');
    expect(problemsOf(e)).toContainEqual(expect.stringMatching(/TO EDGE depends_on: VALUES has 3 values but depends_on needs 4/));
  });

  test("`checkTigerGraph()` reports a column outside the CSV header, by number or by name", () => {
    const b = bundle();
    b.loadingJob = replaceOnce(b.loadingJob, 'VALUES ($"id", $"name",', 'VALUES ($"id", $99,');
    b.loadingJob = replaceOnce(b.loadingJob, '$"fanout", $"critical"', '$"fan_out", $"critical"');
    const problems = problemsOf(b);
    expect(problems).toContainEqual(expect.stringMatching(/TO VERTEX Router: column \$99 is out of range \(vertex_router\.csv has 16 columns\)/));
    expect(problems).toContainEqual(expect.stringMatching(/TO EDGE depends_on: column \$"fan_out" is not in the header of edge_depends_on\.csv/));
  });

  test("`checkTigerGraph()` reports CSV rows that the loader would reject or misread", () => {
    const b = bundle();
    const servers = b.files["vertex_server.csv"].split("\n");
    servers[1] = servers[1] + ",extra";
    b.files["vertex_server.csv"] = servers.join("\n");
    b.files["vertex_application.csv"] = b.files["vertex_application.csv"].replace(/,(\d+),"/, ',one,"');
    b.files["edge_hosts.csv"] = b.files["edge_hosts.csv"].replace('"srv-1",Server', '"srv-9",Server');
    b.files["edge_serves.csv"] = b.files["edge_serves.csv"].replace(",BusinessService", ",Database");
    const problems = problemsOf(b);
    expect(problems).toContainEqual(expect.stringMatching(/^vertex_server\.csv:2: vertex_server\.csv row 2 has \d+ fields, the header \d+/));
    expect(problems).toContainEqual(expect.stringMatching(/vertex_application\.csv row \d+: tier: "one" is not an INT/));
    expect(problems).toContainEqual(expect.stringMatching(/edge_hosts\.csv: edge hosts names Server "srv-9", which no vertex file loads/));
    expect(problems).toContainEqual(expect.stringMatching(/edge_serves\.csv: edge serves from Application to Database is not one of its declared FROM\/TO pairs/));
  });

  test("`checkTigerGraph()` reports USING parameters, filename variables and graph members that TigerGraph refuses", () => {
    const b = bundle();
    b.loadingJob = replaceOnce(b.loadingJob, "LOAD f_firewall TO VERTEX Firewall VALUES", "LOAD f_firewalls TO VERTEX Firewall VALUES");
    b.loadingJob = replaceOnce(b.loadingJob, /(LOAD f_server TO VERTEX Server .*)QUOTE="double"/, '$1QUOTE="triple"');
    b.loadingJob = replaceOnce(b.loadingJob, /(LOAD f_vm TO VERTEX VirtualMachine .*)SEPARATOR=","/, '$1SEPARATOR=",;"');
    b.schema = replaceOnce(b.schema, "CREATE GRAPH infratwin (Router, ", "CREATE GRAPH infratwin (");
    const problems = problemsOf(b);
    expect(problems).toContainEqual(expect.stringMatching(/LOAD f_firewalls TO VERTEX Firewall: filename variable f_firewalls is not defined/));
    expect(problems).toContainEqual(expect.stringMatching(/no LOAD statement of the job loads vertex type Firewall/));
    expect(problems).toContainEqual(expect.stringMatching(/QUOTE must be "single" or "double", found "triple"/));
    expect(problems).toContainEqual(expect.stringMatching(/SEPARATOR must be one character, found ",;"/));
    expect(problems).toContainEqual(expect.stringMatching(/CREATE GRAPH infratwin: edge type network needs vertex type Router, which the graph does not include/));
    expect(problems).toContainEqual(expect.stringMatching(/LOAD f_router TO VERTEX Router: Router is not part of the job's graph/));
  });

  test("`checkTigerGraph()` reports reserved names, REVERSE_EDGE on undirected edges, LIST attributes without SPLIT and untyped endpoints", () => {
    const b = bundle();
    b.schema = replaceOnce(b.schema, "CREATE VERTEX NetworkSwitch", "CREATE VERTEX Switch");
    b.schema = replaceOnce(b.schema, "CREATE DIRECTED EDGE serves", "CREATE UNDIRECTED EDGE serves");
    b.loadingJob = replaceOnce(b.loadingJob, 'SPLIT($"tag_list", "|")', '$"tag_list"');
    b.loadingJob = replaceOnce(b.loadingJob, 'VALUES ($"source" $"source_type", $"target" $"target_type", $"fanout"', 'VALUES ($"source", $"target" $"target_type", $"fanout"');
    const problems = problemsOf(b);
    expect(problems).toContainEqual(expect.stringMatching(/vertex type name Switch is a GSQL reserved word/));
    expect(problems).toContainEqual(expect.stringMatching(/CREATE UNDIRECTED EDGE serves: REVERSE_EDGE is only allowed on a DIRECTED edge/));
    expect(problems).toContainEqual(expect.stringMatching(/tag_list is a LIST<STRING>; load it with SPLIT/));
    expect(problems).toContainEqual(expect.stringMatching(/TO EDGE depends_on: the source needs its vertex type after the id/));
  });

  test("`checkTigerGraph()` reports syntax errors with their line and goes on with the next statement", () => {
    const b = bundle();
    b.schema = replaceOnce(b.schema, "CREATE VERTEX Firewall (PRIMARY_ID id STRING,", "CREATE VERTEX Firewall (PRIMARY_ID id STRING,,");
    b.schema = replaceOnce(b.schema, "tier INT, redundancy_group STRING, owner STRING, tag_list LIST<STRING>, bandwidth_mbps DOUBLE, max_connections INT, cpu", "tier INTEGER, redundancy_group STRING, owner STRING, tag_list LIST<STRING>, bandwidth_mbps DOUBLE, max_connections INT, cpu");
    const problems = problemsOf(b);
    expect(problems).toContainEqual(expect.stringMatching(/^schema\.gsql:6: expected an attribute name, found ","/));
    expect(problems).toContainEqual(expect.stringMatching(/^schema\.gsql:4: Router\.tier: attribute type INTEGER is not one of/));
    // The statements after the broken one were still read: only Firewall is missing, so edges that need it are reported.
    expect(problems).toContainEqual(expect.stringMatching(/vertex type Firewall is not declared/));
    expect(problems.filter((p) => /is not declared before it/.test(p)).every((p) => p.includes("Firewall"))).toBe(true);
  });
});

describe("parseGsql()", () => {
  test("`parseGsql()` reads the statement subset with comments, BEGIN/END and edge endpoint types", () => {
    const script = [
      "// a comment",
      "BEGIN",
      "CREATE VERTEX Person (PRIMARY_ID name STRING, age INT, tags SET<STRING>) WITH primary_id_as_attribute=\"true\"",
      "END",
      "CREATE UNDIRECTED EDGE knows (FROM Person, TO Person, since DATETIME)",
      "CREATE GRAPH Social (*)",
      "USE GRAPH Social",
      "CREATE LOADING JOB j FOR GRAPH Social {",
      '  DEFINE FILENAME f = "/tmp/p.csv";',
      '  LOAD f TO EDGE knows VALUES ($0 Person, $1 $2, _) USING SEPARATOR="\\t", HEADER="false";',
      "}",
      "RUN LOADING JOB j",
    ].join("\n");
    const { statements, problems } = parseGsql(script);
    expect(problems).toEqual([]);
    expect(statements.map((s) => s.kind)).toEqual(["vertex", "edge", "graph", "use_graph", "loading_job", "run_job"]);
    expect(statements[0]).toMatchObject({ name: "Person", primaryId: { name: "name", type: "STRING" }, attributes: [{ name: "age" }, { name: "tags", type: "SET<STRING>" }], options: { primary_id_as_attribute: "true" } });
    const job = statements[4];
    if (job.kind !== "loading_job") throw new Error("expected a loading job");
    expect(job.loads[0].values[0]).toMatchObject({ kind: "column", ref: 0, vertexType: { kind: "word", text: "Person" } });
    expect(job.loads[0].values[1]).toMatchObject({ kind: "column", ref: 1, vertexType: { kind: "column", ref: 2 } });
    expect(job.loads[0].using).toEqual({ SEPARATOR: "\\t", HEADER: "false" });
  });
});
