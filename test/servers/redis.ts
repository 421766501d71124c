// The Redis test server: startRedis() → { url, kill(), restart(), stop() } (implementation in lib/distributed/redis-server.ts, shared with benchmarks and notebooks).
export { startRedis, redisMissing, redisServerBinary, type RedisServer, type StartRedisOptions } from "../../lib/distributed/redis-server";
