// Per-category lift: does the funnel step a category trains get better after a rep starts practising it?
// Before = the rep's outcomes in the 30 days before their first attempt in the category; after = the 30 days
// from their third. Only reps with outcomes at that step on both sides count (so before and after pool the
// same reps). The difference of the pooled rates gets a 95% interval whose method is named: Newcombe's score
// interval with few reps, a seeded bootstrap over reps with enough of them, none below MIN_LIFT_OUTCOMES.
import {
  type Category,
  type CategoryLift,
  categoryLabels,
  categoryLiftSteps,
  type LiftMethod,
  type LiftStatus,
  type LiftStep,
  liftStepLabels,
  MIN_BOOTSTRAP_REPS,
  MIN_LIFT_OUTCOMES,
  type Rate,
  SMALL_N,
} from "@dq/shared";
import type { FunnelCounts, LiftWindow } from "./inputs.ts";
import { bootstrapDifference, newcombeDifference, type PairedGroup, type Proportion, seedOf, wilson } from "./stats.ts";
import { pct, plural, points } from "./words.ts";

/** The categories that train one funnel step, in display order. */
export const liftCategories = Object.keys(categoryLiftSteps) as Category[];

/** The step's successes (k) out of the outcomes it applies to (n). */
export function stepRate(step: LiftStep, c: FunnelCounts & { wonAfterMeeting: number }): Proportion {
  switch (step) {
    case "responded":
      return { k: c.responded, n: c.n };
    case "meeting_given_response":
      return { k: c.meetingBooked, n: c.responded };
    case "won_given_meeting":
      return { k: c.wonAfterMeeting, n: c.meetingBooked };
    case "not_ghosted":
      return { k: c.n - c.ghosted, n: c.n };
  }
}

export const LIFT_BOOTSTRAP_REPLICATES = 2000;

export function categoryLift(category: Category, windows: LiftWindow[], replicates = LIFT_BOOTSTRAP_REPLICATES): CategoryLift {
  const step = categoryLiftSteps[category];
  if (!step) throw new Error(`${category} trains no single funnel step`);
  const byRep = new Map<string, PairedGroup>();
  for (const w of windows) {
    if (w.category !== category) continue;
    const g = byRep.get(w.memberId) ?? { before: { k: 0, n: 0 }, after: { k: 0, n: 0 } };
    const r = stepRate(step, w);
    const side = g[w.side];
    side.k += r.k;
    side.n += r.n;
    byRep.set(w.memberId, g);
  }
  // Sorted by rep so the bootstrap does not depend on the order rows arrive in.
  const paired = [...byRep]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g)
    .filter((g) => g.before.n > 0 && g.after.n > 0);
  const repsWithoutData = byRep.size - paired.length;
  const before = wilson(
    paired.reduce((s, g) => s + g.before.k, 0),
    paired.reduce((s, g) => s + g.before.n, 0),
  );
  const after = wilson(
    paired.reduce((s, g) => s + g.after.k, 0),
    paired.reduce((s, g) => s + g.after.n, 0),
  );
  const status: LiftStatus = paired.length === 0 ? "none" : before.n < MIN_LIFT_OUTCOMES || after.n < MIN_LIFT_OUTCOMES ? "too_few" : "measured";
  const difference = status === "none" ? null : after.rate! - before.rate!;
  const interval = status === "measured" ? liftInterval(paired, before, after, seedOf(category), replicates) : { low: null, high: null, method: null };
  const result = { category, step, reps: paired.length, repsWithoutData, before, after, status, difference, ...interval };
  return { ...result, summary: liftSummary(result) };
}

export interface LiftInterval {
  low: number;
  high: number;
  method: LiftMethod;
}

/**
 * The 95% interval of after − before for pooled rates with at least MIN_LIFT_OUTCOMES on each side.
 *
 * With MIN_BOOTSTRAP_REPS reps or more, the rep-clustered bootstrap: it resamples reps, so it allows for reps
 * differing from one another and for before and after coming from the same reps. With fewer reps, resampling
 * them says little, so Newcombe's score interval, which treats before and after as two independent samples of
 * independent outcomes. That is the standard approximation for a before/after comparison of pooled rates, and
 * its two errors pull in opposite directions: the same reps on both sides correlate the rates (the independent
 * interval is then too wide), while deals of one rep resembling each other makes it too narrow.
 *
 * A percentile bootstrap is never shown degenerate: when a pooled side is 0% or 100% every resample repeats it
 * (the "0 to 0" or "−100" artefacts), a zero-width interval claims certainty, and one that leaves out the
 * observed difference is skewed past use; all three fall back to Newcombe.
 */
export function liftInterval(paired: PairedGroup[], before: Rate, after: Rate, seed: number, replicates = LIFT_BOOTSTRAP_REPLICATES): LiftInterval {
  const extreme = (r: Rate) => r.k === 0 || r.k === r.n;
  if (paired.length >= MIN_BOOTSTRAP_REPS && !extreme(before) && !extreme(after)) {
    const boot = bootstrapDifference(paired, seed, replicates);
    const d = boot.difference;
    if (d !== null && boot.low !== null && boot.high !== null && boot.low <= d && d <= boot.high && boot.high > boot.low)
      return { low: boot.low, high: boot.high, method: "rep_clustered_bootstrap" };
  }
  const { low, high, method } = newcombeDifference(after, before);
  return { low, high, method };
}

/** The method in plain words, as the summaries say it. */
function methodWords(method: LiftMethod, reps: number): string {
  return method === "rep_clustered_bootstrap" ? `bootstrap over the ${reps} reps and their deals` : "Newcombe's score interval, counting each deal as independent";
}

function liftSummary(l: Omit<CategoryLift, "summary">): string {
  const label = categoryLabels[l.category];
  const stepLabel = liftStepLabels[l.step];
  if (l.status === "none") {
    if (l.repsWithoutData === 0) return `${label}: nobody reached three practice attempts in this period, so there is no before/after to compare.`;
    return `${label}: ${plural(l.repsWithoutData, "rep")} reached three practice attempts in this period, but without outcomes at this step both before and after there is nothing to compare yet.`;
  }
  if (l.status === "too_few")
    return `${label} (${stepLabel}): too few outcomes (${l.before.n} before, ${l.after.n} after) to say; a before/after comparison needs at least ${MIN_LIFT_OUTCOMES} on each side.`;
  const head = `${label} (${stepLabel}): ${pct(l.before.rate!)} of ${l.before.n} before practice → ${pct(l.after.rate!)} of ${l.after.n} after, ${points(l.difference!)} points`;
  const range = `95% interval ${points(l.low!)} to ${points(l.high!)}, ${methodWords(l.method!, l.reps)}`;
  const verdict =
    l.low! > 0
      ? "the whole interval is above zero, so a real improvement is likely"
      : l.high! < 0
        ? "the whole interval is below zero, so this step got worse after practice"
        : "the interval includes zero, so no clear change yet";
  const few = l.before.n < SMALL_N || l.after.n < SMALL_N ? " Few outcomes: treat it as a hint." : "";
  const who = l.reps === 1 ? "" : ` Pooled over ${l.reps} reps.`;
  return `${head} (${range}): ${verdict}.${who}${few} Before/after is not a controlled experiment.`;
}

export function lift(windows: LiftWindow[], replicates = LIFT_BOOTSTRAP_REPLICATES): CategoryLift[] {
  return liftCategories.map((c) => categoryLift(c, windows, replicates));
}
