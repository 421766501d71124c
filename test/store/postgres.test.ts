import { afterAll, beforeAll, describe } from "vitest";
import { openStore } from "../../lib/store";
import { mayskipPostgres, postgresMissing, startPostgres, type PostgresServer } from "../servers/postgres";
import { storeSpecs } from "./specs";

const skip = mayskipPostgres();
if (skip) console.warn(`skipping PostgreSQL store tests: ${postgresMissing()}`);

let server: PostgresServer;
const databases = new Map<string, string>();
beforeAll(async () => {
  if (!skip) server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(skip)("PostgreSQL backend", () => {
  storeSpecs("postgres", async (name, options) => {
    let url = databases.get(name);
    if (!url) {
      url = await server.createDatabase(name);
      databases.set(name, url);
    }
    return openStore(url, options);
  });
});
