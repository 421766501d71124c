// Brings a store's schema forward: runs each missing migration in its own transaction and records it.
import { StoreError } from "../errors";
import type { Backend } from "./backend";
import { MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE } from "./schema";

/** Applies migrations up to `target`; refuses a store newer than this code knows. Returns the version reached. */
export async function migrate(backend: Backend, target = SCHEMA_VERSION): Promise<number> {
  try {
    await backend.exec(VERSION_TABLE);
  } catch (error) {
    // Two processes creating the version table of a fresh PostgreSQL store at once: PostgreSQL's catalogue refuses the
    // loser's CREATE ... IF NOT EXISTS once the winner commits; the table is there now, which is all this step needs.
    const exists = await backend.query("SELECT count(*) AS n FROM infratwin_schema").then(() => true, () => false);
    if (!exists) throw error;
  }
  const r = await backend.query("SELECT coalesce(max(version), 0) AS v FROM infratwin_schema");
  const current = (r.columns.v as Float64Array)[0];
  if (current > SCHEMA_VERSION) {
    throw new StoreError(`openStore: ${backend.target} has schema version ${current}, newer than this infratwin knows (${SCHEMA_VERSION}); upgrade infratwin to open it.`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    const tx = await backend.begin();
    try {
      for (const statement of migration.statements(backend.dialect)) await tx.exec(statement);
      await tx.insertRows("infratwin_schema", ["version", "description", "applied_at"], [[migration.version, migration.description, new Date().toISOString().replace("T", " ").replace("Z", "")]], { applied_at: "TIMESTAMP" });
      await tx.commit();
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      // Two writers opening a fresh PostgreSQL store at once: the loser finds the version already applied.
      const again = await backend.query("SELECT coalesce(max(version), 0) AS v FROM infratwin_schema");
      if ((again.columns.v as Float64Array)[0] >= migration.version) continue;
      throw new StoreError(`openStore: migration ${migration.version} (${migration.description}) failed on ${backend.target}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return Math.max(current, Math.min(target, SCHEMA_VERSION));
}
