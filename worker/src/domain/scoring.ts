// The default, deterministic scorer: weighted rubric coverage on stemmed text, similarity to the
// ideal response, and craft checks (a question, a concrete next step, a sensible length).
// Other scorers (an LLM judge) implement the same `Scorer` interface and fall back to this one.
import type { CriterionFeedback, Rubric } from "@dq/shared";
import { allStems, containsPhrase, contentStems, cosine, phrasePattern, words } from "./text.ts";

export interface ScoreInput {
  response: string;
  /** The scenario's set-up; with the buyer's line, ideal response and rubric it defines what is on topic. */
  situation?: string;
  buyerLine: string;
  idealResponse: string;
  rubric: Rubric;
}

export interface ScoreResult {
  score: number;
  summary: string;
  criteria: CriterionFeedback[];
  scorer: string;
}

export interface Scorer {
  readonly name: string;
  score(input: ScoreInput): Promise<ScoreResult>;
}

/** Shares of the total score. Key points dominate: they are what the trainer asked for. */
export const WEIGHTS = { keyPoints: 0.6, similarity: 0.2, question: 0.07, nextStep: 0.08, length: 0.05 } as const;

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"];
const TIME_WORDS = ["tomorrow", "today", "tonight", "morning", "afternoon", "noon"];
const TIME_PATTERNS = [
  /\b\d{1,2}(:\d{2})?\s?(am|pm)\b/i,
  /\b\d{1,2}:\d{2}\b/,
  /\b\d+[\s-]?(minute|min|mins)\b/i,
  /\b(next|this|coming)\s+(week|month|quarter)\b/i,
  /\b(end of (the )?(day|week|month))\b/i,
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b/i,
];
const ACTION_STEMS = new Set(
  ["call", "meeting", "meet", "demo", "invite", "calendar", "schedule", "book", "pilot", "trial", "session", "workshop", "review", "walkthrough", "chat", "send", "introduce", "intro"].map(
    (w) => contentStems(w)[0]!,
  ),
);

function clamp01(x: number) {
  return Math.max(0, Math.min(1, x));
}

function pct(x: number) {
  return Math.round(clamp01(x) * 100);
}

/** The response in the two forms phrases are matched against. */
interface ResponseText {
  content: string[];
  all: string[];
}

/**
 * 1 when any phrase or synonym occurs; otherwise partial credit (at most 0.5) when at least two of a
 * phrase's content words occur out of order — one shared common word ("next") is not evidence.
 */
function keyPointCoverage(text: ResponseText, phrases: string[]): number {
  let best = 0;
  for (const phrase of phrases) {
    const pattern = phrasePattern(phrase);
    if (containsPhrase(pattern.withStopWords ? text.all : text.content, pattern.stems)) return 1;
    if (!pattern.withStopWords && pattern.stems.length >= 2) {
      const present = pattern.stems.filter((s) => text.content.includes(s)).length;
      if (present >= 2) best = Math.max(best, (present / pattern.stems.length) * 0.5);
    }
  }
  return best;
}

function nextStepStrength(response: string, text: string[]): number {
  const lower = words(response);
  const hasTime = lower.some((w) => WEEKDAYS.includes(w) || TIME_WORDS.includes(w)) || TIME_PATTERNS.some((p) => p.test(response));
  const hasAction = text.some((s) => ACTION_STEMS.has(s));
  if (hasTime && hasAction) return 1;
  if (hasTime || hasAction) return 0.5;
  return 0;
}

function lengthFitness(wordCount: number): number {
  if (wordCount < 25) return wordCount / 25;
  if (wordCount <= 250) return 1;
  return Math.max(0.4, 1 - (wordCount - 250) / 400);
}

/** Share of the response's distinct content stems found anywhere in the scenario. */
function topicShare(text: string[], input: ScoreInput): number {
  const mine = new Set(text);
  if (mine.size === 0) return 0;
  const scenario = [input.situation ?? "", input.buyerLine, input.idealResponse, ...input.rubric.flatMap((k) => [...k.phrases, ...k.synonyms])].join(" ");
  const vocabulary = new Set(contentStems(scenario));
  let shared = 0;
  for (const s of mine) if (vocabulary.has(s)) shared++;
  return shared / mine.size;
}

/** Share of the response's distinct content stems that come from the buyer's own line. */
function parrotShare(text: string[], buyer: string[]): number {
  const mine = new Set(text);
  if (mine.size === 0) return 0;
  const theirs = new Set(buyer);
  let shared = 0;
  for (const s of mine) if (theirs.has(s)) shared++;
  return shared / mine.size;
}

