import { describe, expect, it } from "vitest";
import { acrossReps, repWeeks, withinRep } from "./engagement.ts";
import { NO_OUTCOMES } from "./inputs.ts";
import { resolvePeriod, type ResolvedPeriod } from "./period.ts";

const rep = (id: string, trainingHours: number, outcomes: number, dealsClosed: number) => ({ member: { id, name: id.toUpperCase(), role: "rep" as const }, trainingHours, outcomes, dealsClosed });

describe("acrossReps", () => {
  it("ranks training hours against win rate for reps with outcomes, ties averaged (worked by hand)", () => {
    // points (hours, win rate): a (5, .5), b (1, .2), c (3, .5), e (0, 0); d has no outcome and is left out
    // hour ranks a4 b2 c3 e1; win-rate ranks a3.5 b2 c3.5 e1 → r = 4.5 / √(5 · 4.5) = 0.948683
    const c = acrossReps([rep("a", 5, 4, 2), rep("b", 1, 5, 1), rep("c", 3, 2, 1), rep("d", 10, 0, 0), rep("e", 0, 3, 0)]);
    expect(c.n).toBe(4);
    expect(c.points.map((p) => [p.memberId, p.winRate])).toEqual([["a", 0.5], ["b", 0.2], ["c", 0.5], ["e", 0]]);
    expect(c.rho).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(c.meaningful).toBe(false);
    expect(c.summary).toMatch(/^Not yet meaningful: only 4 reps with outcomes \(at least 8/);
  });

  it("reads a correlation over 8 reps in plain words", () => {
    // hours 1..8, win rates in the same order except one swapped pair: Σd² = 2 → ρ = 1 − 12/504 = 0.976190
    const rates = [0.1, 0.2, 0.3, 0.4, 0.6, 0.5, 0.7, 0.8];
    const c = acrossReps(rates.map((r, i) => rep(`r${i}`, i + 1, 10, Math.round(r * 10))));
    expect(c.rho).toBeCloseTo(1 - 12 / 504, 12);
    expect(c.n).toBe(8);
    expect(c.p!).toBeLessThan(0.001);
    expect(c.meaningful).toBe(true);
    expect(c.summary).toMatch(/^Reps who train more win a larger share of their deals: a strong link \(ρ = 0\.98, n = 8, p < 0\.001\), unlikely to be chance alone/);
  });

  it("cannot say anything about a single rep", () => {
    const c = acrossReps([rep("a", 2, 3, 1)]);
    expect(c).toMatchObject({ rho: null, p: null, n: 1, meaningful: false });
    expect(c.summary).toBe("Not computed: a correlation needs at least 3 pairs (have 1).");
  });
});

describe("repWeeks and withinRep", () => {
  const period = (resolvePeriod({ from: "2025-01-06", to: "2025-02-02" }, "2025-03-01") as { ok: true; period: ResolvedPeriod }).period;
  const practice = [
    { memberId: "m", week: "2025-01-06", attempts: 2, seconds: 3600 },
    { memberId: "m", week: "2025-01-13", attempts: 1, seconds: 1800 },
    { memberId: "m", week: "2025-01-27", attempts: 4, seconds: 7200 },
  ];
  const closed = (week: string, n: number, won: number, inPeriod = true) => ({ ...NO_OUTCOMES, memberId: "m", week, n, won, inPeriod });
  const outcomes = [closed("2025-01-13", 2, 1), closed("2025-01-20", 1, 1), closed("2025-02-03", 1, 0, false), closed("2025-02-24", 2, 2, false), closed("2025-03-03", 5, 5, false)];

  it("pairs each complete week's hours with the win rate of the four weeks after it", () => {
    const weeks = repWeeks(period, ["m", "q"], practice, outcomes);
    expect(weeks.map((w) => [w.week, w.trainingHours, w.laterOutcomes, w.laterWinRate])).toEqual([
      ["2025-01-06", 1, 4, 0.5], // 01-13, 01-20, 01-27, 02-03: 2 + 1 + 0 + 1 outcomes, 1 + 1 + 0 + 0 won
      ["2025-01-13", 0.5, 2, 0.5], // 01-20 … 02-10
      ["2025-01-20", 0, 1, 0], // 01-27 … 02-17: only the 02-03 loss
      ["2025-01-27", 2, 3, 2 / 3], // 02-03 … 02-24 (03-03 is five weeks on)
    ]);
  });

  it("for one rep is Spearman over weeks (worked by hand), not yet meaningful with 4 weeks", () => {
    // hours (1, .5, 0, 2) ranks (3, 2, 1, 4); later win rates (.5, .5, 0, .667) ranks (2.5, 2.5, 1, 4)
    // centred: (.5, −.5, −1.5, 1.5) and (0, 0, −1.5, 1.5) → r = 4.5 / √(5 · 4.5) = 0.948683, df = 2
    const c = withinRep(repWeeks(period, ["m"], practice, outcomes));
    expect(c).toMatchObject({ n: 4, reps: 1, df: 2, meaningful: false });
    expect(c.rho).toBeCloseTo(0.948683, 6);
    expect(c.summary).toMatch(/^Not yet meaningful: only 4 weeks with later outcomes/);
  });

  it("is not computed without weeks that have later outcomes", () => {
    const c = withinRep(repWeeks(period, ["q"], practice, outcomes));
    expect(c).toMatchObject({ n: 0, reps: 0, rho: null, meaningful: false });
    expect(c.summary).toMatch(/^Not computed/);
  });
});
