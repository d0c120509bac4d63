import { errorFunction, gammaln, probit } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { type Rng, rng } from "../random.ts";
import {
  analyseArms,
  assignArm,
  blockOf,
  blockStartOf,
  type ExperimentUnit,
  intraUnitCorrelation,
  permutationTest,
  poolAcrossCategories,
  powerNote,
  unitsForPower,
} from "./experiment.ts";
import { addDays } from "./period.ts";
import { newcombeDifference } from "./stats.ts";

/** |observed − expected| within 3 binomial standard deviations. */
function expectBinomial(hits: number, trials: number, p: number) {
  const sd = Math.sqrt(trials * p * (1 - p));
  expect(Math.abs(hits - trials * p)).toBeLessThanOrEqual(3 * sd);
}

describe("assignArm", () => {
  const categories = ["discovery", "objection_handling", "follow_up", "closing"];
  const blocks = Array.from({ length: 10 }, (_, b) => addDays("2026-01-05", 28 * b));
  // 500 reps × 4 categories × 10 blocks = 20,000 units.
  const units = Array.from({ length: 500 }, (_, r) => `member-${r}`).flatMap((memberId) =>
    categories.flatMap((category) => blocks.map((blockStart) => ({ teamId: "team-1", memberId, category, blockStart }))),
  );
  const arms = units.map((u) => assignArm("seed-a", u, 0.2));

  it("is reproducible: the same unit, seed and share give the same arm", () => {
    expect(units.map((u) => assignArm("seed-a", { ...u }, 0.2))).toEqual(arms);
  });

  it("holds out about the share asked for, overall and in every category and block", () => {
    expect(units.length).toBe(20_000);
    expectBinomial(arms.filter((a) => a === "holdout").length, units.length, 0.2);
    for (const category of categories) {
      const mine = arms.filter((_, i) => units[i]!.category === category);
      expectBinomial(mine.filter((a) => a === "holdout").length, mine.length, 0.2);
    }
    for (const block of blocks) {
      const mine = arms.filter((_, i) => units[i]!.blockStart === block);
      expectBinomial(mine.filter((a) => a === "holdout").length, mine.length, 0.2);
    }
    const half = units.map((u) => assignArm("seed-a", u, 0.5));
    expectBinomial(half.filter((a) => a === "holdout").length, units.length, 0.5);
  });

  it("draws units independently: a rep held out in one block is held out in the next at the base rate", () => {
    // Pairs (same rep and category, consecutive blocks): both held out with probability 0.2² if independent.
    let pairs = 0;
    let both = 0;
    for (let i = 0; i < units.length; i++) {
      if (units[i]!.blockStart === blocks.at(-1)) continue;
      pairs++;
      if (arms[i] === "holdout" && arms[i + 1] === "holdout") both++;
    }
    expectBinomial(both, pairs, 0.04);
  });

  it("changes with the seed", () => {
    const other = units.map((u) => assignArm("seed-b", u, 0.2));
    const changed = other.filter((a, i) => a !== arms[i]).length;
    // Independent draws disagree with probability 2 · 0.2 · 0.8 = 0.32.
    expectBinomial(changed, units.length, 0.32);
  });

  it("holds out nobody at share 0 and everybody at share 1, and rejects shares outside [0, 1]", () => {
    expect(units.slice(0, 200).every((u) => assignArm("s", u, 0) === "nudge")).toBe(true);
    expect(units.slice(0, 200).every((u) => assignArm("s", u, 1) === "holdout")).toBe(true);
    expect(() => assignArm("s", units[0]!, 1.2)).toThrow(RangeError);
    expect(() => assignArm("s", units[0]!, Number.NaN)).toThrow(RangeError);
  });
});

