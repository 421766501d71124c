// Erlang C: the exact steady state of the M/M/c queue, to check simulations against and to size capacity.
import { invalidArgument } from "../errors";

/** Parameters of an M/M/c queue. */
export interface ErlangCOptions {
  /** Poisson arrival rate λ (> 0). */
  arrivalRate: number;
  /** Exponential service rate μ of one channel (> 0). */
  serviceRate: number;
  /** Number of parallel channels c (an integer >= 1). */
  channels: number;
}

/** Steady-state figures of an M/M/c queue. */
export interface ErlangCResult {
  kind: "erlang-c";
  /** ρ = λ / (c μ), below 1. */
  utilisation: number;
  /** Probability that an arrival has to wait (Erlang's C formula). */
  probabilityOfWaiting: number;
  /** Mean time in the queue before service, Wq. */
  meanWait: number;
  /** Mean number waiting, Lq = λ Wq. */
  meanQueueLength: number;
  /** Mean time in the system, Wq + 1/μ. */
  meanResponseTime: number;
}

/** Steady state of the M/M/c queue; throws unless λ < c μ (otherwise the queue grows without bound). */
export function erlangC(options: ErlangCOptions): ErlangCResult {
  const { arrivalRate, serviceRate, channels } = options ?? ({} as ErlangCOptions);
  if (typeof arrivalRate !== "number" || !(arrivalRate > 0) || !Number.isFinite(arrivalRate))
    throw invalidArgument("erlangC", "arrivalRate", "a finite number > 0", arrivalRate);
  if (typeof serviceRate !== "number" || !(serviceRate > 0) || !Number.isFinite(serviceRate))
    throw invalidArgument("erlangC", "serviceRate", "a finite number > 0", serviceRate);
  if (!Number.isInteger(channels) || channels < 1) throw invalidArgument("erlangC", "channels", "an integer >= 1", channels);
  const offered = arrivalRate / serviceRate;
  const utilisation = offered / channels;
  if (!(utilisation < 1))
    throw invalidArgument("erlangC", "arrivalRate", `below channels × serviceRate (${channels * serviceRate}) for a steady state`, arrivalRate);
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= channels; k++) b = (offered * b) / (k + offered * b);
  const probabilityOfWaiting = b / (1 - utilisation * (1 - b));
  const meanWait = probabilityOfWaiting / (channels * serviceRate - arrivalRate);
  return {
    kind: "erlang-c",
    utilisation,
    probabilityOfWaiting,
    meanWait,
    meanQueueLength: arrivalRate * meanWait,
    meanResponseTime: meanWait + 1 / serviceRate,
  };
}
