// The descriptive figures: the north star (overall and per ISO week), the outcome funnel, strategy and
// tactic effectiveness, and cycle times. Each takes the aggregates of the members in scope.
import {
  type CycleTime,
  type Effectiveness,
  type NorthStar,
  type NorthStarWeek,
  type OutcomeFunnel,
  type PlaybookEffectiveness,
  SMALL_N,
  DAY_MS,
} from "@dq/shared";
import type { ResolvedPeriod } from "./period.ts";
import { addDays, isoWeek, weeksOverlapping } from "./period.ts";
import type { FunnelCounts, PlaybookCounts, PracticeWeek, WonDeal } from "./inputs.ts";
import { medianOrNull, wilson } from "./stats.ts";
import { duration, plural } from "./words.ts";

export interface PracticeTotals {
  attempts: number;
  seconds: number;
}

export function sumPractice(rows: Pick<PracticeWeek, "attempts" | "seconds">[]): PracticeTotals {
  let attempts = 0;
  let seconds = 0;
  for (const r of rows) {
    attempts += r.attempts;
    seconds += r.seconds;
  }
  return { attempts, seconds };
}

/** Deals closed (won) per training hour; null with a reason when there was no practice. */
export function northStar(practice: PracticeTotals, outcomes: FunnelCounts): NorthStar {
  const trainingHours = practice.seconds / 3600;
  const dealsClosed = outcomes.won;
  const base = { dealsClosed, outcomes: outcomes.n, attempts: practice.attempts, practiceSeconds: practice.seconds, trainingHours };
  if (practice.seconds === 0) {
    const caveat =
      outcomes.n === 0
        ? "No practice and no outcomes in this period."
        : `No practice in this period, so deals per training hour is undefined (${plural(dealsClosed, "deal")} closed without training).`;
    return { ...base, dealsPerTrainingHour: null, caveat };
  }
  let caveat: string | null = null;
  if (outcomes.n === 0) caveat = `${duration(practice.seconds)} of practice, but no outcomes recorded in this period yet.`;
  else if (practice.seconds < 3600) caveat = `Only ${duration(practice.seconds)} of practice: with so little time, each deal swings this ratio a lot.`;
  return { ...base, dealsPerTrainingHour: dealsClosed / trainingHours, caveat };
}

export interface PeriodWeek {
  start: string;
  week: string;
  daysInPeriod: number;
}

/** The ISO weeks overlapping the period, with how many of their days fall inside it. */
export function periodWeeks(period: ResolvedPeriod): PeriodWeek[] {
  return weeksOverlapping(period.from, period.to).map((start) => {
    // ISO dates compare as strings (Math.max/min would not): the later start, the earlier end.
    // biome-ignore lint/complexity/useMathMinMax: strings
    const first = start < period.from ? period.from : start;
    const lastDay = addDays(start, 6);
    // biome-ignore lint/complexity/useMathMinMax: strings
    const last = lastDay > period.to ? period.to : lastDay;
    return { start, week: isoWeek(start), daysInPeriod: Math.round((Date.parse(last) - Date.parse(first)) / DAY_MS) + 1 };
  });
}

/** The north star per ISO week overlapping the period (edge weeks count only their days inside it). */
export function weeklyNorthStar(
  period: ResolvedPeriod,
  practice: PracticeWeek[],
  outcomes: (FunnelCounts & { week: string })[],
  weeks: PeriodWeek[] = periodWeeks(period),
): NorthStarWeek[] {
  const practiced = new Map<string, PracticeTotals>();
  for (const r of practice) {
    const t = practiced.get(r.week) ?? { attempts: 0, seconds: 0 };
    t.attempts += r.attempts;
    t.seconds += r.seconds;
    practiced.set(r.week, t);
  }
  const closed = new Map<string, { n: number; won: number }>();
  for (const o of outcomes) {
    const t = closed.get(o.week) ?? { n: 0, won: 0 };
    t.n += o.n;
    t.won += o.won;
    closed.set(o.week, t);
  }
  return weeks.map(({ start, week, daysInPeriod }) => {
    const p = practiced.get(start) ?? { attempts: 0, seconds: 0 };
    const { n, won } = closed.get(start) ?? { n: 0, won: 0 };
    const trainingHours = p.seconds / 3600;
    return {
      week,
      start,
      daysInPeriod,
      attempts: p.attempts,
      trainingHours,
      outcomes: n,
      dealsClosed: won,
      dealsPerTrainingHour: p.seconds > 0 ? won / trainingHours : null,
    };
  });
}

