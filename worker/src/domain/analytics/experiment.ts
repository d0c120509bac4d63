// The statistics of the nudge-holdout experiment (experiment mode): each (rep × category × 4-week block) is an
// assignment unit drawn at random into "nudge" or "holdout"; a unit's outcome is k successes out of n deals
// at the funnel step its category trains. Here: the draw, the blocks, the randomization test over units, the
// comparison of the arms and how many more rep-months a given difference needs. Storage, routes and the words
// the UI shows are the integration's.
import { EXPERIMENT_BLOCK_DAYS, EXPERIMENT_TARGET_DIFFERENCE, type ExperimentArm } from "@dq/shared";
import { errorFunction, probit } from "simple-statistics";
import { rng } from "../random.ts";
import { addDays, daysBetween, mondayOf } from "./period.ts";
import { type DifferenceInterval, newcombeDifference, type Proportion, seedOf } from "./stats.ts";

export interface AssignmentUnit {
  teamId: string;
  memberId: string;
  category: string;
  /** The block's first day (YYYY-MM-DD, a Monday). */
  blockStart: string;
}

/**
 * The arm of one unit: "holdout" with probability `holdoutShare`, independently for every unit. The draw is the
 * first output of the seeded PRNG keyed by a hash of the experiment's seed and the unit, so it is reproducible
 * (the same unit always gets the same arm under the same seed and share) and needs no stored state to redo.
 */
export function assignArm(seed: string, unit: AssignmentUnit, holdoutShare: number): ExperimentArm {
  if (!(holdoutShare >= 0 && holdoutShare <= 1)) throw new RangeError(`holdout share must be in [0, 1], got ${holdoutShare}`);
  const key = [seed, unit.teamId, unit.memberId, unit.category, unit.blockStart].join("\u001f");
  return rng(seedOf(key)).next() < holdoutShare ? "holdout" : "nudge";
}

/**
 * The first day of the 4-week block containing `day`, blocks counted from the Monday of `epoch`'s week (the
 * experiment's first Monday). Days before the epoch fall in earlier blocks (counted backwards).
 */
export function blockStartOf(day: string, epoch: string): string {
  const first = mondayOf(epoch);
  return addDays(first, Math.floor(daysBetween(first, day) / EXPERIMENT_BLOCK_DAYS) * EXPERIMENT_BLOCK_DAYS);
}

/** The block containing `day`: its first and last day (inclusive). */
export function blockOf(day: string, epoch: string): { start: string; end: string } {
  const start = blockStartOf(day, epoch);
  return { start, end: addDays(start, EXPERIMENT_BLOCK_DAYS - 1) };
}

/** One assignment unit's arm and outcome: k successes of n deals at the category's step. */
export interface ExperimentUnit {
  arm: ExperimentArm;
  k: number;
  n: number;
  /**
   * Units are re-assigned only within their stratum (default: one for all). Units drawn with different holdout
   * shares (the share changed mid-experiment) belong in different strata: re-assigning across them would treat
   * a unit drawn at 20% and one drawn at 50% as equally likely to be held out.
   */
  stratum?: string;
}

export interface PermutationResult {
  /** Two-sided p-value; null when an arm has no outcomes. */
  p: number | null;
  method: "exact" | "monte_carlo";
  /** Re-assignments the p-value is computed over (all of them, or the Monte Carlo draws). */
  permutations: number;
}

export interface PermutationOptions {
  seed: number;
  /** Enumerate every re-assignment when there are at most this many (default 20,000). */
  maxExact?: number;
  /** Monte Carlo re-assignments otherwise (default 10,000). */
  draws?: number;
}

/** A re-assignment's statistic equal to the observed one up to rounding counts as "as extreme". */
const TIE_TOLERANCE = 1e-12;

/** One stratum's units and the subset of them currently drawn (its smaller arm). */
interface Stratum {
  k: Float64Array;
  n: Float64Array;
  /** Whether the drawn subset is the held-out arm (else the nudged one). */
  drawHoldout: boolean;
  size: number;
  kAll: number;
  nAll: number;
  /** The drawn units' sums. */
  kDrawn: number;
  nDrawn: number;
  /** Exact: the drawn indices, a combination in lexicographic order. Monte Carlo: the first `size` of `order`. */
  pick: number[];
  order: number[];
}

