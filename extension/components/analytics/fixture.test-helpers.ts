// Small, valid analytics bodies for the UI tests (checked against the shared schemas).
import { type AnalyticsFigures, type CategoryLift, MIN_LIFT_OUTCOMES, MyAnalytics, type Rate, type RepAnalytics, TeamAnalytics } from "@dq/shared";

export const rate = (k: number, n: number, low = Math.max(0, k / n - 0.2), high = Math.min(1, k / n + 0.2)): Rate =>
  n === 0 ? { k, n, rate: null, low: null, high: null } : { k, n, rate: k / n, low, high };

const correlation = { rho: null, n: 0, p: null, meaningful: false, summary: "Not computed: a correlation needs at least 3 pairs (have 0)." };

/** A lift entry; its status follows the counts (MIN_LIFT_OUTCOMES on each side), its method defaults to Newcombe's. */
export function lift(category: CategoryLift["category"], before: Rate, after: Rate, low: number | null, high: number | null, over: Partial<CategoryLift> = {}): CategoryLift {
  const step = category === "cold_outreach" ? "responded" : category === "meeting_booking" ? "meeting_given_response" : category === "re_engagement" ? "not_ghosted" : "won_given_meeting";
  const status = before.n === 0 || after.n === 0 ? "none" : before.n < MIN_LIFT_OUTCOMES || after.n < MIN_LIFT_OUTCOMES ? "too_few" : "measured";
  const measured = status === "measured";
  return {
    category,
    step,
    reps: status === "none" ? 0 : 1,
    repsWithoutData: 0,
    before,
    after,
    status,
    difference: status === "none" ? null : after.rate! - before.rate!,
    low: measured ? low : null,
    high: measured ? high : null,
    method: measured ? "newcombe_hybrid_score" : null,
    summary: `${category}: summary`,
    ...over,
  };
}

export function figures(over: Partial<AnalyticsFigures> = {}): AnalyticsFigures {
  return {
    northStar: { dealsClosed: 3, outcomes: 10, attempts: 12, practiceSeconds: 5400, trainingHours: 1.5, dealsPerTrainingHour: 2, caveat: null },
    weekly: [
      { week: "2026-W10", start: "2026-03-02", daysInPeriod: 7, attempts: 6, trainingHours: 0.75, outcomes: 5, dealsClosed: 1, dealsPerTrainingHour: 1 / 0.75 },
      { week: "2026-W11", start: "2026-03-09", daysInPeriod: 3, attempts: 6, trainingHours: 0.75, outcomes: 5, dealsClosed: 2, dealsPerTrainingHour: 2 / 0.75 },
    ],
    funnel: { n: 10, responded: rate(6, 10), meetingBooked: rate(4, 6), won: rate(3, 10), lost: rate(4, 10), ghosted: rate(3, 10), caveat: null },
    effectiveness: {
      strategies: [{ id: "referral", label: "Referral, warm intro", n: 4, response: rate(3, 4), meeting: rate(2, 3), win: rate(2, 4), caveat: "Only 4 outcomes: too few to rank." }],
      tactics: [],
      withoutStrategy: 6,
      caveat: null,
    },
    cycleTime: { n: 3, medianDays: 21, byStrategy: [{ id: "referral", label: "Referral, warm intro", n: 2, medianDays: 18.5 }], caveat: "The median of only 3 won deals." },
    withinRep: { ...correlation, reps: 0, df: 0 },
    lift: [
      lift("cold_outreach", rate(2, 8), rate(6, 10), 0.05, 0.7),
      lift("meeting_booking", rate(3, 5), rate(3, 6), -0.5, 0.4),
      lift("pricing", rate(0, 0), rate(0, 0), null, null),
    ],
    ...over,
  };
}

export function myAnalytics(over: Partial<AnalyticsFigures> = {}) {
  return MyAnalytics.parse({
    period: { from: "2026-01-01", to: "2026-03-31", days: 90 },
    generatedAt: "2026-03-31T12:00:00.000Z",
    member: { id: "m1", name: "Avery Castillo", role: "rep" },
    ...figures(over),
  });
}

export function teamAnalytics(reps: RepAnalytics[]) {
  return TeamAnalytics.parse({
    period: { from: "2026-01-01", to: "2026-03-31", days: 90 },
    generatedAt: "2026-03-31T12:00:00.000Z",
    team: { ...figures(), reps: reps.length, acrossReps: { ...correlation, points: [] } },
    reps,
  });
}
