import { describe, expect, it } from "vitest";
import { cycleTime, effectiveness, northStar, outcomeFunnel, sumPractice, weeklyNorthStar } from "./figures.ts";
import { NO_OUTCOMES } from "./inputs.ts";
import { resolvePeriod } from "./period.ts";

const counts = (c: Partial<typeof NO_OUTCOMES>) => ({ ...NO_OUTCOMES, ...c });

describe("northStar", () => {
  it("is deals won per training hour", () => {
    // 2 attempts capped to 1800 s + 1800 s + a 1800 s one = 5400 s = 1.5 h; 3 won → 2 per hour
    const s = northStar({ attempts: 3, seconds: 5400 }, counts({ n: 7, won: 3 }));
    expect(s).toMatchObject({ dealsClosed: 3, outcomes: 7, attempts: 3, practiceSeconds: 5400, trainingHours: 1.5, dealsPerTrainingHour: 2, caveat: null });
  });

  it("is null with a reason when there was no practice", () => {
    const s = northStar({ attempts: 0, seconds: 0 }, counts({ n: 4, won: 2 }));
    expect(s.dealsPerTrainingHour).toBeNull();
    expect(s.caveat).toMatch(/No practice in this period.*2 deals closed/);
    expect(northStar({ attempts: 0, seconds: 0 }, NO_OUTCOMES).caveat).toBe("No practice and no outcomes in this period.");
  });

  it("is zero, with a note, when there is practice but no outcome yet; flags tiny practice time", () => {
    const s = northStar({ attempts: 2, seconds: 7200 }, NO_OUTCOMES);
    expect(s.dealsPerTrainingHour).toBe(0);
    expect(s.caveat).toMatch(/no outcomes recorded/);
    expect(northStar({ attempts: 1, seconds: 600 }, counts({ n: 1, won: 1 })).caveat).toMatch(/Only 10 minutes/);
  });

  it("sums practice rows", () => {
    expect(sumPractice([{ attempts: 2, seconds: 100 }, { attempts: 1, seconds: 1800 }])).toEqual({ attempts: 3, seconds: 1900 });
  });
});

describe("weeklyNorthStar", () => {
  it("gives one point per ISO week overlapping the period, edge weeks cut to the period", () => {
    const { period } = resolvePeriod({ from: "2025-01-01", to: "2025-01-14" }, "2025-02-01") as { ok: true; period: any };
    const weeks = weeklyNorthStar(
      period,
      [
        { memberId: "a", week: "2024-12-30", attempts: 2, seconds: 3600 },
        { memberId: "b", week: "2024-12-30", attempts: 1, seconds: 1800 },
        { memberId: "a", week: "2025-01-13", attempts: 1, seconds: 900 },
      ],
      [
        { ...counts({ n: 3, won: 3 }), week: "2024-12-30" },
        { ...counts({ n: 2, won: 1 }), week: "2025-01-06" },
      ],
    );
    expect(weeks.map((w) => [w.week, w.daysInPeriod, w.attempts, w.trainingHours, w.outcomes, w.dealsClosed, w.dealsPerTrainingHour])).toEqual([
      ["2025-W01", 5, 3, 1.5, 3, 3, 2],
      ["2025-W02", 7, 0, 0, 2, 1, null],
      ["2025-W03", 2, 1, 0.25, 0, 0, 0],
    ]);
  });
});

