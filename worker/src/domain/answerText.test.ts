// The answer reader the scorer trusts: sentences, clauses, negation, word order, and phrase keys.
import { describe, expect, it } from "vitest";
import { analyzeAnswer, findPhrase, phraseKeys, primePhrases } from "./answerText.ts";

describe("analyzeAnswer", () => {
  it("splits a leading fragment off as its own clause (\"With respect, …\") and marks negation", () => {
    const [s] = analyzeAnswer("With respect, spreadsheets just don't scale.").sentences;
    expect(s!.clauses.map((c) => c.text)).toEqual(["With respect,", "spreadsheets just don't scale."]);
    expect(s!.clauses[0]!.hasVerb).toBe(false);
    expect(s!.tokens.some((t) => t.negative)).toBe(true);
  });

  it("tells English word order from a shuffle of the same words", () => {
    const english = analyzeAnswer("I would rather ask you a few questions about how you book today, so I can tell you which plan fits.").sentences[0]!;
    const shuffled = analyzeAnswer("plan you rather questions I which today a how fits book would so about tell you can few I ask you").sentences[0]!;
    expect(english.order).toBeGreaterThan(0.35);
    expect(shuffled.order).toBeLessThan(english.order - 0.25);
  });

  it("matches phrases on lemmas in one clause, in any order for content words", () => {
    const [s] = analyzeAnswer("We scheduled the calls for next week.").sentences;
    expect(findPhrase(s!.tokens, phraseKeys("schedule a call"))).not.toBeNull();
    expect(findPhrase(s!.tokens, phraseKeys("call next week"))).not.toBeNull();
    expect(findPhrase(s!.tokens, phraseKeys("pricing page"))).toBeNull();
  });
});

describe("primePhrases", () => {
  it("reads a scenario's phrases in one pass with the same keys as one by one", () => {
    const phrases = ["does that range feel", "no-show fees", "half an hour", "won't take", "6th of May", "pays for itself", "$199"];
    const oneByOne = phrases.map((p) => phraseKeys(p));
    const fresh = phrases.map((p) => `${p} `); // not cached yet: primed together
    primePhrases(fresh);
    expect(fresh.map((p) => phraseKeys(p))).toEqual(oneByOne);
  });
});
