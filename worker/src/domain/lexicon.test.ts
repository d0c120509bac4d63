import { describe, expect, it } from "vitest";
import { canonicalKey, normalizeText } from "./lexicon.ts";
import { stem } from "./text.ts";

describe("normalizeText", () => {
  it("writes times one way (\"half an hour\", \"30 min\", \"30-minute\")", () => {
    expect(normalizeText("Give me half an hour")).toBe("Give me 30 minutes");
    expect(normalizeText("a 30-minute call, 30 min, 30mins, an hour, 2 hours")).toBe("a 30 minutes call, 30 minutes, 30 minutes, 60 minutes, 120 minutes");
    expect(normalizeText("a quarter of an hour")).toBe("15 minutes");
  });

  it("writes dates one way (\"6th of May\", \"May 6th\", \"6 May\")", () => {
    for (const d of ["the 6th of May", "the May 6th", "the 6 May", "the may 6th"]) expect(normalizeText(d)).toBe("the May 6");
  });

  it("writes numbers as digits and money without separators", () => {
    expect(normalizeText("twenty-five seats at $1,200 or $2k")).toBe("25 seats at $1200 or $2000");
  });

  it("opens closed and hyphenated compounds (\"upfront\" / \"up front\", \"no-show\")", () => {
    expect(normalizeText("Pay upfront, setup is free, follow-ups drop")).toBe("Pay up front, set up is free, follow ups drop");
    // "no-show" stays one word: its "no" is not a negation.
    expect(normalizeText("no-shows, no shows and noshows")).toBe("noshows, noshows and noshows");
  });
});

describe("canonicalKey", () => {
  it("maps lexicon synonyms to one key (\"yearly\" / \"annual\", \"waiver\" / \"waive\")", () => {
    expect(canonicalKey(stem("yearly"))).toBe(canonicalKey(stem("annual")));
    expect(canonicalKey(stem("waiver"))).toBe(canonicalKey(stem("waived")));
    expect(canonicalKey(stem("pipeline"))).toBe(stem("pipeline"));
  });
});
