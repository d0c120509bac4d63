// Did nudges cause it? A randomized holdout the product runs by itself when a manager switches experiment mode
// on: each (rep × category × 4-week block) is assigned at random to "nudge" or "holdout"; held-out reps get no
// nudge and no "Recommended for you" push for that category in that block (the library stays open). The outcome
// is the funnel step the category trains (as the lift figures define it), on the rep's deals in the 30 days
// after the block started. Unlike every other figure on the dashboard, this one is causal.
import { z } from "zod";
import { IsoDate, Timestamp } from "./common.ts";
import { LiftStep, Rate, categoryLiftSteps } from "./analytics.ts";
import { Category } from "./vocabulary.ts";

/** An assignment unit's block: four weeks from a Monday, counted from the experiment's first Monday. */
export const EXPERIMENT_BLOCK_DAYS = 28;
/** A unit's outcomes: the rep's deals at the category's step in this many days from the block's start. */
export const EXPERIMENT_WINDOW_DAYS = 30;
/** The report covers at most this many blocks (about a year), so its work stays bounded. */
export const EXPERIMENT_MAX_BLOCKS = 13;
/** Below this many outcomes in an arm, no interval and no test: "too few outcomes". */
export const MIN_EXPERIMENT_OUTCOMES = 5;
/** The difference the power note asks about: how long until 10 points would be detectable. */
export const EXPERIMENT_TARGET_DIFFERENCE = 0.1;

export const experimentDefaults = { enabled: false, holdoutShare: 0.2 } as const;

/** The categories an experiment can test: those that train one funnel step (the others have no outcome to compare). */
export const experimentCategories = Object.keys(categoryLiftSteps) as Category[];

export const ExperimentArm = z.enum(["nudge", "holdout"]);
export type ExperimentArm = z.infer<typeof ExperimentArm>;

export const ExperimentSettings = z.object({
  /** Experiment mode: off by default; only a manager changes it. */
  enabled: z.boolean(),
  /** Share of (rep × category × block) units held out from nudges. */
  holdoutShare: z.number().min(0.05).max(0.5),
  /** The first block's Monday (set when the experiment is first switched on; kept when it is switched off). */
  startedOn: IsoDate.nullable(),
  /** The block today falls in, while the experiment is on. */
  currentBlock: z.object({ start: IsoDate, end: IsoDate }).nullable(),
});
export type ExperimentSettings = z.infer<typeof ExperimentSettings>;

export const PatchExperimentRequest = z
  .object({ enabled: z.boolean().optional(), holdoutShare: z.number().min(0.05).max(0.5).optional() })
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: "Send `enabled`, `holdoutShare` or both." });
export type PatchExperimentRequest = z.infer<typeof PatchExperimentRequest>;

/**
 * - `conclusive`: both arms have enough outcomes, the 95% interval excludes 0 and the permutation p < 0.05.
 * - `inconclusive`: enough outcomes, but the interval includes 0 or p ≥ 0.05.
 * - `too_few`: an arm has fewer than MIN_EXPERIMENT_OUTCOMES outcomes: no interval, no test.
 * - `none`: an arm has no outcomes at all.
 */
export const ExperimentStatus = z.enum(["conclusive", "inconclusive", "too_few", "none"]);
export type ExperimentStatus = z.infer<typeof ExperimentStatus>;

/**
 * How the p-value was computed: a two-sided randomization (permutation) test over the assignment units
 * (rep × block) — every re-assignment with the same number of held-out units (`permutation_exact`) when there
 * are few enough, otherwise a seeded Monte Carlo sample of them (`permutation_monte_carlo`, p = (b + 1)/(m + 1)).
 */
export const ExperimentTest = z.enum(["permutation_exact", "permutation_monte_carlo"]);
export type ExperimentTest = z.infer<typeof ExperimentTest>;

export const ExperimentResult = z.object({
  /** The category tested; null for the result pooled across categories. */
  category: Category.nullable(),
  /** The funnel step it trains; null when pooled (each category's own step). */
  step: LiftStep.nullable(),
  /** Assignment units (rep-months) whose outcome window has started, per arm. */
  units: z.object({ nudge: z.number().int(), holdout: z.number().int() }),
  /** The step's rate over the nudged units' outcomes, with its Wilson interval. */
  nudged: Rate,
  /** The same over the held-out units' outcomes. */
  heldOut: Rate,
  status: ExperimentStatus,
  /** nudged − held out; null when an arm has no outcomes. */
  difference: z.number().nullable(),
  /** 95% interval of the difference (Newcombe's hybrid score interval); null unless there are enough outcomes. */
  low: z.number().nullable(),
  high: z.number().nullable(),
  interval: z.literal("newcombe_hybrid_score").nullable(),
  /** Two-sided p-value of the randomization test; null unless there are enough outcomes. */
  p: z.number().nullable(),
  test: ExperimentTest.nullable(),
  /** Re-assignments the p-value was computed over. */
  permutations: z.number().int(),
  /** How many more rep-months until a 10-point difference would be detectable (80% power, two-sided 5%) at the current rates. */
  power: z
    .object({ targetDifference: z.number(), unitsNeeded: z.number().int(), moreUnits: z.number().int() })
    .nullable(),
  /** The reading in plain words, naming the interval and the test. */
  summary: z.string(),
});
export type ExperimentResult = z.infer<typeof ExperimentResult>;

export const ExperimentReport = z.object({
  settings: ExperimentSettings,
  /** One result per testable category (see experimentCategories). */
  categories: z.array(ExperimentResult),
  /** All categories' units together; read with the multiplicity caveat. */
  pooled: ExperimentResult,
  /** Plain-words caveats the UI shows as they are. */
  caveats: z.array(z.string()),
  computedAt: Timestamp,
});
export type ExperimentReport = z.infer<typeof ExperimentReport>;
