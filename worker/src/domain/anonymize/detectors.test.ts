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

  it("finds addresses as one span, from street number or unit to postcode, and postcodes of several countries", () => {
    expect(kinds("Depot is Unit 9, Trafford Park Rd, Manchester M17 1HG. HQ 100 King St W, Suite 5600, Toronto, ON M5X 1C9.")).toEqual([
      "address:Unit 9, Trafford Park Rd, Manchester M17 1HG",
      "address:100 King St W, Suite 5600, Toronto, ON M5X 1C9",
    ]);
    expect(kinds("Hauptstraße 12, 10115 Berlin")).toEqual(["address:Hauptstraße 12, 10115 Berlin"]);
    expect(kinds("3 Pearse St, Kinsale, Co. Cork P17 XK52")).toEqual(["address:3 Pearse St, Kinsale, Co. Cork P17 XK52"]);
    // A company named like a street, a floor on its own: not addresses.
    expect(kinds("she runs Cedar Lane Clinics from the 3rd floor").some((k) => k.startsWith("address"))).toBe(false);
  });

  it("finds handles, channels, spelled-out emails, IPs and reference numbers", () => {
    const known = { ...none, people: ["Nguyen Thi Lan"] };
    expect(kinds("follows @lan_builds_stuff on twitter; GitHub: nguyenlan-dev; channel #lumora-dealquest", known)).toEqual([
      "handle:@lan_builds_stuff",
      "handle:nguyenlan-dev",
      "handle:#lumora-dealquest",
    ]);
    expect(kinds("mail dami at lagosledger dot com from 203.0.113.54")).toEqual(["email:dami at lagosledger dot com", "ip:203.0.113.54"]);
    expect(kinds("PO-2025-00817 and CTR/88/2931, ticket #48213, VAT IE 9876543W, acct ending 4417").map((k) => k.split(":")[0])).toEqual(["id", "id", "id", "id", "id"]);
    expect(kinds("IBAN ES91 2100 0418 4502 0005 1332")).toEqual(["id:ES91 2100 0418 4502 0005 1332"]);
    // Periods and amounts are not references.
    expect(kinds("FY2026 budget of $210K")).toEqual(["amount:$210K"]);
  });

  it("finds nicknames and the names that label contact lines", () => {
    expect(kinds('his ops head Javier "Javi" Sanz')).toEqual(expect.arrayContaining(["person:Javi"]));
    expect(kinds("Olúwadámilọ́lá (goes by Dami) is MD")).toEqual(expect.arrayContaining(["person:Dami"]));
    expect(kinds("Tariq = tariq.aziz@example.com")).toEqual(expect.arrayContaining(["person:Tariq"]));
    expect(kinds("Brandy's direct ext 0")).toEqual(["person:Brandy"]);
    // A line's label is not a name.
    expect(kinds("Budget: tight. Note: call back")).toEqual([]);
  });

  it("finds a known name that is also a word, written lower-case, only where it is used as the name", () => {
    const known = { ...none, people: ["Will Bradshaw", "Hunter Graves"] };
    expect(kinds("met will at the AdWeek happy hour; will's cell is off", known)).toEqual(expect.arrayContaining(["person:will"]));
    expect(kinds("hunter is the owner", known)).toEqual(["person:hunter"]);
    expect(kinds("we will send the hunter report", known)).toEqual([]);
  });
});
