import { describe, expect, it } from "vitest";
import { AnalyticsFigures, MyAnalytics, TeamAnalytics } from "@dq/shared";
import type { AnalyticsInput } from "./inputs.ts";
import { resolvePeriod, type ResolvedPeriod } from "./period.ts";
import { myAnalytics, teamAnalytics } from "./report.ts";

const period = (resolvePeriod({ from: "2025-01-06", to: "2025-01-19" }, "2025-03-01") as { ok: true; period: ResolvedPeriod }).period;
const now = new Date("2025-03-01T12:00:00.000Z");
const members = [
  { id: "a", name: "Avery", role: "rep" as const },
  { id: "b", name: "Blake", role: "rep" as const },
];
const empty: AnalyticsInput = { period, members, practice: [], outcomes: [], strategies: [], tactics: [], wonDeals: [], lift: [], labels: { strategies: {}, tactics: {} } };
const funnel = { responded: 0, meetingBooked: 0, won: 0, lost: 0, ghosted: 0 };

describe("teamAnalytics", () => {
  it("explains itself on a team with no practice and no outcomes", () => {
    const t = TeamAnalytics.parse(teamAnalytics(empty, now, 50));
    expect(t.period).toEqual({ from: "2025-01-06", to: "2025-01-19", days: 14 });
    expect(t.team.northStar).toMatchObject({ dealsPerTrainingHour: null, caveat: "No practice and no outcomes in this period." });
    expect(t.team.weekly).toHaveLength(2);
    expect(t.team.funnel.caveat).toBe("No outcomes recorded in this period.");
    expect(t.team.acrossReps).toMatchObject({ n: 0, rho: null, meaningful: false });
    expect(t.reps.map((r) => r.member.id)).toEqual(["a", "b"]);
  });

  it("adds the reps up for the team and keeps each rep's own figures", () => {
    const input: AnalyticsInput = {
      ...empty,
      practice: [
        { memberId: "a", week: "2025-01-06", attempts: 2, seconds: 3600 },
        { memberId: "b", week: "2025-01-13", attempts: 1, seconds: 1800 },
      ],
      outcomes: [
        { memberId: "a", week: "2025-01-06", inPeriod: true, n: 2, ...funnel, responded: 2, meetingBooked: 1, won: 1, lost: 1 },
        { memberId: "b", week: "2025-01-13", inPeriod: true, n: 3, ...funnel, responded: 1, meetingBooked: 1, won: 1, ghosted: 2 },
        // after the period: only the within-rep forward windows read it
        { memberId: "b", week: "2025-01-20", inPeriod: false, n: 4, ...funnel, won: 4 },
      ],
      wonDeals: [
        { memberId: "a", strategy: null, days: 12 },
        { memberId: "b", strategy: null, days: 20 },
      ],
    };
    const t = teamAnalytics(input, now, 50);
    // team: 2 won / 1.5 h
    expect(t.team.northStar).toMatchObject({ dealsClosed: 2, outcomes: 5, trainingHours: 1.5 });
    expect(t.team.northStar.dealsPerTrainingHour).toBeCloseTo(2 / 1.5, 12);
    expect(t.team.funnel.responded).toMatchObject({ k: 3, n: 5 });
    expect(t.team.funnel.meetingBooked).toMatchObject({ k: 2, n: 3 });
    expect(t.team.cycleTime.medianDays).toBe(16);
    expect(t.team.weekly.map((w) => [w.dealsClosed, w.trainingHours])).toEqual([[1, 1], [1, 0.5]]);
    const [a, b] = t.reps;
    expect(a!.northStar.dealsPerTrainingHour).toBe(1);
    expect(b!.northStar).toMatchObject({ dealsClosed: 1, trainingHours: 0.5, dealsPerTrainingHour: 2 });
    expect(t.team.acrossReps.points.map((p) => [p.memberId, p.trainingHours, p.winRate])).toEqual([["a", 1, 0.5], ["b", 0.5, 1 / 3]]);
    expect(() => TeamAnalytics.parse(t)).not.toThrow();
  });
});

describe("myAnalytics", () => {
  it("covers only the caller", () => {
    const me = myAnalytics(
      { ...empty, members: [members[0]!], practice: [{ memberId: "a", week: "2025-01-06", attempts: 1, seconds: 1800 }, { memberId: "b", week: "2025-01-06", attempts: 9, seconds: 9000 }] },
      members[0]!,
      now,
      50,
    );
    expect(MyAnalytics.parse(me).member.id).toBe("a");
    expect(me.northStar).toMatchObject({ attempts: 1, trainingHours: 0.5, dealsPerTrainingHour: 0 });
    expect(AnalyticsFigures.safeParse(me).success).toBe(true);
  });
});
