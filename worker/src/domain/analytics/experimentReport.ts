// The experiment's report: each assignment unit (rep × category × block) gets the outcomes at its category's
// step from the rep's deals closed in the 30 days from the block's start; the arms are compared per category
// and pooled, with Newcombe's interval, a randomization test over the units, and a power note, in plain words.
import {
  type Category,
  DAY_MS,
  EXPERIMENT_TARGET_DIFFERENCE,
  EXPERIMENT_WINDOW_DAYS,
  type ExperimentReport,
  type ExperimentResult,
  type ExperimentSettings,
  type LiftStep,
  MIN_EXPERIMENT_OUTCOMES,
  categoryLabels,
  categoryLiftSteps,
  experimentCategories,
} from "@dq/shared";
import { type ExperimentUnit, analyseArms, powerNote } from "./experiment.ts";
import { seedOf, wilson } from "./stats.ts";
import { pct, plural, points, pValue } from "./words.ts";

export interface ExperimentInput {
  settings: ExperimentSettings;
  /** The team's experiment seed: the Monte Carlo draws of the tests are reproducible from it. */
  seed: string;
  assignments: { member_id: string; category: string; block_start: string; arm: "nudge" | "holdout"; holdout_share: number }[];
  deals: { member_id: string; responded: number; meeting_booked: number; result: "won" | "lost" | "ghosted"; closed_at: string }[];
  now: Date;
}

/** Successes and trials of one deal at a step: the deal counts only if it reached the step. */
export function dealAtStep(step: LiftStep, d: ExperimentInput["deals"][number]): { k: number; n: number } {
  switch (step) {
    case "responded":
      return { k: d.responded, n: 1 };
    case "meeting_given_response":
      return d.responded ? { k: d.meeting_booked, n: 1 } : { k: 0, n: 0 };
    case "won_given_meeting":
      return d.meeting_booked ? { k: d.result === "won" ? 1 : 0, n: 1 } : { k: 0, n: 0 };
    case "not_ghosted":
      return { k: d.result === "ghosted" ? 0 : 1, n: 1 };
  }
}

/** What the nudged reps did, in words, for a rate at a step ("booked a meeting after 61% of replies"). */
const DID: Record<LiftStep, (p: string) => string> = {
  responded: (p) => `got a reply to ${p} of first contacts`,
  meeting_given_response: (p) => `booked a meeting after ${p} of replies`,
  won_given_meeting: (p) => `won ${p} of deals that reached a meeting`,
  not_ghosted: (p) => `kept ${p} of deals from going silent`,
};

/** Each unit of these assignments with its outcomes (units whose window has not started yet are left out). */
export function unitsOf(input: Pick<ExperimentInput, "assignments" | "deals" | "now">, category: Category | null): (ExperimentUnit & { category: Category })[] {
  const today = input.now.toISOString().slice(0, 10);
  const byMember = new Map<string, ExperimentInput["deals"]>();
  for (const d of input.deals) byMember.set(d.member_id, [...(byMember.get(d.member_id) ?? []), d]);
  const units: (ExperimentUnit & { category: Category })[] = [];
  for (const a of input.assignments) {
    const c = a.category as Category;
    const step = categoryLiftSteps[c];
    if (!step || (category && c !== category) || a.block_start > today) continue;
    const from = `${a.block_start}T00:00:00.000Z`;
    const to = new Date(Date.parse(from) + EXPERIMENT_WINDOW_DAYS * DAY_MS).toISOString();
    let k = 0;
    let n = 0;
    for (const d of byMember.get(a.member_id) ?? []) {
      if (d.closed_at < from || d.closed_at >= to) continue;
      const r = dealAtStep(step, d);
      k += r.k;
      n += r.n;
    }
    // The randomization test re-assigns units only among those drawn at the same share (a manager may change it).
    units.push({ arm: a.arm, k, n, category: c, stratum: `${c}:${a.holdout_share}` });
  }
  return units;
}