export function scoreResponse(input: ScoreInput): Omit<ScoreResult, "scorer"> {
  const text = contentStems(input.response);
  const wordCount = words(input.response).length;
  const totalWeight = input.rubric.reduce((s, k) => s + k.weight, 0);

  const forms: ResponseText = { content: text, all: allStems(input.response) };
  const points = input.rubric.map((k) => ({ k, coverage: keyPointCoverage(forms, [...k.phrases, ...k.synonyms]) }));
  const keyScore = points.reduce((s, p) => s + p.coverage * p.k.weight, 0) / totalWeight;
  const similarity = clamp01(cosine(text, contentStems(input.idealResponse)) / 0.5);
  const question = input.response.includes("?") ? 1 : 0;
  const nextStep = nextStepStrength(input.response, text);
  const length = lengthFitness(wordCount);

  // Craft only counts once the answer is about the scenario; a polite question about nothing is not a sale.
  const relevance = clamp01((keyScore + similarity) / 0.4);
  let total =
    WEIGHTS.keyPoints * keyScore +
    WEIGHTS.similarity * similarity +
    relevance * (WEIGHTS.question * question + WEIGHTS.nextStep * nextStep + WEIGHTS.length * length);

  // Off-topic answers (sourdough, football) can still ask a question at a time: scale them down by how
  // little of their vocabulary belongs to this scenario. On-topic answers (≥ 40% shared) are untouched.
  const topicality = topicShare(text, input);
  total *= clamp01(topicality / 0.4);

  const parrot = parrotShare(text, contentStems(input.buyerLine));
  const parroting = text.length >= 3 && parrot >= 0.6;
  if (parroting) total = Math.min(total, 0.2);
  if (text.length < 3) total = 0;
  const score = Math.round(clamp01(total) * 100);

  const criteria: CriterionFeedback[] = points.map(({ k, coverage }) => ({
    id: k.id,
    kind: "key_point",
    label: k.point,
    score: pct(coverage),
    weight: round3((WEIGHTS.keyPoints * k.weight) / totalWeight),
    met: coverage >= 1,
    feedback: coverage >= 1 ? `Covered: ${lowerFirst(k.point)}.` : coverage > 0 ? `Partly there. ${k.tip}` : k.tip,
  }));
  criteria.push(
    {
      id: "similarity",
      kind: "similarity",
      label: "Close to a strong answer",
      score: pct(similarity),
      weight: WEIGHTS.similarity,
      met: similarity >= 0.6,
      feedback:
        similarity >= 0.6
          ? "Your answer covers much of the same ground as the model answer."
          : "Compare with the model answer below: it addresses this buyer's situation more directly.",
    },
    {
      id: "asks_question",
      kind: "craft",
      label: "Asks a question",
      score: pct(question),
      weight: WEIGHTS.question,
      met: question === 1,
      feedback: question ? "Good: you ask a question, so the buyer has something easy to answer." : "End with a question the buyer can answer in one line; it keeps the conversation going.",
    },
    {
      id: "next_step",
      kind: "craft",
      label: "Proposes a concrete next step",
      score: pct(nextStep),
      weight: WEIGHTS.nextStep,
      met: nextStep === 1,
      feedback:
        nextStep === 1
          ? "Good: a specific next step with a time."
          : nextStep > 0
            ? "Make the next step concrete: name the action and a time (\"a 20-minute call Thursday at 2pm?\")."
            : "Propose a next step with a time (a call, a demo, a pilot) instead of leaving it open.",
    },
    {
      id: "length",
      kind: "craft",
      label: "Sensible length",
      score: pct(length),
      weight: WEIGHTS.length,
      met: length >= 1,
      feedback:
        wordCount < 25
          ? "Too short to carry your point: add the why and the next step."
          : wordCount > 250
            ? "Too long for a busy buyer: cut to the two or three things that matter."
            : "Good length for a busy buyer.",
    },
  );

  return { score, summary: summarize(score, points.filter((p) => p.coverage >= 1).length, points.length, parroting, text.length < 3, topicality < 0.3), criteria };
}

function summarize(score: number, met: number, total: number, parroting: boolean, empty: boolean, offTopic: boolean): string {
  if (empty) return "There is nothing to score yet: write the reply you would actually send or say.";
  if (offTopic) return "Most of this is not about this buyer's situation. Answer what they said, in their context.";
  if (parroting) return "This mostly repeats the buyer's own words back. Answer their concern in your words and move the deal forward.";
  const coverage = `You covered ${met} of ${total} key points.`;
  if (score >= 80) return `Strong answer. ${coverage}`;
  if (score >= 60) return `Solid answer with room to sharpen. ${coverage}`;
  if (score >= 35) return `A start, but key parts are missing. ${coverage}`;
  return `This misses what the buyer needs to hear. ${coverage} Read the tips below and the model answer.`;
}

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function round3(x: number) {
  return Math.round(x * 1000) / 1000;
}

export const rubricScorer: Scorer = {
  name: "rubric-v1",
  async score(input) {
    return { ...scoreResponse(input), scorer: "rubric-v1" };
  },
};

/** The scorer for this deployment. An LLM judge would be chosen here when configured. */
export function scorerFor(_env: unknown): Scorer {
  return rubricScorer;
}