describe("blocks", () => {
  it("counts 4-week blocks from the epoch's Monday", () => {
    // 2026-11-02 is a Monday; an epoch later that week aligns to it.
    expect(blockStartOf("2026-11-02", "2026-11-02")).toBe("2026-11-02");
    expect(blockStartOf("2026-11-29", "2026-11-04")).toBe("2026-11-02");
    expect(blockStartOf("2026-11-30", "2026-11-02")).toBe("2026-11-30");
    expect(blockStartOf("2027-01-24", "2026-11-02")).toBe("2026-12-28");
    expect(blockStartOf("2027-01-25", "2026-11-02")).toBe("2027-01-25");
    expect(blockOf("2026-12-01", "2026-11-02")).toEqual({ start: "2026-11-30", end: "2026-12-27" });
  });

  it("counts backwards before the epoch", () => {
    expect(blockStartOf("2026-11-01", "2026-11-02")).toBe("2026-10-05");
    expect(blockStartOf("2026-10-05", "2026-11-02")).toBe("2026-10-05");
  });

  it("puts every day of 3 years in the block whose 28 days contain it", () => {
    for (let d = 0; d < 3 * 366; d++) {
      const day = addDays("2026-06-01", d);
      const { start, end } = blockOf(day, "2026-11-11");
      expect(start <= day && day <= end).toBe(true);
      expect(new Date(`${start}T00:00:00Z`).getUTCDay()).toBe(1);
    }
  });
});

/**
 * The same test by brute force: every bitmask of the units with outcomes that holds out as many units of each
 * stratum as the data does is a re-assignment.
 */
function bruteForceP(units: ExperimentUnit[]): number {
  const used = units.filter((u) => u.n > 0);
  const heldIn = (isHeld: (i: number) => boolean) => {
    const counts = new Map<string, number>();
    used.forEach((u, i) => {
      if (isHeld(i)) counts.set(u.stratum ?? "", (counts.get(u.stratum ?? "") ?? 0) + 1);
    });
    return [...counts].sort().join(";");
  };
  const diff = (isHeld: (i: number) => boolean) => {
    const s = { kh: 0, nh: 0, kn: 0, nn: 0 };
    used.forEach((u, i) => {
      if (isHeld(i)) {
        s.kh += u.k;
        s.nh += u.n;
      } else {
        s.kn += u.k;
        s.nn += u.n;
      }
    });
    return s.kn / s.nn - s.kh / s.nh;
  };
  const actual = (i: number) => used[i]!.arm === "holdout";
  const observed = Math.abs(diff(actual));
  const design = heldIn(actual);
  let all = 0;
  let extreme = 0;
  for (let mask = 0; mask < 1 << used.length; mask++) {
    const isHeld = (i: number) => ((mask >> i) & 1) === 1;
    if (heldIn(isHeld) !== design) continue;
    all++;
    if (Math.abs(diff(isHeld)) >= observed - 1e-12) extreme++;
  }
  return extreme / all;
}