function stratumOf(units: ExperimentUnit[]): Stratum {
  const held = units.filter((u) => u.arm === "holdout").length;
  const drawHoldout = held <= units.length - held;
  const s: Stratum = {
    k: Float64Array.from(units, (u) => u.k),
    n: Float64Array.from(units, (u) => u.n),
    drawHoldout,
    size: drawHoldout ? held : units.length - held,
    kAll: 0,
    nAll: 0,
    kDrawn: 0,
    nDrawn: 0,
    pick: [],
    order: units.map((_, i) => i),
  };
  for (const u of units) {
    s.kAll += u.k;
    s.nAll += u.n;
  }
  return s;
}

function sumPicked(s: Stratum, indices: number[]) {
  s.kDrawn = 0;
  s.nDrawn = 0;
  for (let i = 0; i < s.size; i++) {
    s.kDrawn += s.k[indices[i]!]!;
    s.nDrawn += s.n[indices[i]!]!;
  }
}

/** The next combination of the stratum's drawn indices; false (and back to the first) after the last. */
function nextCombination(s: Stratum): boolean {
  const { pick, size } = s;
  const total = s.k.length;
  let j = size - 1;
  while (j >= 0 && pick[j] === total - size + j) j--;
  if (j >= 0) {
    pick[j]!++;
    for (let i = j + 1; i < size; i++) pick[i] = pick[i - 1]! + 1;
  } else {
    for (let i = 0; i < size; i++) pick[i] = i;
  }
  sumPicked(s, pick);
  return j >= 0;
}

/**
 * A two-sided randomization test of "the nudge changes nothing" (each unit's outcome would be the same in either
 * arm), with the difference of pooled rates Σk/Σn (nudge) − Σk/Σn (holdout) as the statistic. The units are
 * re-assigned keeping the number of held-out units (per stratum) fixed: arms are drawn independently per unit,
 * and given how many units were held out every set of that size was equally likely. Units without outcomes
 * (n = 0) leave the statistic unchanged whatever their arm, so the test conditions on them and re-assigns only
 * units with outcomes (that keeps both arms non-empty in every re-assignment). Because whole units move,
 * outcomes that are correlated within a unit (same rep, same month) do not make the test anti-conservative.
 *
 * p = share of re-assignments with |statistic| ≥ |observed|: over all of them (Π C(Uₛ, hₛ)) when there are at
 * most `maxExact`, otherwise over `draws` seeded random ones, p = (b + 1)/(draws + 1), which keeps the test
 * valid. (simple-statistics' permutationTest compares means of per-unit values, not pooled rates: it does not fit.)
 */
