import { describe, expect, it } from "vitest";
import { rng } from "../random.ts";
import { binomialSampler, bootstrapDifference, correlationPValue, medianOrNull, newcombeDifference, seedOf, spearman, wilson, withinGroupSpearman } from "./stats.ts";

// Student's t CDF in closed form for small df, to check p-values independently of the library.
const tCdfDf2 = (t: number) => 0.5 + t / (2 * Math.sqrt(2 + t * t));
const tCdfDf3 = (t: number) => {
  const theta = Math.atan(t / Math.sqrt(3));
  return 0.5 + (theta + Math.sin(theta) * Math.cos(theta)) / Math.PI;
};

describe("wilson", () => {
  it("matches the Wilson score interval worked by hand (8 of 10)", () => {
    // p = 0.8, z² = 3.8416, 1 + z²/n = 1.38416
    // centre = (0.8 + 3.8416/20) / 1.38416 = 0.99208 / 1.38416 = 0.716738
    // half   = 1.96 / 1.38416 · √(0.8·0.2/10 + 3.8416/400) = 1.416022 · √0.025604 = 0.226581
    const r = wilson(8, 10);
    expect(r).toMatchObject({ k: 8, n: 10, rate: 0.8 });
    expect(r.low).toBeCloseTo(0.490157, 5);
    expect(r.high).toBeCloseTo(0.943319, 5);
  });

  it("stays within [0, 1] at the extremes", () => {
    const none = wilson(0, 5);
    expect(none.low).toBe(0);
    // centre = half = (3.8416/10) / 1.76832 = 0.217245 → high = 0.434491
    expect(none.high).toBeCloseTo(0.434491, 5);
    const all = wilson(5, 5);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - 0.434491, 5);
  });

  it("has no rate or interval without observations", () => {
    expect(wilson(0, 0)).toEqual({ k: 0, n: 0, rate: null, low: null, high: null });
  });
});

describe("newcombeDifference", () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10 (score, no continuity correction):
  // the paper's eight worked examples, a − b as [a, m, b, n, lower, upper].
  const tableII = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    // 6/7 − 2/7: the Wilson limits are 0.486863–0.974323 and 0.082214–0.641074, so
    // 0.571429 − √(0.370280² + 0.355360²) = 0.0582 and 0.571429 + √(0.117180² + 0.203500²) = 0.8062.
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ] as const;

  it.each(tableII)("%i/%i − %i/%i matches Newcombe's Table II (%f to %f)", (a, m, b, n, lower, upper) => {
    const d = newcombeDifference({ k: a, n: m }, { k: b, n: n });
    expect(d.method).toBe("newcombe_hybrid_score");
    expect(d.difference).toBeCloseTo(a / m - b / n, 12);
    expect(d.low).toBeCloseTo(lower, 3);
    expect(d.high).toBeCloseTo(upper, 3);
  });

  it("is never a point, even when every outcome on both sides agrees", () => {
    // 100% of 2 before → 100% of 3 after: a percentile bootstrap says "0 to 0"; the score interval is wide.
    const d = newcombeDifference({ k: 3, n: 3 }, { k: 2, n: 2 });
    expect(d.difference).toBe(0);
    expect(d.low).toBeLessThan(-0.4);
    expect(d.high).toBeGreaterThan(0.3);
  });

  it("mirrors when the sides swap, and needs outcomes on both sides", () => {
    const ab = newcombeDifference({ k: 7, n: 12 }, { k: 2, n: 9 });
    const ba = newcombeDifference({ k: 2, n: 9 }, { k: 7, n: 12 });
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
    expect(() => newcombeDifference({ k: 0, n: 0 }, { k: 1, n: 2 })).toThrow(RangeError);
  });

  it("covers the true difference in at least 93% of simulated draws at small n", () => {
    // Binomial draws (seeded) for every pair of true rates in {0.05, 0.5, 0.95} and every n1, n2 in 3…30,
    // 120 draws per (n1, n2) cell: 94 080 intervals per pair of rates, so the pooled coverage is within
    // ±0.2 points of its exact value. The bar is on the coverage pooled over n1, n2 for each pair of rates,
    // not on each (n1, n2) cell: no score interval has ≥ 93% in every cell (binomial discreteness makes the
    // exact coverage oscillate; at 50% vs 50% it dips to 90.8% at n = 6 vs 7, exactly computed).
    // The exception is honest and known: rates at opposite extremes (5% vs 95%, a 90-point true change)
    // are covered 92.4% of the time (exact), so that pair gets a 91% bar; it is far from any lift we see.
    const rates = [0.05, 0.5, 0.95];
    const random = rng(20261128).next;
    const draw = (n: number, p: number) => {
      let k = 0;
      for (let i = 0; i < n; i++) if (random() < p) k++;
      return k;
    };
    const coverage: { p1: number; p2: number; covered: number; draws: number }[] = [];
    for (const p1 of rates)
      for (const p2 of rates) {
        let covered = 0;
        let draws = 0;
        for (let n1 = 3; n1 <= 30; n1++)
          for (let n2 = 3; n2 <= 30; n2++)
            for (let i = 0; i < 120; i++) {
              const d = newcombeDifference({ k: draw(n1, p1), n: n1 }, { k: draw(n2, p2), n: n2 });
              if (d.low <= p1 - p2 + 1e-12 && p1 - p2 <= d.high + 1e-12) covered++;
              draws++;
            }
        coverage.push({ p1, p2, covered, draws });
      }
    for (const c of coverage) {
      const bar = Math.abs(c.p1 - c.p2) > 0.5 ? 0.91 : 0.93;
      expect(c.covered / c.draws, `${c.p1} vs ${c.p2}`).toBeGreaterThanOrEqual(bar);
    }
    // No change at all (the "zero-change rows" a manager must be able to trust) is covered ≥ 94% everywhere.
    for (const c of coverage.filter((c) => c.p1 === c.p2)) expect(c.covered / c.draws, `${c.p1}`).toBeGreaterThanOrEqual(0.94);
  });
});