describe("permutationTest", () => {
  it("matches a case worked by hand: 4 units, 2 held out, 6 re-assignments", () => {
    // A 3/4 and B 1/2 nudged, C 1/3 and D 0/1 held out: observed 4/6 − 1/4 = +0.4167.
    // Held-out pair → nudge − holdout: {C,D} 4/6 − 1/4 = +0.4167, {A,B} 1/4 − 4/6 = −0.4167 (a tie in size),
    // {A,C} 1/3 − 4/7 = −0.2381, {A,D} 2/5 − 3/5 = −0.2, {B,C} 3/5 − 2/5 = +0.2, {B,D} 4/7 − 1/3 = +0.2381.
    // Two of six are as extreme: p = 1/3.
    const units: ExperimentUnit[] = [
      { arm: "nudge", k: 3, n: 4 },
      { arm: "nudge", k: 1, n: 2 },
      { arm: "holdout", k: 1, n: 3 },
      { arm: "holdout", k: 0, n: 1 },
    ];
    expect(permutationTest(units, { seed: 1 })).toEqual({ p: 2 / 6, method: "exact", permutations: 6 });
    // Units without outcomes change nothing.
    expect(permutationTest([...units, { arm: "holdout", k: 0, n: 0 }, { arm: "nudge", k: 0, n: 0 }], { seed: 1 })).toEqual({ p: 2 / 6, method: "exact", permutations: 6 });
  });

  it("counts ties up to rounding: 0.7 − 0.1 and 0.9 − 0.3 are the same difference", () => {
    const units: ExperimentUnit[] = [
      { arm: "nudge", k: 7, n: 10 },
      { arm: "nudge", k: 9, n: 10 },
      { arm: "holdout", k: 1, n: 10 },
      { arm: "holdout", k: 3, n: 10 },
    ];
    // Observed 16/20 − 4/20 = 0.6; re-assignments: {A,B} 0.2 − 0.8 = −0.6, {A,C} 12/20 − 8/20, {A,D} 10/20 − 10/20,
    // {B,C} 10/20 − 10/20, {B,D} 8/20 − 12/20, {C,D} observed: p = 2/6.
    expect(permutationTest(units, { seed: 1 }).p).toBe(2 / 6);
    expect(permutationTest(units, { seed: 1 }).p).toBe(bruteForceP(units));
  });

  it("matches brute-force enumeration on random small experiments", () => {
    const r = rng(7);
    for (let t = 0; t < 40; t++) {
      const size = r.int(4, 14);
      const units: ExperimentUnit[] = Array.from({ length: size }, (_, i) => {
        const n = r.int(0, 6);
        return { arm: i === 0 ? "holdout" : i === 1 ? "nudge" : r.chance(0.3) ? "holdout" : "nudge", k: r.int(0, n), n };
      });
      const used = units.filter((u) => u.n > 0);
      const held = used.filter((u) => u.arm === "holdout").length;
      const result = permutationTest(units, { seed: t });
      if (held === 0 || held === used.length) {
        expect(result.p).toBeNull();
        continue;
      }
      expect(result.method).toBe("exact");
      expect(result.p).toBeCloseTo(bruteForceP(units), 12);
    }
  });

  it("samples re-assignments when there are too many to enumerate, close to the exact p and reproducibly", () => {
    const r = rng(11);
    const units: ExperimentUnit[] = Array.from({ length: 16 }, (_, i) => {
      const n = r.int(1, 6);
      return { arm: i < 5 ? "holdout" : "nudge", k: r.int(0, n), n };
    });
    const exact = permutationTest(units, { seed: 3 });
    expect(exact).toMatchObject({ method: "exact", permutations: 4368 }); // C(16, 5)
    expect(exact.p).toBeCloseTo(bruteForceP(units), 12);
    const sampled = permutationTest(units, { seed: 3, maxExact: 1000, draws: 20_000 });
    expect(sampled.method).toBe("monte_carlo");
    expect(sampled.permutations).toBe(20_000);
    // Monte Carlo standard error ≤ √(0.25 / 20,000) = 0.0035: 4 SE.
    expect(Math.abs(sampled.p! - exact.p!)).toBeLessThan(0.015);
    expect(permutationTest(units, { seed: 3, maxExact: 1000, draws: 20_000 })).toEqual(sampled);
    expect(permutationTest(units, { seed: 4, maxExact: 1000, draws: 20_000 }).p).not.toBe(sampled.p);
  });

  it("re-assigns within strata: matches brute force, and Monte Carlo comes close", () => {
    const r = rng(13);
    for (let t = 0; t < 30; t++) {
      const size = r.int(5, 14);
      const units: ExperimentUnit[] = Array.from({ length: size }, (_, i) => {
        const n = r.int(1, 5);
        return { arm: i === 0 ? "holdout" : i === 1 ? "nudge" : r.chance(0.35) ? "holdout" : "nudge", k: r.int(0, n), n, stratum: r.pick(["a", "b", "c"]) };
      });
      const exact = permutationTest(units, { seed: t });
      expect(exact.method).toBe("exact");
      expect(exact.p).toBeCloseTo(bruteForceP(units), 12);
    }
    // 2 strata of 8 units with 3 held out each: C(8, 3)² = 3,136 re-assignments.
    const units: ExperimentUnit[] = Array.from({ length: 16 }, (_, i) => ({ arm: i % 8 < 3 ? "holdout" : "nudge", k: (i * 7) % 5, n: 4 + (i % 3), stratum: i < 8 ? "early" : "late" }));
    const exact = permutationTest(units, { seed: 1 });
    expect(exact).toMatchObject({ method: "exact", permutations: 3136 });
    const sampled = permutationTest(units, { seed: 1, maxExact: 100, draws: 20_000 });
    expect(Math.abs(sampled.p! - exact.p!)).toBeLessThan(0.015);
    // A stratum wholly in one arm has a single arrangement and only shifts the sums.
    const fixed = permutationTest([...units, { arm: "nudge", k: 2, n: 3, stratum: "solo" }], { seed: 1 });
    expect(fixed.permutations).toBe(3136);
    expect(fixed.p).toBeCloseTo(bruteForceP([...units, { arm: "nudge", k: 2, n: 3, stratum: "solo" }]), 12);
  });

  it("stays valid when the holdout share changed mid-experiment, given the share as the stratum", () => {
    // Without a nudge effect: 200 units drawn at 20% while the step's rate was 30%, 200 at 50% while it was
    // 60%. The held-out arm leans to the second period, so its pooled rate is higher by design, not by nudge.
    const runs = 200;
    let naive = 0;
    let stratified = 0;
    for (let i = 0; i < runs; i++) {
      const r = rng(500 + i);
      const units: ExperimentUnit[] = [0.2, 0.5].flatMap((share) =>
        Array.from({ length: 200 }, (): ExperimentUnit => {
          const n = r.int(1, 5);
          let k = 0;
          for (let j = 0; j < n; j++) if (r.chance(share === 0.2 ? 0.3 : 0.6)) k++;
          return { arm: r.chance(share) ? "holdout" : "nudge", k, n, stratum: String(share) };
        }),
      );
      if (permutationTest(units, { seed: i, draws: 500 }).p! < 0.05) stratified++;
      if (permutationTest(units.map(({ stratum: _, ...u }) => u), { seed: i, draws: 500 }).p! < 0.05) naive++;
    }
    expect(naive / runs).toBeGreaterThan(0.5);
    expect(stratified / runs).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / runs));
  });

  it("has no p-value when an arm has no outcomes", () => {
    expect(permutationTest([{ arm: "nudge", k: 1, n: 2 }, { arm: "holdout", k: 0, n: 0 }], { seed: 1 }).p).toBeNull();
    expect(permutationTest([{ arm: "nudge", k: 1, n: 2 }, { arm: "nudge", k: 0, n: 3 }], { seed: 1 }).p).toBeNull();
    expect(permutationTest([], { seed: 1 }).p).toBeNull();
  });
});

