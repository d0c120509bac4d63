import { describe, expect, it } from "vitest";
import type { Rubric } from "@dq/shared";
import { canConverse } from "./conversation.ts";
import { type ConversationDraft, answeringPoints, followUpFor, lineOfPoint, objectionsRaised, pushbackFor, withPushbacks } from "./pushbacks.ts";
import { followUpScores } from "./pushbacks.test-helpers.ts";

const kp = (id: string, point: string, weight: number, phrases: string[], synonyms: string[] = []) => ({ id, point, weight, phrases, synonyms, tip: `Tip: ${point}.` });

const rubric: Rubric = [
  kp("roi", "Build the ROI model with their own numbers", 3, ["roi model", "own numbers"], ["payback period", "business case"]),
  kp("pilot", "Offer a scoped pilot for one team", 2, ["scoped pilot", "one team"], ["trial"]),
  kp("rapport", "Thank them for their candour", 2, ["candour"]),
];
const draft: ConversationDraft = {
  situation: "Sam Reyes is the owner of a logistics company. The deal is worth $25k–$50k. Sam likes the solution but now pushes back on the price.",
  buyerLine: "Honestly, this is more than we budgeted for.",
  idealResponse: "Thanks for your candour. Let's build the ROI model with your own numbers so you see the payback period yourself, and start with a scoped pilot for one team.",
  persona: "smb_owner",
  rubric,
  pitfalls: [{ id: "dodges_price", move: "Dodging a direct price question", penalty: 4, phrases: ["hard to say"], why: "A dodge costs trust." }],
};

describe("pushbacks for drafted scenarios", () => {
  it("reads which objections the buyer raised, the buyer's own words and named objections first", () => {
    expect(objectionsRaised("This is more than we budgeted and the incumbent is cheaper.", "Their legal team redlined the MSA.")).toEqual(["price", "competitor", "terms"]);
    expect(objectionsRaised("", "She had concerns about security.")).toEqual(["security", "doubt"]);
    expect(objectionsRaised("", "Met at a trade show, booked a demo, signed in three weeks.")).toEqual([]);
  });

  it("gives each objection the heaviest key point that answers it", () => {
    expect([...answeringPoints(rubric, ["price", "doubt"])]).toEqual([
      ["roi", "price"],
      ["pilot", "doubt"],
    ]);
    expect([...answeringPoints(rubric, ["security"])]).toEqual([]);
  });

  it("writes the buyer's line in the persona's voice and a model answer that says the point", () => {
    expect(pushbackFor("price", "enterprise_buyer")).toBe("You still haven't told me why this is worth what it costs us.");
    expect(pushbackFor("price", "smb_owner")).toMatch(/business my size/);
    expect(pushbackFor("terms", "gatekeeper")).toBe(pushbackFor("terms", "enterprise_buyer"));
    expect(lineOfPoint(rubric[0]!)).toBe("Let me build the ROI model with your own numbers.");
    expect(lineOfPoint({ point: "Trigger was the port strike" })).toBeNull();
    expect(lineOfPoint({ point: "Be worried about cost so we did quarterly billing" })).toBeNull();
    expect(lineOfPoint({ point: "Meet she told me straight she'd been burned" })).toBeNull();
    expect(followUpFor("price", "Let me build the ROI model with your own numbers.")).toMatch(/^Fair question.*Let me build the ROI model with your own numbers\. Could we take 20 minutes on Thursday/);
  });

  it("turns a draft with objections into a conversation whose model follow-ups score as strong answers", () => {
    const d = withPushbacks(draft, ["price", "doubt"]);
    expect(d.rubric.map((k) => [k.id, k.pushback ?? null])).toEqual([
      ["roi", pushbackFor("price", "smb_owner")],
      ["pilot", pushbackFor("doubt", "smb_owner")],
      ["rapport", null],
    ]);
    expect(d.rubric[0]!.idealFollowUp).toContain("Let me build the ROI model with your own numbers.");
    expect(d.closingLine).toMatch(/cost easier to defend/);
    expect(d.pitfalls[0]!.pushback).toBe("That's not an answer. Give me a number, even a range.");
    expect(canConverse({ rubric: d.rubric, pitfalls: d.pitfalls })).toBe(true);
    const scores = followUpScores(d);
    expect(scores.map((s) => s.target)).toEqual(["roi", "pilot"]);
    for (const s of scores) expect(s.score, s.target).toBeGreaterThanOrEqual(70);
  });

  it("leaves a draft one-turn when nothing was objected to, or nothing answers the objection", () => {
    expect(withPushbacks(draft, [])).toBe(draft);
    expect(withPushbacks(draft, ["security"])).toBe(draft);
  });

  it("puts every added line through the deal's safety net", () => {
    const d = withPushbacks(draft, ["price"], { clean: (t) => t.replace(/Thursday/g, "[day]") });
    expect(d.rubric[0]!.idealFollowUp).toContain("[day]");
  });
});
