import { describe, expect, it } from "vitest";
import { CategoryLift, MIN_BOOTSTRAP_REPS, MIN_LIFT_OUTCOMES } from "@dq/shared";
import type { LiftWindow } from "./inputs.ts";
import { categoryLift, lift, liftCategories, liftInterval, stepRate } from "./lift.ts";
import { bootstrapDifference, wilson } from "./stats.ts";

const w = (memberId: string, category: LiftWindow["category"], side: LiftWindow["side"], c: Partial<LiftWindow>): LiftWindow => ({
  memberId,
  category,
  side,
  n: 0,
  responded: 0,
  meetingBooked: 0,
  won: 0,
  lost: 0,
  ghosted: 0,
  wonAfterMeeting: 0,
  ...c,
});

describe("stepRate", () => {
  it("reads the step each category trains", () => {
    const c = { n: 10, responded: 6, meetingBooked: 4, won: 3, wonAfterMeeting: 2, lost: 3, ghosted: 4 };
    expect(stepRate("responded", c)).toEqual({ k: 6, n: 10 });
    expect(stepRate("meeting_given_response", c)).toEqual({ k: 4, n: 6 });
    expect(stepRate("won_given_meeting", c)).toEqual({ k: 2, n: 4 });
    expect(stepRate("not_ghosted", c)).toEqual({ k: 6, n: 10 });
  });
});

