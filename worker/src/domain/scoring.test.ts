// The scorer must discriminate: strong beats weak on real library scenarios with answers written
// independently of the scorer (worker/library/answers.json), empty and off-topic answers score low,
// and parroting the buyer's line back does not score high.
import { describe, expect, it } from "vitest";
import type { LibraryScenario } from "@dq/shared";
import answers from "../../library/answers.json";
import { scoreResponse } from "./scoring.ts";

const files = import.meta.glob<LibraryScenario[]>("../../library/scenarios/*.json", { eager: true, import: "default" });
const library = Object.values(files).flat();
const bySlug = new Map(library.map((s) => [s.slug, s]));
const score = (s: LibraryScenario, response: string) =>
  scoreResponse({ response, situation: s.situation, buyerLine: s.buyerLine, idealResponse: s.idealResponse, rubric: s.rubric });

const OFF_TOPIC = [
  "I made sourdough this weekend: a long cold proof in the fridge, a very hot dutch oven and plenty of steam. The crust came out crackly. Do you bake too? Maybe Saturday at 10am we could swap starters.",
  "The quarterly football league results are in and our team finished third after a great run of away games. Are you coming to the next match on Friday at 7pm? Bring a scarf, it gets cold.",
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua",
];

describe("rubric scorer on the library", () => {
  it("has enough independent answer pairs to judge (at least 20 scenarios)", () => {
    expect(new Set(answers.map((a) => a.slug)).size).toBeGreaterThanOrEqual(20);
    for (const a of answers) expect(bySlug.has(a.slug), a.slug).toBe(true);
  });

  it.each(answers.map((a) => [a.slug, a] as const))("%s: a strong answer beats a weak one", (slug, a) => {
    const s = bySlug.get(slug)!;
    const strong = score(s, a.strong).score;
    const weak = score(s, a.weak).score;
    expect(strong, `strong ${strong} vs weak ${weak}`).toBeGreaterThan(weak + 10);
    expect(strong).toBeGreaterThanOrEqual(45);
    expect(weak).toBeLessThan(50);
  });

  it("scores every ideal response high", () => {
    for (const s of library) expect(score(s, s.idealResponse).score, s.slug).toBeGreaterThanOrEqual(75);
  });

  it("scores empty, blank and off-topic answers low everywhere", () => {
    for (const s of library) {
      expect(score(s, "").score).toBe(0);
      expect(score(s, "   \n ").score).toBe(0);
      for (const text of OFF_TOPIC) expect(score(s, text).score, `${s.slug}: ${text.slice(0, 20)}`).toBeLessThanOrEqual(15);
    }
  });

  it("does not reward copying the buyer's line back", () => {
    for (const s of library) {
      expect(score(s, s.buyerLine).score, s.slug).toBeLessThanOrEqual(20);
      expect(score(s, `${s.buyerLine} ${s.buyerLine}`).score, s.slug).toBeLessThanOrEqual(20);
    }
  });

  it("is deterministic and explains every criterion", () => {
    const s = library[0]!;
    const a = score(s, s.idealResponse);
    expect(score(s, s.idealResponse)).toEqual(a);
    expect(a.criteria.filter((c) => c.kind === "key_point")).toHaveLength(s.rubric.length);
    expect(a.criteria.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 2);
    const weak = score(s, "We have a great product, let me know if you are interested.");
    for (const k of s.rubric) {
      const c = weak.criteria.find((x) => x.id === k.id)!;
      if (!c.met && c.score === 0) expect(c.feedback).toBe(k.tip);
    }
  });
});

describe("rubric scorer craft checks", () => {
  const s: LibraryScenario = {
    slug: "t",
    title: "Test scenario",
    category: "meeting_booking",
    difficulty: "easy",
    persona: "smb_owner",
    situation: "Jo owns two dental clinics; the front desk team spends hours a week on scheduling and reminder calls.",
    buyerLine: "Sounds interesting, send me something.",
    idealResponse: "Happy to. So it is useful, what is the biggest bottleneck in your scheduling today? Could we do a 15-minute call Tuesday at 2pm to walk through it?",
    rubric: [{ id: "pain", point: "Ask about their bottleneck", weight: 2, phrases: ["bottleneck"], synonyms: ["biggest problem"], tip: "Ask what hurts most." }],
  };

  it("rewards a question and a concrete, timed next step", () => {
    const base = "Our tool removes the scheduling bottleneck for clinics like yours and frees about five hours a week for the front desk team.";
    const plain = score(s, base);
    const withQuestion = score(s, `${base} What does scheduling look like for your front desk?`);
    const withStep = score(s, `${base} What does scheduling look like for your front desk? Could we do a 15-minute call Tuesday at 2pm?`);
    expect(withQuestion.score).toBeGreaterThan(plain.score);
    expect(withStep.score).toBeGreaterThan(withQuestion.score);
    expect(withStep.criteria.find((c) => c.id === "next_step")!.met).toBe(true);
  });

  it("flags answers that are too short or too long", () => {
    expect(score(s, "Bottleneck? Call Tuesday.").criteria.find((c) => c.id === "length")!.met).toBe(false);
    const long = score(s, `${"We remove the bottleneck for clinics. ".repeat(80)}`);
    expect(long.criteria.find((c) => c.id === "length")!.feedback).toMatch(/Too long/);
  });
});
