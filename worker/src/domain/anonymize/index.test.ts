// Known names are the deal's names in any case ("met jane at acme"), in the scrub and in the
// publish-time leak check; a name that is also an everyday word keeps its capital to count.
import { describe, expect, it } from "vitest";
import { Anonymizer } from "./index.ts";

const start = new Date("2026-03-02T09:00:00Z");
const known = (people: string[], organisations: string[]) => ({ people, organisations, emails: [], urls: [], phones: [], ids: [] });

describe("Anonymizer: known names in any case", () => {
  it("replaces lower-case and upper-case mentions of the known contact and company", () => {
    const a = new Anonymizer({ seed: "case", dealStart: start, known: known(["Jane Doe"], ["Acme Corp"]) });
    const [out] = a.scrubAll(["met jane at acme on the first call; JANE DOE said ACME wants a pilot."]);
    expect(out).not.toMatch(/jane|doe|acme/i);
    expect(out).toMatch(/pilot\.$/);
  });

  it("flags lower-case known names as leaks", () => {
    const a = new Anonymizer({ seed: "case", dealStart: start, known: known(["Jane Doe"], ["Acme Corp"]) });
    expect(a.leaks("met jane at acme")).toEqual(expect.arrayContaining(["Jane", "Acme"]));
    expect(a.leaks("Met JANE at ACME")).toEqual(expect.arrayContaining(["Jane", "Acme"]));
    expect(a.leaks("jane doe signed")).toContain("Jane Doe");
    expect(a.leaks("A buyer at a logistics company signed.")).toEqual([]);
  });

  it("keeps everyday words that are also names: the capital is what makes them a name", () => {
    const a = new Anonymizer({ seed: "words", dealStart: start, known: known(["Will Price"], ["Bright Harbor"]) });
    expect(a.leaks("We will discuss price and a bright plan.")).toEqual([]);
    expect(a.leaks("Will said yes")).toContain("Will");
    expect(a.leaks("ask price about it")).toEqual([]);
    expect(a.leaks("Price wants a discount")).toContain("Price");
    const [out] = a.scrubAll(["We will discuss price before the call with Will Price."]);
    expect(out).toMatch(/^We will discuss price before the call with /);
    expect(out).not.toMatch(/Will Price/);
  });
});

describe("Anonymizer: the three leaks reported from outside (issue 13)", () => {
  const a = () => new Anonymizer({ seed: "report", dealStart: start, known: known(["Priya Shah"], ["Harbour Analytics"]) });

  it("replaces a UK postcode with the street it belongs to", () => {
    const [out] = a().scrubAll(["Their office is at 12 Baker Street, London NW1 6XE, near the station."]);
    expect(out).not.toMatch(/NW1|6XE|Baker/);
    expect(out).toMatch(/^Their office is at \d+ \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+, near the station\.$/u);
  });

  it("removes a LinkedIn profile written without a scheme, path and all", () => {
    const [out] = a().scrubAll(["Found her on linkedin.com/in/priya-shah-ops before the call."]);
    expect(out).not.toMatch(/priya|shah|\/in\//i);
    expect(out).toBe("Found her on (profile link removed) before the call.");
  });

  it("removes a social handle and keeps the platform's name", () => {
    const [out] = a().scrubAll(["She posts as @priyabuilds on Twitter about the rollout."]);
    expect(out).not.toMatch(/priyabuilds|@/);
    expect(out).toBe("She posts as (handle removed) on Twitter about the rollout.");
  });

  it("flags the three as leaks when a person puts them back into a draft", () => {
    const anonymizer = a();
    anonymizer.scrubAll(["Office: 12 Baker Street, London NW1 6XE. Profile linkedin.com/in/priya-shah-ops, handle @priyabuilds."]);
    expect(anonymizer.leaks("Meet at NW1 6XE")).not.toEqual([]);
    expect(anonymizer.leaks("see linkedin.com/in/priya-shah-ops")).not.toEqual([]);
    expect(anonymizer.leaks("ping @priyabuilds")).not.toEqual([]);
  });
});
