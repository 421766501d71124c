// Benchmarks of the simulation kernel: raw event throughput ("kernel") and an M/M/4 queue on Resource ("mmc").
import { RandomStreams } from "../random";
import { Environment, Resource, erlangC } from "../sim";
import type { Event } from "../sim";
import type { Bench } from "./types";
import { secondsSince } from "./types";

/** Sizes and seeds of the benchmarks. */
export const DEFAULTS = {
  seed: 42,
  /** Median of this many timed runs, after one untimed warm-up run. */
  repeats: 3,
  kernel: { processes: 200, until: 5000 },
  mmc: { channels: 4, utilisation: 0.8, serviceRate: 1, customers: 200_000, batches: 20 },
};

/** 200 processes each looping `yield env.timeout(rng.exponential(1))` until t = 5000 (about 1 M events). */
function runKernel(seed: number): { events: number; seconds: number } {
  const { processes, until } = DEFAULTS.kernel;
  const env = new Environment();
  const rng = new RandomStreams(seed).stream("kernel");
  let events = 0;
  function* worker(): Generator<Event<any>, void, any> {
    for (;;) {
      yield env.timeout(rng.exponential(1));
      events++;
    }
  }
  for (let i = 0; i < processes; i++) env.process(worker());
  const start = process.hrtime.bigint();
  env.run(until);
  return { events: events + processes, seconds: secondsSince(start) };
}

/** M/M/c on a Resource: Poisson arrivals, exponential service, FIFO; waits are split into batches for a confidence interval. */
function runMmc(seed: number, customers: number): { seconds: number; meanWait: number; halfWidth: number } {
  const { channels, utilisation, serviceRate, batches } = DEFAULTS.mmc;
  const arrivalRate = utilisation * channels * serviceRate;
  const env = new Environment();
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream("arrivals");
  const services = streams.stream("services");
  const counter = new Resource(env, channels);
  const waits = new Float64Array(customers);
  let served = 0;
  function* customer(index: number): Generator<Event<any>, void, any> {
    const arrival = env.now;
    const request = counter.request();
    yield request;
    waits[index] = env.now - arrival;
    served++;
    yield env.timeout(services.exponential(serviceRate));
    counter.release(request);
  }
  function* source(): Generator<Event<any>, void, any> {
    for (let i = 0; i < customers; i++) {
      yield env.timeout(arrivals.exponential(arrivalRate));
      env.process(customer(i));
    }
  }
  env.process(source());
  const start = process.hrtime.bigint();
  env.run();
  const seconds = secondsSince(start);
  if (served !== customers) throw new Error(`mmc bench: served ${served} of ${customers} customers.`);
  // Batch means after a warm-up of one batch: the batch averages are close to independent.
  const size = Math.floor(customers / (batches + 1));
  const means: number[] = [];
  for (let b = 1; b <= batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += waits[i];
    means.push(sum / size);
  }
  const mean = means.reduce((a, x) => a + x, 0) / batches;
  const variance = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (batches - 1);
  const halfWidth = 2.093 * Math.sqrt(variance / batches); // t(0.975, 19)
  return { seconds, meanWait: mean, halfWidth };
}

/** Runs once to warm the JIT up, then returns the run of median time among `repeats` timed runs. */
function median<T extends { seconds: number }>(run: () => T): T {
  run();
  const runs: T[] = [];
  for (let i = 0; i < DEFAULTS.repeats; i++) runs.push(run());
  runs.sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)];
}

/** "kernel": raw events per second; "mmc": M/M/4 customers per second with the simulated and exact mean waits. */
export const benches: Bench[] = [
  {
    name: "kernel",
    run() {
      const r = median(() => runKernel(DEFAULTS.seed));
      const rate = r.events / r.seconds;
      return { events_per_s: Math.round(rate), events: r.events, seconds: +r.seconds.toFixed(3), target: "≥ 2.5 M events/s", meets: rate >= 2.5e6 };
    },
  },
  {
    name: "mmc",
    run() {
      const { channels, utilisation, serviceRate, customers } = DEFAULTS.mmc;
      const r = median(() => runMmc(DEFAULTS.seed, customers));
      const theory = erlangC({ arrivalRate: utilisation * channels * serviceRate, serviceRate, channels });
      const rate = customers / r.seconds;
      return {
        customers_per_s: Math.round(customers / r.seconds),
        mean_wait: +r.meanWait.toFixed(4),
        mean_wait_ci95: +r.halfWidth.toFixed(4),
        erlang_c_wait: +theory.meanWait.toFixed(4),
        customers,
        seconds: +r.seconds.toFixed(3),
        target: "≥ 300 k customers/s; Erlang C's mean wait inside the 95 % interval",
        meets: rate >= 3e5 && Math.abs(r.meanWait - theory.meanWait) <= r.halfWidth,
      };
    },
  },
];
