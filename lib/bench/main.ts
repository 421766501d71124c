// `npm run bench [-- name ...]`: runs every benchmark file in this folder and prints one JSON object per line.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { verdictProblems, type Bench } from "./types";

function loadBenches(): Bench[] {
  const benches: Bench[] = [];
  for (const file of readdirSync(__dirname).sort()) {
    if (!file.endsWith(".js") || file === "main.js" || file === "types.js") continue;
    const mod = require(join(__dirname, file)) as { benches?: Bench[] };
    if (Array.isArray(mod.benches)) benches.push(...mod.benches);
  }
  return benches;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const all = loadBenches();
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.map((u) => JSON.stringify(u)).join(", ")}; known: ${all.map((b) => b.name).join(", ")}`);
    process.exit(2);
  }
  const missed: string[] = [];
  for (const bench of all) {
    if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
    const result = await bench.run();
    const records = Array.isArray(result) ? result : [result];
    for (const record of records) console.log(JSON.stringify({ bench: bench.name, ...record }));
    const problems = verdictProblems(bench.name, records);
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) process.exitCode = 1;
    else if (records.some((r) => r.meets === false)) missed.push(bench.name);
  }
  // A missed target is reported, not an error: benches run on shared, busy machines.
  if (missed.length > 0) console.error(`bench: targets missed by ${missed.join(", ")}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
