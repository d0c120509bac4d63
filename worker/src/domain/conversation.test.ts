// Turn selection and the conversation's score.
import { describe, expect, it } from "vitest";
import { type ConversationScenario, type TurnRecord, MAX_TURNS, NEUTRAL_CLOSING, canConverse, conversationScore, idealPath, nextTurn, turnRubric } from "./conversation.ts";
import { pitfallCriterionId } from "./scoring.ts";

const kp = (id: string, weight: number, pushback?: string) => ({ id, point: `Do ${id}`, weight, phrases: [id], synonyms: [], tip: `Tip ${id}`, ...(pushback ? { pushback, idealFollowUp: `Ideal ${id}` } : {}) });
const scenario: ConversationScenario = {
  buyerLine: "What does it cost?",
  idealResponse: "The ideal answer.",
  rubric: [kp("rapport", 1, "Are you even listening?"), kp("price", 5, "What does it cost?!"), kp("value", 3, "Why is it worth it?"), kp("next", 2)],
  pitfalls: [
    { id: "dodge", move: "Dodging", penalty: 4, phrases: ["depends"], why: "Dodging.", pushback: "That's a dodge." },
    { id: "pushy", move: "Pushy", penalty: 2, phrases: ["sign today"], why: "Pushy." },
  ],
  closingLine: "Deal. Send the paper.",
};

function turn(n: number, score: number, met: string[], pitfalls: string[] = [], target: TurnRecord["target"] = null): TurnRecord {
  return {
    n,
    buyerLine: `line ${n}`,
    target,
    score,
    criteria: [
      ...scenario.rubric.map((k) => ({ id: k.id, kind: "key_point" as const, met: met.includes(k.id) })),
      ...pitfalls.map((p) => ({ id: pitfallCriterionId(p), kind: "pitfall" as const, met: true })),
    ],
  };
}

describe("the buyer's next line", () => {
  it("pushes on the heaviest missed key point that has a pushback", () => {
    expect(nextTurn(scenario, [turn(1, 55, ["rapport", "next"])])).toEqual({ end: false, buyerLine: "What does it cost?!", target: { kind: "key_point", id: "price" } });
  });

  it("reacts to a pitfall the last answer fell into first (one with a pushback)", () => {
    expect(nextTurn(scenario, [turn(1, 40, ["rapport"], ["dodge", "pushy"])])).toMatchObject({ end: false, target: { kind: "pitfall", id: "dodge" } });
    // A pitfall without a pushback does not stop the key-point pushback.
    expect(nextTurn(scenario, [turn(1, 40, ["rapport"], ["pushy"])])).toMatchObject({ target: { kind: "key_point", id: "price" } });
  });

  it("never pushes on the same thing twice, and counts a point met in any turn", () => {
    const t1 = turn(1, 50, ["rapport"]);
    const t2 = turn(2, 90, ["price"], [], { kind: "key_point", id: "price" });
    expect(nextTurn(scenario, [t1, t2])).toMatchObject({ end: false, target: { kind: "key_point", id: "value" } });
    // Value missed again in turn 2 would not be pushed twice — but here the third turn is the last anyway.
    const t3 = turn(3, 30, [], [], { kind: "key_point", id: "value" });
    expect(nextTurn(scenario, [t1, t2, t3])).toEqual({ end: true, buyerLine: NEUTRAL_CLOSING, strong: false });
  });

  it("ends with the closing line once every key point is covered, in one turn or over several", () => {
    expect(nextTurn(scenario, [turn(1, 85, ["rapport", "price", "value", "next"])])).toEqual({ end: true, buyerLine: "Deal. Send the paper.", strong: true });
    expect(nextTurn(scenario, [turn(1, 60, ["price", "value", "next"]), turn(2, 70, ["rapport"], [], { kind: "key_point", id: "rapport" })])).toEqual({ end: true, buyerLine: "Deal. Send the paper.", strong: true });
    // A high score with the heaviest point missing is pushed on, not closed.
    expect(nextTurn(scenario, [turn(1, 88, ["rapport", "value", "next"])])).toMatchObject({ end: false, target: { kind: "key_point", id: "price" } });
    // Covering everything while falling into a pitfall draws the pitfall's pushback first.
    expect(nextTurn(scenario, [turn(1, 85, ["rapport", "price", "value", "next"], ["dodge"])])).toMatchObject({ end: false, target: { kind: "pitfall", id: "dodge" } });
  });

  it("ends neutrally when nothing missed has a pushback", () => {
    expect(nextTurn(scenario, [turn(1, 60, ["rapport", "price", "value"])])).toEqual({ end: true, buyerLine: NEUTRAL_CLOSING, strong: false });
  });

  it("stops at the turn limit", () => {
    const turns = [turn(1, 20, []), turn(2, 20, [], [], { kind: "key_point", id: "price" }), turn(3, 20, [], [], { kind: "key_point", id: "value" })];
    expect(turns).toHaveLength(MAX_TURNS);
    expect(nextTurn(scenario, turns).end).toBe(true);
    expect(nextTurn(scenario, [turn(1, 20, [])], 1)).toEqual({ end: true, buyerLine: NEUTRAL_CLOSING, strong: false });
  });
});

describe("a later turn's rubric", () => {
  it("is the point pushed on, with its model follow-up", () => {
    expect(turnRubric(scenario, { kind: "key_point", id: "value" }, [])).toEqual({ rubric: [scenario.rubric[2]], idealResponse: "Ideal value" });
  });
  it("after a pitfall's pushback, is the heaviest point still missed", () => {
    expect(turnRubric(scenario, { kind: "pitfall", id: "dodge" }, [turn(1, 40, ["price"])]).rubric[0]!.id).toBe("value");
  });
});

describe("the conversation's score", () => {
  it("weights turn one most, renormalized over the turns done", () => {
    expect(conversationScore([80])).toBe(80);
    expect(conversationScore([60, 90])).toBe(Math.round((60 * 0.6 + 90 * 0.25) / 0.85));
    expect(conversationScore([60, 90, 30])).toBe(Math.round(60 * 0.6 + 90 * 0.25 + 30 * 0.15));
    expect(conversationScore([])).toBe(0);
  });
  it("rewards recovering: answering the pushback well raises the total; answering it badly lowers it", () => {
    expect(conversationScore([55, 95])).toBeGreaterThan(55);
    expect(conversationScore([55, 10])).toBeLessThan(55);
  });
});

it("a scenario converses only with some pushback; the ideal path follows the turns", () => {
  expect(canConverse(scenario)).toBe(true);
  expect(canConverse({ rubric: [kp("a", 1)], pitfalls: [] })).toBe(false);
  const path = idealPath(scenario, [turn(1, 50, []), turn(2, 50, [], [], { kind: "key_point", id: "price" })]);
  expect(path).toEqual([
    { buyerLine: "line 1", ideal: "The ideal answer." },
    { buyerLine: "line 2", ideal: "Ideal price" },
  ]);
});
