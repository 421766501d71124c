// Queueing approximations that turn utilisation into latency and saturation into errors.

/**
 * Mean queueing delay of an M/M/c queue in units of the service time (Sakasegawa's approximation):
 * Wq / S ≈ ρ^(√(2(c+1)) − 1) / (c (1 − ρ)). Exact for c = 1. Infinite at ρ ≥ 1.
 */
export function queueDelayFactor(rho: number, servers: number): number {
  if (rho <= 0) return 0;
  if (rho >= 1) return Infinity;
  return Math.pow(rho, Math.sqrt(2 * (servers + 1)) - 1) / (servers * (1 - rho));
}

/**
 * Response time in ms of a node with `servers` parallel servers of mean service time `serviceMs` at utilisation ρ.
 * Past saturation the queue grows until callers time out, so the latency is capped at `timeoutMs`.
 */
export function responseTimeMs(serviceMs: number, servers: number, rho: number, timeoutMs: number): number {
  const w = serviceMs * (1 + queueDelayFactor(Math.min(rho, 0.995), servers));
  return rho >= 0.995 ? timeoutMs : Math.min(w, timeoutMs);
}

/** Share of requests that fail because the node is past saturation: the excess over capacity, 1 − 1/ρ. */
export function saturationErrorRate(rho: number): number {
  return rho > 1 ? 1 - 1 / rho : 0;
}
