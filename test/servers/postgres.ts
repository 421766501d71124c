// The PostgreSQL test server: start() → { url, stop() }, shared by tests and benchmarks (implementation in lib/bench/postgres-server.ts).
export { startPostgres, postgresBinDir, postgresMissing, mayskipPostgres, type PostgresServer } from "../../lib/bench/postgres-server";
