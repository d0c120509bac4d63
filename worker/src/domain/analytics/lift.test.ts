import { describe, expect, it } from "vitest";
import type { LiftWindow } from "./inputs.ts";
import { categoryLift, lift, liftCategories, stepRate } from "./lift.ts";

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

  it("pools the reps with outcomes on both sides (worked by hand)", () => {
    const l = categoryLift("cold_outreach", windows, 500);
    // before 3 of 14, after 8 of 16 → +0.285714
    expect(l).toMatchObject({ category: "cold_outreach", step: "responded", reps: 2, repsWithoutData: 1 });
    expect(l.before).toMatchObject({ k: 3, n: 14 });
    expect(l.after).toMatchObject({ k: 8, n: 16, rate: 0.5 });
    expect(l.before.low).toBeCloseTo(0.075712, 5);
    expect(l.after.low).toBeCloseTo(0.279992, 5);
    expect(l.difference).toBeCloseTo(8 / 16 - 3 / 14, 12);
    expect(l.low!).toBeLessThan(l.difference!);
    expect(l.high!).toBeGreaterThan(l.difference!);
    expect(l.summary).toMatch(/^Cold outreach \(response rate\): 21% of 14 before practice → 50% of 16 after, \+29 points \(95% interval/);
    expect(l.summary).toMatch(/Pooled over 2 reps/);
  });

  it("gives the same interval for the same data", () => {
    expect(categoryLift("cold_outreach", [...windows].reverse(), 500)).toEqual(categoryLift("cold_outreach", windows, 500));
  });

  it("needs outcomes at the trained step on both sides", () => {
    // meeting booking is measured on responses: a had none before
    const l = categoryLift("meeting_booking", windows, 500);
    expect(l).toMatchObject({ reps: 0, repsWithoutData: 1, difference: null, low: null, high: null });
    expect(l.summary).toMatch(/1 rep reached three practice attempts .* nothing to compare yet/);
  });

  it("covers every category that trains a step, even without data", () => {
    const all = lift([], 100);
    expect(all.map((l) => l.category)).toEqual(liftCategories);
    expect(liftCategories).toEqual(["cold_outreach", "meeting_booking", "pricing", "negotiation", "closing", "re_engagement"]);
    expect(all.every((l) => l.reps === 0 && /nobody reached three/.test(l.summary))).toBe(true);
  });
});
