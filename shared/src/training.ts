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

// ── Practice conversations ──────────────────────────────────────────────────────────────────────

/** A conversation holds at most this many buyer turns (and answers). */
export const MAX_SESSION_TURNS = 3;
/** A conversation with no answer for this long expires; it counts only the turns done. */
export const SESSION_IDLE_MINUTES = 30;

export const StartSessionRequest = z.object({ scenarioId: Id });
export type StartSessionRequest = z.infer<typeof StartSessionRequest>;

export const SessionTurnRequest = z.object({
  /** The turn this answers (1-based): sending the same turn again returns its first result. */
  n: z.number().int().min(1).max(MAX_SESSION_TURNS),
  response: z.string().max(5000),
  /** Time spent on this answer; the conversation's practice time is their sum, counted up to 30 minutes. */
  durationSec: z.number().int().min(0).max(86_400),
});
export type SessionTurnRequest = z.infer<typeof SessionTurnRequest>;

export const SessionTurn = z.object({
  n: z.number().int(),
  /** What the buyer said before this answer. */
  buyerLine: z.string(),
  response: z.string(),
  /** This turn's score on its own rubric (turn 1: the whole rubric; later turns: the point pushed on, plus craft). */
  score: z.number().int().min(0).max(100),
  summary: z.string(),
  criteria: z.array(CriterionFeedback),
  gate: ScoreGate.optional(),
  at: Timestamp,
});
export type SessionTurn = z.infer<typeof SessionTurn>;

export const sessionStatuses = ["open", "done", "expired"] as const;
export const SessionStatus = z.enum(sessionStatuses);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const PracticeSession = z.object({
  id: Id,
  scenarioId: Id,
  title: z.string(),
  status: SessionStatus,
  /** 1 when the scenario has no pushbacks (a one-turn session), else MAX_SESSION_TURNS. */
  maxTurns: z.number().int(),
  turns: z.array(SessionTurn),
  /** The buyer's line awaiting the rep's answer; null once the conversation ended. */
  next: z.object({ n: z.number().int(), buyerLine: z.string() }).nullable(),
  /** Set when the conversation ended (the buyer's last line, the total and the ideal path), or expired. */
  end: z
    .object({
      buyerLine: z.string().nullable(),
      /** Ended on a strong answer (the scenario's closing line). */
      strong: z.boolean(),
      /** The conversation's score: turns weighted 0.6 / 0.25 / 0.15, renormalized over the turns done. */
      score: z.number().int().min(0).max(100),
      xp: z.object({ awarded: z.number().int(), training: z.number().int(), total: z.number().int() }),
      streak: z.number().int(),
      attemptId: Id,
      /** The ideal response, then a model answer to each pushback the rep met. */
      idealPath: z.array(z.object({ buyerLine: z.string(), ideal: z.string() })),
    })
    .nullable(),
  startedAt: Timestamp,
  /** When an open conversation expires without another answer. */
  expiresAt: Timestamp.nullable(),
});
export type PracticeSession = z.infer<typeof PracticeSession>;

export const SessionTurnResult = z.object({ session: PracticeSession, turn: SessionTurn });
export type SessionTurnResult = z.infer<typeof SessionTurnResult>;
