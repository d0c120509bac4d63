// Does practice track with wins? Across reps (training hours vs win rate, Spearman) and within each rep over
// weeks (training hours in a week vs the win rate of outcomes closed in the following four weeks, pooled).
import { type AcrossRepsCorrelation, MIN_CORRELATION_N, type WithinRepCorrelation } from "@dq/shared";
import type { AnalyticsMemberRef, OutcomeWeek, PracticeWeek } from "./inputs.ts";
import { addDays, completeWeeks, type ResolvedPeriod } from "./period.ts";
import { type RankCorrelation, spearman, withinGroupSpearman } from "./stats.ts";
import { fixed, pValue } from "./words.ts";

function strength(rho: number) {
  const a = Math.abs(rho);
  return a < 0.1 ? "no" : a < 0.3 ? "a weak" : a < 0.5 ? "a moderate" : "a strong";
}

/**
 * A correlation in plain words. `effectiveN` is what the minimum applies to: n for a plain Spearman,
 * df + 2 for the pooled within-rep figure (the same thing when there is one rep).
 */
function reading(c: RankCorrelation, effectiveN: number, what: { units: string; more: string; less: string; none: string }) {
  if (c.rho === null) return { meaningful: false, summary: `Not computed: ${c.undefinedBecause}.` };
  const figures = `ρ = ${fixed(c.rho)}, n = ${c.n}${c.p === null ? "" : `, ${pValue(c.p)}`}`;
  if (effectiveN < MIN_CORRELATION_N)
    return {
      meaningful: false,
      summary: `Not yet meaningful: only ${effectiveN} ${what.units} (at least ${MIN_CORRELATION_N} are needed before a correlation says anything). Shown for completeness: ${figures}.`,
    };
  const direction = Math.abs(c.rho) < 0.1 ? what.none : c.rho > 0 ? what.more : what.less;
  const chance = c.p !== null && c.p < 0.05 ? "unlikely to be chance alone" : "could well be chance";
  return {
    meaningful: true,
    summary: `${direction}: ${strength(c.rho)} link (${figures}), ${chance}. A correlation, not proof that training causes wins.`,
  };
}

export interface RepTotals {
  member: AnalyticsMemberRef;
  trainingHours: number;
  outcomes: number;
  dealsClosed: number;
}

/** Spearman's ρ across reps with ≥ 1 outcome in the period: training hours vs win rate (won / outcomes). */
export function acrossReps(reps: RepTotals[]): AcrossRepsCorrelation {
  const points = reps
    .filter((r) => r.outcomes > 0)
    .map((r) => ({ memberId: r.member.id, name: r.member.name, trainingHours: r.trainingHours, outcomes: r.outcomes, dealsClosed: r.dealsClosed, winRate: r.dealsClosed / r.outcomes }));
  const c = spearman(
    points.map((p) => p.trainingHours),
    points.map((p) => p.winRate),
  );
  const words = reading(c, c.n, {
    units: c.n === 1 ? "rep with outcomes" : "reps with outcomes",
    more: "Reps who train more win a larger share of their deals",
    less: "Reps who train more win a smaller share of their deals",
    none: "Training hours and win rate do not move together across reps",
  });
  return { rho: c.rho, n: c.n, p: c.p, ...words, points };
}

/** One usable rep-week: hours practised that week and the win rate of the outcomes in the four weeks after. */
export interface RepWeek {
  memberId: string;
  week: string;
  trainingHours: number;
  laterOutcomes: number;
  laterWinRate: number;
}

export interface ForwardWindow {
  week: string;
  /** The Mondays of the four weeks after it. */
  following: string[];
}

/** Every complete ISO week inside the period, with the four weeks that follow it. */
export function forwardWindows(period: ResolvedPeriod): ForwardWindow[] {
  return completeWeeks(period.from, period.to).map((week) => ({ week, following: [1, 2, 3, 4].map((k) => addDays(week, 7 * k)) }));
}

/**
 * The rep-weeks the within-rep correlation uses: every complete ISO week inside the period (no practice = 0 hours)
 * whose following four weeks have at least one outcome (those outcomes may close after the period).
 */
export function repWeeks(period: ResolvedPeriod, memberIds: string[], practice: PracticeWeek[], outcomes: OutcomeWeek[], weeks = forwardWindows(period)): RepWeek[] {
  const out: RepWeek[] = [];
  for (const memberId of memberIds) {
    const seconds = new Map<string, number>();
    for (const p of practice) if (p.memberId === memberId) seconds.set(p.week, (seconds.get(p.week) ?? 0) + p.seconds);
    const closed = new Map<string, { n: number; won: number }>();
    for (const o of outcomes) {
      if (o.memberId !== memberId) continue;
      const t = closed.get(o.week) ?? { n: 0, won: 0 };
      t.n += o.n;
      t.won += o.won;
      closed.set(o.week, t);
    }
    for (const { week, following } of weeks) {
      let n = 0;
      let won = 0;
      for (const later of following) {
        const t = closed.get(later);
        if (t) {
          n += t.n;
          won += t.won;
        }
      }
      if (n > 0) out.push({ memberId, week, trainingHours: (seconds.get(week) ?? 0) / 3600, laterOutcomes: n, laterWinRate: won / n });
    }
  }
  return out;
}

export function withinRep(weeks: RepWeek[]): WithinRepCorrelation {
  const byRep = new Map<string, { x: number[]; y: number[] }>();
  for (const w of weeks) {
    const g = byRep.get(w.memberId) ?? { x: [], y: [] };
    g.x.push(w.trainingHours);
    g.y.push(w.laterWinRate);
    byRep.set(w.memberId, g);
  }
  const c = withinGroupSpearman([...byRep.values()]);
  const effectiveN = c.df + 2;
  const words = reading(c, effectiveN, {
    units: c.groups <= 1 ? "weeks with later outcomes" : "effective rep-weeks (rep-weeks, less one for each rep after the first)",
    more: "In weeks with more practice, the next four weeks' win rate tends to be higher",
    less: "In weeks with more practice, the next four weeks' win rate tends to be lower",
    none: "Weekly practice and the next four weeks' win rate do not move together",
  });
  return { rho: c.rho, n: c.n, p: c.p, reps: c.groups, df: c.df, ...words };
}