/** responded / n, meetingBooked / responded, won / n, lost / n, ghosted / n, each with its Wilson interval. */
export function outcomeFunnel(c: FunnelCounts): OutcomeFunnel {
  let caveat: string | null = null;
  if (c.n === 0) caveat = "No outcomes recorded in this period.";
  else if (c.n < SMALL_N) caveat = `Only ${plural(c.n, "outcome")}: each deal moves these rates a lot; read the intervals.`;
  else if (c.responded === 0) caveat = "No prospect responded in this period, so there is no meeting rate.";
  return {
    n: c.n,
    responded: wilson(c.responded, c.n),
    meetingBooked: wilson(c.meetingBooked, c.responded),
    won: wilson(c.won, c.n),
    lost: wilson(c.lost, c.n),
    ghosted: wilson(c.ghosted, c.n),
    caveat,
  };
}

function playbookRows(rows: PlaybookCounts[], labels: Record<string, string>): PlaybookEffectiveness[] {
  const byId = new Map<string, { n: number; responded: number; meetingBooked: number; won: number }>();
  for (const r of rows) {
    if (r.id === null) continue;
    const t = byId.get(r.id) ?? { n: 0, responded: 0, meetingBooked: 0, won: 0 };
    t.n += r.n;
    t.responded += r.responded;
    t.meetingBooked += r.meetingBooked;
    t.won += r.won;
    byId.set(r.id, t);
  }
  return [...byId]
    .filter(([, t]) => t.n > 0)
    .map(([id, t]) => ({
      id,
      label: labels[id] ?? id,
      n: t.n,
      response: wilson(t.responded, t.n),
      meeting: wilson(t.meetingBooked, t.responded),
      win: wilson(t.won, t.n),
      caveat: t.n < SMALL_N ? `Only ${plural(t.n, "outcome")}: too few to rank; the interval shows how uncertain this is.` : null,
    }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}

/** Per strategy and per tactic: n, response rate, meeting rate (given a response) and win rate, with Wilson intervals. */
export function effectiveness(strategies: PlaybookCounts[], tactics: PlaybookCounts[], labels: { strategies: Record<string, string>; tactics: Record<string, string> }): Effectiveness {
  const withoutStrategy = strategies.filter((r) => r.id === null).reduce((s, r) => s + r.n, 0);
  const rows = playbookRows(strategies, labels.strategies);
  let caveat: string | null = null;
  if (rows.length === 0) caveat = withoutStrategy > 0 ? `None of the ${plural(withoutStrategy, "outcome")} in this period names a strategy.` : "No outcomes recorded in this period.";
  else if (withoutStrategy > 0) caveat = `${plural(withoutStrategy, "outcome")} without a strategy ${withoutStrategy === 1 ? "is" : "are"} not counted here.`;
  return { strategies: rows, tactics: playbookRows(tactics, labels.tactics), withoutStrategy, caveat };
}

/** Median days from lead creation to close, for won deals: overall and by strategy. */
export function cycleTime(deals: WonDeal[], strategyLabels: Record<string, string>): CycleTime {
  const groups = new Map<string, number[]>();
  for (const d of deals) {
    const id = d.strategy ?? "none";
    const days = groups.get(id);
    if (days) days.push(d.days);
    else groups.set(id, [d.days]);
  }
  const byStrategy = [...groups]
    .map(([id, days]) => ({ id, label: id === "none" ? "No strategy recorded" : (strategyLabels[id] ?? id), n: days.length, medianDays: medianOrNull(days) }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
  const n = deals.length;
  const caveat = n === 0 ? "No won deals in this period, so there is no cycle time yet." : n < 5 ? `The median of only ${plural(n, "won deal")}.` : null;
  return { n, medianDays: medianOrNull(deals.map((d) => d.days)), byStrategy, caveat };
}
