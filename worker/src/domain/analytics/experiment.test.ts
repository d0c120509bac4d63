import { describe, expect, it } from "vitest";
import { rng } from "../random.ts";
import { assignArm, blockOf, blockStartOf, type ExperimentUnit, permutationTest } from "./experiment.ts";
import { addDays } from "./period.ts";

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

/** The same test by brute force: every bitmask of the units with `held` bits set is a re-assignment. */
function bruteForceP(units: ExperimentUnit[]): number {
  const used = units.filter((u) => u.n > 0);
  const held = used.filter((u) => u.arm === "holdout").length;
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
  const observed = Math.abs(diff((i) => used[i]!.arm === "holdout"));
  let all = 0;
  let extreme = 0;
  for (let mask = 0; mask < 1 << used.length; mask++) {
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    if (bits !== held) continue;
    all++;
    if (Math.abs(diff((i) => ((mask >> i) & 1) === 1)) >= observed - 1e-12) extreme++;
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

  it("has no p-value when an arm has no outcomes", () => {
    expect(permutationTest([{ arm: "nudge", k: 1, n: 2 }, { arm: "holdout", k: 0, n: 0 }], { seed: 1 }).p).toBeNull();
    expect(permutationTest([{ arm: "nudge", k: 1, n: 2 }, { arm: "nudge", k: 0, n: 3 }], { seed: 1 }).p).toBeNull();
    expect(permutationTest([], { seed: 1 }).p).toBeNull();
  });
});
