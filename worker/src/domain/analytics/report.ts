// Assembles the analytics responses (the team with each rep, or one member) from the aggregates in `inputs.ts`.
import type { AnalyticsFigures, MyAnalytics, TeamAnalytics } from "@dq/shared";
import { acrossReps, type ForwardWindow, forwardWindows, repWeeks, withinRep } from "./engagement.ts";
import { cycleTime, effectiveness, northStar, outcomeFunnel, type PeriodWeek, periodWeeks, sumPractice, weeklyNorthStar } from "./figures.ts";
import { addCounts, type AnalyticsInput, type AnalyticsMemberRef, type FunnelCounts, NO_OUTCOMES } from "./inputs.ts";
import { lift } from "./lift.ts";

const publicPeriod = (p: AnalyticsInput["period"]) => ({ from: p.from, to: p.to, days: p.days });

/** Week scaffolding shared by every block of one report (date arithmetic done once). */
interface Calendar {
  weeks: PeriodWeek[];
  windows: ForwardWindow[];
}
const calendarOf = (input: AnalyticsInput): Calendar => ({ weeks: periodWeeks(input.period), windows: forwardWindows(input.period) });

/** Every figure for the members in `ids` (the whole scope, or one rep). */
export function analyticsFigures(input: AnalyticsInput, ids: Set<string>, liftReplicates?: number, calendar = calendarOf(input)): AnalyticsFigures {
  const mine = <T extends { memberId: string }>(rows: T[]) => rows.filter((r) => ids.has(r.memberId));
  const practice = mine(input.practice);
  const outcomesInPeriod = mine(input.outcomes).filter((o) => o.inPeriod);
  const counts = outcomesInPeriod.reduce<FunnelCounts>(addCounts, NO_OUTCOMES);
  return {
    northStar: northStar(sumPractice(practice), counts),
    weekly: weeklyNorthStar(input.period, practice, outcomesInPeriod, calendar.weeks),
    funnel: outcomeFunnel(counts),
    effectiveness: effectiveness(mine(input.strategies), mine(input.tactics), input.labels),
    cycleTime: cycleTime(mine(input.wonDeals), input.labels.strategies),
    withinRep: withinRep(repWeeks(input.period, [...ids], practice, mine(input.outcomes), calendar.windows)),
    lift: lift(mine(input.lift), liftReplicates),
  };
}

/** The team (its reps together), each rep, and the across-rep correlation. */
export function teamAnalytics(input: AnalyticsInput, now: Date, liftReplicates?: number): TeamAnalytics {
  const calendar = calendarOf(input);
  const reps = input.members.map((member) => ({ member, ...analyticsFigures(input, new Set([member.id]), liftReplicates, calendar) }));
  const team = analyticsFigures(input, new Set(input.members.map((m) => m.id)), liftReplicates, calendar);
  return {
    period: publicPeriod(input.period),
    generatedAt: now.toISOString(),
    team: {
      ...team,
      reps: input.members.length,
      acrossReps: acrossReps(
        reps.map((r) => ({ member: r.member, trainingHours: r.northStar.trainingHours, outcomes: r.northStar.outcomes, dealsClosed: r.northStar.dealsClosed })),
      ),
    },
    reps,
  };
}

/** One member's own figures. */
export function myAnalytics(input: AnalyticsInput, member: AnalyticsMemberRef, now: Date, liftReplicates?: number): MyAnalytics {
  return { period: publicPeriod(input.period), generatedAt: now.toISOString(), member, ...analyticsFigures(input, new Set([member.id]), liftReplicates) };
}
