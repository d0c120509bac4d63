import { describe, expect, it } from "vitest";
import { binomialSampler, bootstrapDifference, correlationPValue, medianOrNull, seedOf, spearman, wilson, withinGroupSpearman } from "./stats.ts";

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

  it("collapses to the point when every outcome agrees, and is empty without data", () => {
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
