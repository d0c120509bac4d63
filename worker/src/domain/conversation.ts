// A practice conversation: up to three buyer turns on one scenario. The first turn is scored on the whole
// rubric; after each answer the buyer's next line comes from what the answer did — the pushback of a pitfall
// the answer fell into, else of the heaviest key point still missed — and that turn is scored on its own small
// rubric (the point pushed on, plus craft and pitfalls). Covering every key point ends the conversation with the
// scenario's closing line; nothing left to push on (or the third turn) ends it with a neutral line. The conversation's score weights the first turn most.
import type { CriterionFeedback, Rubric, RubricKeyPoint, RubricPitfall } from "@dq/shared";
import { pitfallCriterionId } from "./scoring.ts";

/** At most this many buyer turns (and rep answers) in one conversation. */
export const MAX_TURNS = 3;
/** Weight of each turn in the conversation's score (renormalized over the turns done). */
export const TURN_WEIGHTS = [0.6, 0.25, 0.15] as const;
/** Said when the conversation ends without a strong answer and there is nothing left to push on. */
export const NEUTRAL_CLOSING = "OK. Let me think about it and I'll get back to you.";

export interface ConversationScenario {
  buyerLine: string;
  idealResponse: string;
  rubric: Rubric;
  pitfalls: RubricPitfall[];
  closingLine: string | null;
}

/** What the buyer pushed on in a turn after the first. */
export type PushTarget = { kind: "key_point"; id: string } | { kind: "pitfall"; id: string };

export interface TurnRecord {
  /** 1-based. */
  n: number;
  buyerLine: string;
  /** What the buyer pushed on (none for turn 1). */
  target: PushTarget | null;
  score: number;
  criteria: Pick<CriterionFeedback, "id" | "kind" | "met">[];
}

/** Can this scenario hold a conversation? Only if some key point or pitfall has a pushback. */
export function canConverse(s: Pick<ConversationScenario, "rubric" | "pitfalls">): boolean {
  return s.rubric.some((k) => k.pushback) || s.pitfalls.some((p) => p.pushback);
}

/** Key points met in any turn so far. */
function metSoFar(turns: TurnRecord[]): Set<string> {
  return new Set(turns.flatMap((t) => t.criteria.filter((c) => c.kind === "key_point" && c.met).map((c) => c.id)));
}

/**
 * The buyer's next line after these turns: a pushback (and what it targets) or the end (with the closing line).
 * Each key point or pitfall is pushed on at most once; a pitfall the last answer fell into comes first (the buyer
 * reacts to what was just said), then the heaviest key point not met in any turn (ties: rubric order).
 */
export function nextTurn(s: ConversationScenario, turns: TurnRecord[], maxTurns = MAX_TURNS): { end: false; buyerLine: string; target: PushTarget } | { end: true; buyerLine: string; strong: boolean } {
  const last = turns.at(-1);
  if (!last) throw new Error("nextTurn needs at least one answered turn");
  const met = metSoFar(turns);
  const pushed = new Set(turns.flatMap((t) => (t.target ? [`${t.target.kind}:${t.target.id}`] : [])));
  const hitPitfalls = new Set(last.criteria.filter((c) => c.kind === "pitfall" && c.met).map((c) => c.id));
  const missed = s.rubric.filter((k) => !met.has(k.id));
  // Strong: every key point covered (in some turn) and the last answer fell into no pitfall.
  const strong = missed.length === 0 && hitPitfalls.size === 0;
  const closing = s.closingLine ?? NEUTRAL_CLOSING;
  if (turns.length >= maxTurns) return { end: true, buyerLine: strong ? closing : NEUTRAL_CLOSING, strong };

  const pitfall = [...s.pitfalls]
    .filter((p) => p.pushback && hitPitfalls.has(pitfallCriterionId(p.id)) && !pushed.has(`pitfall:${p.id}`))
    .sort((a, b) => b.penalty - a.penalty)[0];
  if (pitfall) return { end: false, buyerLine: pitfall.pushback!, target: { kind: "pitfall", id: pitfall.id } };
  // Everything covered: the buyer moves on (a high score alone does not end it while a point is missing).
  if (missed.length === 0) return { end: true, buyerLine: closing, strong };
  const point = [...missed].filter((k) => k.pushback && !pushed.has(`key_point:${k.id}`)).sort((a, b) => b.weight - a.weight)[0];
  if (point) return { end: false, buyerLine: point.pushback!, target: { kind: "key_point", id: point.id } };
  return { end: true, buyerLine: NEUTRAL_CLOSING, strong: false };
}

/**
 * The small rubric a later turn is scored on: the key point pushed on; for a pitfall's pushback, the heaviest key
 * point still missed (recovering means saying what was missing), else the heaviest key point of the scenario.
 */
export function turnRubric(s: ConversationScenario, target: PushTarget, turns: TurnRecord[]): { rubric: Rubric; idealResponse: string } {
  const byId = new Map(s.rubric.map((k) => [k.id, k]));
  let point: RubricKeyPoint | undefined;
  if (target.kind === "key_point") point = byId.get(target.id);
  else {
    const met = metSoFar(turns);
    point = [...s.rubric].filter((k) => !met.has(k.id)).sort((a, b) => b.weight - a.weight)[0] ?? [...s.rubric].sort((a, b) => b.weight - a.weight)[0];
  }
  if (!point) throw new Error(`no key point for ${target.kind} ${target.id}`);
  return { rubric: [point], idealResponse: point.idealFollowUp ?? s.idealResponse };
}

/** The conversation's score from its turns' scores: weighted by TURN_WEIGHTS, renormalized over the turns done. */
export function conversationScore(scores: number[]): number {
  if (scores.length === 0) return 0;
  const weights = TURN_WEIGHTS.slice(0, scores.length);
  const total = weights.reduce((s, w) => s + w, 0);
  return Math.round(scores.reduce((s, x, i) => s + x * weights[i]!, 0) / total);
}

/** The ideal path shown at the end: the ideal first answer, then a model answer to each pushback the rep met. */
export function idealPath(s: ConversationScenario, turns: Pick<TurnRecord, "n" | "buyerLine" | "target">[]): { buyerLine: string; ideal: string }[] {
  return turns.map((t) => {
    if (!t.target) return { buyerLine: t.buyerLine, ideal: s.idealResponse };
    const { idealResponse } = turnRubric(s, t.target, turns as TurnRecord[]);
    return { buyerLine: t.buyerLine, ideal: idealResponse };
  });
}
