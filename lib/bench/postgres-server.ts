// Starts a throwaway PostgreSQL (Debian's package) on a free loopback port in a temporary directory, as an unprivileged user; for tests and benchmarks.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { freePort } from "../distributed/redis-server";

/** A running test server. */
export interface PostgresServer {
  /** postgres://USER:PASSWORD@127.0.0.1:PORT/postgres (a password is set, so redaction is exercised). */
  url: string;
  port: number;
  user: string;
  password: string;
  /** A fresh database on the server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Where Debian puts PostgreSQL's server binaries (newest major first), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => existsSync(join(root, d, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? join(root, majors[0], "bin") : undefined;
}

/**
 * Why PostgreSQL cannot run here, or undefined when it can. Under CI=true tests must fail on a reason,
 * never skip: use `requirePostgres()` in a `beforeAll`.
 */
export function postgresMissing(): string | undefined {
  return postgresBinDir() ? undefined : "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (Debian package `postgresql`; .ci/install-system-deps.sh installs it)";
}

/** True when the tests may skip PostgreSQL (not CI and no server installed). */
export function mayskipPostgres(): boolean {
  return postgresMissing() !== undefined && process.env.CI !== "true";
}

/** The uid/gid to run the server as: ourselves, or `nobody` (created if missing) when we are root, since initdb refuses root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  let entry = spawnSync("getent", ["passwd", "nobody"], { encoding: "utf8" }).stdout.trim();
  if (!entry) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "nobody"]);
    entry = spawnSync("getent", ["passwd", "nobody"], { encoding: "utf8" }).stdout.trim();
  }
  const [, , uid, gid] = entry.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function run(bin: string, args: string[], as: { uid: number; gid: number } | undefined, cwd: string): void {
  const r = spawnSync(bin, args, { cwd, encoding: "utf8", uid: as?.uid, gid: as?.gid, env: { ...process.env, LC_ALL: "C", LANG: "C" } });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
}

/** Starts a throwaway PostgreSQL server; throws with the reason when it cannot. */
export async function startPostgres(options: { user?: string } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresMissing());
  const as = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "infratwin-pg-"));
  const data = join(dir, "data");
  const user = options.user ?? "infratwin";
  const password = `pw-${Math.random().toString(36).slice(2, 10)}`;
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, password + "\n");
  if (as) {
    chownSync(dir, as.uid, as.gid);
    chownSync(pwfile, as.uid, as.gid);
  }
  const port = await freePort();
  try {
    run(join(bin, "initdb"), ["-D", data, "-U", user, "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-instructions"], as, dir);
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(join(bin, "pg_ctl"), ["-D", data, "-o", serverOptions, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"], as, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  let stopped = false;
  return {
    url: `${base}/postgres`,
    port,
    user,
    password,
    async createDatabase(name: string): Promise<string> {
      const client = new Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return `${base}/${encodeURIComponent(name)}`;
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        const child = spawn(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], { cwd: dir, uid: as?.uid, gid: as?.gid, stdio: "ignore" });
        child.on("exit", () => resolve());
        child.on("error", () => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
