// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures.test-helper.ts";
import { hubspot } from "./hubspot.ts";

const at = (href: string) => hubspot.matches(new URL(href));

describe("HubSpot URLs", () => {
  it("recognises deal, contact and lead records on both data centres", () => {
    expect(at("https://app.hubspot.com/contacts/20931/record/0-3/987654")).toEqual({ crm: "hubspot", kind: "deal", externalId: "987654" });
    expect(at("https://app-eu1.hubspot.com/contacts/20931/record/0-1/501/view/1?tab=x")).toEqual({ crm: "hubspot", kind: "contact", externalId: "contact:501" });
    expect(at("https://app.hubspot.com/contacts/20931/record/0-136/77")).toEqual({ crm: "hubspot", kind: "lead", externalId: "lead:77" });
    expect(at("https://app.hubspot.com/contacts/20931/deal/42")).toEqual({ crm: "hubspot", kind: "deal", externalId: "42" });
  });

  it("ignores other pages and look-alike hosts", () => {
    expect(at("https://app.hubspot.com/contacts/20931/objects/0-3/views/all/list")).toBeNull();
    expect(at("https://app.hubspot.com/contacts/20931/record/0-2/7001")).toBeNull(); // companies are not leads
    expect(at("https://app.hubspot.com.evil.example/contacts/1/record/0-3/2")).toBeNull();
    expect(at("http://app.hubspot.com/contacts/1/record/0-3/2")).toBeNull();
  });
});

describe("HubSpot pages", () => {
  const deal = { crm: "hubspot", kind: "deal", externalId: "987654" } as const;

  it("reads a deal record", () => {
    expect(hubspot.readLead(loadFixture("hubspot-deal.html"), deal)).toEqual({
      name: "Acme <Renewal> 2027",
      company: "Acme Robotics",
      stage: "Contract Sent",
      amount: 48500,
      currency: "USD",
    });
  });

  it("reads a contact through labels (zero-width characters included)", () => {
    expect(hubspot.readLead(loadFixture("hubspot-contact.html"), { crm: "hubspot", kind: "contact", externalId: "contact:501" })).toEqual({
      name: "Jordan Lee",
      company: "Acme Robotics",
      stage: "In progress",
    });
  });

  it("degrades to nothing on a page it cannot read", () => {
    expect(hubspot.readLead(loadFixture("hubspot-shell.html"), deal)).toEqual({});
  });

  it("falls back to the page title for the name", () => {
    const doc = loadFixture("hubspot-deal.html");
    doc.querySelector('[data-selenium-test="highlightTitle"]')!.remove();
    for (const h of Array.from(doc.querySelectorAll("h1"))) h.remove();
    expect(hubspot.readLead(doc, deal).name).toBe("Acme <Renewal> 2027");
  });

  it("reports the stage turning Closed Won", async () => {
    const doc = loadFixture("hubspot-deal.html");
    const seen: unknown[] = [];
    const controller = new AbortController();
    hubspot.observeStage(doc, deal, (r) => seen.push(r.closed), controller.signal);
    doc.querySelector('[data-test-id="deal-stage-select"] button')!.textContent = "Closed won";
    await expect.poll(() => seen).toEqual(["won"]);
    controller.abort();
  });
});