describe("spearman", () => {
  it("is 1 − 6Σd²/(n(n²−1)) without ties, with the t-approximation p-value", () => {
    // ranks equal the values; d = (−1, 1, −1, 1, 0), Σd² = 4 → ρ = 1 − 24/120 = 0.8
    const c = spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expect(c.rho).toBeCloseTo(0.8, 12);
    // t = 0.8 · √(3 / 0.36) = 2.309401, df = 3
    const t = 0.8 * Math.sqrt(3 / 0.36);
    expect(c.p).toBeCloseTo(2 * (1 - tCdfDf3(t)), 10);
    expect(c.p).toBeCloseTo(0.104088, 5);
  });

  it("averages tied ranks (SciPy's documented example gives ρ = 0.82078, p = 0.08859)", () => {
    // y = (5, 6, 7, 8, 7) → ranks (1, 2, 3.5, 5, 3.5); r of ranks = 8 / √(10 · 9.5) = 0.820783
    const c = spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
    expect(c.rho).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(c.p).toBeCloseTo(0.08858700531354381, 8);
  });

  it("gives p = 0 for a perfect rank correlation and handles a negative one", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 1000])).toMatchObject({ rho: 1, p: 0 });
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1]).rho).toBeCloseTo(-1, 12);
  });

  it("is undefined, with a reason, below 3 pairs or when one variable never varies", () => {
    expect(spearman([1, 2], [2, 1])).toMatchObject({ rho: null, p: null, n: 2 });
    const flat = spearman([0, 0, 0, 0], [0.1, 0.5, 0.2, 0.9]);
    expect(flat.rho).toBeNull();
    expect(flat.undefinedBecause).toMatch(/same for everyone/);
  });
});

describe("correlationPValue", () => {
  it("is two-sided and symmetric", () => {
    expect(correlationPValue(0.5, 10)).toBeCloseTo(correlationPValue(-0.5, 10)!, 12);
    expect(correlationPValue(0, 10)).toBeCloseTo(1, 12);
    expect(correlationPValue(0.5, 0)).toBeNull();
  });
});

