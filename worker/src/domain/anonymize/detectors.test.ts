import { describe, expect, it } from "vitest";
import { detect, type KnownValues } from "./detectors.ts";

const none: KnownValues = { people: [], organisations: [], emails: [], urls: [], phones: [], ids: [] };
const kinds = (text: string, known = none) => detect(text, known).map((s) => `${s.kind}:${s.text}`);

describe("detectors", () => {
  it("finds emails, URLs, phones, amounts and dates by pattern", () => {
    const found = kinds("Mail ana@corp-mail.com or see https://corp.com/pricing, call +1 (415) 555-2671 about $48,500 on March 14.");
    expect(found).toEqual(expect.arrayContaining(["email:ana@corp-mail.com", "url:https://corp.com/pricing", "phone:+1 (415) 555-2671", "amount:$48,500", "date:on March 14"]));
  });

  it("finds known names in any case, but an everyday word only with its capital", () => {
    const known = { ...none, people: ["Will Price"] };
    expect(kinds("we will discuss price", known)).toEqual([]);
    expect(kinds("met will price today", known)).toEqual(["person:will price"]); // the full name, in any case
    expect(kinds("Will said yes", known)).toEqual(["person:Will"]);
  });

  it("finds names no field told of, with NLP and name shapes", () => {
    const found = kinds("Their CFO Dolly Sauer looped in Tressa Kuhlman; Gleichner LLC is the incumbent.");
    expect(found).toEqual(expect.arrayContaining(["person:Dolly Sauer", "person:Tressa Kuhlman"]));
    expect(found.some((f) => f.includes("Gleichner"))).toBe(true);
  });

  it("returns non-overlapping spans in text order", () => {
    const spans = detect("Call jane.doe@acme.com, Jane Doe of Acme, on 2026-04-20 about USD 12,000.", { ...none, people: ["Jane Doe"], organisations: ["Acme"] });
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans.map((s) => s.kind)).toEqual(["email", "person", "organisation", "date", "amount"]);
  });
});