function result(category: Category | null, units: ExperimentUnit[], seed: string, holdoutShare: number): ExperimentResult {
  const step = category ? (categoryLiftSteps[category] ?? null) : null;
  const a = analyseArms(units, { seed: seedOf(`${seed}:${category ?? "pooled"}`) });
  const nudged = wilson(a.nudge.k, a.nudge.n);
  const heldOut = wilson(a.holdout.k, a.holdout.n);
  const status = nudged.n === 0 || heldOut.n === 0 ? "none" : nudged.n < MIN_EXPERIMENT_OUTCOMES || heldOut.n < MIN_EXPERIMENT_OUTCOMES ? "too_few" : a.conclusive ? "conclusive" : "inconclusive";
  const measured = status === "conclusive" || status === "inconclusive";
  const power = powerNote({ units, holdoutShare, targetDifference: EXPERIMENT_TARGET_DIFFERENCE });
  const r: Omit<ExperimentResult, "summary"> = {
    category,
    step,
    units: { nudge: a.nudge.units, holdout: a.holdout.units },
    nudged,
    heldOut,
    status,
    difference: status === "none" ? null : nudged.rate! - heldOut.rate!,
    low: measured && a.difference ? a.difference.low : null,
    high: measured && a.difference ? a.difference.high : null,
    interval: measured && a.difference ? "newcombe_hybrid_score" : null,
    p: measured ? a.permutation.p : null,
    test: measured && a.permutation.p !== null ? (a.permutation.method === "exact" ? "permutation_exact" : "permutation_monte_carlo") : null,
    permutations: measured ? a.permutation.permutations : 0,
    power: power ? { targetDifference: EXPERIMENT_TARGET_DIFFERENCE, unitsNeeded: power.unitsNeeded, moreUnits: power.moreUnits } : null,
  };
  return { ...r, summary: summaryOf(r) };
}

/** The result in one plain sentence (or two), naming the interval and the test. */
export function summaryOf(r: Omit<ExperimentResult, "summary">): string {
  const unitCount = r.units.nudge + r.units.holdout;
  const where = `In ${plural(unitCount, "rep-month")} (${r.units.nudge} nudged, ${r.units.holdout} held out)`;
  const what = r.category ? categoryLabels[r.category].toLowerCase() : "all categories together";
  const powerWords = !r.power
    ? ""
    : r.power.moreUnits > 0
      ? ` About ${plural(r.power.moreUnits, "more rep-month")} would make a ${Math.round(r.power.targetDifference * 100)}-point difference detectable at these rates.`
      : ` The experiment is already large enough to detect a ${Math.round(r.power.targetDifference * 100)}-point difference at these rates.`;
  if (r.status === "none") return `${where}, ${what}: no outcomes at this step yet in ${r.nudged.n === 0 && r.heldOut.n === 0 ? "either arm" : r.nudged.n === 0 ? "the nudged arm" : "the held-out arm"}.`;
  if (r.status === "too_few")
    return `${where}, ${what}: too few outcomes to compare yet (${r.nudged.n} nudged, ${r.heldOut.n} held out; ${MIN_EXPERIMENT_OUTCOMES} needed in each).${powerWords}`;
  const did = r.step ? DID[r.step](pct(r.nudged.rate!)) : `succeeded at the trained step on ${pct(r.nudged.rate!)} of deals`;
  const test = r.test === "permutation_exact" ? "exact permutation test" : "permutation test";
  const verdict = r.status === "conclusive" ? `conclusive: nudged reps did ${r.difference! > 0 ? "better" : "worse"}` : "not yet conclusive";
  const interval = r.low !== null && r.high !== null ? `, 95% ${points(r.low)} to ${points(r.high)} (Newcombe)` : "";
  const p = r.p !== null ? `, ${pValue(r.p)} (${test})` : "";
  return `${where}, ${what}: nudged reps ${did} vs ${pct(r.heldOut.rate!)} held out: ${points(r.difference!)} points${interval}${p} — ${verdict}.${r.status === "inconclusive" ? powerWords : ""}`;
}

export function experimentReport(input: ExperimentInput): ExperimentReport {
  const all = unitsOf(input, null);
  const share = input.settings.holdoutShare;
  const categories = experimentCategories.map((c) => result(c, all.filter((u) => u.category === c), input.seed, share));
  const pooled = result(null, all, input.seed, share);
  const caveats = [
    "Arms were assigned at random, so a difference here is caused by the nudges (within its interval), unlike the practice-vs-outcome figures above.",
    `${experimentCategories.length} categories are tested at once: at a 5% level, one of them may look conclusive by chance even when nudges do nothing. The pooled result (all units together) is the one test that does not multiply that chance.`,
    "Held-out reps could still open the library and practise on their own: the result is the effect of the nudges and recommendations, not of practice itself.",
  ];
  return { settings: input.settings, categories, pooled, caveats, computedAt: input.now.toISOString() };
}