const normalCdf = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));
const normalDensity = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
const logChoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

describe("permutationTest on individual outcomes (400 units with n = 1)", () => {
  // With one outcome per unit, re-assigning units is re-assigning outcomes: the held-out successes follow a
  // hypergeometric law, so the exact p is computable independently, and for 400 outcomes the two-proportion
  // z-test (pooled SE) approximates it.
  const cases = [
    { kNudge: 150, kHoldout: 25 }, // p ≈ 0.016
    { kNudge: 160, kHoldout: 30 }, // p ≈ 0.06
    { kNudge: 150, kHoldout: 33 }, // p ≈ 0.4
    { kNudge: 170, kHoldout: 26 }, // p ≈ 0.001
  ];
  const [nN, nH] = [320, 80];
  for (const { kNudge, kHoldout } of cases) {
    it(`agrees with the exact hypergeometric p and the z-test at ${kNudge}/${nN} vs ${kHoldout}/${nH}`, () => {
      const units: ExperimentUnit[] = [
        ...Array.from({ length: nN }, (_, i): ExperimentUnit => ({ arm: "nudge", k: i < kNudge ? 1 : 0, n: 1 })),
        ...Array.from({ length: nH }, (_, i): ExperimentUnit => ({ arm: "holdout", k: i < kHoldout ? 1 : 0, n: 1 })),
      ];
      const draws = 10_000;
      const result = permutationTest(rng(5).shuffle(units), { seed: 99, draws });
      expect(result).toMatchObject({ method: "monte_carlo", permutations: draws });
      const p = result.p!;

      // Exact: the difference is linear in the held-out successes x, zero at x = E, so |difference| ≥ observed
      // ⇔ |x − E| ≥ |kHoldout − E|.
      const total = nN + nH;
      const k = kNudge + kHoldout;
      const expected = (nH * k) / total;
      let exact = 0;
      for (let x = Math.max(0, k - nN); x <= Math.min(k, nH); x++)
        if (Math.abs(x - expected) >= Math.abs(kHoldout - expected) - 1e-9) exact += Math.exp(logChoose(nH, x) + logChoose(nN, k - x) - logChoose(total, k));
      const monteCarloSe = Math.sqrt((exact * (1 - exact)) / draws);
      expect(Math.abs(p - exact)).toBeLessThanOrEqual(4 * monteCarloSe + 1 / draws);

      // z-test: the normal approximation sits mid-way on the lattice, so it differs from the exact p by up to
      // about one lattice point's mass (half a point in each tail: density at z / sd of x), plus Monte Carlo error.
      const pooledRate = k / total;
      const se = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / nN + 1 / nH));
      const z = Math.abs(kNudge / nN - kHoldout / nH) / se;
      const zP = 2 * (1 - normalCdf(z));
      const sdX = Math.sqrt((nH * nN * k * (total - k)) / (total * total * (total - 1)));
      const tolerance = normalDensity(z) / sdX + 3 * monteCarloSe;
      // In the tail that decides (z ≥ 1.5) that is within 0.025; nearer the centre a lattice point weighs more.
      expect(tolerance).toBeLessThan(z >= 1.5 ? 0.025 : 0.1);
      expect(Math.abs(p - zP)).toBeLessThanOrEqual(tolerance);
    });
  }
});

