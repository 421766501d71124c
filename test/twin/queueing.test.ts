// The twin's queueing model: Erlang B, the exact M/M/c+M (Erlang A) figures against exact M/M/c and a simulation, smoothness through saturation.
//
// Mutations tried by hand (each made at least one test here fail, then was restored):
// - erlangB recursion with (n + 1) instead of n in the denominator (3 tests fail).
// - patienceQueue: abandonment dropped (abandoned = 0) (the simulation comparison fails).
// - patienceQueue: queue series summed with y / (x + j + 1) (2 tests fail).
// - patienceQueue: fluid limit used from y > x, with no diffusion margin (1 test fails).
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../lib/random";
import { erlangC } from "../../lib/sim";
import { erlangB, patienceQueue, timedOutShare, type PatienceFigures } from "../../lib/twin";

const figures = (): PatienceFigures => ({ waits: 0, abandoned: 0, inQueue: 0, inSystem: 0, response: 0, utilisation: 0 });

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/** Simulates the M/M/c+M birth-death chain (service rate 1, patience rate 1/patience) and measures what the formulas predict. */
function simulate(servers: number, rho: number, patience: number, events: number, seed: number) {
  const rng = new RandomStreams(seed).stream("mmc+m");
  const lambda = rho * servers;
  let n = 0;
  let t = 0;
  let area = 0;
  let busyArea = 0;
  let arrivals = 0;
  let abandoned = 0;
  for (let e = 0; e < events; e++) {
    const serving = Math.min(n, servers);
    const waiting = Math.max(0, n - servers);
    const total = lambda + serving + waiting / patience;
    const dt = rng.exponential(total);
    area += n * dt;
    busyArea += serving * dt;
    t += dt;
    const u = rng.random() * total;
    if (u < lambda) {
      n++;
      arrivals++;
    } else if (u < lambda + serving) n--;
    else {
      n--;
      abandoned++;
    }
  }
  return { inSystem: area / t, abandoned: abandoned / arrivals, utilisation: busyArea / t / servers, arrivalRate: arrivals / t };
}

describe("erlangB()", () => {
  it("matches the closed formula (a^c / c!) / Σ a^k / k!", () => {
    for (const [c, a] of [[1, 0.5], [4, 3], [10, 8], [12, 15]]) {
      let sum = 0;
      for (let k = 0; k <= c; k++) sum += a ** k / factorial(k);
      expect(erlangB(c, a)).toBeCloseTo(a ** c / factorial(c) / sum, 12);
    }
  });
});

describe("patienceQueue()", () => {
  it("with patience far beyond any wait is the exact M/M/c queue (Erlang C)", () => {
    for (const [c, rho] of [[1, 0.5], [4, 0.8], [16, 0.9], [2, 0.95]]) {
      const exact = erlangC({ arrivalRate: rho * c, serviceRate: 1, channels: c });
      const q = patienceQueue(c, rho, 1e7, figures());
      expect(q.waits).toBeCloseTo(exact.probabilityOfWaiting, 4);
      expect(q.inQueue).toBeCloseTo(exact.meanQueueLength, 2);
      expect(q.response).toBeCloseTo(exact.meanResponseTime, 3);
      expect(q.abandoned).toBeLessThan(1e-4);
    }
  });

  it("agrees with a simulation of the M/M/c+M chain below, at and past saturation", { timeout: 60_000 }, () => {
    for (const [c, rho] of [[4, 0.8], [4, 1.0], [4, 1.3], [1, 1.5]]) {
      const patience = 20;
      const q = patienceQueue(c, rho, patience, figures());
      const sim = simulate(c, rho, patience, 400_000, 11 + c);
      expect(Math.abs(q.abandoned - sim.abandoned), `abandoned at c=${c} ρ=${rho}`).toBeLessThan(0.01 + 0.05 * sim.abandoned);
      expect(Math.abs(q.inSystem - sim.inSystem) / sim.inSystem, `L at c=${c} ρ=${rho}`).toBeLessThan(0.06);
      expect(Math.abs(q.utilisation - sim.utilisation), `utilisation at c=${c} ρ=${rho}`).toBeLessThan(0.02);
      // Little's law: L = λ W (W in service times, λ = ρc per service time).
      expect(q.inSystem).toBeCloseTo(rho * c * q.response, 9);
    }
  });

  it("is smooth through saturation: latency and abandonment rise continuously and monotonically, towards 1 − 1/ρ", () => {
    for (const c of [1, 4, 16, 200]) {
      const patience = 5000 / 12;
      let previous = patienceQueue(c, 0.3, patience, figures());
      for (let rho = 0.31; rho <= 3; rho += 0.01) {
        const q = patienceQueue(c, rho, patience, figures());
        expect(q.response, `c=${c} ρ=${rho.toFixed(2)}`).toBeGreaterThanOrEqual(previous.response - 1e-9);
        expect(q.abandoned).toBeGreaterThanOrEqual(previous.abandoned - 1e-9);
        // No jump: one per cent more load never adds more than 6 % of the timeout to the latency.
        expect((q.response - previous.response) / patience, `c=${c} ρ=${rho.toFixed(2)}`).toBeLessThan(0.06);
        previous = q;
      }
      expect(previous.abandoned).toBeCloseTo(1 - 1 / 3, 2);
      expect(previous.utilisation).toBeCloseTo(1, 2);
    }
  });

  it("counts what outlasts the timeout: timedOutShare() is 0 for fast calls and grows smoothly to 1", () => {
    expect(timedOutShare(100, 5000)).toBe(0);
    expect(timedOutShare(5000, 5000)).toBeCloseTo(Math.exp(-1), 12);
    expect(timedOutShare(50_000, 5000)).toBeGreaterThan(0.9);
  });
});
