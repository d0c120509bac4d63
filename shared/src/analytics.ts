// Proof of value: deals closed per training hour, the outcome funnel, strategy and tactic effectiveness,
// cycle times, training-vs-outcome correlation and per-category lift. Every figure carries its n, and
// every figure that can mislead carries a plain-words caveat the UI shows as is.
import { z } from "zod";
import { DAY_MS } from "./common.ts";
import { Id, IsoDate, Timestamp } from "./common.ts";
import { Category, Role } from "./vocabulary.ts";

/** Longest period one request may cover (two years), so a request's work stays bounded. */
export const MAX_ANALYTICS_DAYS = 731;
/** The period when the query names none: the last 90 days, today included. */
export const DEFAULT_ANALYTICS_DAYS = 90;
/** Below this many reps (or independent observations), a correlation is "not yet meaningful". */
export const MIN_CORRELATION_N = 8;
/** Below this many outcomes, a rate is flagged as too few to compare. */
export const SMALL_N = 10;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

export const AnalyticsQuery = z
  .object({
    /** First day of the period (inclusive, UTC). Default: 89 days before `to`. */
    from: IsoDate.optional(),
    /** Last day of the period (inclusive, UTC). Default: today. */
    to: IsoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must be on or before `to`." });
    else if (q.from && q.to && dayNumber(q.to) - dayNumber(q.from) + 1 > MAX_ANALYTICS_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `A period covers at most ${MAX_ANALYTICS_DAYS} days.` });
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

export const AnalyticsPeriod = z.object({
  from: IsoDate,
  to: IsoDate,
  days: z.number().int(),
});
export type AnalyticsPeriod = z.infer<typeof AnalyticsPeriod>;

/** A proportion k / n with its Wilson 95% interval (z = 1.96); rate and bounds are null when n = 0. */
export const Rate = z.object({
  k: z.number().int(),
  n: z.number().int(),
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type Rate = z.infer<typeof Rate>;

/** The north star: deals closed (won) per training hour. */
export const NorthStar = z.object({
  dealsClosed: z.number().int(),
  /** All outcomes in the period (won, lost, ghosted). */
  outcomes: z.number().int(),
  attempts: z.number().int(),
  /** Sum over attempts of min(durationSec, 1800). */
  practiceSeconds: z.number().int(),
  trainingHours: z.number(),
  /** dealsClosed / trainingHours; null when there was no practice (see `caveat`). */
  dealsPerTrainingHour: z.number().nullable(),
  caveat: z.string().nullable(),
});
export type NorthStar = z.infer<typeof NorthStar>;

/** One ISO week of the north star (weeks cut by the period's edges count only their days inside it). */
export const NorthStarWeek = z.object({
  /** ISO week, e.g. "2026-W07". */
  week: z.string(),
  /** The week's Monday. */
  start: IsoDate,
  daysInPeriod: z.number().int(),
  attempts: z.number().int(),
  trainingHours: z.number(),
  outcomes: z.number().int(),
  dealsClosed: z.number().int(),
  dealsPerTrainingHour: z.number().nullable(),
});
export type NorthStarWeek = z.infer<typeof NorthStarWeek>;

export const OutcomeFunnel = z.object({
  n: z.number().int(),
  /** responded / n */
  responded: Rate,
  /** meetingBooked / responded */
  meetingBooked: Rate,
  /** won / n */
  won: Rate,
  /** lost / n */
  lost: Rate,
  /** ghosted / n */
  ghosted: Rate,
  caveat: z.string().nullable(),
});
export type OutcomeFunnel = z.infer<typeof OutcomeFunnel>;

/** How one strategy or tactic did: response (responded / n), meeting (meetingBooked / responded), win (won / n). */
export const PlaybookEffectiveness = z.object({
  id: z.string(),
  label: z.string(),
  n: z.number().int(),
  response: Rate,
  meeting: Rate,
  win: Rate,
  caveat: z.string().nullable(),
});
export type PlaybookEffectiveness = z.infer<typeof PlaybookEffectiveness>;

export const Effectiveness = z.object({
  /** Strategies with at least one outcome in the period, most used first. */
  strategies: z.array(PlaybookEffectiveness),
  tactics: z.array(PlaybookEffectiveness),
  /** Outcomes recorded without a strategy (counted in the funnel, not here). */
  withoutStrategy: z.number().int(),
  caveat: z.string().nullable(),
});
export type Effectiveness = z.infer<typeof Effectiveness>;

export const CycleTimeGroup = z.object({ id: z.string(), label: z.string(), n: z.number().int(), medianDays: z.number().nullable() });
export type CycleTimeGroup = z.infer<typeof CycleTimeGroup>;

/** Median days from the lead's creation (the CRM's date, else first seen) to closedAt, for won deals. */
export const CycleTime = z.object({
  n: z.number().int(),
  medianDays: z.number().nullable(),
  byStrategy: z.array(CycleTimeGroup),
  caveat: z.string().nullable(),
});
export type CycleTime = z.infer<typeof CycleTime>;

/** A Spearman rank correlation with its two-sided p-value (t approximation) and a plain-words reading. */
export const Correlation = z.object({
  rho: z.number().nullable(),
  n: z.number().int(),
  p: z.number().nullable(),
  /** False below the minimum n: the figure is shown for completeness, not as evidence. */
  meaningful: z.boolean(),
  summary: z.string(),
});
export type Correlation = z.infer<typeof Correlation>;

export const RepEngagementPoint = z.object({
  memberId: Id,
  name: z.string(),
  trainingHours: z.number(),
  outcomes: z.number().int(),
  dealsClosed: z.number().int(),
  winRate: z.number(),
});
export type RepEngagementPoint = z.infer<typeof RepEngagementPoint>;

/** Across the team's reps with ≥ 1 outcome: training hours vs win rate (won / outcomes). */
export const AcrossRepsCorrelation = Correlation.extend({ points: z.array(RepEngagementPoint) });
export type AcrossRepsCorrelation = z.infer<typeof AcrossRepsCorrelation>;

/**
 * Within each rep over weeks: training hours in a week vs the win rate of the outcomes in the following four
 * weeks. Ranks are taken within each rep and centred on the rep's own mean, then pooled (n = rep-weeks,
 * degrees of freedom = n − reps − 1), so only a rep's changes over time count, not differences between reps.
 */
export const WithinRepCorrelation = Correlation.extend({ reps: z.number().int(), df: z.number().int() });
export type WithinRepCorrelation = z.infer<typeof WithinRepCorrelation>;

export const liftSteps = ["responded", "meeting_given_response", "won_given_meeting", "not_ghosted"] as const;
export const LiftStep = z.enum(liftSteps);
export type LiftStep = z.infer<typeof LiftStep>;

export const liftStepLabels: Record<LiftStep, string> = {
  responded: "response rate",
  meeting_given_response: "meetings booked after a response",
  won_given_meeting: "wins after a meeting",
  not_ghosted: "deals not ghosted",
};

/** The funnel step each category trains (categories not listed train no single step). */
export const categoryLiftSteps: Partial<Record<Category, LiftStep>> = {
  cold_outreach: "responded",
  meeting_booking: "meeting_given_response",
  pricing: "won_given_meeting",
  negotiation: "won_given_meeting",
  closing: "won_given_meeting",
  re_engagement: "not_ghosted",
};

/** Fewer outcomes than this before or after practice, and a lift gets no interval: "too few outcomes to say". */
export const MIN_LIFT_OUTCOMES = 5;
/**
 * From this many reps with outcomes on both sides, a lift's interval is a bootstrap over reps (which allows for
 * reps differing from one another); with fewer, resampling reps says little, so it is Newcombe's interval.
 */
export const MIN_BOOTSTRAP_REPS = 8;

/**
 * How a lift's 95% interval was computed:
 * - `newcombe_hybrid_score`: Newcombe's hybrid score interval for the difference of two independent
 *   proportions (Newcombe 1998, method 10), from the Wilson intervals of the pooled before and after rates.
 *   Used below MIN_BOOTSTRAP_REPS reps, and whenever the bootstrap would be degenerate.
 * - `rep_clustered_bootstrap`: a seeded percentile bootstrap that resamples reps, then each rep's outcomes.
 */
export const liftMethods = ["newcombe_hybrid_score", "rep_clustered_bootstrap"] as const;
export const LiftMethod = z.enum(liftMethods);
export type LiftMethod = z.infer<typeof LiftMethod>;

export const liftMethodLabels: Record<LiftMethod, string> = {
  newcombe_hybrid_score: "Newcombe hybrid score interval",
  rep_clustered_bootstrap: "bootstrap over reps",
};

/**
 * - `measured`: outcomes on both sides, at least MIN_LIFT_OUTCOMES each: a difference with its interval.
 * - `too_few`: outcomes on both sides, but fewer than MIN_LIFT_OUTCOMES on one: no interval, "too few to say".
 * - `none`: no rep has outcomes at the trained step both before and after practice.
 */
export const liftStatuses = ["measured", "too_few", "none"] as const;
export const LiftStatus = z.enum(liftStatuses);
export type LiftStatus = z.infer<typeof LiftStatus>;

/**
 * The rate at the step a category trains, on outcomes in the 30 days before the rep's first practice attempt
 * in that category vs the 30 days after their third, pooled across reps, with a 95% interval of the difference
 * (after − before) whose method is named.
 */
export const CategoryLift = z.object({
  category: Category,
  step: LiftStep,
  /** Reps whose third attempt in this category fell in the period and who have outcomes on both sides. */
  reps: z.number().int(),
  /** Reps who reached three attempts in the period but lack outcomes before or after. */
  repsWithoutData: z.number().int(),
  /** The pooled rate at the step over those reps' outcomes before practice, with its Wilson interval. */
  before: Rate,
  /** The same after practice. */
  after: Rate,
  /** Whether there is a difference to read, and whether it has an interval (see LiftStatus). */
  status: LiftStatus,
  /** after.rate − before.rate; null when status is `none`. Reported for `too_few` too, but not as a result. */
  difference: z.number().nullable(),
  /** Lower bound of the 95% interval of the difference; null unless status is `measured`. */
  low: z.number().nullable(),
  /** Upper bound of the 95% interval of the difference; null unless status is `measured`. */
  high: z.number().nullable(),
  /** How low and high were computed; null when there is no interval. */
  method: LiftMethod.nullable(),
  /** The reading in plain words, naming the interval's method. */
  summary: z.string(),
});
export type CategoryLift = z.infer<typeof CategoryLift>;

/** Everything computed for one set of outcomes and attempts (the team's, or one rep's). */
export const AnalyticsFigures = z.object({
  northStar: NorthStar,
  weekly: z.array(NorthStarWeek),
  funnel: OutcomeFunnel,
  effectiveness: Effectiveness,
  cycleTime: CycleTime,
  withinRep: WithinRepCorrelation,
  lift: z.array(CategoryLift),
});
export type AnalyticsFigures = z.infer<typeof AnalyticsFigures>;

export const AnalyticsMember = z.object({ id: Id, name: z.string(), role: Role });
export type AnalyticsMember = z.infer<typeof AnalyticsMember>;

export const RepAnalytics = AnalyticsFigures.extend({ member: AnalyticsMember });
export type RepAnalytics = z.infer<typeof RepAnalytics>;

export const TeamAnalytics = z.object({
  period: AnalyticsPeriod,
  generatedAt: Timestamp,
  team: AnalyticsFigures.extend({
    /** Reps on the team (managers' own practice and deals are not counted). */
    reps: z.number().int(),
    acrossReps: AcrossRepsCorrelation,
  }),
  reps: z.array(RepAnalytics),
});
export type TeamAnalytics = z.infer<typeof TeamAnalytics>;

export const MyAnalytics = RepAnalytics.extend({ period: AnalyticsPeriod, generatedAt: Timestamp });
export type MyAnalytics = z.infer<typeof MyAnalytics>;
