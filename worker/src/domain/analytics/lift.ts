// Per-category lift: does the funnel step a category trains get better after a rep starts practising it?
// Before = the rep's outcomes in the 30 days before their first attempt in the category; after = the 30 days
// from their third. Only reps with outcomes at that step on both sides count (so before and after pool the
// same reps). The difference of the pooled rates gets a seeded hierarchical bootstrap 95% interval.
import { type Category, type CategoryLift, categoryLabels, categoryLiftSteps, type LiftStep, liftStepLabels, SMALL_N } from "@dq/shared";
import type { FunnelCounts, LiftWindow } from "./inputs.ts";
import { bootstrapDifference, type PairedGroup, type Proportion, seedOf, wilson } from "./stats.ts";
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
  const interval = bootstrapDifference(paired, seedOf(category), replicates);
  const result = { category, step, reps: paired.length, repsWithoutData, before, after, difference: interval.difference, low: interval.low, high: interval.high };
  return { ...result, summary: liftSummary(result) };
}

function liftSummary(l: Omit<CategoryLift, "summary">): string {
  const label = categoryLabels[l.category];
  const stepLabel = liftStepLabels[l.step];
  if (l.reps === 0) {
    if (l.repsWithoutData === 0) return `${label}: nobody reached three practice attempts in this period, so there is no before/after to compare.`;
    return `${label}: ${plural(l.repsWithoutData, "rep")} reached three practice attempts in this period, but without outcomes at this step both before and after there is nothing to compare yet.`;
  }
  const head = `${label} (${stepLabel}): ${pct(l.before.rate!)} of ${l.before.n} before practice → ${pct(l.after.rate!)} of ${l.after.n} after, ${points(l.difference!)} points`;
  if (l.low === null || l.high === null) return `${head}.`;
  const range = `95% interval ${points(l.low)} to ${points(l.high)}`;
  const verdict =
    l.low > 0
      ? "the whole interval is above zero, so a real improvement is likely"
      : l.high < 0
        ? "the whole interval is below zero, so this step got worse after practice"
        : "the interval includes zero, so no clear change yet";
  const few = l.before.n < SMALL_N || l.after.n < SMALL_N ? " Few outcomes: treat it as a hint." : "";
  const who = l.reps === 1 ? "" : ` Pooled over ${l.reps} reps.`;
  return `${head} (${range}): ${verdict}.${who}${few} Before/after is not a controlled experiment.`;
}

export function lift(windows: LiftWindow[], replicates = LIFT_BOOTSTRAP_REPLICATES): CategoryLift[] {
  return liftCategories.map((c) => categoryLift(c, windows, replicates));
}
