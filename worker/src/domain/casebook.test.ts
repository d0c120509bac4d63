import { describe, expect, it } from "vitest";
import { LibraryScenario, defaultTactics } from "@dq/shared";
import { type CasebookDeal, casebookLessons, draftsToCreate, scenarioFromKnowledge, scenarioFromLesson } from "./casebook.ts";
import { TACTIC_PLAYS, rubricFromText } from "./keyPoints.ts";
import { pushbackFor } from "./pushbacks.ts";
import { followUpScores } from "./pushbacks.test-helpers.ts";
import { scoreResponse } from "./scoring.ts";
import { containsPhrase, contentStems, phraseStems } from "./text.ts";

const lostOnPrice = (persona: CasebookDeal["persona"] = "procurement"): CasebookDeal => ({ persona, industry: "logistics", responded: true, meetingBooked: true, result: "lost", lostReason: "price", tactics: ["discount"] });
const won = (tactics: string[], persona: CasebookDeal["persona"] = "procurement"): CasebookDeal => ({ persona, industry: "saas", responded: true, meetingBooked: true, result: "won", lostReason: null, tactics });

function answersItself(d: { idealResponse: string; buyerLine: string; rubric: Parameters<typeof scoreResponse>[0]["rubric"] }) {
  return scoreResponse({ response: d.idealResponse, buyerLine: d.buyerLine, idealResponse: d.idealResponse, rubric: d.rubric }).score;
}

describe("the casebook", () => {
  it("learns where the team's deals with one kind of buyer die, and what its wins with them did", () => {
    const lessons = casebookLessons([lostOnPrice(), lostOnPrice(), lostOnPrice(), won(["roi_calculator", "customer_reference"]), won(["roi_calculator"]), won(["live_demo"], "executive")]);
    expect(lessons).toEqual([
      { slug: "casebook-pricing-procurement", category: "pricing", persona: "procurement", industry: "logistics", losses: 3, winTactics: ["roi_calculator", "customer_reference"], wins: 2, lostReasons: ["price"] },
    ]);
  });

  it("needs a pattern (two losses) and a win to learn from", () => {
    expect(casebookLessons([lostOnPrice(), won(["roi_calculator"])])).toEqual([]);
    expect(casebookLessons([lostOnPrice(), lostOnPrice()])).toEqual([]);
    expect(casebookLessons([lostOnPrice(), lostOnPrice(), won(["my_custom_tactic"])])).toEqual([]);
  });

  it("turns a lesson into a complete, answerable scenario with no customer's details", () => {
    const [lesson] = casebookLessons([lostOnPrice(), lostOnPrice(), won(["roi_calculator", "mutual_action_plan"])]);
    const d = scenarioFromLesson(lesson!);
    expect(LibraryScenario.safeParse({ ...d, industry: d.industry ?? undefined }).success).toBe(true);
    expect(d.title).toBe("A procurement lead pushes back on price (team casebook)");
    expect(d.situation).toMatch(/^From your team's casebook: 2 recent deals with procurement leads were lost on price, while the team's win with them used roi calculator and mutual action plan\./);
    expect(answersItself(d)).toBeGreaterThanOrEqual(80);
    expect(d.rubric.map((k) => k.id)).toEqual(["opener", "roi_calculator", "mutual_action_plan", "next_step"]);
  });

  it("lets the buyer push back on what the lost deals were lost over, with model follow-ups that score", () => {
    const [lesson] = casebookLessons([lostOnPrice(), lostOnPrice(), won(["roi_calculator", "mutual_action_plan"])]);
    const d = scenarioFromLesson(lesson!);
    // Price, answered best by the win's ROI model (the heaviest point about money).
    expect(d.rubric.filter((k) => k.pushback).map((k) => k.id)).toEqual(["roi_calculator"]);
    expect(d.rubric[1]!.pushback).toBe(pushbackFor("price", "procurement"));
    expect(d.rubric[1]!.idealFollowUp).toContain(TACTIC_PLAYS.roi_calculator!.line);
    expect(d.closingLine).toBeTruthy();
    expect(LibraryScenario.safeParse({ ...d, industry: d.industry ?? undefined }).success).toBe(true);
    const scores = followUpScores(d);
    expect(scores.length).toBeGreaterThan(0);
    for (const s of scores) expect(s.score, s.target).toBeGreaterThanOrEqual(70);
  });

  it("stays one-turn when the lost deals give no objection (no reply, no meeting)", () => {
    const unanswered = (): CasebookDeal => ({ persona: "executive", industry: null, responded: false, meetingBooked: false, result: "lost", lostReason: null, tactics: [] });
    const [lesson] = casebookLessons([unanswered(), unanswered(), won(["personalized_email", "case_study"], "executive")]);
    expect(lesson).toMatchObject({ category: "cold_outreach", lostReasons: [] });
    const d = scenarioFromLesson(lesson!);
    expect(d.rubric.some((k) => k.pushback)).toBe(false);
    expect(d.closingLine).toBeUndefined();
  });
});

