import { describe, expect, it } from "vitest";
import { IsolationForestDetector, isolationForestDetector } from "../../lib/analytics";
import { Rng } from "../../lib/random";

/** CPU and latency that move together; at `at` latency triples while CPU stays normal (a combination, not a level). */
function node(seed: string, n: number, at: number): number[][] {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const load = 0.5 + 0.3 * Math.sin((2 * Math.PI * i) / 288) + 0.02 * rng.normal();
    const latency = 20 + 40 * load + rng.normal();
    rows.push([load, i >= at && i < at + 6 ? latency * 3 : latency]);
  }
  return rows;
}

describe("isolation forest on a node's metrics", () => {
  const AT = 1500;
  const rows = node("iforest", 2000, AT);

  it("scores the unusual combination high and ordinary points low after warmup", () => {
    const d = isolationForestDetector({ seed: 3 });
    const scores = rows.map((r, i) => d.update(i * 300, r));
    expect(Math.max(...scores.slice(AT, AT + 6))).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...scores.slice(600, AT))).toBeLessThan(0.5);
  });

  it("toJSON/restore mid-stream continues with identical scores", () => {
    const whole = isolationForestDetector({ seed: 3 });
    const expected = rows.map((r, i) => whole.update(i * 300, r));
    const first = isolationForestDetector({ seed: 3 });
    for (let i = 0; i < 900; i++) first.update(i * 300, rows[i]);
    const restored = IsolationForestDetector.restore(JSON.parse(JSON.stringify(first.toJSON())));
    for (let i = 900; i < rows.length; i++) expect(restored.update(i * 300, rows[i])).toBe(expected[i]);
  });

  it("rejects a changing number of metrics", () => {
    const d = isolationForestDetector();
    d.update(0, [1, 2]);
    expect(() => d.update(1, [1])).toThrow(/IsolationForestDetector.update: expected values.length to be 2 \(as on the first call\) but found 1/);
  });
});
