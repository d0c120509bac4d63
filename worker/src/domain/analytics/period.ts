// The analytics period (inclusive UTC days) and ISO weeks.
import { type AnalyticsPeriod, type AnalyticsQuery, DEFAULT_ANALYTICS_DAYS, MAX_ANALYTICS_DAYS, DAY_MS } from "@dq/shared";

export const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
export const addDays = (day: string, n: number) => new Date(dayMs(day) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => Math.round((dayMs(b) - dayMs(a)) / DAY_MS);

/** The Monday of the ISO week containing `day`. */
export function mondayOf(day: string): string {
  const weekday = (new Date(dayMs(day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/** The ISO week label ("2026-W07") of the week starting on `monday`: the week belongs to its Thursday's year. */
export function isoWeek(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Mondays of every ISO week that overlaps [from, to]. */
export function weeksOverlapping(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = mondayOf(from); w <= to; w = addDays(w, 7)) out.push(w);
  return out;
}

/** The Mondays of the ISO weeks lying wholly inside [from, to]. */
export function completeWeeks(from: string, to: string): string[] {
  return weeksOverlapping(from, to).filter((w) => w >= from && addDays(w, 6) <= to);
}

export interface ResolvedPeriod extends AnalyticsPeriod {
  /** First instant of the period (ISO, inclusive). */
  start: string;
  /** First instant after the period (ISO, exclusive). */
  end: string;
}

export type PeriodResult = { ok: true; period: ResolvedPeriod } | { ok: false; path: string; message: string };

/** Fills in the defaults (the last 90 days up to today) and checks the bounds. */
export function resolvePeriod(q: AnalyticsQuery, today: string): PeriodResult {
  const to = q.to ?? (q.from && q.from > today ? q.from : today);
  const from = q.from ?? addDays(to, -(DEFAULT_ANALYTICS_DAYS - 1));
  if (from > to) return { ok: false, path: "from", message: "`from` must be on or before `to`." };
  const days = daysBetween(from, to) + 1;
  if (days > MAX_ANALYTICS_DAYS) return { ok: false, path: "to", message: `A period covers at most ${MAX_ANALYTICS_DAYS} days.` };
  return { ok: true, period: { from, to, days, start: `${from}T00:00:00.000Z`, end: `${addDays(to, 1)}T00:00:00.000Z` } };
}