describe("categoryLift", () => {
  const windows = [
    w("a", "cold_outreach", "before", { n: 10, responded: 2 }),
    w("a", "cold_outreach", "after", { n: 10, responded: 5 }),
    w("b", "cold_outreach", "before", { n: 4, responded: 1 }),
    w("b", "cold_outreach", "after", { n: 6, responded: 3 }),
    // c has outcomes only after: left out of both pools
    w("c", "cold_outreach", "before", { n: 0 }),
    w("c", "cold_outreach", "after", { n: 5, responded: 5 }),
    w("a", "meeting_booking", "before", { n: 3, responded: 0 }),
    w("a", "meeting_booking", "after", { n: 3, responded: 2, meetingBooked: 1 }),
  ];

  it("pools the reps with outcomes on both sides, with Newcombe's interval for few reps (worked by hand)", () => {
    const l = categoryLift("cold_outreach", windows, 500);
    // before 3 of 14, after 8 of 16 → +0.285714
    expect(l).toMatchObject({ category: "cold_outreach", step: "responded", reps: 2, repsWithoutData: 1, status: "measured", method: "newcombe_hybrid_score" });
    expect(l.before).toMatchObject({ k: 3, n: 14 });
    expect(l.after).toMatchObject({ k: 8, n: 16, rate: 0.5 });
    expect(l.before.low).toBeCloseTo(0.075712, 5);
    expect(l.before.high).toBeCloseTo(0.475897, 5);
    expect(l.after.low).toBeCloseTo(0.279992, 5);
    expect(l.after.high).toBeCloseTo(0.720008, 5);
    expect(l.difference).toBeCloseTo(8 / 16 - 3 / 14, 12);
    // 0.285714 − √((0.5 − 0.279992)² + (0.475897 − 0.214286)²) = 0.285714 − 0.341824 = −0.056110
    // 0.285714 + √((0.720008 − 0.5)² + (0.214286 − 0.075712)²) = 0.285714 + 0.260011 = 0.545726
    expect(l.low).toBeCloseTo(-0.05611, 5);
    expect(l.high).toBeCloseTo(0.545726, 5);
    expect(l.summary).toBe(
      "Cold outreach (response rate): 21% of 14 before practice → 50% of 16 after, +29 points (95% interval −6 to +55, Newcombe's score interval, counting each deal as independent): the interval includes zero, so no clear change yet. Pooled over 2 reps. Before/after is not a controlled experiment.",
    );
    expect(CategoryLift.parse(l)).toEqual(l);
  });

  it("says 'too few outcomes' below the minimum on either side, and gives no interval", () => {
    // The dashboard once read "Closing: 100% of 2 before → 100% of 3 after, 95% interval 0 to 0".
    const l = categoryLift("closing", [w("a", "closing", "before", { meetingBooked: 2, wonAfterMeeting: 2 }), w("a", "closing", "after", { meetingBooked: 3, wonAfterMeeting: 3 })], 500);
    expect(l).toMatchObject({ reps: 1, status: "too_few", difference: 0, low: null, high: null, method: null });
    expect(l.summary).toBe("Closing (wins after a meeting): too few outcomes (2 before, 3 after) to say; a before/after comparison needs at least 5 on each side.");
    const edge = (nb: number, na: number) =>
      categoryLift("cold_outreach", [w("a", "cold_outreach", "before", { n: nb, responded: 1 }), w("a", "cold_outreach", "after", { n: na, responded: 2 })], 100).status;
    expect(MIN_LIFT_OUTCOMES).toBe(5);
    expect([edge(5, 5), edge(4, 30), edge(30, 4)]).toEqual(["measured", "too_few", "too_few"]);
  });

  it("measures no change as a result, with an interval that is not a point", () => {
    // 100% of 5 before → 100% of 5 after: the difference is 0 and Newcombe's interval is ±0.434491 (Wilson 5 of 5).
    const l = categoryLift("closing", [w("a", "closing", "before", { meetingBooked: 5, wonAfterMeeting: 5 }), w("a", "closing", "after", { meetingBooked: 5, wonAfterMeeting: 5 })], 500);
    expect(l).toMatchObject({ status: "measured", difference: 0, method: "newcombe_hybrid_score" });
    expect(l.low).toBeCloseTo(-0.434491, 5);
    expect(l.high).toBeCloseTo(0.434491, 5);
    expect(l.summary).toMatch(/100% of 5 before practice → 100% of 5 after, 0 points \(95% interval −43 to \+43, Newcombe's score interval/);
  });

  it("gives the same interval for the same data", () => {
    expect(categoryLift("cold_outreach", [...windows].reverse(), 500)).toEqual(categoryLift("cold_outreach", windows, 500));
  });

  it("needs outcomes at the trained step on both sides", () => {
    // meeting booking is measured on responses: a had none before
    const l = categoryLift("meeting_booking", windows, 500);
    expect(l).toMatchObject({ reps: 0, repsWithoutData: 1, status: "none", difference: null, low: null, high: null, method: null });
    expect(l.summary).toMatch(/1 rep reached three practice attempts .* nothing to compare yet/);
  });


  it("covers every category that trains a step, even without data", () => {
    const all = lift([], 100);
    expect(all.map((l) => l.category)).toEqual(liftCategories);
    expect(liftCategories).toEqual(["cold_outreach", "meeting_booking", "pricing", "negotiation", "closing", "re_engagement"]);
    expect(all.every((l) => l.reps === 0 && l.status === "none" && /nobody reached three/.test(l.summary))).toBe(true);
  });
});

describe("liftInterval", () => {
  // Reps with 3 or 4 of 8 responses before and 4 or 5 of 8 after: the pooled rates are far from 0% and 100%.
  const reps = (count: number) =>
    Array.from({ length: count }, (_, i) => [
      w(`r${i}`, "cold_outreach", "before", { n: 8, responded: 3 + (i % 2) }),
      w(`r${i}`, "cold_outreach", "after", { n: 8, responded: 5 - (i % 3 === 0 ? 1 : 0) }),
    ]).flat();

  it("bootstraps over reps once enough reps contribute, and names it", () => {
    expect(MIN_BOOTSTRAP_REPS).toBe(8);
    const few = categoryLift("cold_outreach", reps(MIN_BOOTSTRAP_REPS - 1), 500);
    const enough = categoryLift("cold_outreach", reps(MIN_BOOTSTRAP_REPS), 500);
    expect(few).toMatchObject({ reps: 7, status: "measured", method: "newcombe_hybrid_score" });
    expect(enough).toMatchObject({ reps: 8, status: "measured", method: "rep_clustered_bootstrap" });
    expect(enough.low!).toBeLessThan(enough.difference!);
    expect(enough.high!).toBeGreaterThan(enough.difference!);
    expect(enough.summary).toMatch(/\(95% interval [^)]*, bootstrap over the 8 reps and their deals\)/);
  });

  it("falls back to Newcombe when a pooled side is all 0% or all 100%, however many reps", () => {
    const groups = Array.from({ length: 10 }, () => ({ before: { k: 0, n: 3 }, after: { k: 1, n: 2 } }));
    // The bootstrap cannot see any uncertainty on the before side: every resample is 0% there.
    const boot = bootstrapDifference(groups, 1, 500);
    expect(boot.low).toBeGreaterThan(0.1);
    const i = liftInterval(groups, wilson(0, 30), wilson(10, 20), 1, 500);
    expect(i.method).toBe("newcombe_hybrid_score");
    expect(i.low).toBeLessThan(boot.low!);
  });

  it("falls back to Newcombe when the bootstrap has zero width", () => {
    // A single replicate makes the percentile interval a point: it must never be shown as one.
    const groups = Array.from({ length: 8 }, (_, i) => ({ before: { k: 1 + (i % 2), n: 4 }, after: { k: 2, n: 4 } }));
    const one = bootstrapDifference(groups, 1, 1);
    expect(one.low).toBe(one.high);
    expect(liftInterval(groups, wilson(12, 32), wilson(16, 32), 1, 1).method).toBe("newcombe_hybrid_score");
    expect(liftInterval(groups, wilson(12, 32), wilson(16, 32), 1, 500).method).toBe("rep_clustered_bootstrap");
  });
});
