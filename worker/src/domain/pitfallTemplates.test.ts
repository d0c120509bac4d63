import { describe, expect, it } from "vitest";
import { categories } from "@dq/shared";
import { pitfallsFor } from "./pitfallTemplates.ts";
import { scoreResponse } from "./scoring.ts";

describe("pitfallsFor (drafts from deals, the casebook and knowledge)", () => {
  it("gives every category pitfalls that are valid and do not fire on a plain model answer", () => {
    const ideal = "Thanks for the question. For a team your size it is about $12 to $15 a seat a month; what drives it is the number of locations. Does that fit what you planned?";
    for (const c of categories) {
      const pitfalls = pitfallsFor(c, ideal);
      expect(pitfalls.length, c).toBeGreaterThan(0);
      const scored = scoreResponse({ response: ideal, buyerLine: "What does it cost?", idealResponse: ideal, rubric: [{ id: "p", point: "Give a range", weight: 2, phrases: ["a seat"], synonyms: [], tip: "Give a range." }], pitfalls });
      expect(scored.criteria.filter((x) => x.kind === "pitfall"), c).toEqual([]);
    }
  });

  it("drops a phrase the scenario's own model answer would trip", () => {
    const ideal = "Honestly it is hard to say without seeing your volumes, but most teams pay $12 to $15 a seat. Which of those fits you?";
    const dodge = pitfallsFor("pricing", ideal).find((p) => p.id === "dodges_price")!;
    expect(dodge.phrases).not.toContain("hard to say");
    expect(dodge.phrases).toContain("rather not quote");
  });
});
