// Reading scenarios and scoring practice attempts.
import { z } from "zod";
import { Id, Timestamp } from "./common.ts";
import { ScenarioSource, ScenarioStatus } from "./scenarios.ts";
import { Category, Difficulty, Industry, Persona } from "./vocabulary.ts";

export const ScenarioSummary = z.object({
  id: Id,
  slug: z.string(),
  title: z.string(),
  category: Category,
  difficulty: Difficulty,
  persona: Persona,
  industry: Industry.nullable(),
  source: ScenarioSource,
  status: ScenarioStatus,
  /** Null for the global library; the team's id for team scenarios. */
  teamId: Id.nullable(),
  createdAt: Timestamp,
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const Scenario = ScenarioSummary.extend({
  situation: z.string(),
  buyerLine: z.string(),
  /** What a strong answer covers (the words that count are not shown). */
  keyPoints: z.array(z.object({ id: z.string(), point: z.string(), weight: z.number() })),
  /** Withheld until the caller has made an attempt at this scenario. */
  idealResponse: z.string().nullable(),
  attempts: z.number().int(),
  bestScore: z.number().int().nullable(),
});
export type Scenario = z.infer<typeof Scenario>;

export const ScenarioListQuery = z.object({
  category: Category.optional(),
  difficulty: Difficulty.optional(),
  persona: Persona.optional(),
  source: ScenarioSource.optional(),
  status: ScenarioStatus.optional(),
});
export type ScenarioListQuery = z.infer<typeof ScenarioListQuery>;

export const ScenarioList = z.object({ scenarios: z.array(ScenarioSummary) });
export type ScenarioList = z.infer<typeof ScenarioList>;

export const CreateAttemptRequest = z.object({
  scenarioId: Id,
  response: z.string().max(5000),
  /** Time spent on the attempt; analytics count at most 30 minutes of it. */
  durationSec: z.number().int().min(0).max(86_400),
});
export type CreateAttemptRequest = z.infer<typeof CreateAttemptRequest>;

/** Anti-gaming gates: each caps the score (≤ 15) and the summary says why in one sentence. */
export const scoreGates = ["empty", "term_list", "shuffle", "echo_buyer", "echo_situation", "off_topic"] as const;
export const ScoreGate = z.enum(scoreGates);
export type ScoreGate = z.infer<typeof ScoreGate>;

export const criterionKinds = ["key_point", "similarity", "craft", "pitfall"] as const;

export const CriterionFeedback = z.object({
  id: z.string(),
  kind: z.enum(criterionKinds),
  label: z.string(),
  /** 0–100 for this criterion alone. */
  score: z.number().int().min(0).max(100),
  /** Share of the total score this criterion carries (weights sum to 1). */
  weight: z.number(),
  /** For a key point: met. For a pitfall: the answer fell into it. */
  met: z.boolean(),
  feedback: z.string(),
  /** The clause of the answer that earned the point (or revealed the pitfall), verbatim. */
  quote: z.string().optional(),
  /** Points a pitfall cost (pitfalls carry no weight; they subtract). */
  penalty: z.number().int().optional(),
});
export type CriterionFeedback = z.infer<typeof CriterionFeedback>;

export const AttemptResult = z.object({
  attempt: z.object({
    id: Id,
    scenarioId: Id,
    score: z.number().int().min(0).max(100),
    durationSec: z.number().int(),
    createdAt: Timestamp,
  }),
  score: z.number().int().min(0).max(100),
  summary: z.string(),
  criteria: z.array(CriterionFeedback),
  xp: z.object({ awarded: z.number().int(), training: z.number().int(), total: z.number().int() }),
  streak: z.number().int(),
  idealResponse: z.string(),
  /** Which scorer and version scored it ("rubric-v2", "llm-judge-v1:<model>"). */
  scorer: z.string(),
  /** Set when an anti-gaming gate capped the score; the summary says why in one sentence. */
  gate: ScoreGate.optional(),
});
export type AttemptResult = z.infer<typeof AttemptResult>;