describe("company knowledge", () => {
  it("makes an objection with the team's answer into an objection-handling drill", () => {
    const d = scenarioFromKnowledge({ id: "k1", kind: "objection", title: "We already use spreadsheets for this", body: "Most prospects under 50 people run forecasting in spreadsheets.", answer: "Spreadsheets work until the third person edits them. Our customers cut forecast prep from two days to two hours, and you can import your current sheet in ten minutes." })!;
    expect(d).toMatchObject({ slug: "knowledge-k1", category: "objection_handling", buyerLine: "We already use spreadsheets for this." });
    expect(LibraryScenario.safeParse({ ...d, industry: undefined }).success).toBe(true);
    expect(answersItself(d)).toBeGreaterThanOrEqual(70);
  });

  it("drafts from competitors and product facts too, and skips items with nothing to answer with", () => {
    const c = scenarioFromKnowledge({ id: "k2", kind: "competitor", title: "Acme Forecast", body: "Acme is cheaper per seat but has no CRM write-back, so reps double-enter every deal.", answer: null })!;
    expect(c.buyerLine).toMatch(/^We're also looking at Acme Forecast/);
    const f = scenarioFromKnowledge({ id: "k3", kind: "product_fact", title: "SOC 2 Type II", body: "We are SOC 2 Type II certified and support SSO with every identity provider.", answer: null })!;
    expect(f.category).toBe("cold_outreach");
    expect(scenarioFromKnowledge({ id: "k4", kind: "objection", title: "Too expensive", body: "Heard it a lot lately.", answer: null })).toBeNull();
  });

  it("adds only new drafts, a few per run", () => {
    const lessons = casebookLessons([lostOnPrice(), lostOnPrice(), won(["roi_calculator"])]);
    const knowledge = [...Array(8)].map((_, i) => ({ id: `k${i}`, kind: "competitor" as const, title: `Rival ${i}`, body: "They are cheaper but lack the integrations our customers rely on every day.", answer: null }));
    const first = draftsToCreate({ lessons, knowledge, existingSlugs: new Set() });
    expect(first.map((d) => d.slug)).toEqual(["casebook-pricing-procurement", "knowledge-k0", "knowledge-k1", "knowledge-k2", "knowledge-k3"]);
    const second = draftsToCreate({ lessons, knowledge, existingSlugs: new Set(first.map((d) => d.slug)) });
    expect(second.map((d) => d.slug)).toEqual(["knowledge-k4", "knowledge-k5", "knowledge-k6", "knowledge-k7"]);
    // A full review queue stops new drafts until it is worked through.
    expect(draftsToCreate({ lessons, knowledge, existingSlugs: new Set(first.map((d) => d.slug)), pending: 8 }).map((d) => d.slug)).toEqual(["knowledge-k4", "knowledge-k5"]);
    expect(draftsToCreate({ lessons, knowledge, existingSlugs: new Set(), pending: 10 })).toEqual([]);
  });
});

describe("key points", () => {
  it("every tactic play says what its rubric looks for", () => {
    for (const t of defaultTactics) {
      const play = TACTIC_PLAYS[t.id]!;
      expect(play, t.id).toBeDefined();
      const stems = contentStems(play.line);
      for (const p of play.phrases) expect(containsPhrase(stems, phraseStems(p)), `${t.id}: ${p}`).toBe(true);
    }
  });

  it("builds points from the answer's own phrases, leaving names and numbers out", () => {
    const rubric = rubricFromText("I tied the proposal to Avery's quarterly goal, brought a customer reference from Tidewater Software, and agreed a dated mutual action plan with Oakley Kestrel. We offered a 5k–10k dollar discount in exchange for a two-year term.", { tactics: ["customer_reference"] });
    expect(rubric.map((k) => k.point)).toEqual([
      "Tie the proposal to Avery's quarterly goal",
      "Bring a customer reference from Tidewater Software",
      "Agree a dated mutual action plan with Oakley Kestrel",
      "Offer a 5k–10k dollar discount in exchange for a two-year term",
    ]);
    const words = rubric.flatMap((k) => [...k.phrases, ...k.synonyms]).join(" ");
    expect(words).not.toMatch(/avery|tidewater|software|oakley|kestrel|5k|10k/i);
    expect(rubric.find((k) => k.id === "customer_reference")!.synonyms).toContain("reference call");
  });
});
