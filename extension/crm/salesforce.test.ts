// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures.test-helper.ts";
import { salesforce } from "./salesforce.ts";

const at = (href: string) => salesforce.matches(new URL(href));

describe("Salesforce URLs", () => {
  it("recognises Opportunity, Lead, Contact and Account records (15 and 18 character ids)", () => {
    expect(at("https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view")).toEqual({ crm: "salesforce", kind: "opportunity", externalId: "0065g00000AbCdEAAV" });
    expect(at("https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdE/view")).toEqual({ crm: "salesforce", kind: "lead", externalId: "00Q5g00000AbCdE" });
    expect(at("https://acme--sandbox.sandbox.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAV/view")?.kind).toBe("contact");
    expect(at("https://acme.lightning.force.com/lightning/r/Account/0015g00000XyZaBAAV/view")?.kind).toBe("account");
  });

  it("ignores list views, other objects and other hosts", () => {
    expect(at("https://acme.lightning.force.com/lightning/o/Opportunity/list")).toBeNull();
    expect(at("https://acme.lightning.force.com/lightning/r/Case/5005g00000AbCdEAAV/view")).toBeNull();
    expect(at("https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/related/Contacts/view")).toBeNull();
    expect(at("https://lightning.force.com.evil.example/lightning/r/Lead/00Q5g00000AbCdE/view")).toBeNull();
  });
});

describe("Salesforce pages", () => {
  const opp = { crm: "salesforce", kind: "opportunity", externalId: "0065g00000AbCdEAAV" } as const;

  it("reads the visible opportunity, not the hidden previous record", () => {
    expect(salesforce.readLead(loadFixture("salesforce-opportunity.html"), opp)).toEqual({
      name: "Globex - 500 seats",
      company: "Globex Corporation",
      stage: "Negotiation/Review",
      amount: 1250000,
      currency: "EUR",
    });
  });

  it("reads a lead in a localised org through API-name hooks", () => {
    expect(salesforce.readLead(loadFixture("salesforce-lead.html"), { crm: "salesforce", kind: "lead", externalId: "00Q5g00000AbCdE" })).toEqual({
      name: "Maria Schulz",
      company: "Schulz Logistik GmbH",
      stage: "Working - Contacted",
    });
  });

  it("knows a won opportunity from its path even with a custom stage name", () => {
    expect(salesforce.readLead(loadFixture("salesforce-closed-won.html"), opp)).toEqual({ name: "Umbrella - Expansion", stage: "Signed", closed: "won" });
  });

  it("falls back to the tab title for the name", () => {
    const doc = loadFixture("salesforce-opportunity.html");
    for (const e of Array.from(doc.querySelectorAll("[slot=primaryField]"))) e.remove();
    expect(salesforce.readLead(doc, opp).name).toBe("Globex - 500 seats");
  });

  it("degrades on an unrendered page", () => {
    expect(salesforce.readLead(loadFixture("hubspot-shell.html"), opp)).toEqual({});
  });
});
