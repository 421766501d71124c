// Where a store lives: a DuckDB file, ":memory:", or a PostgreSQL URL; and how to print it without its password.

/** A parsed `--store` value. */
export type StoreTarget = { kind: "duckdb"; path: string } | { kind: "postgres"; url: string };

/** The default store file inside a study folder. */
export const DEFAULT_STORE_FILE = "infratwin.duckdb";

/**
 * Reads a store location: "postgres://…" or "postgresql://…" is PostgreSQL (user, password, host, port and
 * database from the URL, the rest from the standard PG* variables); anything else is a DuckDB file path,
 * ":memory:" included.
 */
export function parseTarget(target: string): StoreTarget {
  if (/^postgres(ql)?:\/\//i.test(target)) return { kind: "postgres", url: target };
  return { kind: "duckdb", path: target };
}

/** The location with any password replaced by "***", safe for messages and logs. */
export function redactTarget(target: string): string {
  if (!/^postgres(ql)?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = "***";
    for (const key of [...url.searchParams.keys()]) if (/pass|secret|key|token/i.test(key)) url.searchParams.set(key, "***");
    return url.toString();
  } catch {
    // Not a URL we can parse: hide everything between "//" and "@" rather than risk printing a secret.
    return target.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/** Removes every occurrence of the target's password from a message (driver errors may quote the URL). */
export function redactMessage(message: string, target: string): string {
  let out = message.split(target).join(redactTarget(target));
  try {
    const password = decodeURIComponent(new URL(target).password);
    if (password.length > 0) out = out.split(password).join("***");
  } catch {
    // Not a URL: nothing more to hide.
  }
  if (process.env.PGPASSWORD) out = out.split(process.env.PGPASSWORD).join("***");
  return out;
}