describe("withinGroupSpearman", () => {
  it("pools ranks centred within each group (worked by hand)", () => {
    // A: x ranks (1,2,3) → (−1,0,1); y (0.2,0.5,0.4) ranks (1,3,2) → (−1,1,0)
    // B: x (3,1) ranks (2,1) → (0.5,−0.5); y (0,1) ranks (1,2) → (−0.5,0.5)
    // Σxy = 1 + 0 + 0 − 0.25 − 0.25 = 0.5; Σx² = Σy² = 2.5 → r = 0.2; n = 5, df = 5 − 2 − 1 = 2
    const c = withinGroupSpearman([
      { x: [0, 1, 2], y: [0.2, 0.5, 0.4] },
      { x: [3, 1], y: [0, 1] },
    ]);
    expect(c).toMatchObject({ n: 5, groups: 2, df: 2 });
    expect(c.rho).toBeCloseTo(0.2, 12);
    // t = 0.2 · √(2 / 0.96) = 0.288675; p = 2(1 − F₂(t)) = 1 − t/√(2 + t²) = 0.8
    expect(c.p).toBeCloseTo(2 * (1 - tCdfDf2(0.2 * Math.sqrt(2 / 0.96))), 10);
    expect(c.p).toBeCloseTo(0.8, 10);
  });

  it("is Spearman's ρ for a single group, ties included", () => {
    const x = [0, 1, 1, 3, 0.5, 2];
    const y = [0.2, 0.2, 0.6, 0.8, 0.1, 0.6];
    const one = withinGroupSpearman([{ x, y }]);
    const plain = spearman(x, y);
    expect(one.rho).toBeCloseTo(plain.rho!, 12);
    expect(one.p).toBeCloseTo(plain.p!, 12);
    expect(one.df).toBe(4);
  });

  it("ignores groups with one pair and is undefined without degrees of freedom or variation", () => {
    expect(withinGroupSpearman([{ x: [1], y: [1] }, { x: [1, 2], y: [0, 1] }])).toMatchObject({ n: 2, groups: 1, rho: null });
    expect(withinGroupSpearman([])).toMatchObject({ n: 0, rho: null, p: null });
    const flat = withinGroupSpearman([{ x: [1, 1, 1, 1], y: [0, 1, 0.5, 0.2] }]);
    expect(flat.rho).toBeNull();
    expect(flat.undefinedBecause).toMatch(/never change/);
  });
});

describe("medianOrNull", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(medianOrNull([10, 3, 5])).toBe(5);
    expect(medianOrNull([11, 2, 9, 4])).toBe(6.5);
    expect(medianOrNull([])).toBeNull();
  });
});

describe("bootstrapDifference", () => {
  const groups = [
    { before: { k: 2, n: 10 }, after: { k: 5, n: 10 } },
    { before: { k: 1, n: 4 }, after: { k: 3, n: 6 } },
    { before: { k: 4, n: 9 }, after: { k: 4, n: 7 } },
  ];

  it("is the pooled difference, with the same interval for the same data and seed", () => {
    const a = bootstrapDifference(groups, 42, 500);
    const b = bootstrapDifference(groups.map((g) => ({ ...g })), 42, 500);
    // pooled before 7/23, after 12/23
    expect(a.difference).toBeCloseTo(12 / 23 - 7 / 23, 12);
    expect(b).toEqual(a);
    expect(a.low!).toBeLessThan(a.difference!);
    expect(a.high!).toBeGreaterThan(a.difference!);
    expect(bootstrapDifference(groups, 43, 500)).not.toEqual(a);
  });

  it("agrees with the normal approximation on one large group", () => {
    // 30/100 → 50/100: se = √(0.3·0.7/100 + 0.5·0.5/100) = 0.067823 → 0.2 ± 1.96·se = [0.0671, 0.3329]
    const r = bootstrapDifference([{ before: { k: 30, n: 100 }, after: { k: 50, n: 100 } }], 7, 4000);
    expect(r.low!).toBeCloseTo(0.0671, 1);
    expect(r.high!).toBeCloseTo(0.3329, 1);
    expect(Math.abs(r.low! - 0.0671)).toBeLessThan(0.02);
    expect(Math.abs(r.high! - 0.3329)).toBeLessThan(0.02);
  });

  it("collapses to the point when every outcome agrees (why lift then falls back to Newcombe), and is empty without data", () => {
    const r = bootstrapDifference([{ before: { k: 0, n: 5 }, after: { k: 4, n: 4 } }], 1, 200);
    expect(r).toMatchObject({ difference: 1, low: 1, high: 1 });
    expect(bootstrapDifference([], 1, 200)).toMatchObject({ difference: null, low: null, high: null });
  });

  it("samples Binomial(n, k/n) by its CDF", () => {
    // n = 2, p = ½: CDF 0.25, 0.75, 1
    const draw = binomialSampler({ k: 1, n: 2 });
    expect([0, 0.2, 0.25, 0.5, 0.74, 0.75, 0.99].map(draw)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(binomialSampler({ k: 0, n: 5 })(0.99)).toBe(0);
    expect(binomialSampler({ k: 5, n: 5 })(0)).toBe(5);
    // Large n stays finite; the mean of many draws is near n·p.
    const big = binomialSampler({ k: 900, n: 3000 });
    let sum = 0;
    for (let i = 0; i < 2000; i++) sum += big((i + 0.5) / 2000);
    expect(sum / 2000).toBeCloseTo(900, 0);
  });

  it("derives distinct, stable seeds from names", () => {
    expect(seedOf("pricing")).toBe(seedOf("pricing"));
    expect(seedOf("pricing")).not.toBe(seedOf("closing"));
  });
});
