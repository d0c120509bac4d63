// A drafted scenario's conversation replayed as the engine holds it, for the tests of the drafts' pushbacks.
import { type TurnRecord, nextTurn, turnRubric } from "./conversation.ts";
import type { ConversationDraft } from "./pushbacks.ts";
import { scoreResponse } from "./scoring.ts";

/**
 * Mirrors the library's check (test/library.test.ts) for a drafted scenario: a first answer that misses
 * everything is pushed back on while pushbacks last, and each model follow-up scores on its own turn.
 */
export function followUpScores(d: ConversationDraft): { target: string; score: number }[] {
  const s = { buyerLine: d.buyerLine, idealResponse: d.idealResponse, rubric: d.rubric, pitfalls: d.pitfalls, closingLine: d.closingLine ?? null };
  const out: { target: string; score: number }[] = [];
  const turns: TurnRecord[] = [{ n: 1, buyerLine: d.buyerLine, target: null, score: 10, criteria: d.rubric.map((k) => ({ id: k.id, kind: "key_point" as const, met: false })) }];
  // Every point with a pushback gets its turn (not only the first two a three-turn conversation reaches).
  for (let n = 2; n <= d.rubric.length + 1; n++) {
    const next = nextTurn(s, turns, d.rubric.length + 1);
    if (next.end) break;
    const small = turnRubric(s, next.target, turns);
    const r = scoreResponse({ response: small.idealResponse, situation: d.situation, buyerLine: next.buyerLine, idealResponse: small.idealResponse, rubric: small.rubric, pitfalls: d.pitfalls });
    out.push({ target: next.target.id, score: r.score });
    turns.push({ n, buyerLine: next.buyerLine, target: next.target, score: 20, criteria: small.rubric.map((k) => ({ id: k.id, kind: "key_point" as const, met: false })) });
  }
  return out;
}

