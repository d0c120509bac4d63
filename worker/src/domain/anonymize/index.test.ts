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