describe("analyseArms and poolAcrossCategories", () => {
  const units: ExperimentUnit[] = [
    ...Array.from({ length: 30 }, (_, i): ExperimentUnit => ({ arm: "nudge", k: i % 3 === 0 ? 4 : 3, n: 5 })),
    ...Array.from({ length: 10 }, (_, i): ExperimentUnit => ({ arm: "holdout", k: i % 2, n: 5 })),
    { arm: "holdout", k: 0, n: 0 },
  ];

  it("sums the arms, takes Newcombe's interval of the difference and the test over units", () => {
    const a = analyseArms(units, { seed: 2 });
    expect(a.nudge).toEqual({ k: 100, n: 150, units: 30 });
    expect(a.holdout).toEqual({ k: 5, n: 50, units: 11 });
    expect(a.difference).toEqual(newcombeDifference({ k: 100, n: 150 }, { k: 5, n: 50 }));
    expect(a.permutation).toEqual(permutationTest(units, { seed: 2 }));
    // 67% vs 10%: every re-assignment is less extreme than this one, p = 1/10,001.
    expect(a.permutation.p).toBe(1 / 10_001);
    expect(a.conclusive).toBe(true);
  });

  it("is not conclusive when the interval includes 0 or the test does not reject", () => {
    const even: ExperimentUnit[] = units.map((u) => ({ ...u, k: Math.min(u.n, 2) }));
    const a = analyseArms(even, { seed: 2 });
    expect(a.difference!.low).toBeLessThan(0);
    expect(a.conclusive).toBe(false);
    // A large difference on few units: the interval (outcomes as independent) excludes 0, but with 2 units
    // there are only 2 re-assignments and p = 1.
    const two: ExperimentUnit[] = [
      { arm: "nudge", k: 40, n: 40 },
      { arm: "holdout", k: 0, n: 40 },
    ];
    const b = analyseArms(two, { seed: 2 });
    expect(b.difference!.low).toBeGreaterThan(0);
    expect(b.permutation).toEqual({ p: 1, method: "exact", permutations: 2 });
    expect(b.conclusive).toBe(false);
  });

  it("has no difference and no test when an arm has no outcomes", () => {
    const a = analyseArms([{ arm: "nudge", k: 3, n: 5 }, { arm: "holdout", k: 0, n: 0 }], { seed: 2 });
    expect(a).toMatchObject({ difference: null, permutation: { p: null }, conclusive: false });
    expect(a.holdout).toEqual({ k: 0, n: 0, units: 1 });
  });

  it("pools every category's units into one analysis, re-assigning within categories", () => {
    const other: ExperimentUnit[] = [
      { arm: "nudge", k: 1, n: 4 },
      { arm: "holdout", k: 2, n: 3 },
      { arm: "nudge", k: 0, n: 2 },
    ];
    const pooled = poolAcrossCategories([units, other], { seed: 8 });
    const flat = analyseArms([...units, ...other], { seed: 8 });
    expect({ ...pooled, permutation: null }).toEqual({ ...flat, permutation: null });
    const byCategory = [...units.map((u) => ({ ...u, stratum: "a" })), ...other.map((u) => ({ ...u, stratum: "b" }))];
    expect(pooled.permutation).toEqual(permutationTest(byCategory, { seed: 8 }));
    // Exact when small enough: C(3, 1) · C(3, 1) = 9 re-assignments of two 3-unit categories.
    const small = poolAcrossCategories([other, other], { seed: 8 });
    expect(small.permutation.permutations).toBe(9);
    expect(small.permutation.p).toBeCloseTo(bruteForceP([...other.map((u) => ({ ...u, stratum: "x" })), ...other.map((u) => ({ ...u, stratum: "y" }))]), 12);
  });
});

