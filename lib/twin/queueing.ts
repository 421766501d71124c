// Queueing: a request node as an M/M/c queue whose callers give up at their timeout (Erlang A), exact and smooth through saturation.

/**
 * Erlang B: the probability that an arrival finds all `servers` busy in a loss system offered `offered` erlangs
 * (offered = arrival rate × service time). Exact, by the stable recursion B(n) = a B(n−1) / (n + a B(n−1)).
 */
export function erlangB(servers: number, offered: number): number {
  if (offered <= 0) return 0;
  let b = 1;
  for (let n = 1; n <= servers; n++) {
    b = (offered * b) / (n + offered * b);
    // Past n = offered the recursion only shrinks b: once negligible it stays so (saves most of a big pool's loop).
    if (b < 1e-30 && n > offered) return 0;
  }
  return b;
}

/**
 * Share of an end-to-end call with mean latency `latencyMs` that outlasts the callers' timeout, taking the latency
 * as exponentially distributed: e^(−timeout / latency). Those requests fail (errors); the caller waits at most the
 * timeout, so the mean latency it sees is latency × (1 − e^(−timeout / latency)), which never exceeds the timeout.
 */
export function timedOutShare(latencyMs: number, timeoutMs: number): number {
  if (!(latencyMs > 0)) return 0;
  const x = timeoutMs / latencyMs;
  return x > 40 ? 0 : Math.exp(-x);
}

/** Steady-state figures of an M/M/c+M queue (Erlang A); rates relative to the arrival rate, times in service times. */
export interface PatienceFigures {
  /** Share of arrivals that wait for a server. */
  waits: number;
  /** Share of arrivals that give up before a server takes them (their caller timed out): errors. */
  abandoned: number;
  /** Mean number waiting. */
  inQueue: number;
  /** Mean number in the node, waiting or in service: Little's L. */
  inSystem: number;
  /** Mean time in the node over every arrival (served or given up), in service times: Little's W = L / λ. */
  response: number;
  /** Share of the servers busy: ρ (1 − abandoned). */
  utilisation: number;
}

/**
 * Exact M/M/c+M (Erlang A) figures: c servers at offered utilisation ρ = λS/c, callers who give up after an
 * exponential patience of mean `patience` service times (the callers' timeout). Defined for every ρ ≥ 0 and
 * smooth through ρ = 1: past saturation the queue settles where the excess arrivals time out, so latency rises
 * gradually towards the timeout and the share that times out approaches 1 − 1/ρ. Written into `out`.
 *
 * The queue part is the series Σ_j y^j / ((x+1)…(x+j)) with x = c·patience, y = a·patience (a = ρc); it is summed
 * until its terms vanish, or replaced by its fluid limit deep in overload where the queue is certain to be long.
 */
export function patienceQueue(servers: number, rho: number, patience: number, out: PatienceFigures): PatienceFigures {
  const c = servers;
  const a = rho * c;
  if (!(a > 0)) return fill(out, c, 0, 0, 0, 0);
  const b = erlangB(c, a);
  // r: weight of "all servers busy, nobody waiting" relative to the states below it.
  const r = b / (1 - b);
  const x = c * patience;
  const y = a * patience;
  // Nobody waits in practice: all servers are rarely busy at once (the series would be about 1 / (1 − ρ)).
  if (r < 1e-15 || (rho < 0.98 && r / (1 - rho) < 1e-12)) return fill(out, c, a, 0, 0, 0);
  if (y - x > 8 * Math.sqrt(y) + 8) {
    // Deep overload: nearly every arrival waits; the queue holds the excess until it times out (fluid limit).
    const inQueue = y - x;
    const abandoned = inQueue / y;
    return fill(out, c, a, 1, abandoned, inQueue);
  }
  let sum = 1;
  let term = 1;
  for (let j = 1; j < 1e6; j++) {
    term *= y / (x + j);
    sum += term;
    if (term < 1e-13 * sum && x + j > y) break;
  }
  // Σ j w_j from the recursion (x + j) w_j = y w_(j−1).
  const weighted = y * sum - x * (sum - 1);
  const norm = 1 + r * sum;
  const waits = (r * sum) / norm;
  const inQueue = Math.max(0, (r * weighted) / norm);
  const abandoned = patience > 0 ? inQueue / y : 0;
  return fill(out, c, a, waits, abandoned, inQueue);
}

function fill(out: PatienceFigures, servers: number, offered: number, waits: number, abandoned: number, inQueue: number): PatienceFigures {
  const busy = offered * (1 - abandoned);
  out.waits = waits;
  out.abandoned = abandoned;
  out.inQueue = inQueue;
  out.inSystem = inQueue + busy;
  out.response = offered > 0 ? out.inSystem / offered : 1;
  out.utilisation = busy / servers;
  return out;
}
