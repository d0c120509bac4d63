import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "./routes.ts";
import { practiceCategory, practiceHash } from "./practice.ts";
import { leadRequest } from "./lead-request.ts";

describe("side panel routes", () => {
  it("parses deep links", () => {
    expect(parseRoute("#/train?category=cold_outreach&difficulty=hard")).toEqual({ name: "train", category: "cold_outreach", difficulty: "hard" });
    expect(parseRoute("#/scenario/sc_123")).toEqual({ name: "scenario", id: "sc_123" });
    expect(parseRoute("#/conversation/lib_price-salon")).toEqual({ name: "conversation", id: "lib_price-salon" });
    expect(parseRoute("#/conversation/%E0%A4%A")).toEqual({ name: "train" });
    expect(parseRoute("#/practice?category=pricing&persona=executive&lead=sandbox%3AL-1")).toEqual({ name: "practice", category: "pricing", persona: "executive", lead: "sandbox:L-1" });
  });

  it("falls back to the list on anything unknown or malformed", () => {
    expect(parseRoute("")).toEqual({ name: "train" });
    expect(parseRoute("#/nowhere")).toEqual({ name: "train" });
    expect(parseRoute("#/train?category=bogus&difficulty=impossible")).toEqual({ name: "train" });
    expect(parseRoute("#/scenario/%E0%A4%A")).toEqual({ name: "train" });
  });

  it("parses the side panel's other views", () => {
    expect(parseRoute("#/today")).toEqual({ name: "today" });
    expect(parseRoute("#/progress")).toEqual({ name: "progress" });
    expect(parseRoute("#/review")).toEqual({ name: "review" });
    expect(parseRoute("#/outcome/ld_42")).toEqual({ name: "outcome", leadId: "ld_42" });
    expect(parseRoute("#/outcome/%E0%A4%A")).toEqual({ name: "today" });
    expect(parseRoute("#/outcome/")).toEqual({ name: "train" });
  });

  it("round-trips", () => {
    for (const hash of ["#/train", "#/train?category=negotiation", "#/scenario/a%2Fb", "#/conversation/a%2Fb", "#/practice?category=closing&persona=champion", "#/today", "#/progress", "#/review", "#/outcome/ld%2F1"]) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });
});

describe("practice target", () => {
  it.each([
    ["Appointment Scheduled", "meeting_booking"],
    ["Contract Sent", "negotiation"],
    ["Negotiation/Review", "negotiation"],
    ["Proposal Made", "pricing"],
    ["Qualified", "discovery"],
    ["New", "cold_outreach"],
    ["Decision maker bought-in", "closing"],
    [null, "discovery"],
  ] as const)("%s → %s", (stage, category) => {
    expect(practiceCategory(stage, "open")).toBe(category);
  });

  it("follows the lead's status first", () => {
    expect(practiceCategory("Proposal", "lost")).toBe("re_engagement");
    expect(practiceCategory("Proposal", "ghosted")).toBe("re_engagement");
  });

  it("opens a persona-fitting practice when the persona is known, else the stage's list", () => {
    expect(practiceHash(null, { stage: "Negotiation" })).toBe("#/practice?category=negotiation");
    const view = { crm: "sandbox", externalId: "L-1", persona: "procurement", stage: "Proposal Sent", status: "open" } as never;
    expect(practiceHash(view, null)).toBe("#/practice?category=pricing&persona=procurement&lead=sandbox%3AL-1");
  });
});

describe("leadRequest", () => {
  it("sends what was read, the closed status, and the record URL without query or fragment", () => {
    expect(
      leadRequest({ crm: "hubspot", kind: "deal", externalId: "9" }, { name: "A", stage: "Closed won", closed: "won", amount: 10, currency: "EUR" }, "https://app.hubspot.com/contacts/1/record/0-3/9?tab=2#x"),
    ).toEqual({ crm: "hubspot", externalId: "9", name: "A", stage: "Closed won", status: "won", amount: 10, currency: "EUR", url: "https://app.hubspot.com/contacts/1/record/0-3/9" });
  });

  it("sends just the identity when nothing could be read", () => {
    expect(leadRequest({ crm: "pipedrive", kind: "deal", externalId: "1" }, {}, "https://x.pipedrive.com/deal/1")).toEqual({ crm: "pipedrive", externalId: "1", url: "https://x.pipedrive.com/deal/1" });
  });
});