describe("unitsForPower", () => {
  // Units added because the split itself is random: (1 − q)²/q + q²/(1 − q).
  const splitVariation = (q: number) => (1 - q) ** 2 / q + q ** 2 / (1 - q);

  it("matches the textbook two-proportion size: 40% vs 60%, equal arms, 97 per arm", () => {
    // (1.96·√(2·0.5·0.5) + 0.8416·√(0.24 + 0.24))² / 0.2² = (1.3859 + 0.5831)² / 0.04 = 96.93 per arm: 193.9
    // in all, + 1 for the random split at q = ½ (¼/½ + ¼/½) = 194.9 → 195.
    expect(splitVariation(0.5)).toBe(1);
    expect(unitsForPower({ baseline: 0.4, difference: 0.2, holdoutShare: 0.5, outcomesPerUnit: 1 })).toBe(195);
    expect(unitsForPower({ baseline: 0.6, difference: -0.2, holdoutShare: 0.5, outcomesPerUnit: 1 })).toBe(195);
  });

  it("matches the per-arm form for unequal arms (holdout n, nudge κ·n)", () => {
    for (const [p0, delta, q] of [
      [0.45, 0.15, 0.2],
      [0.3, 0.1, 0.1],
      [0.7, -0.1, 0.35],
    ] as const) {
      const p1 = p0 + delta;
      const kappa = (1 - q) / q;
      const pBar = (kappa * p1 + p0) / (1 + kappa);
      const [za, zb] = [1.959964, 0.841621];
      const holdout = (za * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / kappa)) + zb * Math.sqrt(p0 * (1 - p0) + (p1 * (1 - p1)) / kappa)) ** 2 / delta ** 2;
      expect(unitsForPower({ baseline: p0, difference: delta, holdoutShare: q, outcomesPerUnit: 1 })).toBe(Math.ceil(holdout * (1 + kappa) + splitVariation(q)));
    }
  });

  it("divides outcomes by outcomes per unit and multiplies by the design effect", () => {
    const base = { baseline: 0.45, difference: 0.1, holdoutShare: 0.2 };
    const c = splitVariation(0.2); // 3.25
    const outcomes = unitsForPower({ ...base, outcomesPerUnit: 1 })! - c; // within 1 (rounding up)
    const perUnit = unitsForPower({ ...base, outcomesPerUnit: 5 })!;
    expect(perUnit - c).toBeGreaterThanOrEqual((outcomes - 1) / 5);
    expect(perUnit - c).toBeLessThan(outcomes / 5 + 1);
    // ICC 0.05, m = 5, cv 0.4: 1 + (1.16 · 5 − 1) · 0.05 = 1.24.
    const clustered = unitsForPower({ ...base, outcomesPerUnit: 5, outcomesPerUnitCv: 0.4, icc: 0.05 })!;
    expect((clustered - c) / (perUnit - c)).toBeGreaterThan(1.23);
    expect((clustered - c) / (perUnit - c)).toBeLessThan(1.25);
  });

  it("has no answer for degenerate rates", () => {
    const base = { difference: 0.1, holdoutShare: 0.2, outcomesPerUnit: 3 };
    expect(unitsForPower({ ...base, baseline: 0 })).toBeNull();
    expect(unitsForPower({ ...base, baseline: 1 })).toBeNull();
    expect(unitsForPower({ ...base, baseline: 0.95 })).toBeNull();
    expect(unitsForPower({ ...base, baseline: 0.5, difference: 0 })).toBeNull();
  });
});