export function permutationTest(units: ExperimentUnit[], opts: PermutationOptions): PermutationResult {
  const maxExact = opts.maxExact ?? 20_000;
  const draws = opts.draws ?? 10_000;
  const used = units.filter((u) => u.n > 0);
  let kAll = 0;
  let nAll = 0;
  let kHeld = 0;
  let nHeld = 0;
  const groups = new Map<string, ExperimentUnit[]>();
  for (const u of used) {
    kAll += u.k;
    nAll += u.n;
    if (u.arm === "holdout") {
      kHeld += u.k;
      nHeld += u.n;
    }
    const key = u.stratum ?? "";
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  if (nHeld === 0 || nHeld === nAll) return { p: null, method: "exact", permutations: 0 };
  const strata = [...groups.values()].map(stratumOf);
  const statistic = (kH: number, nH: number) => (kAll - kH) / (nAll - nH) - kH / nH;
  const threshold = Math.abs(statistic(kHeld, nHeld)) - TIE_TOLERANCE;
  const isExtreme = () => {
    let kH = 0;
    let nH = 0;
    for (const s of strata) {
      kH += s.drawHoldout ? s.kDrawn : s.kAll - s.kDrawn;
      nH += s.drawHoldout ? s.nDrawn : s.nAll - s.nDrawn;
    }
    return Math.abs(statistic(kH, nH)) >= threshold;
  };

  let count: number | null = 1;
  for (const s of strata) {
    const c = combinationsUpTo(s.k.length, s.size, maxExact);
    count = c === null || count * c > maxExact ? null : count * c;
    if (count === null) break;
  }
  if (count !== null) {
    // Every combination of every stratum, like an odometer: the first stratum turns fastest.
    for (const s of strata) {
      s.pick = Array.from({ length: s.size }, (_, i) => i);
      sumPicked(s, s.pick);
    }
    let extreme = 0;
    let more = true;
    while (more) {
      if (isExtreme()) extreme++;
      more = strata.some((s) => nextCombination(s));
    }
    return { p: extreme / count, method: "exact", permutations: count };
  }

  // A uniform random subset per stratum and draw: the first `size` places of a partial Fisher–Yates shuffle (from
  // any starting order, so the index arrays are reused across draws).
  const random = rng(opts.seed).next;
  let extreme = 0;
  for (let d = 0; d < draws; d++) {
    for (const s of strata) {
      const { order, size } = s;
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(random() * (order.length - i));
        const chosen = order[j]!;
        order[j] = order[i]!;
        order[i] = chosen;
      }
      sumPicked(s, order);
    }
    if (isExtreme()) extreme++;
  }
  return { p: (extreme + 1) / (draws + 1), method: "monte_carlo", permutations: draws };
}

/** C(n, r) when it is at most `cap`, else null (computed without ever exceeding cap · n). */
function combinationsUpTo(n: number, r: number, cap: number): number | null {
  let c = 1;
  for (let i = 0; i < r; i++) {
    c = (c * (n - i)) / (i + 1); // C(n, i + 1): always a whole number
    if (c > cap) return null;
  }
  return c;
}

export interface ArmTotals extends Proportion {
  /** Assignment units in the arm (with or without outcomes). */
  units: number;
}

export interface ArmsAnalysis {
  nudge: ArmTotals;
  holdout: ArmTotals;
  /** Nudge − holdout with Newcombe's interval; null when an arm has no outcomes. */
  difference: DifferenceInterval | null;
  permutation: PermutationResult;
  /** The 95% interval excludes 0 and the randomization test's p < 0.05. */
  conclusive: boolean;
}

/** Σk, Σn and the number of units of each arm. */
export function armTotals(units: ExperimentUnit[]): { nudge: ArmTotals; holdout: ArmTotals } {
  const nudge = { k: 0, n: 0, units: 0 };
  const holdout = { k: 0, n: 0, units: 0 };
  for (const u of units) {
    const arm = u.arm === "holdout" ? holdout : nudge;
    arm.k += u.k;
    arm.n += u.n;
    arm.units++;
  }
  return { nudge, holdout };
}

/**
 * The arms compared: pooled rates, their difference with Newcombe's hybrid score interval, and the
 * randomization test over units. The interval treats outcomes as independent (it ignores clustering within
 * units); the test does not, and "conclusive" asks for both.
 */
export function analyseArms(units: ExperimentUnit[], opts: PermutationOptions): ArmsAnalysis {
  const { nudge, holdout } = armTotals(units);
  const difference = nudge.n > 0 && holdout.n > 0 ? newcombeDifference(nudge, holdout) : null;
  const permutation = permutationTest(units, opts);
  const conclusive = !!difference && (difference.low > 0 || difference.high < 0) && permutation.p !== null && permutation.p < 0.05;
  return { nudge, holdout, difference, permutation, conclusive };
}

/**
 * All categories' units as one experiment: pooled rates, their difference and the test over every unit (each
 * category's own step, so the pooled rate mixes steps in proportion to their outcomes). The test re-assigns
 * units within their category (and within their own strata), so the categories' different base rates add no
 * noise to it.
 *
 * Multiplicity: alongside one result per category, the pooled result is one more test. With several categories
 * each tested at 5%, the chance that at least one is "conclusive" by luck alone is well above 5% (about
 * 1 − 0.95^m for m independent tests); the pooled test is the one pre-specified overall question, and a single
 * conclusive category among several inconclusive ones should be read with that in mind.
 */
