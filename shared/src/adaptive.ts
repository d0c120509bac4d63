// The adaptive loop: weak areas from practice and real deals, recommendations, nudges, scenarios
// drafted from won deals (and from the team's casebook and company knowledge), and the nudge rules.
import { z } from "zod";
import { Id, Timestamp } from "./common.ts";
import { Pitfalls, Rubric, ScenarioSource } from "./scenarios.ts";
import { ScenarioSummary } from "./training.ts";
import { Category, Difficulty, Industry, Persona } from "./vocabulary.ts";

// ── Deep links into the side panel ────────────────────────────────────────────────────────────

/** Opens the side panel at one scenario ("Practice now"). */
export const scenarioLink = (scenarioId: string) => `sidepanel.html#/scenario/${encodeURIComponent(scenarioId)}`;

/** Opens the side panel's training list filtered to a category (and difficulty). */
export function practiceLink(category: Category, difficulty?: Difficulty): string {
  return `sidepanel.html#/train?category=${category}${difficulty ? `&difficulty=${difficulty}` : ""}`;
}

// ── Weak areas ────────────────────────────────────────────────────────────────────────────────

export const evidenceSources = ["practice", "deals"] as const;
export const EvidenceSource = z.enum(evidenceSources);

/** One plain-words reason a rep would believe ("3 of your last 5 first emails got no reply; team: 1 in 4"). */
export const Evidence = z.object({ source: EvidenceSource, text: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const WeakArea = z.object({
  category: Category,
  label: z.string(),
  /** 0–1: how much this category holds the rep back (practice and real deals combined). */
  weakness: z.number().min(0).max(1),
  /** The level to practise at next. */
  suggestedDifficulty: Difficulty,
  evidence: z.array(Evidence),
  practice: z
    .object({
      attempts: z.number().int(),
      /** Recent scores in this category, decayed by age and shrunk toward the rep's own mean. */
      recentScore: z.number(),
      /** The rep's mean across all practice. */
      ownMean: z.number(),
    })
    .nullable(),
  deals: z
    .object({
      /** Deals that died at this step among the rep's recent deals that reached it. */
      failures: z.number().int(),
      chances: z.number().int(),
      /** The rep's raw rate, and shrunk toward the team's rate (so one deal cannot decide). */
      rate: z.number(),
      adjustedRate: z.number(),
      teamRate: z.number(),
    })
    .nullable(),
  /** Side-panel link to practise this category at the suggested difficulty. */
  link: z.string(),
});
export type WeakArea = z.infer<typeof WeakArea>;

export const WeakAreaList = z.object({
  /** Strongest weakness first; only categories with some evidence. */
  weakAreas: z.array(WeakArea),
  basis: z.object({ attempts: z.number().int(), deals: z.number().int(), openLeads: z.number().int() }),
  computedAt: Timestamp,
});
export type WeakAreaList = z.infer<typeof WeakAreaList>;

// ── Recommendations ───────────────────────────────────────────────────────────────────────────

export const Recommendation = z.object({
  scenario: ScenarioSummary,
  /** Relative rank score (weakness × difficulty fit × novelty × closeness to open deals). */
  score: z.number(),
  /** One line on why this scenario, now. */
  reason: z.string(),
  factors: z.object({ weakness: z.number(), difficultyFit: z.number(), novelty: z.number(), dealFit: z.number() }),
  link: z.string(),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const RecommendationQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export type RecommendationQuery = z.infer<typeof RecommendationQuery>;

export const RecommendationList = z.object({ recommendations: z.array(Recommendation), computedAt: Timestamp });
export type RecommendationList = z.infer<typeof RecommendationList>;

// ── Nudges ────────────────────────────────────────────────────────────────────────────────────

/**
 * no_meeting: a prospect replied but no meeting was booked; stale_lead: an open lead has been quiet;
 * practice_gap: no practice for a few days; lost_on_price: a deal was lost on price.
 */
export const nudgeKinds = ["no_meeting", "stale_lead", "practice_gap", "lost_on_price"] as const;
export const NudgeKind = z.enum(nudgeKinds);
export type NudgeKind = z.infer<typeof NudgeKind>;

export const nudgeStatuses = ["open", "acted", "dismissed"] as const;
export const NudgeStatus = z.enum(nudgeStatuses);

export const NudgeScenario = z.object({ id: Id, title: z.string(), category: Category, difficulty: Difficulty });

export const Nudge = z.object({
  id: Id,
  kind: NudgeKind,
  message: z.string(),
  /** The lead this nudge is about (shown on that lead's panel), if any. */
  leadId: Id.nullable(),
  scenario: NudgeScenario,
  /** "Practice now": opens the side panel at the scenario. */
  link: z.string(),
  status: NudgeStatus,
  snoozedUntil: Timestamp.nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type Nudge = z.infer<typeof Nudge>;

export const NudgeList = z.object({ nudges: z.array(Nudge) });
export type NudgeList = z.infer<typeof NudgeList>;

export const SnoozeNudgeRequest = z.object({
  /** Hide the nudge for this many hours (default: until the same time tomorrow). */
  hours: z.number().int().min(1).max(24 * 14).default(24),
});
export type SnoozeNudgeRequest = z.infer<typeof SnoozeNudgeRequest>;

export const NudgeResponse = z.object({ nudge: Nudge });
export type NudgeResponse = z.infer<typeof NudgeResponse>;

// ── Nudge rules (per team) ────────────────────────────────────────────────────────────────────

export const adaptiveSettingsDefaults = { staleLeadDays: 14, maxNudgesPerDay: 3, practiceGapDays: 3 } as const;

export const AdaptiveSettings = z.object({
  /** An open lead with no stage or status change for this many days is stale. */
  staleLeadDays: z.number().int().min(1).max(180),
  /** New nudges per rep per UTC day, at most. */
  maxNudgesPerDay: z.number().int().min(0).max(20),
  /** Days without practice before the "no practice" nudge. */
  practiceGapDays: z.number().int().min(1).max(60),
});
export type AdaptiveSettings = z.infer<typeof AdaptiveSettings>;

export const PatchAdaptiveSettingsRequest = AdaptiveSettings.partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: "Send at least one setting to change." });
export type PatchAdaptiveSettingsRequest = z.infer<typeof PatchAdaptiveSettingsRequest>;

export const ScheduleRun = z.object({ job: z.string(), trigger: z.enum(["cron", "manual"]), startedAt: Timestamp, finishedAt: Timestamp.nullable(), summary: z.record(z.string(), z.unknown()) });

export const AdaptiveSettingsResponse = z.object({ settings: AdaptiveSettings, lastRuns: z.array(ScheduleRun) });
export type AdaptiveSettingsResponse = z.infer<typeof AdaptiveSettingsResponse>;

export const ScheduleRunResponse = z.object({
  /** What each job did for the caller's team (counts), or its error. */
  jobs: z.record(z.string(), z.union([z.record(z.string(), z.number()), z.string()])),
  ranAt: Timestamp,
});
export type ScheduleRunResponse = z.infer<typeof ScheduleRunResponse>;

// ── Scenarios drafted from deals, the casebook and knowledge; review and publish ──────────────

/** A scenario with everything an editor needs (the full rubric and the ideal response). */
export const EditableScenario = ScenarioSummary.extend({
  situation: z.string(),
  buyerLine: z.string(),
  idealResponse: z.string(),
  rubric: Rubric,
  /** Moves a coach marks down here; absent from scenarios stored before pitfalls existed. */
  pitfalls: Pitfalls.default([]),
  /** What the buyer says after a strong answer (a practice conversation's end); null or absent: none. */
  closingLine: z.string().nullable().optional(),
  authorId: Id.nullable(),
  leadId: Id.nullable(),
  updatedAt: Timestamp,
});
export type EditableScenario = z.infer<typeof EditableScenario>;

export const CreateScenarioDraftRequest = z.object({
  /** The rep agrees that this won deal, anonymized, becomes practice material for the team. */
  consent: z.literal(true, { error: "The rep's consent is required: send consent: true." }),
  /** How the deal was won, in the rep's words; defaults to the approach recorded with the won outcome. */
  winningApproach: z.string().trim().min(20).max(4000).optional(),
});
export type CreateScenarioDraftRequest = z.infer<typeof CreateScenarioDraftRequest>;

/** How many values of each kind the anonymizer replaced. */
export const Replacements = z.object({
  people: z.number().int(),
  organisations: z.number().int(),
  emails: z.number().int(),
  phones: z.number().int(),
  urls: z.number().int(),
  amounts: z.number().int(),
  dates: z.number().int(),
  ids: z.number().int(),
});
export type Replacements = z.infer<typeof Replacements>;

export const CreateScenarioDraftResponse = z.object({
  scenario: EditableScenario,
  replacements: Replacements,
  xp: z.object({ awarded: z.number().int(), total: z.number().int() }),
});
export type CreateScenarioDraftResponse = z.infer<typeof CreateScenarioDraftResponse>;

const LongText = (min: number, max: number) => z.string().trim().min(min).max(max);

export const PatchScenarioRequest = z
  .object({
    title: LongText(5, 120),
    category: Category,
    difficulty: Difficulty,
    persona: Persona,
    industry: Industry.nullable(),
    situation: LongText(40, 2000),
    buyerLine: LongText(10, 1000),
    idealResponse: LongText(40, 3000),
    rubric: Rubric,
    pitfalls: Pitfalls,
    /** null removes it (the conversation then ends on a neutral line). */
    closingLine: LongText(3, 240).nullable(),
  })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: "Send at least one field to change." });
export type PatchScenarioRequest = z.infer<typeof PatchScenarioRequest>;

export const ScenarioDraftQuery = z.object({ source: ScenarioSource.optional() });
export type ScenarioDraftQuery = z.infer<typeof ScenarioDraftQuery>;

export const ReviewItem = EditableScenario.extend({ authorName: z.string().nullable() });
export const ScenarioDraftList = z.object({ drafts: z.array(ReviewItem) });
export type ScenarioDraftList = z.infer<typeof ScenarioDraftList>;

export const EditableScenarioResponse = z.object({ scenario: EditableScenario });
export type EditableScenarioResponse = z.infer<typeof EditableScenarioResponse>;

// ── Company knowledge ─────────────────────────────────────────────────────────────────────────

/** product_fact: what the product does or proves; objection: what buyers say and how we answer; competitor: who else and how we differ. */
export const knowledgeKinds = ["product_fact", "objection", "competitor"] as const;
export const KnowledgeKind = z.enum(knowledgeKinds);
export type KnowledgeKind = z.infer<typeof KnowledgeKind>;

export const CreateKnowledgeRequest = z.object({
  kind: KnowledgeKind,
  /** The fact's name, the objection as a buyer says it, or the competitor's name. */
  title: LongText(2, 200),
  /** The substance: the fact, the context of the objection, how we differ from the competitor. */
  body: LongText(10, 4000),
  /** How the team answers (for objections and competitors). */
  answer: LongText(20, 3000).optional(),
});
export type CreateKnowledgeRequest = z.infer<typeof CreateKnowledgeRequest>;

export const KnowledgeItem = z.object({
  id: Id,
  kind: KnowledgeKind,
  title: z.string(),
  body: z.string(),
  answer: z.string().nullable(),
  authorId: Id.nullable(),
  createdAt: Timestamp,
});
export type KnowledgeItem = z.infer<typeof KnowledgeItem>;

export const KnowledgeQuery = z.object({ kind: KnowledgeKind.optional() });
export const KnowledgeList = z.object({ items: z.array(KnowledgeItem) });
export type KnowledgeList = z.infer<typeof KnowledgeList>;
export const DeletedResponse = z.object({ deleted: Id });
