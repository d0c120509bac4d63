// The statistics behind the analytics: Wilson intervals, Newcombe's interval for a difference of two
// proportions, Spearman correlation with its t-approximation p-value (pooled within groups too), medians and a
// seeded hierarchical bootstrap. The heavy lifting is
// simple-statistics (rank correlation, medians, quantiles, resampling) and @stdlib (ranks, the t CDF).
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import ranks from "@stdlib/stats-ranks";
import { gammaln, median, quantile, sampleCorrelation, sampleRankCorrelation, sampleWithReplacement } from "simple-statistics";
import type { Rate } from "@dq/shared";
import { rng } from "../random.ts";

/** z for a two-sided 95% interval. */
export const Z95 = 1.96;

/** k / n with its Wilson score interval (z = 1.96); null rate and bounds when n = 0. */
export function wilson(k: number, n: number, z = Z95): Rate {
  if (n <= 0) return { k, n, rate: null, low: null, high: null };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { k, n, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Two-sided p-value of a correlation coefficient r under H0: ρ = 0, by the usual t approximation. */
export function correlationPValue(r: number, df: number): number | null {
  if (!(df >= 1) || !Number.isFinite(r)) return null;
  if (Math.abs(r) >= 1) return 0;
  const t = Math.abs(r) * Math.sqrt(df / (1 - r * r));
  // 2 · P(T ≤ −|t|) keeps precision for small p (1 − cdf would round to 0).
  return Math.min(1, 2 * tcdf(-t, df));
}

/** Rounding can push a perfect correlation a hair past ±1. */
const clamp = (r: number) => Math.max(-1, Math.min(1, r));

export interface RankCorrelation {
  /** Null when it cannot be computed (fewer than 3 pairs, or no variation in one variable). */
  rho: number | null;
  n: number;
  p: number | null;
  /** Why rho is null, in plain words. */
  undefinedBecause: string | null;
}

/** Spearman's ρ (Pearson's r on average ranks, so ties are handled) with the t-approximation p-value. */
export function spearman(x: number[], y: number[]): RankCorrelation {
  const n = Math.min(x.length, y.length);
  if (n < 3) return { rho: null, n, p: null, undefinedBecause: `a correlation needs at least 3 pairs (have ${n})` };
  if (new Set(x).size < 2 || new Set(y).size < 2)
    return { rho: null, n, p: null, undefinedBecause: `one of the two measures is the same for everyone` };
  const rho = clamp(sampleRankCorrelation(x.slice(0, n), y.slice(0, n)));
  return { rho, n, p: correlationPValue(rho, n - 2), undefinedBecause: null };
}

export interface GroupedRankCorrelation extends RankCorrelation {
  groups: number;
  /** n − groups − 1 */
  df: number;
}

/**
 * A within-group rank correlation: x and y are ranked (average ties) inside each group and centred on the
 * group's mean rank, then pooled; ρ is the correlation of the pooled centred ranks and the p-value uses
 * df = n − groups − 1 (as in a repeated-measures correlation). Groups with fewer than 2 pairs are left out.
 * With one group this is exactly Spearman's ρ.
 */
export function withinGroupSpearman(groups: { x: number[]; y: number[] }[]): GroupedRankCorrelation {
  const used = groups.filter((g) => g.x.length >= 2 && g.x.length === g.y.length);
  const cx: number[] = [];
  const cy: number[] = [];
  for (const g of used) {
    const centre = (g.x.length + 1) / 2; // the mean of ranks 1..m, ties averaged or not
    for (const r of ranks(g.x)) cx.push(r - centre);
    for (const r of ranks(g.y)) cy.push(r - centre);
  }
  const n = cx.length;
  const df = n - used.length - 1;
  const base = { n, groups: used.length, df: Math.max(0, df) };
  if (df < 1) return { ...base, rho: null, p: null, undefinedBecause: `too few weeks with later outcomes (${n} rep-weeks across ${used.length} reps)` };
  if (cx.every((v) => v === 0) || cy.every((v) => v === 0))
    return { ...base, rho: null, p: null, undefinedBecause: "training hours or later win rates never change within a rep" };
  const rho = clamp(sampleCorrelation(cx, cy));
  return { ...base, rho, p: correlationPValue(rho, df), undefinedBecause: null };
}

/** The median, or null for no values. */
export function medianOrNull(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

export interface Proportion {
  k: number;
  n: number;
}

export interface DifferenceInterval {
  /** a − b */
  difference: number;
  low: number;
  high: number;
  method: "newcombe_hybrid_score";
}

/**
 * The difference of two independent proportions (a − b) with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998, Statistics in Medicine 17:873–890; no continuity correction): each side's distance to its
 * Wilson limits, combined in quadrature. It keeps close to nominal coverage at small n and at 0% or 100%,
 * where a Wald or percentile bootstrap interval collapses to a point. Both n must be positive.
 */
export function newcombeDifference(a: Proportion, b: Proportion, z = Z95): DifferenceInterval {
  if (a.n <= 0 || b.n <= 0) throw new RangeError("a difference of proportions needs outcomes on both sides");
  const p1 = wilson(a.k, a.n, z);
  const p2 = wilson(b.k, b.n, z);
  const [r1, l1, u1] = [p1.rate!, p1.low!, p1.high!];
  const [r2, l2, u2] = [p2.rate!, p2.low!, p2.high!];
  const difference = r1 - r2;
  return {
    difference,
    low: Math.max(-1, difference - Math.hypot(r1 - l1, u2 - r2)),
    high: Math.min(1, difference + Math.hypot(u1 - r1, r2 - l2)),
    method: "newcombe_hybrid_score",
  };
}

export interface PairedGroup {
  before: Proportion;
  after: Proportion;
}

export interface BootstrapInterval {
  difference: number | null;
  low: number | null;
  high: number | null;
  /** Replicates that had outcomes on both sides. */
  replicates: number;
}

const pooled = (xs: Proportion[]) => {
  let k = 0;
  let n = 0;
  for (const x of xs) {
    k += x.k;
    n += x.n;
  }
  return { k, n };
};

/**
 * The pooled difference of two rates (after − before) across groups, with a percentile bootstrap 95% interval:
 * each replicate resamples the groups (reps) with replacement, then each chosen group's before and after
 * outcomes with replacement. Seeded, so the same data gives the same interval.
 */
export function bootstrapDifference(groups: PairedGroup[], seed: number, replicates = 2000): BootstrapInterval {
  const before = pooled(groups.map((g) => g.before));
  const after = pooled(groups.map((g) => g.after));
  if (before.n === 0 || after.n === 0) return { difference: null, low: null, high: null, replicates: 0 };
  const difference = after.k / after.n - before.k / before.n;
  const random = rng(seed).next;
  // Resampling n outcomes of which k are successes, with replacement, draws Binomial(n, k/n) successes:
  // one uniform and a binary search in that distribution's CDF (built once per group and side).
  const samplers = groups.map((g) => ({ before: binomialSampler(g.before), after: binomialSampler(g.after), nb: g.before.n, na: g.after.n }));
  const indices = groups.map((_, i) => i);
  const diffs: number[] = [];
  for (let b = 0; b < replicates; b++) {
    let kb = 0, nb = 0, ka = 0, na = 0;
    for (const i of sampleWithReplacement(indices, indices.length, random)) {
      const draw = samplers[i]!;
      kb += draw.before(random());
      nb += draw.nb;
      ka += draw.after(random());
      na += draw.na;
    }
    if (nb > 0 && na > 0) diffs.push(ka / na - kb / nb);
  }
  if (diffs.length === 0) return { difference, low: null, high: null, replicates: 0 };
  return { difference, low: quantile(diffs, 0.025), high: quantile(diffs, 0.975), replicates: diffs.length };
}

/**
 * Inverse-CDF sampling of Binomial(n, k/n): given a uniform u in [0, 1), the number of successes. The CDF is
 * built in log space (simple-statistics' log-gamma), so large n neither underflows nor overflows.
 */
export function binomialSampler({ k, n }: Proportion): (u: number) => number {
  if (n === 0 || k === 0) return () => 0;
  if (k === n) return () => n;
  const p = k / n;
  const logP = Math.log(p);
  const logQ = Math.log(1 - p);
  const logNFactorial = gammaln(n + 1);
  const cdf = new Float64Array(n + 1);
  let total = 0;
  for (let j = 0; j <= n; j++) {
    total += Math.exp(logNFactorial - gammaln(j + 1) - gammaln(n - j + 1) + j * logP + (n - j) * logQ);
    cdf[j] = total;
  }
  return (u) => {
    const target = u * total; // total is 1 up to rounding
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so each category's bootstrap has its own reproducible stream. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