/**
 * A synthetic experiment: reps with baseline rates 0.45 ± 0.05 (normal), each with up to `blocksPerRep` units of
 * one category, 3–8 outcomes per unit, arms drawn by assignArm; nudged units succeed `effect` more often.
 */
function simulate(r: Rng, seed: string, units: number, effect: number, opts: { baseline?: number; sd?: number; blocksPerRep?: number; holdoutShare?: number } = {}): ExperimentUnit[] {
  const blocksPerRep = opts.blocksPerRep ?? 4;
  const out: ExperimentUnit[] = [];
  for (let rep = 0; out.length < units; rep++) {
    const base = Math.min(0.95, Math.max(0.05, (opts.baseline ?? 0.45) + (opts.sd ?? 0.05) * probit(0.0005 + 0.999 * r.next())));
    for (let b = 0; b < blocksPerRep && out.length < units; b++) {
      const arm = assignArm(seed, { teamId: "team", memberId: `rep-${rep}`, category: "discovery", blockStart: addDays("2026-01-05", 28 * b) }, opts.holdoutShare ?? 0.2);
      const rate = arm === "nudge" ? base + effect : base;
      const n = r.int(3, 8);
      let k = 0;
      for (let i = 0; i < n; i++) if (r.next() < rate) k++;
      out.push({ arm, k, n });
    }
  }
  return out;
}

describe("intraUnitCorrelation", () => {
  it("finds about no correlation when outcomes are independent, and the planted one when units differ", () => {
    const r = rng(21);
    const flat = simulate(r, "icc-0", 4000, 0.15, { sd: 0 });
    expect(Math.abs(intraUnitCorrelation(flat)!)).toBeLessThan(0.01);
    // sd 0.1 around 0.45: ICC = 0.01 / (0.45 · 0.55) = 0.040, and the effect is not mistaken for it.
    const spread = simulate(r, "icc-1", 4000, 0.15, { sd: 0.1, blocksPerRep: 1 });
    expect(intraUnitCorrelation(spread)).toBeGreaterThan(0.03);
    expect(intraUnitCorrelation(spread)).toBeLessThan(0.052);
  });

  it("needs three units with outcomes in each arm", () => {
    expect(intraUnitCorrelation([{ arm: "nudge", k: 1, n: 3 }, { arm: "holdout", k: 1, n: 3 }])).toBeNull();
  });
});

describe("powerNote", () => {
  it("answers in rep-months from the pooled rate, outcomes per unit and the estimated ICC", () => {
    const units = simulate(rng(4), "note", 60, 0);
    const withEmpty: ExperimentUnit[] = [...units, ...units.slice(0, 20).map((u) => ({ ...u, k: 0, n: 0 }))];
    const note = powerNote({ units: withEmpty, holdoutShare: 0.2 })!;
    const k = units.reduce((s, u) => s + u.k, 0);
    const n = units.reduce((s, u) => s + u.n, 0);
    expect(note.baseline).toBe(k / n);
    expect(note.targetDifference).toBe(0.1);
    const m = n / units.length;
    const cv = Math.sqrt(units.reduce((s, u) => s + u.n * u.n, 0) / units.length - m * m) / m;
    const withOutcomes = unitsForPower({ baseline: k / n, difference: 0.1, holdoutShare: 0.2, outcomesPerUnit: m, outcomesPerUnitCv: cv, icc: note.icc })!;
    // A quarter of the units have no outcomes: 80 units for every 60 with outcomes.
    expect(note.unitsNeeded).toBe(Math.ceil((withOutcomes * 80) / 60));
    expect(note.moreUnits).toBe(note.unitsNeeded - 80);
    expect(note.iccEstimated).toBe(true);
  });

  it("looks below the rate when 10 points above would reach 100%, and has no answer at 0% or 100%", () => {
    const high: ExperimentUnit[] = Array.from({ length: 20 }, (_, i) => ({ arm: i < 4 ? "holdout" : "nudge", k: 19, n: 20 }));
    const note = powerNote({ units: high, holdoutShare: 0.2 })!;
    expect(note.unitsNeeded).toBe(unitsForPower({ baseline: 0.95, difference: -0.1, holdoutShare: 0.2, outcomesPerUnit: 20, icc: note.icc }));
    expect(powerNote({ units: high.map((u) => ({ ...u, k: u.n })) })).toBeNull();
    expect(powerNote({ units: high.map((u) => ({ ...u, k: 0 })) })).toBeNull();
    expect(powerNote({ units: [] })).toBeNull();
  });

  it("reports 0 more units once there are enough", () => {
    const units = simulate(rng(6), "enough", 2000, 0);
    expect(powerNote({ units, holdoutShare: 0.2 })!.moreUnits).toBe(0);
  });
});

