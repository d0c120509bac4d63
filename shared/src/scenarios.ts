// Practice scenarios: the authored library format, the API shapes, and scored attempts.
import { z } from "zod";
import { Category, Difficulty, Industry, Persona } from "./vocabulary.ts";

/** One thing a strong answer does, with the words that show it was done. */
export const RubricKeyPoint = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/).max(60),
  /** What the rep should do, in a trainer's words ("Name a specific trigger event"). */
  point: z.string().min(3).max(200),
  /** Relative weight within the rubric (1–5). */
  weight: z.number().min(0.5).max(5),
  /** Canonical phrases; any one present (after stemming) counts as covering the point. */
  phrases: z.array(z.string().min(2).max(80)).min(1).max(20),
  /** Other ways a rep might say it. Matched exactly like phrases. */
  synonyms: z.array(z.string().min(2).max(80)).max(30).default([]),
  /** Feedback a rep can act on when the point is missing. */
  tip: z.string().min(5).max(300),
  /** What this buyer says next when an answer missed the point (a practice conversation's next turn). */
  pushback: z.string().min(3).max(240).optional(),
  /** A model answer to that pushback (shown in the ideal path at the end of a conversation). */
  idealFollowUp: z.string().min(3).max(400).optional(),
});
export type RubricKeyPoint = z.infer<typeof RubricKeyPoint>;

export const Rubric = z.array(RubricKeyPoint).min(1).max(12);
export type Rubric = z.infer<typeof Rubric>;

/** A move a coach would mark down in this situation, with the words that give it away. */
export const RubricPitfall = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/).max(60),
  /** Shown to the rep, phrased as the bad move ("Dodging the price question"). */
  move: z.string().min(3).max(120),
  /** Points it costs, on the scale of key-point weights (1–5). */
  penalty: z.number().int().min(1).max(5),
  /** Phrases that reveal the move; matched like key-point phrases, in a clause of the answer. */
  phrases: z.array(z.string().min(2).max(80)).min(1).max(20),
  /** Why a coach marks it down, in a sentence the rep can learn from. */
  why: z.string().min(5).max(300),
  /** What this buyer says next when an answer made this move. */
  pushback: z.string().min(3).max(240).optional(),
});
export type RubricPitfall = z.infer<typeof RubricPitfall>;

export const Pitfalls = z.array(RubricPitfall).max(8);
export type Pitfalls = z.infer<typeof Pitfalls>;

/** A scenario as authored in the library files (worker/library/scenarios/*.json). */
export const LibraryScenario = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/).max(80),
  title: z.string().min(5).max(120),
  category: Category,
  difficulty: Difficulty,
  persona: Persona,
  industry: Industry.optional(),
  /** What the rep knows going in: who, what company (fictional), what happened so far. */
  situation: z.string().min(40).max(2000),
  /** What the buyer says (or the message the rep must answer / the moment the rep must act on). */
  buyerLine: z.string().min(10).max(1000),
  /** A model answer a strong rep would give. */
  idealResponse: z.string().min(40).max(3000),
  rubric: Rubric,
  pitfalls: Pitfalls.default([]),
  /** What the buyer says after a strong answer: the end of a practice conversation. */
  closingLine: z.string().min(3).max(240).optional(),
});
export type LibraryScenario = z.infer<typeof LibraryScenario>;

export const scenarioSources = ["library", "deal", "casebook", "knowledge"] as const;
export const ScenarioSource = z.enum(scenarioSources);
export type ScenarioSource = z.infer<typeof ScenarioSource>;

export const scenarioStatuses = ["draft", "published"] as const;
export const ScenarioStatus = z.enum(scenarioStatuses);
export type ScenarioStatus = z.infer<typeof ScenarioStatus>;
