// The store spec suite against DuckDB files in a temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openStore } from "../../lib/store";
import { storeSpecs } from "./specs";

const dir = mkdtempSync(join(tmpdir(), "infratwin-duckdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSpecs("duckdb", (name, options) => openStore(join(dir, `${name}.duckdb`), options));
