// The TigerGraph export loaded into a real PostgreSQL: rows per vertex and edge type, and a blast radius in SQL equal to the in-memory answer.
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bankTopology, checkTigerGraph, dependentsOf, toTigerGraph, type InfraGraph, type LoadedRows, type TigerGraphCheck } from "../../lib/graph";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";

const skip = mayskipPostgres();
if (skip) console.warn(`skipping the TigerGraph-into-PostgreSQL proof: ${postgresMissing()}`);

const SQL_TYPES: Record<string, string> = { STRING: "text", INT: "bigint", UINT: "bigint", DOUBLE: "double precision", FLOAT: "real", BOOL: "boolean", DATETIME: "timestamp", "LIST<STRING>": "text[]" };

/** One table per vertex type (v_<type>: id + attributes) and per edge type (e_<type>: endpoints with their types + attributes). */
function tableOf(check: TigerGraphCheck, load: LoadedRows): { name: string; columns: string[]; ddl: string } {
  const quote = (s: string) => `"${s.toLowerCase()}"`;
  if (load.target === "vertex") {
    const t = check.vertexTypes.get(load.type)!;
    const columns = ["id", ...t.attributes.map((a) => a.name)];
    const ddl = `CREATE TABLE ${quote("v_" + load.type)} (id text PRIMARY KEY, ${t.attributes.map((a) => `${quote(a.name)} ${SQL_TYPES[a.type]}`).join(", ")})`;
    return { name: quote("v_" + load.type), columns, ddl };
  }
  const t = check.edgeTypes.get(load.type)!;
  const columns = ["from_id", "from_type", "to_id", "to_type", ...t.attributes.map((a) => a.name)];
  const attrs = t.attributes.map((a) => `, ${quote(a.name)} ${SQL_TYPES[a.type]}`).join("");
  return { name: quote("e_" + load.type), columns, ddl: `CREATE TABLE ${quote("e_" + load.type)} (from_id text NOT NULL, from_type text NOT NULL, to_id text NOT NULL, to_type text NOT NULL${attrs})` };
}

/** Inserts the rows the loading job produces (empty fields as NULL), in batches of parameterised multi-row INSERTs. */
async function loadInto(client: Client, check: TigerGraphCheck): Promise<void> {
  for (const load of check.loads) {
    const table = tableOf(check, load);
    await client.query(table.ddl);
    const width = table.columns.length;
    for (let start = 0; start < load.rows.length; start += 500) {
      const batch = load.rows.slice(start, start + 500);
      const params: unknown[] = [];
      const tuples = batch.map((row, r) => {
        for (const v of row) params.push(v === "" ? null : v);
        return `(${row.map((_v, c) => `$${r * width + c + 1}`).join(", ")})`;
      });
      await client.query(`INSERT INTO ${table.name} (${table.columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`, params);
    }
  }
  // "x needs y" for every edge kind a failure travels along, as dependentsOf reads them.
  await client.query(`CREATE VIEW needs (needer, needed) AS
    SELECT to_id, from_id FROM e_hosts UNION ALL
    SELECT to_id, from_id FROM e_network UNION ALL
    SELECT from_id, to_id FROM e_depends_on UNION ALL
    SELECT to_id, from_id FROM e_serves`);
}

/**
 * Everything that transitively needs `node`, with the fewest hops: a recursive CTE. UNION (not UNION ALL) keeps each
 * (node, depth) once and the depth bound stops cycles, so the work stays within nodes × MAX_DEPTH rows.
 */
const MAX_DEPTH = 40;
const BLAST_RADIUS_SQL = `
  WITH RECURSIVE reach (id, depth) AS (
    SELECT $1::text, 0
    UNION
    SELECT n.needer, r.depth + 1 FROM reach r JOIN needs n ON n.needed = r.id WHERE r.depth < ${MAX_DEPTH}
  )
  SELECT id, min(depth)::int AS depth FROM reach WHERE id <> $1 GROUP BY id`;

describe.skipIf(skip)("the TigerGraph bundle in PostgreSQL", () => {
  let server: PostgresServer;
  let client: Client;
  let graph: InfraGraph;
  let check: TigerGraphCheck;
  beforeAll(async () => {
    server = await startPostgres();
    client = new Client({ connectionString: await server.createDatabase("tigergraph") });
    await client.connect();
    graph = bankTopology({ seed: 2, size: 600 });
    check = checkTigerGraph(toTigerGraph(graph));
    expect(check.problems).toEqual([]);
    await loadInto(client, check);
  }, 180_000);
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  }, 60_000);

  test("every vertex and edge type holds as many rows as the graph has nodes and edges of that kind", async () => {
    const { rows } = await client.query<{ table_name: string; n: string }>(
      `SELECT table_name, (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(table_name), false, true, '')))[1]::text AS n
       FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const counted = Object.fromEntries(rows.map((r) => [r.table_name, Number(r.n)]));
    const expected: Record<string, number> = {};
    graph.forEachNode((_id, a) => {
      const table = "v_" + check.loads.find((l) => l.target === "vertex" && l.file === `vertex_${a.kind}.csv`)!.type.toLowerCase();
      expected[table] = (expected[table] ?? 0) + 1;
    });
    graph.forEachEdge((_e, a) => (expected["e_" + a.kind] = (expected["e_" + a.kind] ?? 0) + 1));
    for (const [table, n] of Object.entries(counted)) if (n === 0) expect(expected[table] ?? 0).toBe(0);
    expect(Object.fromEntries(Object.entries(counted).filter(([, n]) => n > 0))).toEqual(expected);
    expect(Object.values(expected).reduce((s, n) => s + n, 0)).toBe(graph.order + graph.size);
  });

  test("attributes round-trip: a database's capacity, a service's tier and a node's tags read back from SQL", async () => {
    const db = graph.filterNodes((_id, a) => a.kind === "database")[0];
    const attrs = graph.getNodeAttributes(db) as unknown as { capacity: { maxConnections: number }; tier?: number };
    const { rows } = await client.query(`SELECT id, tier, max_connections FROM v_database WHERE id = $1`, [db]);
    expect(rows).toEqual([{ id: db, tier: String(attrs.tier ?? 0), max_connections: String(attrs.capacity.maxConnections ?? 0) }]);
    const tagged = graph.filterNodes((_id, a) => a.kind === "router" && (a.tags ?? []).length > 0)[0];
    expect(tagged).toBeDefined();
    const back = await client.query(`SELECT tag_list FROM v_router WHERE id = $1`, [tagged]);
    expect(back.rows[0].tag_list).toEqual(graph.getNodeAttribute(tagged, "tags"));
  });

  test("a blast radius by recursive CTE over the loaded edges equals dependentsOf() on the graph", async () => {
    const pick = (kind: string, pred: (id: string) => boolean = () => true) => graph.filterNodes((id, a) => a.kind === kind && pred(id)).sort()[0];
    const starts = [pick("database", (id) => id.endsWith("-primary")), pick("switch"), pick("server"), pick("application"), pick("storage")].filter((s): s is string => s !== undefined);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (const start of starts) {
      const { rows } = await client.query<{ id: string; depth: number }>(BLAST_RADIUS_SQL, [start]);
      const memory = dependentsOf(graph, start).map((r) => ({ id: r.id, depth: r.depth })).sort((a, b) => (a.id < b.id ? -1 : 1));
      const sql = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(sql, `blast radius of ${start}`).toEqual(memory);
      expect(memory.length, `${start} has dependents`).toBeGreaterThan(0);
      expect(Math.max(...memory.map((m) => m.depth))).toBeLessThan(MAX_DEPTH);
    }
  }, 120_000);
});