describe("simulated experiments", () => {
  // The size the power formula asks for a 15-point effect from 45%, 3–8 outcomes per unit (mean 5.5, cv
  // √(35/12)/5.5), holdout 20%, with the ICC estimated from a large pilot (true: 0.05² / (0.45 · 0.55) = 0.010).
  const pilot = simulate(rng(100), "pilot", 4000, 0);
  const icc = intraUnitCorrelation(pilot)!;
  const size = unitsForPower({ baseline: 0.45, difference: 0.15, holdoutShare: 0.2, outcomesPerUnit: 5.5, outcomesPerUnitCv: Math.sqrt(35 / 12) / 5.5, icc })!;
  // Measured at this size over 4,000 runs (10,000 draws each): the interval excludes 0 in 82%, p < 0.05 in 80%,
  // conclusive (both) in 79.5%; without an effect 6.0%, 5.2% and 4.9%. The interval alone ignores clustering
  // within units, so alone it would be "significant" too often; the randomization test keeps the verdict at 5%.
  const runs = 1000;
  const slack = (p: number) => 2 * Math.sqrt((p * (1 - p)) / runs);
  const run = (effect: number) => {
    let excludes = 0;
    let rejects = 0;
    let conclusive = 0;
    for (let i = 0; i < runs; i++) {
      const units = simulate(rng(1000 * effect + i), `run-${effect}-${i}`, size, effect);
      // 2,000 draws instead of 10,000 keeps this fast; (b + 1)/(draws + 1) is a valid p at any number of draws.
      const a = analyseArms(units, { seed: i, draws: 2000 });
      if (a.difference && (a.difference.low > 0 || a.difference.high < 0)) excludes++;
      if (a.permutation.p !== null && a.permutation.p < 0.05) rejects++;
      if (a.conclusive) conclusive++;
    }
    return { excludes: excludes / runs, rejects: rejects / runs, conclusive: conclusive / runs };
  };

  it("estimates the pilot's ICC near the truth", () => {
    expect(icc).toBeGreaterThan(0);
    expect(icc).toBeLessThan(0.03);
  });

  it("detects a planted +15-point effect at the size the power formula gives", () => {
    const rates = run(0.15);
    console.log(`power check, ${size} units (ICC ${icc.toFixed(4)}), ${runs} runs: interval excludes 0 in ${rates.excludes}, p < 0.05 in ${rates.rejects}, conclusive in ${rates.conclusive}`);
    expect(rates.excludes).toBeGreaterThanOrEqual(0.8);
    // Both together, the verdict the UI shows: within sampling error of 80% (about 79% in 4,000 runs).
    expect(rates.conclusive).toBeGreaterThanOrEqual(0.8 - slack(0.8));
    expect(rates.rejects).toBeGreaterThanOrEqual(0.8 - slack(0.8));
  }, 60_000);

  it("is conclusive in at most 5% of runs without an effect (binomial slack)", () => {
    const rates = run(0);
    console.log(`null check, ${size} units, ${runs} runs: interval excludes 0 in ${rates.excludes}, p < 0.05 in ${rates.rejects}, conclusive in ${rates.conclusive}`);
    expect(rates.conclusive).toBeLessThanOrEqual(0.05 + slack(0.05));
    expect(rates.rejects).toBeLessThanOrEqual(0.05 + slack(0.05));
  }, 60_000);
});
