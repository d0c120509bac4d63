import { describe, expect, it } from "vitest";
import { containsPhrase, contentStems, cosine, phraseStems } from "./text.ts";

describe("text", () => {
  it("stems content words and drops stop words", () => {
    expect(contentStems("Scheduling the calls for our meetings")).toEqual(["schedul", "call", "meet"]);
    expect(contentStems("Don't worry")).toEqual(["dont", "worri"]);
  });

  it("matches a phrase in order within a small window, across inflections", () => {
    const text = contentStems("Could we schedule a short call sometime next week?");
    expect(containsPhrase(text, phraseStems("scheduling calls"))).toBe(true);
    expect(containsPhrase(text, phraseStems("call next week"))).toBe(true);
    expect(containsPhrase(text, phraseStems("week call"))).toBe(false);
    expect(containsPhrase(contentStems("call me, and after a long detour about many other unrelated topics next week"), phraseStems("call next week"))).toBe(false);
  });

  it("measures cosine similarity of stem bags", () => {
    expect(cosine(["a", "b"], ["a", "b"])).toBeCloseTo(1);
    expect(cosine(["a"], ["b"])).toBe(0);
    expect(cosine([], ["b"])).toBe(0);
  });
});