export function poolAcrossCategories(byCategory: ExperimentUnit[][], opts: PermutationOptions): ArmsAnalysis {
  return analyseArms(
    byCategory.flatMap((units, c) => units.map((u) => ({ ...u, stratum: `${c}\u001f${u.stratum ?? ""}` }))),
    opts,
  );
}

/** The standard normal quantile: simple-statistics' probit (1.957 at 0.975) refined by Newton steps on its erf. */
function normalQuantile(p: number): number {
  let z = probit(p);
  for (let i = 0; i < 2; i++) z -= (0.5 * (1 + errorFunction(z / Math.SQRT2)) - p) / (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
  return z;
}

export interface SampleSizeInput {
  /** The step's rate without the nudge. */
  baseline: number;
  /** The difference to detect (nudge − holdout); the sign says which side of the baseline. */
  difference: number;
  holdoutShare: number;
  /** Mean outcomes per unit with outcomes. */
  outcomesPerUnit: number;
  /** Coefficient of variation of outcomes per unit with outcomes (0 when all units have the same n). */
  outcomesPerUnitCv?: number;
  /** Intra-unit correlation of outcomes (0 = independent). */
  icc?: number;
  /** Two-sided (default 0.05). */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
}

/**
 * Units with outcomes needed to detect `difference` with the given power by a two-sided test at `alpha`:
 * the two-proportion sample size for unequal allocation (Fleiss, no continuity correction), with holdout share q
 * of outcomes at rate p0 and 1 − q at p1 = p0 + δ, p̄ = (1 − q)·p1 + q·p0:
 *   N = [z(1−α/2)·√(p̄(1 − p̄)(1/q + 1/(1 − q))) + z(power)·√(p1(1 − p1)/(1 − q) + p0(1 − p0)/q)]² / δ²
 * outcomes, inflated by the design effect of outcomes clustered in units of unequal size (Eldridge et al. 2006,
 * Int J Epidemiol 35:1292): 1 + ((cv² + 1)·m − 1)·ICC, then divided by m. Arms are drawn per unit, so the
 * number held out varies (Binomial(U, q)); since E[1/h] ≈ (1 + (1 − q)/(Uq))/(Uq), the variance of the
 * difference matches a fixed split's of U units with U + (1 − q)²/q + q²/(1 − q) units (3.25 at q = 0.2),
 * which are added. (Simulated at 45% → 60%, 3–8 outcomes per unit, q = 0.2: the randomization test reaches
 * 80% power at this size, the interval excludes 0 in about 82% of experiments.)
 * Null when a rate is 0 or 1 or outside.
 */
export function unitsForPower(input: SampleSizeInput): number | null {
  const { baseline: p0, difference: delta, holdoutShare: q, outcomesPerUnit: m } = input;
  const p1 = p0 + delta;
  if (!(p0 > 0 && p0 < 1 && p1 > 0 && p1 < 1 && delta !== 0 && q > 0 && q < 1 && m > 0)) return null;
  const za = normalQuantile(1 - (input.alpha ?? 0.05) / 2);
  const zb = normalQuantile(input.power ?? 0.8);
  const pBar = (1 - q) * p1 + q * p0;
  const root = za * Math.sqrt(pBar * (1 - pBar) * (1 / q + 1 / (1 - q))) + zb * Math.sqrt((p1 * (1 - p1)) / (1 - q) + (p0 * (1 - p0)) / q);
  const outcomes = (root * root) / (delta * delta);
  const cv = input.outcomesPerUnitCv ?? 0;
  const designEffect = 1 + ((cv * cv + 1) * m - 1) * (input.icc ?? 0);
  const splitVariation = (1 - q) ** 2 / q + q ** 2 / (1 - q);
  return Math.ceil((outcomes * designEffect) / m + splitVariation);
}

/**
 * The intra-unit correlation of outcomes by one-way ANOVA for binary outcomes in clusters of unequal size
 * (Fleiss, Statistical Methods for Rates and Proportions, ch. 15), each arm centred on its own rate so a real
 * effect is not mistaken for clustering. Negative estimates become 0; null with fewer than 3 units with outcomes
 * per arm or fewer outcomes than units + 2.
 */
export function intraUnitCorrelation(units: ExperimentUnit[]): number | null {
  const used = units.filter((u) => u.n > 0);
  const { nudge, holdout } = armTotals(used);
  if (nudge.units < 3 || holdout.units < 3) return null;
  const rate = { nudge: nudge.k / nudge.n, holdout: holdout.k / holdout.n };
  const nAll = nudge.n + holdout.n;
  const groups = used.length;
  if (nAll - groups < 2) return null;
  let between = 0;
  let within = 0;
  const squares = { nudge: 0, holdout: 0 };
  for (const u of used) {
    const p = u.k / u.n;
    between += u.n * (p - rate[u.arm]) ** 2;
    within += u.k * (1 - p);
    squares[u.arm] += u.n * u.n;
  }
  const msb = between / (groups - 2);
  const msw = within / (nAll - groups);
  const m0 = (nAll - squares.nudge / nudge.n - squares.holdout / holdout.n) / (groups - 2);
  const denominator = msb + (m0 - 1) * msw;
  if (!(denominator > 0)) return null;
  return Math.min(1, Math.max(0, (msb - msw) / denominator));
}

export interface PowerNote {
  targetDifference: number;
  /** Units (rep-months of the category, with or without outcomes) the target needs in all. */
  unitsNeeded: number;
  /** How many more than there are now (0 when already enough). */
  moreUnits: number;
  /** The step's rate the note assumes without the nudge (both arms pooled). */
  baseline: number;
  /** The intra-unit correlation used (0 when it could not be estimated). */
  icc: number;
  iccEstimated: boolean;
}

/**
 * How many more units until `targetDifference` (default 10 points) would be detectable with 80% power at
 * two-sided 5%, at the current data: the baseline is the pooled rate of both arms (the holdout alone is usually
 * too small to lean on), the alternative the baseline + target (− target if that reaches 100%), outcomes per
 * unit and their spread from units with outcomes, units without outcomes counted as they occur (so the answer is
 * in rep-months), and the intra-unit correlation estimated from the data (0 when it cannot be: then the note
 * may under-count when outcomes of a unit move together). `holdoutShare` is the design's share; without it, the
 * share of units held out so far. Null with no outcomes, a pooled rate of 0 or 1, or no unit in an arm.
 */
export function powerNote(input: { units: ExperimentUnit[]; holdoutShare?: number; targetDifference?: number }): PowerNote | null {
  const { units } = input;
  const targetDifference = input.targetDifference ?? EXPERIMENT_TARGET_DIFFERENCE;
  const used = units.filter((u) => u.n > 0);
  if (used.length === 0) return null;
  const holdoutShare = input.holdoutShare ?? units.filter((u) => u.arm === "holdout").length / units.length;
  let k = 0;
  let n = 0;
  let squares = 0;
  for (const u of used) {
    k += u.k;
    n += u.n;
    squares += u.n * u.n;
  }
  const baseline = k / n;
  const m = n / used.length;
  const cv = Math.sqrt(Math.max(0, squares / used.length - m * m)) / m;
  const estimated = intraUnitCorrelation(units);
  const icc = estimated ?? 0;
  const difference = baseline + targetDifference < 1 ? targetDifference : -targetDifference;
  const withOutcomes = unitsForPower({ baseline, difference, holdoutShare, outcomesPerUnit: m, outcomesPerUnitCv: cv, icc });
  if (withOutcomes === null) return null;
  // In rep-months: scaled up by the share of units that have outcomes at all.
  const unitsNeeded = Math.ceil((withOutcomes * units.length) / used.length);
  return { targetDifference, unitsNeeded, moreUnits: Math.max(0, unitsNeeded - units.length), baseline, icc, iccEstimated: estimated !== null };
}
