// Validation of the kernel against queueing theory: simulated M/M/c mean waits match Erlang C within a 95% confidence interval.
import { describe, expect, it } from "vitest";
import { Environment, Resource, erlangC, type Event } from "../../lib/sim";
import { RandomStreams } from "../../lib/random";

type Gen<T = void> = Generator<Event<any>, T, any>;

/** One replication: mean wait of customers after a warm-up, FIFO Resource with `channels` slots. */
function replicate(seed: number, replication: number, arrivalRate: number, serviceRate: number, channels: number, customers: number, warmup: number): number {
  const env = new Environment();
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream(`arrivals/${replication}`);
  const services = streams.stream(`services/${replication}`);
  const counter = new Resource(env, channels);
  let sum = 0;
  let counted = 0;
  function* customer(index: number): Gen {
    const arrival = env.now;
    yield* counter.using(function* () {
      if (index >= warmup) {
        sum += env.now - arrival;
        counted++;
      }
      yield env.timeout(services.exponential(serviceRate));
    });
  }
  function* source(): Gen {
    for (let i = 0; i < customers; i++) {
      yield env.timeout(arrivals.exponential(arrivalRate));
      env.process(customer(i));
    }
  }
  env.process(source());
  env.run();
  expect(counted).toBe(customers - warmup);
  return sum / counted;
}

/** Mean and 95% half-width (Student t) over independent replications. */
function confidenceInterval(samples: number[]): { mean: number; halfWidth: number } {
  const n = samples.length;
  const mean = samples.reduce((a, x) => a + x, 0) / n;
  const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const t975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228][n - 1];
  return { mean, halfWidth: t975 * Math.sqrt(variance / n) };
}

describe("M/M/c on Resource", () => {
  const cases = [
    { channels: 1, arrivalRate: 0.5, serviceRate: 1 },
    { channels: 2, arrivalRate: 1.4, serviceRate: 1 },
    { channels: 4, arrivalRate: 3.2, serviceRate: 1 },
  ];
  for (const { channels, arrivalRate, serviceRate } of cases) {
    it(`\`Resource\` with ${channels} slots at ρ = ${arrivalRate / (channels * serviceRate)} has Erlang C's mean wait within the 95% CI of 10 replications`, () => {
      const theory = erlangC({ arrivalRate, serviceRate, channels });
      const waits = Array.from({ length: 10 }, (_, r) => replicate(2024, r, arrivalRate, serviceRate, channels, 20_000, 2_000));
      const { mean, halfWidth } = confidenceInterval(waits);
      // The interval must be informative (tight), and must contain the exact value.
      expect(halfWidth).toBeLessThan(0.15 * theory.meanWait);
      expect(Math.abs(mean - theory.meanWait)).toBeLessThanOrEqual(halfWidth);
    }, 120_000); // 10 replications of 22,000 customers: a few seconds alone, far more on a busy 2-core machine
  }

  it("the same seed gives bit-identical waits", () => {
    const a = replicate(7, 0, 1.4, 1, 2, 3000, 0);
    const b = replicate(7, 0, 1.4, 1, 2, 3000, 0);
    const c = replicate(8, 0, 1.4, 1, 2, 3000, 0);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