describe("outcomeFunnel", () => {
  it("divides each step by the right base, each with its Wilson interval", () => {
    const f = outcomeFunnel({ n: 10, responded: 6, meetingBooked: 3, won: 2, lost: 3, ghosted: 5 });
    expect(f.n).toBe(10);
    expect(f.responded).toMatchObject({ k: 6, n: 10, rate: 0.6 });
    expect(f.meetingBooked).toMatchObject({ k: 3, n: 6, rate: 0.5 }); // given a response
    expect(f.won).toMatchObject({ k: 2, n: 10, rate: 0.2 });
    expect(f.lost.rate).toBe(0.3);
    expect(f.ghosted.rate).toBe(0.5);
    // Wilson 3 of 6: centre = (0.5 + 3.8416/12)/(1 + 3.8416/6) = 0.5, half = 0.312387
    expect(f.meetingBooked.low).toBeCloseTo(0.187613, 5);
    expect(f.meetingBooked.high).toBeCloseTo(0.812387, 5);
    expect(f.caveat).toBeNull();
  });

  it("explains an empty or small funnel", () => {
    const empty = outcomeFunnel(NO_OUTCOMES);
    expect(empty.responded.rate).toBeNull();
    expect(empty.caveat).toBe("No outcomes recorded in this period.");
    expect(outcomeFunnel(counts({ n: 3, responded: 1 })).caveat).toMatch(/Only 3 outcomes/);
  });
});

describe("effectiveness", () => {
  const labels = { strategies: { value_selling: "Value selling", referral: "Referral" }, tactics: { cold_call: "Cold call" } };

  it("adds members up per strategy and tactic, leaves out unnamed strategies, most used first", () => {
    const e = effectiveness(
      [
        { memberId: "a", id: "value_selling", n: 4, responded: 3, meetingBooked: 2, won: 1 },
        { memberId: "b", id: "value_selling", n: 8, responded: 5, meetingBooked: 3, won: 3 },
        { memberId: "a", id: "referral", n: 12, responded: 10, meetingBooked: 6, won: 5 },
        { memberId: "a", id: null, n: 3, responded: 1, meetingBooked: 0, won: 0 },
      ],
      [{ memberId: "a", id: "cold_call", n: 2, responded: 0, meetingBooked: 0, won: 0 }],
      labels,
    );
    expect(e.withoutStrategy).toBe(3);
    expect(e.caveat).toMatch(/3 outcomes without a strategy/);
    expect(e.strategies.map((s) => [s.id, s.n])).toEqual([["referral", 12], ["value_selling", 12]]);
    const v = e.strategies[1]!;
    expect(v.label).toBe("Value selling");
    expect(v.response).toMatchObject({ k: 8, n: 12 });
    expect(v.meeting).toMatchObject({ k: 5, n: 8 });
    expect(v.win).toMatchObject({ k: 4, n: 12 });
    expect(v.caveat).toBeNull();
    const t = e.tactics[0]!;
    expect(t).toMatchObject({ id: "cold_call", label: "Cold call", n: 2 });
    expect(t.meeting).toMatchObject({ k: 0, n: 0, rate: null });
    expect(t.caveat).toMatch(/Only 2 outcomes/);
  });

  it("says so when no outcome names a strategy", () => {
    expect(effectiveness([], [], labels).caveat).toBe("No outcomes recorded in this period.");
  });
});

describe("cycleTime", () => {
  it("takes medians overall and per strategy", () => {
    const c = cycleTime(
      [
        { memberId: "a", strategy: "referral", days: 10 },
        { memberId: "a", strategy: "referral", days: 30 },
        { memberId: "b", strategy: "value_selling", days: 5 },
        { memberId: "b", strategy: null, days: 41 },
      ],
      { referral: "Referral", value_selling: "Value selling" },
    );
    // overall: 5, 10, 30, 41 → (10 + 30) / 2 = 20
    expect(c).toMatchObject({ n: 4, medianDays: 20 });
    expect(c.byStrategy).toEqual([
      { id: "referral", label: "Referral", n: 2, medianDays: 20 },
      { id: "none", label: "No strategy recorded", n: 1, medianDays: 41 },
      { id: "value_selling", label: "Value selling", n: 1, medianDays: 5 },
    ]);
    expect(c.caveat).toMatch(/only 4 won deals/);
  });

  it("is empty without won deals", () => {
    expect(cycleTime([], {})).toMatchObject({ n: 0, medianDays: null, byStrategy: [], caveat: expect.stringMatching(/No won deals/) });
  });
});
