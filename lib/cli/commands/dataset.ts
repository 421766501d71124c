// `infratwin dataset ...`: generates the bank topology, the topology JSON Schema, and converts topologies (CSV, GraphML, TigerGraph).
import { readFileSync, writeFileSync } from "node:fs";
import {
  bankTopology,
  formatTopologyJSON,
  fromGraphML,
  loadCsvTopology,
  loadTopology,
  toGraphML,
  topologyJsonSchema,
  toTopologyJSON,
  writeTigerGraph,
  type InfraGraph,
} from "../../graph";
import { CliUsageError, EXIT, ensureOutputDir, ensureOutputFile, parseCommandArgs, type Command } from "../command";

const HELP = [
  "Usage:",
  "  infratwin dataset topology --seed N [--size N] [--name NAME] [--regions N] [--schema-ref REF] [--out FILE]",
  "      Generate a bank estate with bankTopology (same seed and options, same file). The reference dataset:",
  "      infratwin dataset topology --seed 42 --size 300 --name reference-bank \\",
  "        --schema-ref ../schemas/topology.schema.json --out datasets/topology/reference-bank.json",
  "      --schema-ref writes a $schema reference so editors validate and complete the file.",
  "  infratwin dataset schema [--out FILE]",
  "      Write the JSON Schema of topology files (datasets/schemas/topology.schema.json).",
  "  infratwin dataset check <FILE | NAME>",
  "      Validate a topology (JSON file, GraphML file or bundled dataset name) and print its size.",
  "  infratwin dataset from-csv --nodes nodes.csv [--edges edges.csv] [--schema-ref REF] [--out FILE]",
  "      Convert a CMDB export to a topology JSON file (row errors name the file and line).",
  "  infratwin dataset graphml <FILE | NAME> [--out FILE]",
  "      Convert a topology to GraphML.",
  "  infratwin dataset tigergraph <FILE | NAME> --out DIR [--graph NAME] [--data-dir DIR]",
  "      Write schema.gsql, load.gsql and CSV files for TigerGraph into DIR.",
  "",
  "Without --out, JSON and GraphML go to standard output. Exit codes: 0 done, 2 bad input or usage, 3 internal error.",
].join("\n");

function integer(command: string, name: string, value: string | true | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isInteger(n)) throw new CliUsageError(`infratwin dataset ${command}: --${name} must be an integer but found ${JSON.stringify(value)}.`);
  return n;
}

function str(value: string | true | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function readTopology(path: string): InfraGraph {
  if (path.endsWith(".graphml") || path.endsWith(".xml")) return fromGraphML(readFileSync(path, "utf8"));
  return loadTopology(path);
}

function output(text: string, out: string | true | undefined, what: string): void {
  if (typeof out === "string") {
    ensureOutputFile("dataset", out);
    writeFileSync(out, text);
    console.error(`wrote ${what} to ${out}`);
  } else {
    process.stdout.write(text);
  }
}

function describe(graph: InfraGraph): string {
  const kinds = new Map<string, number>();
  graph.forEachNode((_id, a) => kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1));
  return `${graph.order} nodes (${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}), ${graph.size} edges`;
}

/** The `dataset` command. */
export const command: Command = {
  name: "dataset",
  summary: "Generate the bank topology and the topology JSON Schema; check and convert topologies (CSV, GraphML, TigerGraph)",
  help: HELP,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case "topology": {
        const { options, positionals } = parseCommandArgs(rest, { command: "dataset topology", values: ["seed", "size", "name", "regions", "schema-ref", "out"] });
        if (positionals.length > 0) throw new CliUsageError(`infratwin dataset topology: unexpected argument ${JSON.stringify(positionals[0])}.`);
        if (options.seed === undefined || options.seed === true) throw new CliUsageError("infratwin dataset topology: --seed N is required (the same seed gives the same estate).");
        const seed = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
        const graph = bankTopology({
          seed,
          size: integer("topology", "size", options.size, 300),
          name: str(options.name),
          regions: integer("topology", "regions", options.regions),
        });
        output(formatTopologyJSON(toTopologyJSON(graph, { schemaRef: str(options["schema-ref"]) })), options.out, describe(graph));
        return EXIT.ok;
      }
      case "schema": {
        const { options } = parseCommandArgs(rest, { command: "dataset schema", values: ["out"] });
        output(JSON.stringify(topologyJsonSchema(), null, 2) + "\n", options.out, "the topology JSON Schema");
        return EXIT.ok;
      }
      case "check": {
        const { positionals } = parseCommandArgs(rest, { command: "dataset check" });
        if (positionals.length !== 1) throw new CliUsageError("infratwin dataset check: give one topology file or dataset name.");
        console.log(`${positionals[0]}: valid, ${describe(readTopology(positionals[0]))}`);
        return EXIT.ok;
      }
      case "from-csv": {
        const { options } = parseCommandArgs(rest, { command: "dataset from-csv", values: ["nodes", "edges", "schema-ref", "out"] });
        if (typeof options.nodes !== "string") throw new CliUsageError("infratwin dataset from-csv: --nodes FILE is required.");
        const graph = loadCsvTopology(options.nodes, str(options.edges));
        output(formatTopologyJSON(toTopologyJSON(graph, { schemaRef: str(options["schema-ref"]) })), options.out, describe(graph));
        return EXIT.ok;
      }
      case "graphml": {
        const { options, positionals } = parseCommandArgs(rest, { command: "dataset graphml", values: ["out"] });
        if (positionals.length !== 1) throw new CliUsageError("infratwin dataset graphml: give one topology file or dataset name.");
        const graph = readTopology(positionals[0]);
        output(toGraphML(graph), options.out, describe(graph) + " as GraphML");
        return EXIT.ok;
      }
      case "tigergraph": {
        const { options, positionals } = parseCommandArgs(rest, { command: "dataset tigergraph", values: ["out", "graph", "data-dir"] });
        if (positionals.length !== 1) throw new CliUsageError("infratwin dataset tigergraph: give one topology file or dataset name.");
        if (typeof options.out !== "string") throw new CliUsageError("infratwin dataset tigergraph: --out DIR is required.");
        ensureOutputDir("dataset tigergraph", options.out);
        const graph = readTopology(positionals[0]);
        const written = writeTigerGraph(graph, options.out, {
          graphName: str(options.graph),
          dataDir: str(options["data-dir"]),
        });
        console.error(`wrote ${written.length} files for ${describe(graph)} to ${options.out}`);
        return EXIT.ok;
      }
      case undefined:
        throw new CliUsageError(`infratwin dataset: say what to do.\n${HELP}`);
      default:
        throw new CliUsageError(`infratwin dataset: unknown subcommand ${JSON.stringify(sub)}; known: topology, schema, check, from-csv, graphml, tigergraph.`);
    }
  },
};
